"""Lines into blocks: paragraphs, list items and headings from geometry (untagged PDFs)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from plainspeak.extract.pdf.lines import Line, Page
from plainspeak.extract.pdf.tables import find_tables
from plainspeak.model import HEADING, LIST_ITEM, PARAGRAPH, TABLE_CELL

_BULLET_CHARS = "•●○◦▪▫■□‣⁃∙·►▶➢➤✓✔❖★-–—*"
_LIST_MARKER = re.compile(
    r"^(?:(?P<bullet>[" + re.escape(_BULLET_CHARS) + r"])"
    r"|(?P<number>\(?\d{1,2}[.)]|\(?[a-zA-Z][)]|\([a-zA-Z]\)|\(?[ivxIVX]{1,4}\)))"
    r"\s+(?=\S)"
)
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
# A dash or a number at the start of a line may just be where a sentence
# wrapped ("... the council\n- and the NHS -", "... in\n12. The"). It starts
# a list item after a gap, after another item or after a line that ends a
# sentence or introduces a list.
_AMBIGUOUS_BULLETS = frozenset({None, "-", "–", "—", "*"})
_LIST_LEAD_IN = re.compile(r"[.!?…:;][\"'”’)\]]*$")


# A line of a table of contents: "Introduction ........ 3", never a heading.
_CONTENTS_LINE = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}$|…{2,}\s*\d{1,4}$")


@dataclass(slots=True)
class Raw:
    kind: str
    lines: list[Line]
    marker: str | None = None
    level: int | None = None
    table: int | None = None  # index of the table on its page
    row: int | None = None
    column: int | None = None
    grid: object = None  # the table's Grid, on its first cell


def leading_ratio(pages: list[Page]) -> float:
    """The usual distance between lines of a paragraph, in font sizes."""
    buckets: Counter[int] = Counter()
    for page in pages:
        if not page.geometry:
            continue
        prev = None
        for line in page.lines:
            if not line.text or line.v is None or line.size <= 0:
                continue
            if prev is not None and prev.orientation == line.orientation and abs(prev.size - line.size) <= 0.1 * line.size:
                ratio = (line.v - prev.v) / line.size
                if 0.9 <= ratio <= 3.0:
                    buckets[round(ratio * 20)] += 1
            prev = line
    if not buckets:
        return 1.2
    top = max(buckets.values())
    common = min(b for b, n in buckets.items() if n >= max(2, 0.25 * top) or n == top)
    ratio = common / 20
    return ratio if ratio <= 2.0 else 1.2


def body_style(pages: list[Page]) -> tuple[float, bool]:
    sizes: Counter[float] = Counter()
    bold_chars = plain_chars = 0
    for page in pages:
        for line in page.lines:
            if line.text and line.size > 0:
                sizes[line.size] += len(line.text)
    if not sizes:
        return 0.0, False
    body = sizes.most_common(1)[0][0]
    for page in pages:
        for line in page.lines:
            if line.text and line.size == body:
                if line.bold:
                    bold_chars += len(line.text)
                else:
                    plain_chars += len(line.text)
    return body, bold_chars > plain_chars


def _heading_styled(line: Line, body_size: float, body_bold: bool) -> bool:
    if not body_size or not line.size:
        return False
    if line.size >= body_size * 1.15:
        return True
    return line.bold and not body_bold and line.size >= body_size * 0.95


def _can_be_heading(lines: list[Line]) -> bool:
    text = " ".join(line.text for line in lines)
    if len(lines) > 3 or len(text) > 150 or len(text.split()) > 20:
        return False
    if not any(ch.isalpha() for ch in text) or _CONTENTS_LINE.search(text):
        return False
    return not re.search(r"[.,;][\"'”’)]*$", text) or text.endswith("...")


def _gap_before(line: Line, prev: Line, page: Page, leading: float) -> bool:
    if not page.geometry or line.v is None or prev.v is None:
        return False
    size = max(prev.size, line.size) or 12.0
    return line.v - prev.v > leading * size + max(0.2 * size, 1.5)


def group_page(page: Page, leading: float, body_size: float, body_bold: bool) -> list[Raw]:
    """Group the lines of one page into raw blocks; the cells of a table are blocks of their own."""
    grids = find_tables(page)
    if not grids:
        return group_lines(page, page.lines, leading, body_size, body_bold)
    in_table = {i: t for t, grid in enumerate(grids) for i in grid.members}
    out: list[Raw] = []
    run: list[Line] = []
    for i, line in enumerate(page.lines):
        t = in_table.get(i)
        if t is None:
            run.append(line)
            continue
        grid = grids[t]
        if i != grid.first:
            continue
        out += group_lines(page, run, leading, body_size, body_bold)
        run = []
        first = True
        for (row, column), indexes in sorted(grid.cells.items()):
            cell = group_lines(page, [page.lines[k] for k in sorted(indexes)], leading, body_size, body_bold,
                                headings=False)
            for raw in cell:
                raw.kind, raw.marker = TABLE_CELL, None
                raw.table, raw.row, raw.column = t, row, column
                if first:
                    raw.grid, first = grid, False
            out += cell
    return out + group_lines(page, run, leading, body_size, body_bold)


def _rule_above(page: Page, line: Line, prev: Line) -> bool:
    """Is there a horizontal ruling line between two lines?"""
    if not page.h_rules or line.v is None or prev.v is None or line.x is None:
        return False
    top = line.v - 0.8 * (line.size or 10.0)
    return any(prev.v < v < top + 1 and x0 - 1 <= line.x <= x1 for x0, x1, v in page.h_rules)


def group_lines(page: Page, page_lines: list[Line], leading: float, body_size: float, body_bold: bool,
                 headings: bool = True) -> list[Raw]:
    blocks: list[Raw] = []
    cur: Raw | None = None
    prev: Line | None = None
    brk = True  # a blank line or the page start: the next line starts a block
    widest = max((len(line.text) for line in page_lines), default=0)
    for line in page_lines:
        if not line.text:
            if not page.geometry:
                brk = True
            continue
        match = _LIST_MARKER.match(line.text)
        styled = _heading_styled(line, body_size, body_bold)
        new = brk or cur is None or prev is None
        if not new and match and (
            match.group("bullet") not in _AMBIGUOUS_BULLETS
            or cur.kind in (LIST_ITEM, HEADING)
            or _LIST_LEAD_IN.search(prev.text)
        ):
            new = True
        if not new and (line.same_row or _rule_above(page, line, prev)):
            new = True  # another cell or column on the same baseline, or a ruling line between
        if not new and page.geometry and prev.v is not None and line.v is not None:
            size = max(prev.size, line.size) or 12.0
            dv = line.v - prev.v
            if line.orientation != prev.orientation:
                new = True
            elif _gap_before(line, prev, page, leading) or dv < -0.3 * size:
                new = True  # a gap, or a jump back up the page (a new column)
            elif prev.size and line.size and abs(prev.size - line.size) > 0.15 * max(prev.size, line.size):
                new = True
            elif styled != _heading_styled(prev, body_size, body_bold) and (
                styled or (prev.text and not line.text[0].islower())
            ):
                new = True  # from a heading to body text, or back
            elif cur.kind == LIST_ITEM and line.x is not None and cur.lines[0].x is not None:
                # A list item goes on while the lines stay indented past the marker.
                new = line.x <= cur.lines[0].x + 1 and bool(_TERMINAL.search(prev.text))
            elif (
                line.x is not None and prev.x is not None and line.x > prev.x + 0.8 * size
                and _TERMINAL.search(prev.text)
            ):
                new = True  # a first-line indent after a sentence ended
        if not new and _TERMINAL.search(prev.text) and widest >= 40 and len(prev.text) < 0.6 * widest and (
            line.text[:1].isupper() or not line.text[:1].isalpha()
        ) and cur.kind != HEADING:
            new = True  # a short line ending a sentence: the paragraph ended
        if new:
            if match and not (
                match.group("bullet") in _AMBIGUOUS_BULLETS and not brk and prev is not None
                and cur is not None and cur.kind not in (LIST_ITEM, HEADING)
                and not _LIST_LEAD_IN.search(prev.text) and not _gap_before(line, prev, page, leading)
                and not _heading_styled(prev, body_size, body_bold)  # a list straight after a heading
            ):
                marker = match.group(0).strip()
                cur = Raw(LIST_ITEM, [line], marker=marker)
            else:
                cur = Raw(PARAGRAPH, [line])
            blocks.append(cur)
        else:
            cur.lines.append(line)  # type: ignore[union-attr]
        prev = line
        brk = False
    return _split_headings(blocks, body_size, body_bold) if headings else blocks


def _split_headings(blocks: list[Raw], body_size: float, body_bold: bool) -> list[Raw]:
    """Mark heading blocks, and split a heading off the text that follows it without a gap."""
    out: list[Raw] = []
    for block in blocks:
        styled = [_heading_styled(line, body_size, body_bold) for line in block.lines]
        if all(styled) and _can_be_heading(block.lines):
            block.kind, block.marker = HEADING, None
            out.append(block)
            continue
        lead = 0
        while lead < len(styled) and styled[lead]:
            lead += 1
        if 0 < lead < len(block.lines) and lead <= 2 and _can_be_heading(block.lines[:lead]):
            rest = block.lines[lead]
            if not rest.text[:1].islower():
                out.append(Raw(HEADING, block.lines[:lead]))
                out.append(Raw(PARAGRAPH, block.lines[lead:]))
                continue
        out.append(block)
    return out


def assign_levels(raw_pages: list[list[Raw]]) -> None:
    """Heading level 1 for the largest heading style, 2 for the next..."""
    styles = set()
    for blocks in raw_pages:
        for block in blocks:
            if block.kind == HEADING:
                first = block.lines[0]
                styles.add((first.size, first.bold))
    order = sorted(styles, key=lambda s: (-s[0], not s[1]))
    level = {style: min(i + 1, 6) for i, style in enumerate(order)}
    for blocks in raw_pages:
        for block in blocks:
            if block.kind == HEADING:
                first = block.lines[0]
                block.level = level[(first.size, first.bold)]


