#!/usr/bin/env python3
"""Does the glossary stay fast as it grows? Prints figures. Not a test.

Run from the repository root:

    python benchmarks/glossary_scale.py                  # 1,000 and 5,000 entries
    python benchmarks/glossary_scale.py --sizes 263 20000
    python benchmarks/glossary_scale.py --words 50000    # a longer text to match

For each size it writes that many synthetic entry files (made-up words, in
the four categories, with other forms) into a temporary folder, then times:

- load:    reading and checking every entry file (``load_glossary``, which
           also works out ``Glossary.version``), with the cache switched off;
- cached:  the same with the parsed-glossary cache filled (the usual case
           from the second run on; see plainspeak/glossary/cache.py);
- build:   building the checks, including the glossary matcher (lemma keys
           for every term and form), with the spaCy pipeline already loaded:
           the first time in a run ("build") and again ("rebuild");
- match:   checking one Markdown document of about 10,000 words that
           contains some of the terms (analysis plus every check), and the
           glossary matcher alone on the analysed text.

The spaCy pipeline load is reported once: it does not grow with the glossary.
Standard library only (plus plainspeak itself).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CATEGORIES = ("deficit-label", "jargon", "plain-english", "acronym")
SYLLABLES = ("ba", "ko", "ri", "mu", "ten", "vol", "sa", "pe", "lin", "dro", "ka", "fu", "zi", "nor", "ple", "gat")
FILLER = ("the", "people", "we", "support", "will", "meet", "at", "home", "and", "talk", "about", "their",
          "plans", "for", "next", "week", "with", "a", "worker", "who", "knows", "them", "well")


def made_up_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def entry_yaml(term: str, category: str, forms: list[str], alts: list[str]) -> str:
    lines = [f"term: {term}"]
    if forms:
        lines += ["forms:", *[f"  - {f}" for f in forms]]
    lines += [f"category: {category}", "alternatives:", *[f"  - {a}" for a in alts],
              "why: A made-up entry for the benchmark.", "severity: info", "locale: en-GB", "status: approved",
              "sources:", "  - organisation: Benchmark", "    document: Synthetic glossary",
              "    url: https://example.org/", 'proposed-by: benchmark', 'reviewed-by: ""',
              "examples:", "  flag:", f"    - We say {term} here."]
    return "\n".join(lines) + "\n"


def generate(folder: Path, n: int, seed: int = 1) -> list[str]:
    """Write n entry files; return the terms (for the text to match)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    terms = []
    for c in CATEGORIES:
        (folder / c).mkdir(parents=True, exist_ok=True)
    while len(terms) < n:
        category = CATEGORIES[len(terms) % 4]
        if category == "acronym":
            term = "".join(rng.choice("ABCDEFGHJKLMNPRSTVWZ") for _ in range(rng.randint(3, 5)))
            forms: list[str] = []
            alts = [" ".join(made_up_word(rng) for _ in range(3))]
        else:
            term = " ".join(made_up_word(rng) for _ in range(rng.choice((1, 1, 2, 2, 3))))
            forms = [term.replace(" ", "-")] if " " in term and rng.random() < 0.5 else []
            alts = [" ".join(rng.choice(FILLER) for _ in range(2)) for _ in range(rng.randint(1, 3))]
        key = term if category == "acronym" else term.lower()
        if key in seen:
            continue
        seen.add(key)
        terms.append(term)
        name = term.lower().replace(" ", "-")
        (folder / category / f"{name}.yaml").write_text(entry_yaml(term, category, forms, alts), encoding="utf-8")
    return terms


def document_text(terms: list[str], words: int, seed: int = 2) -> str:
    """About ``words`` words of prose in paragraphs, with a glossary term every 40 words or so."""
    rng = random.Random(seed)
    out, count, para = [], 0, []
    while count < words:
        sentence = [rng.choice(FILLER) for _ in range(rng.randint(8, 16))]
        if rng.random() < 0.35:
            sentence.insert(rng.randint(0, len(sentence)), rng.choice(terms))
        count += sum(len(w.split()) for w in sentence)
        para.append(" ".join(sentence).capitalize() + ".")
        if len(para) == 5:
            out.append(" ".join(para))
            para = []
    if para:
        out.append(" ".join(para))
    return "\n\n".join(out) + "\n"


def best_of(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    ap.add_argument("--words", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure; the fastest is shown")
    args = ap.parse_args()

    from plainspeak.checks import Context, make_checks
    from plainspeak.engine import Checker
    from plainspeak.extract.markdown import extract_text
    from plainspeak.glossary import load_glossary
    from plainspeak.language.pipeline import Pipeline

    t = time.perf_counter()
    pipeline = Pipeline()
    print(f"spaCy pipeline load (once per run, any glossary size): {time.perf_counter() - t:.2f} s")
    print()
    header = (f"{'entries':>8} {'phrases':>8} {'load s':>8} {'cached s':>9} {'build s':>8} {'rebuild':>8} {'check s':>8} "
              f"{'match s':>8} {'findings':>9} {'words/s':>9}")
    print(header)
    print("-" * len(header))
    for n in args.sizes:
        tmp = Path(tempfile.mkdtemp(prefix="plainspeak-glossary-"))
        try:
            terms = generate(tmp, n)
            os.environ["PLAINSPEAK_NO_CACHE"] = "1"
            load_s, glossary = best_of(lambda: load_glossary([str(tmp)], include_bundled=False), args.repeat)
            del os.environ["PLAINSPEAK_NO_CACHE"]
            os.environ["PLAINSPEAK_CACHE_DIR"] = str(tmp / ".cache")
            load_glossary([str(tmp)], include_bundled=False)  # fills the cache
            cached_s, cached = best_of(lambda: load_glossary([str(tmp)], include_bundled=False), args.repeat)
            assert cached.version == glossary.version and len(cached.entries) == len(glossary.entries)
            phrases = sum(len(e.phrases()) for e in glossary.entries)
            pipeline = Pipeline()  # a fresh one, so that the first build works out every lemma
            checker = Checker(glossary=glossary)
            checker._pipeline = pipeline

            def build():
                context = Context(glossary=glossary, pipeline=pipeline)
                return make_checks(checker.rules, context)

            build_s, checks = best_of(build, 1)  # cold: the first build in a run
            build_warm_s, checks = best_of(build, args.repeat)
            checker._checks = checks
            text = document_text(terms, args.words)
            document = extract_text(text, "bench.md")
            pipeline.analyse(document)  # warm the per-word caches, as a real run would after the first file
            check_s, report = best_of(lambda: checker.check_document(document), args.repeat)
            matcher = next(c for c in checks if type(c).__name__ == "GlossaryTermCheck")
            analysis = pipeline.analyse(document)
            match_s, found = best_of(lambda: matcher.run(analysis), args.repeat)
            print(f"{n:>8,} {phrases:>8,} {load_s:>8.3f} {cached_s:>9.3f} {build_s:>8.3f} {build_warm_s:>8.3f} "
                  f"{check_s:>8.3f} "
                  f"{match_s:>8.3f} "
                  f"{len(report.findings):>9,} {args.words / check_s:>9,.0f}")
        finally:
            os.environ.pop("PLAINSPEAK_CACHE_DIR", None)
            shutil.rmtree(tmp, ignore_errors=True)
    print()
    print("load = read and check every entry file; cached = the same, with the parsed glossary cache")
    print("(plainspeak/glossary/cache.py) already filled; build = make the checks (glossary matcher included)")
    print("the first time in a run; rebuild = again, with every lemma already looked up;")
    print(f"check = analyse and check a {args.words:,}-word document; match = the glossary matcher alone.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
