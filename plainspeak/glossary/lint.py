"""``plainspeak glossary check``: keep the glossary honest (the glossary's linter).

Reports, each with its file and line:
- entries that break the format (missing fields, wrong types, unknown fields);
- the same term in two entries, or two terms that find the same words
  (for example "signpost" and "signposts");
- conflicting entries: an entry that suggests its own term, or a longer term
  whose alternatives keep a shorter term of the same category that the
  shorter entry flags;
- alternatives that plainspeak would itself flag;
- examples that do not behave (a "flag" example that is not found, a "pass"
  example that is).

Overlapping terms (one entry's term inside another's, such as "floating
support" inside "floating support worker") are reported as notes: they are
often on purpose, and the longer term wins where both fit. Notes do not
change the exit code.

Exit codes: 0 = no problems (notes are fine), 1 = problems, 2 = a
configuration error.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from plainspeak.glossary.entry import Entry, Glossary, term_key
from plainspeak.glossary.load import load_entries


def display_path(path: str) -> str:
    """A path as people should read it: relative to the current folder when it is inside it."""
    if not path or not os.path.isabs(path):
        return path
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel


@dataclass
class Problem:
    path: str
    line: int | None
    message: str
    level: str = "error"  # "error" or "note"
    cause: str | None = None  # the other entry's file, when another entry is involved

    def __str__(self) -> str:
        where = display_path(self.path)
        where = f"{where}, line {self.line}" if self.line else where
        note = "note: " if self.level == "note" else ""
        return f"{where}: {note}{self.message}"


def example_findings(checker, text: str):
    """Findings for a short example text, checked as Markdown."""
    from plainspeak.extract.markdown import extract_text

    return checker.check_document(extract_text(text, "<example>")).findings


def entry_found(entry: Entry, findings) -> bool:
    """True when one of the findings comes from this entry (``finding.entry``)."""
    return any(f.entry == entry.id for f in findings)


def _line(e: Entry, key: str) -> int | None:
    getter = getattr(e, "line_of", None)
    return getter(key) if getter else e.line


_LINES: dict[tuple[str, int, int], list[str]] = {}


_UNWRITTEN: dict[str, list[str]] = {}  # path -> lines, for entries checked before they are written


def _file_lines(path: str) -> list[str]:
    if path in _UNWRITTEN:
        return _UNWRITTEN[path]
    try:
        st = os.stat(path)
        key = (path, st.st_mtime_ns, st.st_size)
        if key not in _LINES:
            with open(path, encoding="utf-8") as fh:
                _LINES[key] = fh.read().splitlines()
        return _LINES[key]
    except (OSError, UnicodeDecodeError):
        return []


def _item_line(e: Entry, key: str, item: str) -> int | None:
    """The line of one item of a list (an alternative, an example), or the list's own line."""
    import re

    start = _line(e, key)
    lines = _file_lines(e.path) if start and e.path else []
    if not lines or start > len(lines):
        return start
    indent = len(lines[start - 1]) - len(lines[start - 1].lstrip())
    want = " ".join(item.split())
    for i in range(start - 1, len(lines)):
        text = lines[i]
        if i > start - 1 and re.match(r"\s*[\w-]+\s*:", text) and len(text) - len(text.lstrip()) <= indent:
            break  # the next field
        if want in " ".join(text.split()):
            return i + 1
    return start


def _contains(longer: tuple, shorter: tuple) -> bool:
    n, m = len(longer), len(shorter)
    return m <= n and any(longer[i:i + m] == shorter for i in range(n - m + 1))


def _keys_of(pipeline, entries: list[Entry]) -> dict[int, list[tuple[str, tuple]]]:
    """Lemma keys of each phrase of each non-acronym entry (by position in ``entries``)."""
    out: dict[int, list[tuple[str, tuple]]] = {}
    for i, e in enumerate(entries):
        if e.category == "acronym" or e.status == "retired":
            continue
        out[i] = [(p, pipeline.phrase_keys(p)) for p in e.phrases()]
    return out


def _overlaps(entries: list[Entry], keys: dict[int, list[tuple[str, tuple]]]):
    """(longer entry index, its phrase, shorter entry index, its phrase) for each overlap, once per pair."""
    index: dict[tuple, list[tuple[int, str]]] = {}
    for i, phrases in keys.items():
        for p, k in phrases:
            if k:
                index.setdefault(k, []).append((i, p))
    seen: set[tuple[int, int]] = set()
    for i, phrases in keys.items():
        for p, k in phrases:
            n = len(k)
            for size in range(n - 1, 0, -1):
                for start in range(n - size + 1):
                    for j, q in index.get(k[start:start + size], ()):
                        if j != i and (i, j) not in seen:
                            seen.add((i, j))
                            yield i, p, j, q


def problems_in(entries: list[Entry], checker=None, only: set[str] | None = None,
                notes: list[Problem] | None = None, texts: dict[str, str] | None = None) -> list[Problem]:
    """Every problem with these (already parsed) entries.

    ``only``: paths of the entries being added or changed; then only problems
    that concern them are reported (examples of other entries are not run).
    ``notes``: a list to receive notes (overlapping terms), which are not problems.
    ``texts``: the file text of entries not written yet (path -> text), for line numbers.
    """
    _UNWRITTEN.update({path: text.splitlines() for path, text in (texts or {}).items()})
    try:
        return _problems_in(entries, checker, only, notes)
    finally:
        for path in texts or {}:
            _UNWRITTEN.pop(path, None)


def _problems_in(entries, checker, only, notes) -> list[Problem]:
    out: list[Problem] = []

    def wanted(e: Entry, other: Entry | None = None) -> bool:
        return only is None or e.path in only or (other is not None and other.path in only)

    seen: dict[str, Entry] = {}
    for e in entries:
        for phrase in e.phrases():
            key = term_key(phrase, e.category)
            other = seen.get(key)
            if other is not None and other.path != e.path and wanted(e, other):
                out.append(Problem(e.path, _line(e, "term") if phrase == e.term else _item_line(e, "forms", phrase),
                                   f"'{phrase}' is also an entry in {display_path(other.path)}; "
                                   "keep one and delete or merge the other", cause=other.path))
            seen[key] = e
    if checker is None:
        from plainspeak.engine import Checker

        checker = Checker(glossary=Glossary([x for x in entries if x.status != "retired"]))
    keys = _keys_of(checker.pipeline, entries)

    # Conflicting entries: different words that the matcher cannot tell apart.
    by_keys: dict[tuple, tuple[int, str]] = {}
    for i, phrases in keys.items():
        for p, k in phrases:
            if not k:
                continue
            first = by_keys.get(k)
            if first is None:
                by_keys[k] = (i, p)
                continue
            j, q = first
            other = entries[j]
            e = entries[i]
            if j != i and q.lower() != p.lower() and wanted(e, other):
                out.append(Problem(e.path, _line(e, "term") if p == e.term else _item_line(e, "forms", p),
                                   f"'{p}' finds the same words as '{q}' in {display_path(other.path)}; "
                                   "merge the two entries into one", cause=other.path))
    # An entry that suggests its own term.
    for e in entries:
        if e.status == "retired" or e.category == "acronym" or not wanted(e):
            continue
        own = {p.lower() for p in e.phrases()}
        for alt in e.alternatives:
            if alt.lower() in own:
                out.append(Problem(e.path, _item_line(e, "alternatives", alt),
                                   f"the alternative '{alt}' is the term itself; suggest different words"))
    # Overlapping terms: a note, or a problem when the longer entry keeps words the shorter one flags.
    reported: set[tuple[str, str]] = set()
    for i, p, j, q in _overlaps(entries, keys):
        longer, shorter = entries[i], entries[j]
        if not wanted(longer, shorter):
            continue
        shorter_keys = checker.pipeline.phrase_keys(q)
        kept = [alt for alt in longer.alternatives
                if longer.category == shorter.category and _contains(checker.pipeline.phrase_keys(alt), shorter_keys)]
        if kept:
            reported.add((longer.path, kept[0]))
            out.append(Problem(longer.path, _item_line(longer, "alternatives", kept[0]),
                               f"'{longer.term}' suggests '{kept[0]}', but that still says '{q}', which "
                               f"{display_path(shorter.path)} flags; the two entries disagree, so change "
                               "one of them", cause=shorter.path))
        elif notes is not None:
            notes.append(Problem(longer.path, _line(longer, "term" if p == longer.term else "forms"),
                                 f"'{q}' ({display_path(shorter.path)}) is part of '{p}'; where both fit, "
                                 "plainspeak points out the longer one", level="note", cause=shorter.path))
    # Alternatives that would be flagged; examples that misbehave.
    touched_ids = {e.id for e in entries if only is not None and e.path in only}
    touched_keys = [k for i, phrases in keys.items() if only is not None and entries[i].path in only
                    for _, k in phrases if k]
    for e in entries:
        if e.status == "retired":
            continue
        for alt in e.alternatives:
            if (e.path, alt) in reported:
                continue
            if only is not None and e.path not in only:
                # Another entry's alternative can only be spoiled by words of the entries being changed.
                alt_keys = checker.pipeline.phrase_keys(alt)
                if not any(_contains(alt_keys, k) for k in touched_keys):
                    continue
            bad = [f for f in example_findings(checker, alt)
                   if f.category in ("jargon", "deficit-label") and f.entry != e.id
                   and (only is None or e.path in only or f.entry in touched_ids)]
            if bad:
                out.append(Problem(e.path, _item_line(e, "alternatives", alt),
                                   f"the alternative '{alt}' would itself be flagged "
                                   f"('{bad[0].match}', {bad[0].rule}); choose other words"))
        if not wanted(e):
            continue
        for ex in e.flag_examples:
            if not entry_found(e, example_findings(checker, ex)):
                out.append(Problem(e.path, _item_line(e, "examples.flag", ex),
                                   f"the 'flag' example does not find '{e.term}': {ex!r}"))
        for ex in e.pass_examples:
            if entry_found(e, example_findings(checker, ex)):
                out.append(Problem(e.path, _item_line(e, "examples.pass", ex),
                                   f"the 'pass' example is flagged for '{e.term}': {ex!r}"))
    return out


def _as_configured(entries: list[Entry], own: list[str], disabled: set[str], notes: list[Problem]) -> list[Entry]:
    """The entries as a run with this configuration uses them: an organisation's entry replaces a
    bundled one with the same term, and switched-off bundled entries are left out."""
    roots = [os.path.abspath(f) + os.sep for f in own]

    def is_own(e: Entry) -> bool:
        return os.path.abspath(e.path).startswith(tuple(roots))

    theirs = {e.key: e for e in entries if is_own(e)}
    out = []
    for e in entries:
        if is_own(e):
            out.append(e)
        elif e.key in theirs:
            notes.append(Problem(theirs[e.key].path, theirs[e.key].line,
                                 f"replaces the bundled entry {display_path(e.path)}", level="note"))
        elif e.term.lower() not in disabled and e.id.lower() not in disabled:
            out.append(e)
    return out


def check_glossary(folders: list[str], show_notes: bool = True) -> int:
    """Print every problem (and note); exit code 0 when there are no problems, 1 when there are."""
    from plainspeak.config import ConfigError, load
    from plainspeak.glossary.folders import reading_folders

    notes: list[Problem] = []
    own: list[str] = []
    disabled: set[str] = set()
    if not folders:
        try:
            config = load()
        except ConfigError as exc:
            print(f"plainspeak: {exc}", file=sys.stderr)
            return 2
        own, disabled = list(config.glossary), {d.lower() for d in config.disable_terms}
        folders = reading_folders(own)
    missing = [f for f in folders if not os.path.isdir(f)]
    if missing:
        print(f"plainspeak: no such glossary folder: {missing[0]}", file=sys.stderr)
        return 2
    entries, parse_problems = load_entries(folders)
    if own or disabled:
        entries = _as_configured(entries, own, disabled, notes)
    problems = [Problem(p.path, p.line, p.message) for p in parse_problems] + problems_in(entries, notes=notes)
    for p in problems:
        print(p)
    if show_notes:
        for p in notes:
            print(p)
    n = len(entries) + len(parse_problems)
    noted = f" ({len(notes)} note{'s' if len(notes) != 1 else ''})" if notes and show_notes else ""
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {n} glossary files{noted}.")
        return 1
    print(f"All {n} glossary entries are fine{noted}.")
    return 0
