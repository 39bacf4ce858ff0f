"""Plain text extractor: paragraphs split on blank lines, with line numbers.

Lines inside a paragraph are joined with a space, so a sentence that wraps is
one sentence; every character keeps its line and column. A line that starts
with a bullet ("-", "*", "•") or a number ("1.", "2)") is a list item of its
own, so a list without full stops does not become one long sentence.
"""

from __future__ import annotations

import re

from plainspeak.extract.limits import Limits, too_much_text
from plainspeak.model import LIST_ITEM, PARAGRAPH, Block, Document, ExtractError

_BULLET = re.compile(r"^[ \t]*(?:[-*•‣◦▪–]|\(?\d{1,3}[.)]|\(?[a-z][.)])[ \t]+")


def decode_text(data: bytes, limits: Limits) -> str:
    """Bytes of a text file to str: UTF-8 (with or without a BOM), UTF-16 with a BOM, or Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise ExtractError("the file says it is UTF-16 text but it is damaged") from None
    else:
        if b"\x00" in data[:8192]:
            raise ExtractError("this is not a text file (it holds binary data)")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                raise ExtractError("the text is not in a known encoding; save it as UTF-8") from None
    if len(text) > limits.max_text_chars:
        raise too_much_text(len(text), limits)
    if not text.strip():
        raise ExtractError("the file has no text")
    return text


def extract_text(source: str, path: str) -> Document:
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    doc = Document(path=path, format="text", source=source)
    parts: list[str] = []
    segments: list[tuple[int, int]] = []
    length = 0
    kind = PARAGRAPH

    def flush() -> None:
        nonlocal parts, segments, length, kind
        if parts and "".join(parts).strip():
            doc.blocks.append(Block(text="".join(parts), kind=kind, segments=tuple(segments)))
        parts, segments, length, kind = [], [], 0, PARAGRAPH

    offset = 0
    for line in source.split("\n"):
        stripped = line.strip()
        if not stripped:
            flush()
        else:
            is_item = bool(_BULLET.match(line))
            if is_item:
                flush()
                kind = LIST_ITEM
            lead = len(line) - len(line.lstrip())
            if parts:
                segments.append((length, offset - 1))  # the line break becomes a space
                parts.append(" ")
                length += 1
            segments.append((length, offset + lead))
            parts.append(stripped)
            length += len(stripped)
        offset += len(line) + 1
    flush()
    return doc


def extract(data: bytes, path: str, limits: Limits) -> Document:
    return extract_text(decode_text(data, limits), path)
