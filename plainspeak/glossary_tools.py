"""``plainspeak glossary check``: keep the glossary honest.

Reports, each with its file and line:
- entries that break the format (missing fields, wrong types, unknown fields);
- the same term in two entries;
- alternatives that plainspeak would itself flag;
- examples that do not behave (a "flag" example that is not found, a "pass"
  example that is).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from plainspeak.glossary import Entry, Glossary, load_entries


@dataclass
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}, line {self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


def example_findings(checker, text: str):
    """Findings for a short example text, checked as Markdown."""
    from plainspeak.extract.markdown import extract_text

    return checker.check_document(extract_text(text, "<example>")).findings


def entry_found(entry: Entry, findings) -> bool:
    if entry.category == "acronym":
        forms = {p.upper() for p in entry.phrases()}
        return any(f.entry == entry.id or f.match.upper().rstrip("S'’") in forms or f.match.upper() in forms
                   for f in findings if f.category == "acronym")
    return any(f.entry == entry.id for f in findings)


def problems_in(entries: list[Entry], checker=None) -> list[Problem]:
    """Every problem with these (already parsed) entries."""
    out: list[Problem] = []
    seen: dict[str, Entry] = {}
    for e in entries:
        for phrase in e.phrases():
            key = phrase if e.category == "acronym" else phrase.lower()
            other = seen.get(key)
            if other is not None and other.path != e.path:
                out.append(Problem(e.path, e.line, f"'{phrase}' is also an entry in {other.path}; "
                                                   "keep one and delete or merge the other"))
            seen[key] = e
    if checker is None:
        from plainspeak.engine import Checker

        checker = Checker(glossary=Glossary([x for x in entries if x.status != "retired"]))
    for e in entries:
        if e.status == "retired":
            continue
        for alt in e.alternatives:
            bad = [f for f in example_findings(checker, alt)
                   if f.category in ("jargon", "deficit-label") and f.entry != e.id]
            if bad:
                out.append(Problem(e.path, e.line, f"the alternative '{alt}' would itself be flagged "
                                                   f"('{bad[0].match}', {bad[0].rule}); choose other words"))
        for ex in e.flag_examples:
            if not entry_found(e, example_findings(checker, ex)):
                out.append(Problem(e.path, e.line, f"the 'flag' example does not find '{e.term}': {ex!r}"))
        for ex in e.pass_examples:
            if entry_found(e, example_findings(checker, ex)):
                out.append(Problem(e.path, e.line, f"the 'pass' example is flagged for '{e.term}': {ex!r}"))
    return out


def check_glossary(folders: list[str]) -> int:
    """Print every problem; exit code 0 when there are none, 1 when there are."""
    from plainspeak.config import ConfigError, load
    from plainspeak.data import bundled

    if not folders:
        try:
            folders = [str(bundled("glossary")), *load().glossary]
        except ConfigError as exc:
            print(f"plainspeak: {exc}", file=sys.stderr)
            return 2
    entries, parse_problems = load_entries(folders)
    problems = [Problem(p.path, p.line, p.message) for p in parse_problems] + problems_in(entries)
    for p in problems:
        print(p)
    n = len(entries) + len(parse_problems)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {n} glossary files.")
        return 1
    print(f"All {n} glossary entries are fine.")
    return 0
