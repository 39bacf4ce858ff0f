"""Markdown as it is written in the wild, for the Markdown extractor.

- GOV.UK's Markdown (govspeak): headings with no space after the ``#`` ("##Who can
  apply"), callout markers (``^info^``, ``%warning%``, ``@important@``), blocks between
  ``$CTA``, ``$C`` (contact), ``$A`` (address) and similar marker lines, and Kramdown
  attribute lists (``{: .govuk-list}``, ``{:toc}``, ``{#id}`` after a heading).
- HTML inside Markdown: ``<h2>`` to ``<h6>`` headings and ``<img alt="...">``.
- Prose in front matter: ``title``, ``description``, ``summary``, ``intro``, ``excerpt``.

Markers are replaced by spaces of the same length (:func:`mask`), so every character
keeps its line and column; what the markers wrap is still read as prose. Contact and
address blocks are details, not prose, and are masked whole.

Sources: govspeak's syntax (https://github.com/alphagov/govspeak, README), Kramdown's
attribute lists (https://kramdown.gettalong.org/syntax.html#inline-attribute-lists).
"""

from __future__ import annotations

import html
import re

# "##Heading": a govspeak heading with no space after the hashes (a letter must follow,
# so "#1 priority" and "#hashtag5" stay prose only when they do not look like headings).
TIGHT_HEADING = re.compile(r"^ {0,3}(#{1,6})(?=[A-Za-z])", re.M)

_CALLOUT = {c: re.compile(r"(?m)^([ \t]*)%s(?=\S)((?:(?!\n[ \t]*\n)[\s\S])*?\S)%s[ \t]*$" % (re.escape(c), re.escape(c)))
            for c in "^%@"}
_MARKER_LINE = re.compile(r"(?m)^[ \t]*\$(?:CTA|C|A|E|P|I|D)[ \t]*$")
_DETAILS_BLOCK = re.compile(r"(?ms)^[ \t]*\$(C|A)[ \t]*\n(.*?)^[ \t]*\$\1[ \t]*$")
_ATTRIBUTES = re.compile(r"\{:[^}\n]*\}|(?<=\S)[ \t]+\{#[\w-]+\}[ \t]*$", re.M)
_FENCE = re.compile(r"(?m)^ {0,3}(`{3,}|~{3,})")

PROSE_FIELDS = ("title", "description", "summary", "intro", "excerpt")
_FIELD = re.compile(r"^(%s):[ \t]*(.*)$" % "|".join(PROSE_FIELDS))

_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.S | re.I)
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_TAG = re.compile(r"<[^>]*>")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);")


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def mask(source: str) -> str:
    """``source`` with govspeak markers and attribute lists replaced by spaces (same length,
    same lines). Text in fenced code blocks is left as it is."""
    if not any(c in source for c in "^%@${"):
        return source
    out = []
    pos = 0
    for start, end in _outside_fences(source):
        out.append(source[pos:start])
        out.append(_mask_part(source[start:end]))
        pos = end
    out.append(source[pos:])
    return "".join(out)


def _outside_fences(source: str):
    """(start, end) of the parts of ``source`` outside fenced code blocks."""
    pos = 0
    while True:
        m = _FENCE.search(source, pos)
        if not m:
            yield pos, len(source)
            return
        yield pos, m.start()
        fence = m.group(1)
        close = re.compile(r"(?m)^ {0,3}%s{%d,}[ \t]*$" % (re.escape(fence[0]), len(fence)))
        c = close.search(source, m.end())
        if not c:
            return
        pos = c.end()


def _mask_part(text: str) -> str:
    if "$" in text:
        text = _DETAILS_BLOCK.sub(lambda m: _blank(m.group(0)), text)
        text = _MARKER_LINE.sub(lambda m: _blank(m.group(0)), text)
    for c, pattern in _CALLOUT.items():
        if c in text:
            text = pattern.sub(lambda m: m.group(1) + " " + m.group(2) + " ", text)
    if "{:" in text or "{#" in text:
        text = _ATTRIBUTES.sub(lambda m: _blank(m.group(0)), text)
    return text


def front_matter_fields(source: str, first: int, last: int, line_starts: list[int]):
    """Prose fields of front matter between lines ``first`` and ``last`` (0-based, the
    lines between the fences): yields (field, [(text, source offset), ...]) with one piece
    per source line, so locations stay right in folded and literal block values."""
    i = first
    while i < last:
        line = source[line_starts[i]:line_starts[i + 1] - 1] if i + 1 < len(line_starts) else source[line_starts[i]:]
        m = _FIELD.match(line)
        i += 1
        if not m:
            continue
        key, value = m.group(1), m.group(2)
        base = line_starts[i - 1] + m.start(2)
        pieces: list[tuple[str, int]] = []
        value = re.sub(r"[ \t]+#.*$", "", value) if not value[:1] in "\"'" else value
        if value[:1] in ">|":  # a block value: the indented lines that follow
            while i < last:
                nxt = source[line_starts[i]:line_starts[i + 1] - 1] if i + 1 < len(line_starts) else source[line_starts[i]:]
                if nxt.strip() and not nxt[:1].isspace():
                    break
                if nxt.strip():
                    lead = len(nxt) - len(nxt.lstrip())
                    pieces.append((nxt.strip(), line_starts[i] + lead))
                i += 1
        elif value[:1] in "\"'":
            q = value[0]
            end = value.rfind(q)
            inner = value[1:end] if end > 0 else value[1:]
            if q == "'":
                inner = inner.replace("''", "'")
            pieces.append((inner, base + 1))
        elif value.strip():
            pieces.append((value.strip(), base))
        if pieces:
            yield key, pieces


def html_headings(chunk: str, base: int):
    """HTML headings in a block of HTML at source offset ``base``: yields (level, [(text,
    source offset), ...]) with tags removed and entities decoded."""
    for m in _HTML_HEADING.finditer(chunk):
        pieces = []
        inner_start = m.start(2)
        for part in re.split(r"(<[^>]*>)", m.group(2)):
            if part and not part.startswith("<"):
                pieces.extend(_decoded(part, base + inner_start))
            inner_start += len(part)
        yield int(m.group(1)), pieces


def _decoded(text: str, offset: int):
    """Pieces of text with HTML entities decoded, each anchored at its source offset."""
    pos = 0
    for e in _ENTITY.finditer(text):
        if e.start() > pos:
            yield text[pos:e.start()], offset + pos
        yield html.unescape(e.group(0)), offset + e.start()
        pos = e.end()
    if pos < len(text):
        yield text[pos:], offset + pos


def html_images(chunk: str):
    """(alt text or None, src, position in ``chunk``) of each <img> tag in a piece of HTML."""
    for m in _IMG.finditer(chunk):
        tag = m.group(0)
        a = _ALT.search(tag)
        alt = None if a is None else html.unescape(next(g for g in a.groups() if g is not None))
        s = re.search(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", tag, re.I)
        src = next((g for g in s.groups() if g is not None), None) if s else None
        yield alt, src, m.start()
