"""Running headers, footers and page numbers: found on most pages at the same height, and dropped."""

from __future__ import annotations

import math
import re
from collections import Counter

from plainspeak.extract.pdf.lines import Line, Page
from plainspeak.model import Meta

_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|pg\.?|p\.|seite|pagina|página)\s*)?[-–—(\[]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—)\]]?"
    r"(?:\s*(?:of|/|de|von)\s*\d{1,4})?$",
    re.I,
)
_EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be running text


def _normalise_running(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _edge_indexes(page: Page) -> list[int]:
    indexes = [i for i, line in enumerate(page.lines) if line.text]
    if page.geometry:
        indexes = [i for i in indexes if page.lines[i].v is not None]
        indexes.sort(key=lambda i: page.lines[i].v)  # type: ignore[arg-type, return-value]
    if not page.geometry:
        return indexes if len(indexes) <= 2 * _EDGE_LINES else indexes[:_EDGE_LINES] + indexes[-_EDGE_LINES:]
    # Lines on one baseline (a title on the left, a page number on the right) are one row.
    rows: list[list[int]] = []
    for i in indexes:
        line = page.lines[i]
        if rows and abs(page.lines[rows[-1][0]].v - line.v) <= 0.4 * (line.size or 10.0):  # type: ignore[operator]
            rows[-1].append(i)
        else:
            rows.append([i])
    if len(rows) <= 2 * _EDGE_LINES:
        return indexes
    return [i for row in rows[:_EDGE_LINES] + rows[-_EDGE_LINES:] for i in row]


def _edge_number(text: str) -> int | None:
    """The number at the start or the end of a line: "Chapter 2: Handling 3" -> 3."""
    found = re.search(r"(\d{1,4})\W*$", text) or re.match(r"\W*(\d{1,4})\b", text)
    return int(found.group(1)) if found else None


def drop_running_text(pages: list[Page], meta: Meta) -> None:
    """Drop running headers, footers and page numbers.

    A line at the top or the bottom of a page is running text when, with its
    digits ignored, it stands at the same height on most pages ("Partnership
    minutes", "Page 3 of 10"), or on at least three pages with a number that
    follows the page number ("Chapter 2: Housing 14"). A line that is only a
    page number ("3", "- 3 -", "Page 3") at the edge of a page is dropped too.
    """
    with_text = [page for page in pages if any(line.text for line in page.lines)]
    if len(with_text) < 2:
        return
    # key -> [(page number, line)] for the lines at the page edges
    seen: dict[str, list[tuple[int, Line]]] = {}
    for page in with_text:
        for i in _edge_indexes(page):
            line = page.lines[i]
            seen.setdefault(_normalise_running(line.text), []).append((page.number, line))
    needed = max(2, math.ceil(0.5 * len(with_text)))
    by_number = {page.number: page for page in with_text}
    running: dict[str, set[int] | None] = {}  # key -> height buckets it stands at (None: any)
    sizes = Counter(line.size for page in with_text for line in page.lines if line.text and line.size)
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    for key, found in seen.items():
        if len({number for number, _ in found}) < min(needed, 3):
            continue
        if body and all(line.size > 1.15 * body for _, line in found):
            continue  # a heading at the top of each page ("Section 3"), larger than the text
        buckets: set[int] | None = None
        placed = [line.v for _, line in found if line.v is not None]
        if placed:
            # Running text sits at one height on every page; a title on the
            # first page with the same words sits elsewhere and stays.
            common = Counter(round(v / 4) for v in placed).most_common(1)[0][0]
            buckets = {common - 1, common, common + 1}
            found = [(n, line) for n, line in found if line.v is None or round(line.v / 4) in buckets]
        on_pages = {number for number, _ in found}
        if len(on_pages) >= needed:
            pass
        elif len(on_pages) >= 3 and "#" in key:
            offsets = Counter(
                (_edge_number(line.text) or 0) - number for number, line in found if _edge_number(line.text)
            )
            if not offsets or offsets.most_common(1)[0][1] < 0.8 * len(found):
                continue
        else:
            continue
        # Running text runs alongside the content: when a line is the only
        # text of its pages ("Potato 1", "Potato 2"...), it is the content.
        alongside = sum(
            1 for number in on_pages
            if any(line.text and _normalise_running(line.text) != key and not _PAGE_NUMBER.match(line.text)
                   for line in by_number[number].lines)
        )
        if alongside * 2 >= len(on_pages):
            running[key] = buckets
    removed: list[str] = []
    for page in with_text:
        drop = []
        for i in _edge_indexes(page):
            line = page.lines[i]
            key = _normalise_running(line.text)
            if key in running:
                buckets = running[key]
                hit = buckets is None or line.v is None or round(line.v / 4) in buckets
            else:
                hit = bool(_PAGE_NUMBER.match(line.text))
            if hit:
                drop.append(i)
                if line.text not in removed and len(removed) < 10:
                    removed.append(line.text)
        for i in sorted(drop, reverse=True):
            del page.lines[i]
    if removed:
        meta.extra["running_text_removed"] = removed


