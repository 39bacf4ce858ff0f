"""Safe fixes for Markdown and text files: ``plainspeak fix notes.md`` (``--diff`` to look first).

Only words whose glossary entry says ``safe-fix: true`` and has exactly one
alternative are replaced: the glossary's reviewers have agreed the swap means
the same in every context. Anything less certain is left for a person:

- the words must stand in the file exactly as one of the entry's forms (case
  aside): "utilise" can become "use", but "utilised" is left alone, because
  "use" would be the wrong form;
- the words must be plain prose in the source: nothing inside inline code, and
  nothing the extractor does not read as prose (code blocks, link targets, HTML);
- a capital first letter is kept ("Prior to" becomes "Before").

Inline ``plainspeak-disable`` comments are respected, as for ``check``. The file
keeps its encoding (UTF-8, with a byte order mark if it had one) and its line
endings, and is replaced in one step, so it is never left half-written.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field

BOM = b"\xef\xbb\xbf"


class FixError(Exception):
    """A file that cannot be fixed safely. ``str()`` is one plain line, without the path."""


@dataclass
class Edit:
    start: int  # offsets in the (normalised) source
    end: int
    old: str
    new: str
    line: int
    column: int
    rule: str


@dataclass
class Plan:
    path: str
    original: bytes
    fixed: bytes
    edits: list[Edit] = field(default_factory=list)

    def diff(self) -> str:
        a = self.original.decode("utf-8-sig").splitlines(keepends=True)
        b = self.fixed.decode("utf-8-sig").splitlines(keepends=True)
        name = self.path.replace(os.sep, "/")
        return "".join(difflib.unified_diff(a, b, f"a/{name}", f"b/{name}"))


def _decode(data: bytes) -> tuple[str, bool, str]:
    """Text, whether it had a BOM, and its line ending; FixError where a round trip is not exact."""
    bom = data.startswith(BOM)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FixError("only UTF-8 files are fixed; this one is UTF-16")
    try:
        text = data[len(BOM):].decode("utf-8") if bom else data.decode("utf-8")
    except UnicodeDecodeError:
        raise FixError("only UTF-8 files are fixed; save it as UTF-8 first") from None
    crlf = text.count("\r\n")
    if crlf and crlf == text.count("\n") and crlf == text.count("\r"):
        return text.replace("\r\n", "\n"), bom, "\r\n"
    if "\r" in text:
        raise FixError("the file mixes line endings; plainspeak will not rewrite it")
    return text, bom, "\n"


def _in_inline_code(source: str, start: int) -> bool:
    line_start = source.rfind("\n", 0, start) + 1
    return source.count("`", line_start, start) % 2 == 1


def _match_case(old: str, new: str) -> str:
    if old[:1].isupper() and new[:1].islower() and not old.isupper():
        return new[:1].upper() + new[1:]
    return new


def safe_edits(document, findings, entries: dict) -> list[Edit]:
    """The replacements that are safe to make, in source order, none overlapping."""
    source = document.source
    if source is None:
        return []
    edits: list[Edit] = []
    for f in findings:
        entry = entries.get(f.entry) if f.entry else None
        if entry is None or not entry.safe_fix or len(entry.alternatives) != 1:
            continue
        if f.block is None or not 0 <= f.block < len(document.blocks) or f.end <= f.start:
            continue
        block = document.blocks[f.block]
        s, last = block.source_offset(f.start), block.source_offset(f.end - 1)
        if s is None or last is None:
            continue
        old = source[s:last + 1]
        if old != block.text[f.start:f.end]:  # markup, escapes or a line break inside: not plain prose
            continue
        if old.casefold() not in {p.casefold() for p in entry.phrases()}:  # another form of the word
            continue
        if _in_inline_code(source, s):
            continue
        line, column = document.line_col(s)
        edits.append(Edit(s, last + 1, old, _match_case(old, entry.alternatives[0]), line, column, f.rule))
    edits.sort(key=lambda e: (e.start, e.end))
    out: list[Edit] = []
    for e in edits:
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out


def plan(path: str, checker) -> Plan:
    """What ``fix`` would change in one file. Raises FixError (or ExtractError) with a plain message."""
    from plainspeak.extract import FORMATS, extract_bytes, format_for

    fmt = format_for(path)
    if fmt is None or not FORMATS[fmt].can_fix:
        kinds = " and ".join(f.label for f in FORMATS.values() if f.can_fix)
        raise FixError(f"fix changes {kinds} files only")
    with open(path, "rb") as fh:
        data = fh.read()
    text, bom, newline = _decode(data)
    document = extract_bytes(data, path, fmt, checker.limits)
    if document.source != text:
        raise FixError("plainspeak cannot map its findings back to this file exactly")
    variant = checker.for_path(path)
    report = variant.check_document(document, every_use=True)
    entries = {e.id: e for e in variant.glossary.entries}
    edits = safe_edits(document, report.findings, entries)
    fixed = text
    for e in reversed(edits):
        fixed = fixed[:e.start] + e.new + fixed[e.end:]
    if newline != "\n":
        fixed = fixed.replace("\n", newline)
    out = fixed.encode("utf-8")
    return Plan(path=path, original=data, fixed=(BOM + out) if bom else out, edits=edits)


def write(p: Plan) -> None:
    """Replace the file with the fixed text in one step, keeping its permissions."""
    from plainspeak.fileio import write_atomic

    write_atomic(p.path, p.fixed, keep_mode=True)
