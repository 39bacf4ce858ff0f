"""Tables from geometry (untagged PDFs): cell boxes from ruling lines, and columns of aligned text.

A form's label cells, a timetable or a contact list is read row by row, each
cell on its own, so its words are never glued to the next cell's or read
column by column.

* Ruling lines: a line of text inside a box closed by ruling lines on all four
  sides is in a cell. Cells that touch make one table; its rows and columns
  are the distinct top and left edges of its cells.
* No ruling lines: two or more lines of text on one baseline, in rows that
  start at the same places across the page, are the cells of a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plainspeak.extract.pdf.lines import Line, Page


@dataclass(slots=True)
class Grid:
    """One table found on a page: the lines of each cell, by (row, column)."""

    cells: dict[tuple[int, int], list[int]] = field(default_factory=dict)  # -> line indexes
    rows: int = 0
    columns: int = 0
    ruled: bool = True

    @property
    def members(self) -> set[int]:
        return {i for found in self.cells.values() for i in found}

    @property
    def first(self) -> int:
        return min(self.members)


def _top(line: Line) -> float:
    return (line.v or 0.0) - 0.75 * (line.size or 10.0)


def _cell_of(page: Page, line: Line) -> tuple[float, float, float, float] | None:
    if line.v is None or line.x is None:
        return None
    top, base = _top(line), line.v
    mid_x = (line.x + (line.right if line.right is not None else line.x)) / 2
    above = [v for x0, x1, v in page.h_rules if x0 - 1 <= mid_x <= x1 + 1 and v <= top + 2]
    below = [v for x0, x1, v in page.h_rules if x0 - 1 <= mid_x <= x1 + 1 and v >= base - 1]
    left = [x for x, v0, v1 in page.v_rules if x <= line.x + 1 and v0 - 2 <= base <= v1 + 2]
    right_edge = line.right if line.right is not None else line.x
    right = [x for x, v0, v1 in page.v_rules if x >= right_edge - 1 and v0 - 2 <= base <= v1 + 2]
    if not (above and below and left and right):
        return None
    box = (max(left), max(above), min(right), min(below))
    if box[2] - box[0] < 4 or box[3] - box[1] < 4 or box[3] - box[1] > 0.6 * page.height:
        return None
    return box


def _ruled_tables(page: Page) -> list[Grid]:
    boxes: dict[tuple[int, int, int, int], list[int]] = {}
    exact: dict[tuple[int, int, int, int], tuple[float, float, float, float]] = {}
    for i, line in enumerate(page.lines):
        if not line.text:
            continue
        box = _cell_of(page, line)
        if box is None:
            continue
        key = tuple(round(a) for a in box)
        boxes.setdefault(key, []).append(i)  # type: ignore[arg-type]
        exact[key] = box  # type: ignore[index]
    keys = list(boxes)
    if len(keys) < 2:
        return []
    parent = list(range(len(keys)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a in range(len(keys)):
        l1, t1, r1, b1 = exact[keys[a]]
        for b in range(a + 1, len(keys)):
            l2, t2, r2, b2 = exact[keys[b]]
            if l1 - 3 <= r2 and l2 - 3 <= r1 and t1 - 3 <= b2 and t2 - 3 <= b1:
                parent[find(a)] = find(b)
    groups: dict[int, list[tuple[int, int, int, int]]] = {}
    for index, key in enumerate(keys):
        groups.setdefault(find(index), []).append(key)
    grids = []
    for members in groups.values():
        if len(members) < 2:
            continue  # a box around one paragraph is not a table
        tops = _cluster([exact[k][1] for k in members])
        lefts = _cluster([exact[k][0] for k in members])
        if len(lefts) < 2:
            continue  # boxes stacked in one column: framed paragraphs, not a table
        grid = Grid(rows=len(tops), columns=len(lefts))
        for key in members:
            row = _index(tops, exact[key][1])
            column = _index(lefts, exact[key][0])
            grid.cells.setdefault((row, column), []).extend(boxes[key])
        grids.append(grid)
    return grids


def _cluster(values: list[float], tolerance: float = 3.0) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > tolerance:
            out.append(value)
    return out


def _index(starts: list[float], value: float) -> int:
    return min(range(len(starts)), key=lambda i: abs(starts[i] - value))


def _rows(page: Page, taken: set[int]) -> list[list[int]]:
    """Lines grouped into visual rows: a line and the lines on its baseline after it."""
    rows: list[list[int]] = []
    for i, line in enumerate(page.lines):
        if not line.text or line.v is None:
            rows.append([])
            continue
        if line.same_row and rows and rows[-1] and i not in taken and rows[-1][-1] not in taken:
            rows[-1].append(i)
        else:
            rows.append([i])
    return [row for row in rows if row]


def _aligned_tables(page: Page, taken: set[int]) -> list[Grid]:
    grids = []
    rows = _rows(page, taken)
    i = 0
    while i < len(rows):
        row = rows[i]
        if len(row) < 2 or any(k in taken for k in row):
            i += 1
            continue
        columns = [page.lines[k].x or 0.0 for k in row]
        members = [row]
        j = i + 1
        while j < len(rows):
            nxt = rows[j]
            if any(k in taken for k in nxt):
                break
            xs = [page.lines[k].x or 0.0 for k in nxt]
            if not all(any(abs(x - c) <= 4 for c in columns) for x in xs):
                break
            if len(nxt) == 1 and abs(xs[0] - columns[0]) <= 4:
                break  # back at the left edge on its own: the table has ended
            members.append(nxt)
            j += 1
        full_rows = [m for m in members if len(m) >= 2]
        if len(full_rows) >= 2 and not _prose(page, members, columns):
            grid = Grid(columns=len(columns), ruled=False)
            row_number = -1
            for m in members:
                if len(m) >= 2:
                    row_number += 1
                for k in m:
                    column = _index(columns, page.lines[k].x or 0.0)
                    grid.cells.setdefault((max(row_number, 0), column), []).append(k)
            grid.rows = row_number + 1
            grids.append(grid)
            i = j
        else:
            i += 1
    return grids


_SENTENCE_GOES_ON = re.compile(r"[^.!?:;…]$")


def _prose(page: Page, rows: list[list[int]], columns: list[float]) -> bool:
    """Columns of running text: most lines go on in the line below, in the same column."""
    by_column: dict[int, list[str]] = {}
    for row in rows:
        for k in row:
            by_column.setdefault(_index(columns, page.lines[k].x or 0.0), []).append(page.lines[k].text)
    pairs = goes_on = 0
    for texts in by_column.values():
        for above, below in zip(texts, texts[1:]):
            pairs += 1
            goes_on += bool(_SENTENCE_GOES_ON.search(above)) and below[:1].islower()
    return pairs > 0 and goes_on * 2 >= pairs


def find_tables(page: Page) -> list[Grid]:
    """The tables of a page, in the order their first line comes."""
    if not page.geometry:
        return []
    grids = _ruled_tables(page) if page.h_rules and page.v_rules else []
    taken = {i for grid in grids for i in grid.members}
    grids += _aligned_tables(page, taken)
    return sorted(grids, key=lambda grid: grid.first)
