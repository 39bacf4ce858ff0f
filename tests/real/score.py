"""Score plainspeak on real documents against labels written by reading them.

    python tests/real/score.py [--labels DIR] [--docs DIR] [--category NAME ...] [--show]

Labels: one YAML file per document and per labeller under ``--labels`` (default
tests/real/labels), for example labels/language/<document>.yaml. The format is in
tests/real/README.md. Documents: ``--docs`` (default ../shared/real-dev/docs, next
to the repository).

A finding's category comes from its rule: PS1xx acronym, PS201 jargon, PS202
wordy, PS3xx deficit-label. A finding matches a label item when its words,
normalised (lower case, spaces folded, hyphens as spaces, quotes and end
punctuation stripped), equal one of the item's words; a leading "a", "an" or
"the" on one side only is ignored ("an addict" matches "addict"). Per category,
per rule and per glossary entry the scorer prints:

- recall: items to flag found at least once / items to flag;
- label precision: findings matching an item to flag / findings matching an
  item to flag or not to flag;
- strict precision: findings matching an item to flag whose first suggestion
  is one of the item's ``fits`` (any suggestion when ``fits`` is empty) / the
  same denominator;
- unlabelled: findings matching no item (they must be labelled before the
  figures count), listed with ``--show``.

Per document it prints proselint's lintscore, TP * (TP / (TP + FP)) ** 2 (the
measure proselint uses to score a linter: a false alarm costs more than a find
gains), with TP and FP the labelled findings of the scored categories.

Only findings inside a label file's ``scope`` are scored. A label file scores
the categories of its folder (acronyms/: acronym; language/: deficit-label,
jargon, wordy) unless it lists ``categories``.

Importable: ``score(labels_dir, docs_dir, categories=None) -> Result``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DEFAULT_LABELS = HERE / "labels"
DEFAULT_DOCS = ROOT.parent / "shared" / "real-dev" / "docs"

CATEGORIES = ("acronym", "jargon", "wordy", "deficit-label")
FORMS = ("noun", "adjective", "verb-base", "verb-ing", "verb-ed", "verb-s", "phrase")
NUMBERS = ("plural", "singular", "none")
FOLDER_CATEGORIES = {
    "acronyms": ("acronym",),
    "acronym": ("acronym",),
    "language": ("deficit-label", "jargon", "wordy"),
}
FILE_KEYS = {"document", "scope", "categories", "flag", "not-flag", "arguable", "note", "notes"}
ITEM_KEYS = {
    "flag": {"category", "words", "count", "number", "form", "fits", "note"},
    "not-flag": {"category", "words", "reason", "count", "note"},
    "arguable": {"category", "words", "reason", "count", "note"},
}
LINTSCORE_K = 2


class LabelError(ValueError):
    """A label file cannot be used. ``str()`` names the file and the problem."""


def category_of(rule: str) -> str | None:
    """The scored category of a rule code, or None for rules that are not scored."""
    if rule.startswith("PS1"):
        return "acronym"
    if rule == "PS201":
        return "jargon"
    if rule == "PS202":
        return "wordy"
    if rule.startswith("PS3"):
        return "deficit-label"
    return None


_QUOTES = "\"'\u2018\u2019\u201c\u201d\u00ab\u00bb`"
_END = ".,;:!?()[]{}" + _QUOTES


def normalise(words: str) -> str:
    """Lower case, spaces folded, hyphens as spaces, quotes and end punctuation stripped
    (and Markdown emphasis marks, which a match read from the source may include)."""
    text = str(words).lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[\u2010-\u2015_*-]", " ", text)
    text = " ".join(text.split())
    text = text.strip(_END + " ")
    return " ".join(text.replace('"', "").replace("\u201c", "").replace("\u201d", "").split())


_ARTICLE = re.compile(r"^(?:a|an|the) ")


def lemmas(words: str) -> str:
    """The normalised words with each word in its dictionary form ("ensuring" -> "ensure"),
    so that recall can count a finding of one form for an item of another form of the same
    words (rules that report once a section report only the first form they meet)."""
    from lemminflect import getAllLemmas

    out = []
    for w in _ARTICLE.sub("", normalise(words)).split():
        found = getAllLemmas(w)
        lemma = None
        for pos in ("VERB", "NOUN", "ADJ"):
            if pos in found:
                lemma = found[pos][0]
                break
        out.append(lemma or w)
    return " ".join(out)


class _Loader(yaml.SafeLoader):
    """YAML 1.1 reads on, off, yes and no as true or false; in labels they are words."""


_Loader.yaml_implicit_resolvers = {
    key: [r for r in resolvers if r[0] != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _forms(words: str) -> tuple[str, str]:
    n = normalise(words)
    return n, _ARTICLE.sub("", n)


@dataclass
class Item:
    kind: str  # flag | not-flag | arguable
    category: str
    words: list[str]  # normalised variants
    fits: list[str] = field(default_factory=list)  # normalised
    count: int | None = None
    number: str | None = None
    form: str | None = None
    reason: str = ""
    document: str = ""

    @property
    def label(self) -> str:
        return self.words[0]

    def matches(self, match: str) -> bool:
        full, bare = _forms(match)
        for w in self.words:
            if full == w or bare == w or full == _ARTICLE.sub("", w):
                return True
        return False

    def fits_suggestion(self, suggestion: str | None) -> bool:
        if not self.fits:
            return True
        if suggestion is None:
            return False
        return normalise(suggestion) in self.fits


@dataclass
class Scope:
    unit: str | None = None  # None: all; "page" | "line" | "paragraph"
    first: int = 0
    last: int = 0
    text: str = "all"

    def contains(self, location) -> bool:
        if self.unit is None:
            return True
        value = getattr(location, self.unit, None)
        if value is None:
            return True  # whole-document findings
        return self.first <= value <= self.last


@dataclass
class LabelFile:
    path: Path
    document: str
    scope: Scope
    categories: tuple[str, ...]
    items: list[Item]


_SCOPE = re.compile(r"^(pages?|lines?|paragraphs?)\s+(\d+)\s*(?:-|to|\u2013)\s*(\d+)$")


def parse_scope(text: str, where: str) -> Scope:
    text = " ".join(str(text or "all").split())
    if text.lower() == "all":
        return Scope()
    m = _SCOPE.match(text.lower())
    if not m:
        raise LabelError(f"{where}: scope must be 'all', 'pages A-B', 'lines A-B' or 'paragraphs A-B', "
                         f"not '{text}'")
    unit = m.group(1).rstrip("s")
    return Scope(unit, int(m.group(2)), int(m.group(3)), text)


def _words(value, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, (str, int, float)) for v in value):
        raise LabelError(f"{where}: 'words' must be text or a list of texts")
    out = [normalise(str(v)) for v in value]
    if not all(out):
        raise LabelError(f"{where}: 'words' has an empty variant")
    return out


def load_label_file(path: Path) -> LabelFile:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        raise LabelError(f"{path}: not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise LabelError(f"{path}: must be a mapping with 'document', 'scope' and 'flag'")
    unknown = set(data) - FILE_KEYS
    if unknown:
        raise LabelError(f"{path}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    document = data.get("document")
    if not isinstance(document, str) or not document:
        raise LabelError(f"{path}: 'document' (the file name in the documents folder) is missing")
    scope = parse_scope(data.get("scope", "all"), str(path))
    categories = data.get("categories")
    if categories is None:
        categories = FOLDER_CATEGORIES.get(path.parent.name)
    items: list[Item] = []
    for kind in ("flag", "not-flag", "arguable"):
        entries = data.get(kind) or []
        if not isinstance(entries, list):
            raise LabelError(f"{path}: '{kind}' must be a list")
        for i, raw in enumerate(entries, 1):
            where = f"{path}: {kind} item {i}"
            if not isinstance(raw, dict):
                raise LabelError(f"{where}: must be a mapping")
            unknown = set(raw) - ITEM_KEYS[kind]
            if unknown:
                raise LabelError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
            category = raw.get("category")
            if category not in CATEGORIES:
                raise LabelError(f"{where}: category must be one of {', '.join(CATEGORIES)}")
            item = Item(kind=kind, category=category, words=_words(raw.get("words"), where),
                        document=document)
            if kind == "flag":
                fits = raw.get("fits") or []
                if isinstance(fits, str):
                    fits = [fits]
                if not isinstance(fits, list):
                    raise LabelError(f"{where}: 'fits' must be a list")
                item.fits = [normalise(str(f)) for f in fits]
                item.number = raw.get("number")
                item.form = raw.get("form")
                if item.number is not None and item.number not in NUMBERS:
                    raise LabelError(f"{where}: number must be one of {', '.join(NUMBERS)}")
                if item.form is not None and item.form not in FORMS:
                    raise LabelError(f"{where}: form must be one of {', '.join(FORMS)}")
            else:
                item.reason = str(raw.get("reason") or "")
                if not item.reason:
                    raise LabelError(f"{where}: say why in 'reason'")
            count = raw.get("count")
            if count is not None and (not isinstance(count, int) or count < 1):
                raise LabelError(f"{where}: count must be a whole number above 0")
            item.count = count
            items.append(item)
    if categories is None:
        categories = sorted({it.category for it in items})
    categories = tuple(categories)
    bad = [c for c in categories if c not in CATEGORIES]
    if bad:
        raise LabelError(f"{path}: unknown categories {', '.join(bad)}")
    for it in items:
        if it.category not in categories:
            raise LabelError(f"{path}: item '{it.label}' is {it.category}, which this file does not score")
    return LabelFile(path, document, scope, categories, items)


def load_labels(labels_dir: Path) -> list[LabelFile]:
    files = sorted(p for p in Path(labels_dir).rglob("*.yaml") if p.is_file())
    return [load_label_file(p) for p in files]


@dataclass
class Tally:
    flag_items: int = 0
    found_items: int = 0
    findings: int = 0  # findings in this group (scored categories)
    right: int = 0  # match a flag item
    strict: int = 0  # ... and the first suggestion fits
    wrong: int = 0  # match a not-flag item
    arguable: int = 0
    unlabelled: int = 0

    @property
    def recall(self) -> float | None:
        return self.found_items / self.flag_items if self.flag_items else None

    @property
    def label_precision(self) -> float | None:
        d = self.right + self.wrong
        return self.right / d if d else None

    @property
    def strict_precision(self) -> float | None:
        d = self.right + self.wrong
        return self.strict / d if d else None


@dataclass
class Outcome:
    """One finding and what the labels say about it."""

    document: str
    category: str
    rule: str
    entry: str | None
    match: str
    suggestion: str | None
    where: str
    verdict: str  # right | strict | wrong | arguable | unlabelled
    item: Item | None = None


@dataclass
class Result:
    by_category: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_rule: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_entry: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_document: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    outcomes: list[Outcome] = field(default_factory=list)
    misses: list[Item] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    documents: int = 0

    def lintscore(self, document: str) -> float:
        t = self.by_document[document]
        tp, fp = t.right, t.wrong
        return tp * (tp / (tp + fp)) ** LINTSCORE_K if tp + fp else 0.0


def _key(outcome: Outcome) -> tuple[str, ...]:
    return (outcome.category, outcome.rule, outcome.entry or "")


def score(labels_dir: Path = DEFAULT_LABELS, docs_dir: Path = DEFAULT_DOCS,
          categories: list[str] | None = None, job=None) -> Result:
    """Run plainspeak (bundled rules and glossary, default settings) on every labelled
    document and compare its findings with the labels."""
    from plainspeak.run import Job, Settings

    wanted = set(categories or CATEGORIES)
    job = job or Job(Settings())
    by_doc: dict[str, list[LabelFile]] = defaultdict(list)
    for lf in load_labels(Path(labels_dir)):
        by_doc[lf.document].append(lf)
    result = Result()
    for document in sorted(by_doc):
        path = Path(docs_dir) / document
        if not path.is_file():
            result.errors.append(f"{document}: not found in {docs_dir}")
            continue
        report = next(iter(job.check_files([str(path)])))
        if report.error:
            result.errors.append(f"{document}: {report.error}")
            continue
        result.documents += 1
        files = by_doc[document]
        # category -> label files that score it
        scored: dict[str, list[LabelFile]] = defaultdict(list)
        for lf in files:
            for c in lf.categories:
                if c in wanted:
                    scored[c].append(lf)
        found: set[int] = set()
        for f in report.findings:
            category = category_of(f.rule)
            if category not in scored:
                continue
            owners = [lf for lf in scored[category] if lf.scope.contains(f.location)]
            if not owners:
                continue
            items = [it for lf in owners for it in lf.items if it.category == category]
            suggestion = f.suggestions[0] if f.suggestions else None
            verdict, hit = "unlabelled", None
            for kind in ("flag", "not-flag", "arguable"):
                hit = next((it for it in items if it.kind == kind and it.matches(f.match)), None)
                if hit:
                    verdict = {"flag": "right", "not-flag": "wrong", "arguable": "arguable"}[kind]
                    if kind == "flag":
                        found.add(id(hit))
                        if hit.fits_suggestion(suggestion):
                            verdict = "strict"
                    break
            outcome = Outcome(document, category, f.rule, f.entry, " ".join(f.match.split()), suggestion,
                              f.location.describe(), verdict, hit)
            result.outcomes.append(outcome)
            tallies = [result.by_category[category], result.by_rule[f.rule], result.by_document[document]]
            if f.entry:
                tallies.append(result.by_entry[f"{category}/{f.entry}"])
            for t in tallies:
                t.findings += 1
                if verdict in ("right", "strict"):
                    t.right += 1
                    t.strict += verdict == "strict"
                elif verdict == "wrong":
                    t.wrong += 1
                elif verdict == "arguable":
                    t.arguable += 1
                else:
                    t.unlabelled += 1
        # recall: every flag item of the scored categories. An item counts as found when a
        # finding matches it, or when a finding of the same category has the same words in
        # their dictionary forms ("Ensure" found, item "ensuring").
        first_finder: dict[int, Outcome] = {}
        doc_outcomes = [o for o in result.outcomes if o.document == document]
        for o in doc_outcomes:
            if o.item is not None and o.item.kind == "flag":
                first_finder.setdefault(id(o.item), o)
        by_lemma: dict[tuple[str, str], Outcome] = {}
        for o in doc_outcomes:
            by_lemma.setdefault((o.category, lemmas(o.match)), o)
        for category, lfs in scored.items():
            for lf in lfs:
                for it in lf.items:
                    if it.kind != "flag" or it.category != category:
                        continue
                    hit = id(it) in found
                    if not hit:
                        for w in it.words:
                            o = by_lemma.get((category, lemmas(w)))
                            if o is not None:
                                hit = True
                                first_finder[id(it)] = o
                                break
                    groups = [result.by_category[category], result.by_document[document]]
                    if hit:
                        o = first_finder[id(it)]
                        groups.append(result.by_rule[o.rule])
                        if o.entry:
                            groups.append(result.by_entry[f"{category}/{o.entry}"])
                    else:
                        result.misses.append(it)
                    for t in groups:
                        t.flag_items += 1
                        t.found_items += hit
    return result


def _pct(value: float | None) -> str:
    return "  -  " if value is None else f"{value:5.2f}"


def _table(title: str, rows: dict[str, Tally], out) -> None:
    print(f"\n{title}", file=out)
    print(f"  {'':44} {'recall':>6} {'label':>6} {'strict':>6} {'finds':>6} {'wrong':>6} "
          f"{'argu.':>6} {'unlab.':>6}", file=out)
    for name in sorted(rows):
        t = rows[name]
        print(f"  {name[:44]:44} {_pct(t.recall):>6} {_pct(t.label_precision):>6} "
              f"{_pct(t.strict_precision):>6} {t.findings:6d} {t.wrong:6d} {t.arguable:6d} "
              f"{t.unlabelled:6d}", file=out)


def report(result: Result, show: bool = False, out=sys.stdout) -> None:
    for e in result.errors:
        print(f"error: {e}", file=out)
    print(f"{result.documents} documents scored. recall = items to flag found / items to flag; "
          "label = label precision; strict = label right and first suggestion fits.", file=out)
    _table("By category", result.by_category, out)
    _table("By rule", result.by_rule, out)
    _table("By glossary entry", result.by_entry, out)
    print("\nBy document (lintscore = TP * (TP / (TP + FP)) ** 2, proselint's measure)", file=out)
    for doc in sorted(result.by_document):
        t = result.by_document[doc]
        print(f"  {doc[:56]:56} lintscore {result.lintscore(doc):7.2f}  recall {_pct(t.recall)}  "
              f"strict {_pct(t.strict_precision)}  unlabelled {t.unlabelled}", file=out)
    unlabelled = [o for o in result.outcomes if o.verdict == "unlabelled"]
    print(f"\nUnlabelled findings: {len(unlabelled)}", file=out)
    if show:
        for o in unlabelled:
            print(f"  {o.document}: {o.rule} {o.category} '{o.match}' -> '{o.suggestion}' ({o.where})",
                  file=out)
        print("\nFalse alarms (labelled not-flag):", file=out)
        for o in result.outcomes:
            if o.verdict == "wrong":
                print(f"  {o.document}: {o.rule} '{o.match}' ({o.where}): {o.item.reason}", file=out)
        print("\nLabel right, first suggestion does not fit:", file=out)
        for o in result.outcomes:
            if o.verdict == "right":
                print(f"  {o.document}: {o.rule} '{o.match}' -> '{o.suggestion}' (fits: "
                      f"{', '.join(o.item.fits)}) ({o.where})", file=out)
        print("\nMissed (labelled flag, not found):", file=out)
        for it in result.misses:
            print(f"  {it.document}: {it.category} '{it.label}'", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score plainspeak on labelled real documents.")
    parser.add_argument("--labels", default=str(DEFAULT_LABELS), help="folder of label files")
    parser.add_argument("--docs", default=str(DEFAULT_DOCS), help="folder of the documents")
    parser.add_argument("--category", action="append", choices=CATEGORIES,
                        help="score only this category (repeat for more)")
    parser.add_argument("--show", action="store_true",
                        help="list unlabelled findings, false alarms, unfitting suggestions and misses")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    try:
        result = score(Path(args.labels), Path(args.docs), args.category)
    except LabelError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report(result, show=args.show)
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
