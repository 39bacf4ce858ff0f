"""The data that flows through the pipeline: extract -> segment -> analyse -> check -> suppress -> report.

Extractors turn a file into a :class:`Document` made of :class:`Block` objects.
A block is one unit of prose that a reader sees on its own: a paragraph, a
heading, a list item, a table cell, a caption, a header or footer line.
Sentences never cross a block boundary, so a heading is never glued to the
sentence after it.

Every block knows where it came from, so a finding can say "line 12",
"page 3" or "paragraph 14 (section 'Warnings')". These classes are plain
data: they can be pickled (for parallel checking and a result cache) and hold
no parser objects.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

# Kinds of block. Extractors use these names; checks may rely on them.
PARAGRAPH = "paragraph"
HEADING = "heading"
LIST_ITEM = "list_item"
TABLE_CELL = "table_cell"
CAPTION = "caption"
HEADER = "header"  # a page header (DOCX)
FOOTER = "footer"  # a page footer (DOCX)
FOOTNOTE = "footnote"
TEXT_BOX = "text_box"
BLOCK_KINDS = (PARAGRAPH, HEADING, LIST_ITEM, TABLE_CELL, CAPTION, HEADER, FOOTER, FOOTNOTE, TEXT_BOX)

# Severities, mildest first.
SEVERITIES = ("info", "warning", "error")

# Finding categories of the JSON contract. "directive" is for problems with
# plainspeak's own inline directives (rule PS001).
CATEGORIES = ("acronym", "jargon", "deficit-label", "readability", "accessibility", "strengths", "directive")

# Document formats (their names in the JSON contract, endings, traits) are records in
# plainspeak/extract/formats.py.


@dataclass(slots=True)
class RunSpan:
    """A piece of block text that came from one DOCX run: block.text[start:end]."""

    start: int
    end: int
    index: int  # position of the run among the runs of its paragraph


@dataclass(slots=True)
class Link:
    text: str
    target: str
    block: int | None = None  # index of the block holding the link text
    start: int = -1  # offsets of the link text inside that block's text
    end: int = -1


@dataclass(slots=True)
class Image:
    alt: str | None  # None: no alt text at all; "": empty alt text
    title: str | None = None
    target: str | None = None  # file name or address of the image
    block: int | None = None  # the block the image sits in or before
    decorative: bool = False  # marked as decorative by the author (DOCX)
    line: int | None = None
    page: int | None = None
    paragraph: int | None = None
    section: str | None = None


@dataclass(slots=True)
class Table:
    rows: int
    columns: int
    header_row: bool | None  # None: the format cannot say
    first_block: int | None = None  # index of the first cell block
    line: int | None = None
    page: int | None = None
    paragraph: int | None = None
    section: str | None = None


@dataclass(slots=True)
class Block:
    text: str
    kind: str = PARAGRAPH
    level: int | None = None  # heading level, 1 = top
    section: str | None = None  # text of the nearest heading above (or this heading)
    page: int | None = None  # 1-based (PDF)
    paragraph: int | None = None  # 1-based; DOCX: in document order, PDF: on its page
    table: int | None = None  # index into Document.tables
    row: int | None = None  # 0-based table row and column
    column: int | None = None
    # Text formats: anchors (text_offset, source_offset). From each anchor on,
    # text and source advance together until the next anchor. The source is
    # Document.source.
    segments: tuple[tuple[int, int], ...] = ()
    # DOCX: which runs the text came from, and an opaque locator of the paragraph.
    runs: tuple[RunSpan, ...] = ()
    anchor: str | None = None
    # Other facts later checks need (bold, font size, underline...). Free form.
    facts: dict[str, Any] = field(default_factory=dict)

    def source_offset(self, offset: int) -> int | None:
        """Map an offset in ``text`` to an offset in the document source."""
        if not self.segments:
            return None
        keys = [s[0] for s in self.segments]
        i = bisect.bisect_right(keys, offset) - 1
        if i < 0:
            i = 0
        text_start, source_start = self.segments[i]
        return source_start + (offset - text_start)


@dataclass(slots=True)
class Meta:
    title: str | None = None
    language: str | None = None
    tagged: bool | None = None  # PDF: has a structure tree
    pages: int | None = None
    scanned_pages: list[int] = field(default_factory=list)  # PDF pages with no text layer
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Directive:
    """An inline plainspeak directive found in the source (Markdown comments)."""

    action: str  # "disable", "enable", "ignore-next-line", or "malformed"
    rules: tuple[str, ...]  # codes or names as written; empty = all
    line: int
    column: int
    text: str  # the comment as written
    problem: str | None = None  # why it is malformed


@dataclass(slots=True)
class Location:
    line: int | None = None
    column: int | None = None
    page: int | None = None
    paragraph: int | None = None
    section: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "page": self.page,
            "paragraph": self.paragraph,
            "section": self.section,
        }

    def page_and_paragraph(self) -> str | None:
        """ "page 3, paragraph 2", "paragraph 14", or None: the place in words, for formats with no lines."""
        bits = []
        if self.page is not None:
            bits.append(f"page {self.page}")
        if self.paragraph is not None:
            bits.append(f"paragraph {self.paragraph}")
        return ", ".join(bits) or None

    def describe(self) -> str:
        """Plain words: "line 12", "page 3, paragraph 2", "paragraph 14 (section 'Warnings')"."""
        parts = []
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}" + (f", column {self.column}" if self.column else ""))
        elif self.paragraph is not None:
            parts.append(f"paragraph {self.paragraph}")
        text = ", ".join(parts) or "whole document"
        if self.section:
            text += f" (section '{self.section}')"
        return text


@dataclass(slots=True)
class Document:
    path: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    source: str | None = None  # the full text of a Markdown or text file
    meta: Meta = field(default_factory=Meta)
    links: list[Link] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    # Headings with no words: they make no block, but screen reader users meet them.
    # (where, the heading as written: "##" in Markdown, "" in Word)
    empty_headings: list[tuple[Location, str]] = field(default_factory=list)
    _line_starts: list[int] | None = None

    def line_col(self, source_offset: int) -> tuple[int, int]:
        """1-based line and column of an offset in ``source``."""
        if self._line_starts is None:
            starts = [0]
            src = self.source or ""
            pos = src.find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = src.find("\n", pos + 1)
            self._line_starts = starts
        i = bisect.bisect_right(self._line_starts, source_offset) - 1
        return i + 1, source_offset - self._line_starts[i] + 1

    def locate(self, block: Block, offset: int = 0) -> Location:
        """Where ``block.text[offset]`` stands in the document."""
        line = column = None
        src = block.source_offset(offset)
        if src is not None:
            line, column = self.line_col(src)
        return Location(line=line, column=column, page=block.page,
                        paragraph=block.paragraph, section=block.section)

    def exact_text(self, block: Block, start: int, end: int) -> str:
        """The text of block.text[start:end] exactly as it stands in the document.

        For Markdown and text this is read from the source, so a match that
        wraps across a line break keeps its line break.
        """
        if self.source is not None and block.segments:
            s = block.source_offset(start)
            e = block.source_offset(end - 1)
            if s is not None and e is not None:
                return self.source[s : e + 1]
        return block.text[start:end]


@dataclass(slots=True)
class Finding:
    rule: str  # code, e.g. PS301
    name: str  # kebab-case rule name
    category: str
    severity: str
    message: str
    match: str  # the exact text as in the document
    suggestions: list[str]
    location: Location
    block: int | None = None  # index of the block, for tools that write back
    start: int = 0  # offsets in block.text
    end: int = 0
    entry: str | None = None  # the glossary entry behind the finding (its file name), if any

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "match": self.match,
            "suggestions": list(self.suggestions),
            "location": self.location.to_dict(),
        }


@dataclass(slots=True)
class FileReport:
    path: str
    format: str | None
    readability: dict[str, Any] | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    # For a form: how many questions it asks, and about what (see plainspeak/questions.py).
    questions: dict[str, int] | None = None
    # Only part of the file was read (pages that could not be read, text cut at a limit):
    # {"message", "unreadable_pages", "truncated", "pages_read", "cut_short"}. None: read whole.
    partial: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "readability": self.readability,
            "findings": [f.to_dict() for f in self.findings],
            "error": self.error,
            "questions": self.questions,
            "partial": self.partial,
        }


class ExtractError(Exception):
    """A file could not be read. The message is one plain line, without the path."""
