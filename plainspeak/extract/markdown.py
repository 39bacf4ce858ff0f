"""Markdown extractor, with markdown-it-py.

Reads prose only: code blocks, inline code, front matter, HTML and link
addresses are skipped. Every character of prose keeps its line and column:
each block records anchors from its text back into the source, so a finding
that wraps across a line break is still located, and reported exactly as
written.

Headings (with level), list items, table cells, links (text and address),
images (alt text) and plainspeak directives in HTML comments are recorded.
Markdown as written in the wild is read too (see markdown_wild.py): GOV.UK's
govspeak headings and callout markers, Kramdown attribute lists, HTML headings
and images, and prose fields of the front matter (title, description, summary,
intro, excerpt).
"""

from __future__ import annotations

import re
from functools import lru_cache

from plainspeak.extract import markdown_wild as wild
from plainspeak.extract.limits import Limits
from plainspeak.extract.text import decode_text
from plainspeak.model import (
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    TABLE_CELL,
    Block,
    Directive,
    Document,
    Image,
    Link,
    Location,
    Table,
)

_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_DIRECTIVE = re.compile(r"^\s*plainspeak[-_:\s]", re.I)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);")


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)
    # Keep link addresses as written: faster (no encoding of web domains), and what a reader wrote.
    md.normalizeLink = md.normalizeLinkText = lambda url: url
    return md


def parse_directive(comment: str, line: int, column: int, raw: str) -> Directive | None:
    """A plainspeak directive from an HTML comment's inside, or None if it is not one."""
    body = comment.strip()
    if not _DIRECTIVE.match(body + " "):
        return None
    words = body.split()
    head = words[0].lower()
    rest = " ".join(words[1:])
    rules = tuple(r for r in re.split(r"[\s,]+", rest) if r)
    actions = {"plainspeak-disable": "disable", "plainspeak-enable": "enable",
               "plainspeak-ignore-next-line": "ignore-next-line"}
    action = actions.get(head)
    if action is None:
        known = ", ".join(actions)
        return Directive("malformed", rules, line, column, raw,
                         problem=f"'{words[0]}' is not a plainspeak directive; use one of: {known}")
    if action == "disable" and not rules:
        return Directive("malformed", rules, line, column, raw,
                         problem="say which rules to switch off, for example "
                                 "'plainspeak-disable PS201', or 'plainspeak-disable all'")
    return Directive(action, rules, line, column, raw)


class _Builder:
    """Walks markdown-it tokens and builds blocks anchored in the source."""

    def __init__(self, source: str, path: str, original: str | None = None):
        self.src = source  # govspeak markers masked with spaces: same length, same lines
        self.doc = Document(path=path, format="markdown", source=source if original is None else original)
        starts = [0]
        pos = source.find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = source.find("\n", pos + 1)
        self.line_starts = starts
        self.doc._line_starts = starts
        self.section: str | None = None

    def offset(self, line0: int) -> int:
        if line0 >= len(self.line_starts):
            return len(self.src)
        return self.line_starts[line0]

    # -- inline content ---------------------------------------------------------------
    def inline(self, token, kind: str, skip: int = 0, **extra) -> Block | None:
        """A block from an inline token; ``skip``: the number of '#' that start a govspeak
        heading written with no space ("##Heading"), left out of the text."""
        lo = self.offset(token.map[0]) if token.map else 0
        hi = self.offset(token.map[1]) if token.map else len(self.src)
        cursor = lo
        parts: list[str] = []
        segments: list[tuple[int, int]] = []
        length = 0
        links: list[tuple[int, str, int]] = []  # (text start, href, link index)
        open_link: list[tuple[int, str]] = []
        images: list[Image] = []
        children = token.children or []
        i = 0
        while i < len(children):
            ch = children[i]
            t = ch.type
            if t == "text" or t == "text_special":
                content = ch.content
                if skip and content.startswith("#" * skip):
                    cursor = self.src.find("#" * skip, cursor, hi) + skip
                    content, skip = content[skip:], 0
                if content:
                    found = self.src.find(content, cursor, hi)
                    if found != -1:
                        segments.append((length, found))
                        cursor = found + len(content)
                    else:
                        cursor = self._align(content, cursor, hi, length, segments)
                    parts.append(content)
                    length += len(content)
            elif t in ("softbreak", "hardbreak"):
                nl = self.src.find("\n", cursor, hi)
                if nl == -1:
                    nl = cursor
                segments.append((length, nl))
                parts.append(" ")
                length += 1
                cursor = nl + 1
            elif t == "code_inline":
                # Skip the code but keep words apart.
                found = self.src.find(ch.content, cursor, hi)
                if found != -1:
                    cursor = found + len(ch.content)
                if parts and not parts[-1].endswith(" "):
                    segments.append((length, max(cursor - 1, 0)))
                    parts.append(" ")
                    length += 1
            elif t == "link_open":
                open_link.append((length, ch.attrGet("href") or ""))
            elif t == "link_close":
                if open_link:
                    start, href = open_link.pop()
                    links.append((start, href, length))
                    cursor = self._after_link(cursor, hi)
            elif t == "image":
                alt = "".join(c.content for c in (ch.children or []) if c.type in ("text", "code_inline"))
                images.append(Image(alt=alt, title=ch.attrGet("title") or None, target=ch.attrGet("src"),
                                    line=(token.map[0] + 1) if token.map else None, section=self.section))
                src_attr = ch.attrGet("src") or ""
                end = self.src.find(src_attr, cursor, hi) if src_attr else -1
                if end != -1:
                    cursor = end + len(src_attr)
            elif t == "html_inline":
                for alt, src, _ in wild.html_images(ch.content):
                    images.append(Image(alt=alt, target=src, line=(token.map[0] + 1) if token.map else None,
                                        section=self.section))
                m = _COMMENT.fullmatch(ch.content.strip())
                found = self.src.find(ch.content, cursor, hi)
                if m and found != -1:
                    line, col = self.doc.line_col(found)
                    d = parse_directive(m.group(1), line, col, ch.content)
                    if d:
                        self.doc.directives.append(d)
                if found != -1:
                    cursor = found + len(ch.content)
            i += 1
        text = "".join(parts)
        block_index = len(self.doc.blocks)
        for img in images:
            img.block = block_index
            self.doc.images.append(img)
        if not text.strip():
            if kind == HEADING and token.map:
                line = token.map[0] + 1
                raw = self.src[lo:self.offset(token.map[0] + 1)].rstrip("\n")
                where = Location(line=line, column=len(raw) - len(raw.lstrip()) + 1, section=self.section)
                self.doc.empty_headings.append((where, raw.strip()))
            return None
        for start, href, end in links:
            self.doc.links.append(Link(text=text[start:end], target=href, block=block_index, start=start, end=end))
        if kind == HEADING:
            self.section = " ".join(text.split())
        block = Block(text=text, kind=kind, section=self.section, segments=tuple(segments), **extra)
        self.doc.blocks.append(block)
        return block

    def pieces_block(self, pieces: list[tuple[str, int]], kind: str, **extra) -> Block | None:
        """A block from pieces of text, each anchored at its source offset; each line's
        white space is trimmed and lines are joined with a space."""
        parts: list[str] = []
        segments: list[tuple[int, int]] = []
        length = 0
        for text, offset in pieces:
            for m in re.finditer(r"[^\n]+", text):
                line = m.group(0)
                if not line.strip():
                    continue
                lead = len(line) - len(line.lstrip())
                if parts:
                    parts.append(" ")
                    length += 1
                segments.append((length, offset + m.start() + lead))
                parts.append(line.strip())
                length += len(line.strip())
        text = "".join(parts)
        if not text:
            return None
        if kind == HEADING:
            self.section = " ".join(text.split())
        block = Block(text=text, kind=kind, section=self.section, segments=tuple(segments), **extra)
        self.doc.blocks.append(block)
        return block

    def html(self, tok) -> None:
        """An HTML block: plainspeak directives, headings (<h2>) and images (<img alt>)."""
        base = self.offset(tok.map[0]) if tok.map else 0
        end = self.offset(tok.map[1]) if tok.map else len(self.src)
        for m in _COMMENT.finditer(self.src, base, end):
            line, column = self.doc.line_col(m.start())
            d = parse_directive(m.group(1), line, column, m.group(0))
            if d:
                self.doc.directives.append(d)
        chunk = _COMMENT.sub(lambda m: " " * len(m.group(0)), self.src[base:end])
        if "<h" in chunk or "<H" in chunk:
            for level, pieces in wild.html_headings(chunk, base):
                self.pieces_block(pieces, HEADING, level=level)
        for alt, src, at in wild.html_images(chunk):
            self.doc.images.append(Image(alt=alt, target=src, line=self.doc.line_col(base + at)[0],
                                         block=len(self.doc.blocks), section=self.section))

    def front_matter(self, tok) -> None:
        """Prose fields of the front matter, as paragraphs; the title is the document's title."""
        if not tok.map:
            return
        for key, pieces in wild.front_matter_fields(self.src, tok.map[0] + 1, tok.map[1] - 1, self.line_starts):
            block = self.pieces_block(pieces, PARAGRAPH)
            if block is not None:
                block.facts["front-matter"] = key
                if key == "title" and not self.doc.meta.title:
                    self.doc.meta.title = block.text

    def _after_link(self, cursor: int, hi: int) -> int:
        """Move past the end of a link, "](address)" or "][label]" or "]", so the
        address is never searched for prose. Autolinks (<https://...>) have none."""
        src = self.src
        i = cursor
        while i < hi and src[i] in "*_~`":  # emphasis closing inside the link text
            i += 1
        if i >= hi or src[i] != "]":
            return cursor
        nxt = src[i + 1:i + 2]
        if nxt == "(":
            depth = 0
            for k in range(i + 1, hi):
                if src[k] == "(":
                    depth += 1
                elif src[k] == ")":
                    depth -= 1
                    if depth == 0:
                        return k + 1
            return i + 1
        if nxt == "[":
            end = src.find("]", i + 2, hi)
            return end + 1 if end != -1 else i + 1
        return i + 1

    def _align(self, content: str, cursor: int, hi: int, length: int, segments: list) -> int:
        """Anchor text that differs from its source (escapes, entities) character by character."""
        src = self.src
        s = cursor
        delta = None
        for k, c in enumerate(content):
            while s < hi and src[s] != c:
                if src[s] == "\\" and s + 1 < hi and src[s + 1] == c:
                    s += 1
                    break
                m = _ENTITY.match(src, s) if src[s] == "&" else None
                if m:
                    break
                s += 1
            if s >= hi:
                s = min(cursor, max(hi - 1, 0))
            if delta != s - k:
                segments.append((length + k, s))
                delta = s - k
            m = _ENTITY.match(src, s) if src[s:s + 1] == "&" and c != "&" else None
            s = m.end() if m else s + 1
        return s

    # -- block structure --------------------------------------------------------------
    def run(self, tokens) -> Document:
        list_depth = 0
        quote_depth = 0
        heading_level: int | None = None
        tight = 0  # a govspeak heading with no space after its '#'s: how many '#'
        table: Table | None = None
        row = col = -1
        for tok in tokens:
            t = tok.type
            if t == "heading_open":
                heading_level = int(tok.tag[1])
            elif t == "heading_close":
                heading_level = None
            elif t == "paragraph_open" and tok.map and tok.map[1] - tok.map[0] == 1 and not list_depth \
                    and not quote_depth and table is None:
                m = wild.TIGHT_HEADING.match(self.src, self.offset(tok.map[0]))
                if m:
                    tight = heading_level = len(m.group(1))
            elif t == "paragraph_close" and tight:
                tight, heading_level = 0, None
            elif t == "front_matter":
                self.front_matter(tok)
            elif t in ("bullet_list_open", "ordered_list_open"):
                list_depth += 1
            elif t in ("bullet_list_close", "ordered_list_close"):
                list_depth -= 1
            elif t == "blockquote_open":
                quote_depth += 1
            elif t == "blockquote_close":
                quote_depth -= 1
            elif t == "table_open":
                table = Table(rows=0, columns=0, header_row=True, first_block=len(self.doc.blocks),
                              line=tok.map[0] + 1 if tok.map else None, section=self.section)
                self.doc.tables.append(table)
                row = -1
            elif t == "table_close":
                table = None
            elif t == "tr_open":
                row += 1
                col = -1
                if table is not None:
                    table.rows = row + 1
            elif t in ("th_open", "td_open"):
                col += 1
                if table is not None:
                    table.columns = max(table.columns, col + 1)
            elif t == "inline":
                if heading_level is not None:
                    self.inline(tok, HEADING, skip=tight, level=heading_level)
                elif table is not None:
                    self.inline(tok, TABLE_CELL, table=len(self.doc.tables) - 1, row=row, column=col)
                else:
                    b = self.inline(tok, LIST_ITEM if list_depth else PARAGRAPH)
                    if b is not None and quote_depth:
                        b.facts["quote"] = True
            elif t == "html_block":
                self.html(tok)
        return self.doc


def extract_text(source: str, path: str) -> Document:
    """Extract a Document from Markdown source text."""
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    masked = wild.mask(source)
    return _Builder(masked, path, original=source).run(_parser().parse(masked))


def extract(data: bytes, path: str, limits: Limits) -> Document:
    source = decode_text(data, limits)
    return extract_text(source, path)
