"""From plainspeak's findings to the Language Server Protocol's shapes, and back.

plainspeak counts columns in characters; the protocol counts them in UTF-16 code units
(so an emoji is two). Everything that crosses between the two goes through here.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types

from plainspeak.model import Finding

SOURCE = "plainspeak"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


def path_of(uri: str) -> str:
    """The file path of a file:// address (other addresses are returned as they are)."""
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme == "file" else uri


class Text:
    """A document's text with fast offset <-> (line, UTF-16 column) conversion."""

    def __init__(self, source: str):
        self.source = source
        self.starts = [0] + [m.end() for m in re.finditer("\n", source)]

    @property
    def lines(self) -> int:
        return len(self.starts)

    def line_text(self, line: int) -> str:
        start = self.starts[line]
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.source)
        return self.source[start:end]

    def offset(self, line: int, column: int) -> int:
        """Offset of a 0-based line and a column counted in characters."""
        line = max(0, min(line, len(self.starts) - 1))
        return min(self.starts[line] + column, len(self.source))

    def position(self, offset: int) -> types.Position:
        """The protocol's position (UTF-16 columns) of a character offset."""
        offset = max(0, min(offset, len(self.source)))
        line = bisect.bisect_right(self.starts, offset) - 1
        before = self.source[self.starts[line]:offset]
        return types.Position(line=line, character=utf16_length(before))

    def offset_of(self, position: types.Position) -> int:
        """The character offset of a protocol position."""
        line = max(0, min(position.line, len(self.starts) - 1))
        text = self.line_text(line)
        return self.starts[line] + chars_for_utf16(text, position.character)


def utf16_length(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def chars_for_utf16(text: str, units: int) -> int:
    """How many characters of ``text`` make ``units`` UTF-16 code units."""
    count = 0
    for i, ch in enumerate(text):
        if count >= units:
            return i
        count += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


@dataclass(slots=True)
class Placed:
    """A finding with its character offsets in the document's text."""

    finding: Finding
    start: int
    end: int


def place(finding: Finding, text: Text, line_offset: int = 0) -> Placed | None:
    """Where a finding of a Markdown or text file stands, as character offsets. ``line_offset``
    shifts the finding's lines (for a region checked on its own). None: no line (a finding
    about the whole document is placed at the start)."""
    loc = finding.location
    if loc.line is None:
        return Placed(finding, 0, 0)
    start = text.offset(loc.line - 1 + line_offset, (loc.column or 1) - 1)
    end = start + len(finding.match)
    if finding.match and text.source[start:end] != finding.match:
        # The text moved under us (an edit raced the check): look for the words close by.
        near = text.source.find(finding.match, max(0, start - 200), end + 200)
        if near == -1:
            return None
        start, end = near, near + len(finding.match)
    return Placed(finding, start, end)


def diagnostic(p: Placed, text: Text, rule_paths: dict[str, str], entries: dict[str, object]) -> types.Diagnostic:
    f = p.finding
    rng = types.Range(start=text.position(p.start), end=text.position(p.end))
    href = rule_paths.get(f.rule)
    data = {"rule": f.rule, "match": f.match, "suggestions": list(f.suggestions), "entry": f.entry,
            "category": f.category}
    return types.Diagnostic(
        range=rng,
        message=f.message,
        severity=SEVERITY.get(f.severity, types.DiagnosticSeverity.Warning),
        code=f.rule,
        code_description=types.CodeDescription(href=Path(href).resolve().as_uri()) if href else None,
        source=SOURCE,
        data=data,
    )


def hover_text(data: dict, rule, entry) -> str:
    """Markdown for a hover: the rule, the words to use instead, and the glossary entry's sources."""
    lines = [f"**{data.get('rule')}** {rule.name if rule else ''}".rstrip()]
    if rule is not None and rule.why:
        lines += ["", " ".join(rule.why.split())]
    if data.get("suggestions"):
        lines += ["", "Use instead: " + ", ".join(f"“{s}”" for s in data["suggestions"][:4])]
    if entry is not None:
        why = getattr(entry, "why", "") or ""
        if why:
            lines += ["", " ".join(why.split())]
        sources = getattr(entry, "sources", []) or []
        if sources:
            lines += ["", "Sources:"]
            for s in sources:
                bits = [getattr(s, "organisation", None), getattr(s, "document", None)]
                text = ", ".join(b for b in bits if b)
                url = getattr(s, "url", None)
                lines.append(f"- [{text}]({url})" if url else f"- {text}")
    return "\n".join(lines)
