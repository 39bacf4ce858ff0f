"""Fields (``w:fldChar`` ... ``w:instrText`` ... and ``w:fldSimple``): only their result is text; a
HYPERLINK field becomes a link.
"""

from __future__ import annotations

import re


class _Field:
    __slots__ = ("instr", "parts", "link")

    def __init__(self):
        self.instr = True  # still in the instruction (before w:fldChar separate)
        self.parts: list = []
        self.link = None  # target of a HYPERLINK field


def _field_link(instr: str) -> str | None:
    """The target of a HYPERLINK field instruction, else None."""
    instr = instr.strip()
    if not instr[:9].upper() == "HYPERLINK":
        return None
    tokens = [a if a else b for a, b in re.findall(r'"([^"]*)"|(\S+)', instr[9:])]
    url = anchor = None
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.lower() == "\\l" and i + 1 < len(tokens):
            anchor = tokens[i + 1]
            i += 2
            continue
        if tok.lower() in ("\\o", "\\t") and i + 1 < len(tokens):
            i += 2
            continue
        if tok.startswith("\\"):
            i += 1
            continue
        if url is None:
            url = tok
        i += 1
    if anchor:
        return (url or "") + "#" + anchor
    return url or ""
