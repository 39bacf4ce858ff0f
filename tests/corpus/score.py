"""Score plainspeak's deficit-label checks on the labelled corpus.

    python tests/corpus/score.py [corpus.yaml ...] [--show]

Runs plainspeak (bundled rules and glossary, as Markdown) on each sentence and
prints precision and recall per category, per kind of label, per rule and per
kind of document. ``--show`` lists every miss and false alarm.

A finding is a true positive when it overlaps a span that must be flagged and
has that span's category; a finding of a scored category that overlaps no such
span is a false alarm (whether or not it hits a "pass" span). A span that must
be flagged and that no finding of its category overlaps is a miss. Nothing is
hard-coded: the figures come from running the checker.

Importable: ``score(paths, checker=None) -> Scores``.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = sorted(HERE.glob("*.yaml"))


@dataclass
class Span:
    text: str
    start: int
    end: int
    category: str
    kind: str = ""
    info: bool = False


@dataclass
class Item:
    text: str
    doc: str
    flag: list[Span]
    passes: list[Span]
    where: str


@dataclass
class Tally:
    tp: int = 0  # findings that hit a span to flag
    fp: int = 0  # findings that hit nothing to flag
    found: int = 0  # spans to flag that were found
    missed: int = 0  # spans to flag that were not found

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.found / (self.found + self.missed) if self.found + self.missed else 1.0


@dataclass
class Scores:
    by_category: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_rule: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_doc: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[tuple[Item, Span]] = field(default_factory=list)
    false_alarms: list[tuple[Item, object]] = field(default_factory=list)
    pass_hits: list[tuple[Item, Span, object]] = field(default_factory=list)
    severity_errors: list[tuple[Item, Span, object]] = field(default_factory=list)
    sentences: int = 0


class CorpusError(ValueError):
    pass


def _span(sentence: str, raw: str, category: str, where: str) -> Span:
    text, kind, info = raw, "", False
    if text.endswith(" !info"):
        text, info = text[:-6], True
    if " @" in text:
        text, _, kind = text.rpartition(" @")
    at = sentence.find(text)
    if at < 0:
        raise CorpusError(f"{where}: span {text!r} is not in the sentence {sentence!r}")
    return Span(text, at, at + len(text), category, kind.strip(), info)


def load(paths: list[Path]) -> list[Item]:
    import yaml

    items: list[Item] = []
    for path in paths:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        default = data.get("category", "deficit-label")
        for n, raw in enumerate(data["items"], 1):
            where = f"{Path(path).name} item {n}"
            s = raw["s"]
            cat = raw.get("category", default)
            flag = [_span(s, f, cat, where) for f in raw.get("flag") or []]
            passes = [_span(s, p, cat, where) for p in raw.get("pass") or []]
            if not flag and not passes:
                raise CorpusError(f"{where}: give at least one span to flag or to pass")
            items.append(Item(s, raw.get("doc", ""), flag, passes, where))
    return items


def _finding_span(item: Item, f) -> tuple[int, int]:
    return f.start, f.end


def score(paths: list[Path] | None = None, checker=None, items: list[Item] | None = None) -> Scores:
    from plainspeak.engine import Checker
    from plainspeak.extract.markdown import extract_text

    checker = checker or Checker()
    items = items if items is not None else load(paths or DEFAULT)
    categories = {s.category for it in items for s in it.flag + it.passes}
    out = Scores()
    for it in items:
        out.sentences += 1
        document = extract_text(it.text, "corpus.md")
        if len(document.blocks) != 1 or document.blocks[0].text != it.text:
            raise CorpusError(f"{it.where}: Markdown changed the sentence; write it as plain text")
        findings = [f for f in checker.check_document(document).findings if f.category in categories]
        hit = [False] * len(it.flag)
        for f in findings:
            a, b = _finding_span(it, f)
            good = [i for i, s in enumerate(it.flag) if s.category == f.category and a < s.end and s.start < b]
            kinds = {it.flag[i].kind for i in good}
            if good:
                out.by_category[f.category].tp += 1
                out.by_rule[f.rule].tp += 1
                out.by_doc[it.doc].tp += 1
                for k in kinds:
                    out.by_kind[k].tp += 1
                for i in good:
                    hit[i] = True
                    if it.flag[i].info and f.severity != "info":
                        out.severity_errors.append((it, it.flag[i], f))
                    if not it.flag[i].info and f.severity == "info" and f.rule != "PS308":
                        out.severity_errors.append((it, it.flag[i], f))
            else:
                out.by_category[f.category].fp += 1
                out.by_rule[f.rule].fp += 1
                out.by_doc[it.doc].fp += 1
                out.false_alarms.append((it, f))
                for p in it.passes:
                    if a < p.end and p.start < b:
                        out.pass_hits.append((it, p, f))
        for i, s in enumerate(it.flag):
            for t in (out.by_category[s.category], out.by_doc[it.doc], out.by_kind[s.kind or "-"]):
                if hit[i]:
                    t.found += 1
                else:
                    t.missed += 1
            if not hit[i]:
                out.misses.append((it, s))
        for s in it.passes:  # make every category with only pass spans appear
            out.by_category[s.category]
    return out


def _table(title: str, rows: dict[str, Tally], recall: bool = True, precision: bool = True) -> list[str]:
    lines = [f"{title:<22} {'found':>6} {'missed':>6} {'recall':>7}   {'right':>6} {'wrong':>6} {'precision':>9}"]
    for name in sorted(rows):
        t = rows[name]
        r = f"{t.recall:7.3f}" if recall and (t.found + t.missed) else "      -"
        p = f"{t.precision:9.3f}" if precision and (t.tp + t.fp) else "        -"
        lines.append(f"{name or '-':<22} {t.found:>6} {t.missed:>6} {r}   {t.tp:>6} {t.fp:>6} {p}")
    return lines


def report(s: Scores, show: bool = False) -> str:
    spans = sum(t.found + t.missed for t in s.by_category.values())
    lines = [f"{s.sentences} sentences, {spans} spans to flag", ""]
    lines += _table("category", s.by_category) + [""]
    lines += _table("kind of label", s.by_kind, precision=True) + [""]
    lines += _table("rule", s.by_rule, recall=False) + [""]
    lines += _table("document", s.by_doc) + [""]
    lines.append(f"pass spans flagged: {len(s.pass_hits)}; wrong severity for quotes: {len(s.severity_errors)}")
    if show:
        for it, sp in s.misses:
            lines.append(f"MISS  [{sp.text}] ({sp.kind})  {it.text}")
        for it, f in s.false_alarms:
            lines.append(f"FALSE [{f.match}] {f.rule}  {it.text}")
        for it, sp, f in s.severity_errors:
            lines.append(f"SEVERITY [{sp.text}] {f.rule} {f.severity}  {it.text}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="*", type=Path)
    ap.add_argument("--show", action="store_true", help="list every miss and false alarm")
    args = ap.parse_args(argv)
    s = score(args.corpus or None)
    print(report(s, args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
