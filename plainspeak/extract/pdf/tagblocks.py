"""Blocks from the structure tree: each paragraph, heading, list item and table cell the author tagged.

Containers (Document, Sect, Div, L, Table, TR...) are walked through. A
heading, paragraph, caption or note becomes one block with the words of its
marked content; a list item becomes one block without its label (the bullet
or number, kept as ``marker``); a table cell becomes one block per paragraph
inside it, with its row and column, and the table records whether any cell
is a header cell (TH). A figure becomes an Image with its alt text, and a
link records its text and address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plainspeak.extract.pdf.lines import Word
from plainspeak.extract.pdf.tags import Node
from plainspeak.model import CAPTION, FOOTNOTE, HEADING, LIST_ITEM, PARAGRAPH, TABLE_CELL

_HEADINGS = {"H1": 1, "H2": 2, "H3": 3, "H4": 4, "H5": 5, "H6": 6, "H": None, "Title": None}
_BLOCKS = {"P": PARAGRAPH, "Caption": CAPTION, "Note": FOOTNOTE, "FENote": FOOTNOTE, "BlockQuote": PARAGRAPH,
           "TOCI": PARAGRAPH, "Code": PARAGRAPH, "Formula": PARAGRAPH, "Index": PARAGRAPH, "BibEntry": PARAGRAPH,
           "Aside": PARAGRAPH, "Lbl": PARAGRAPH}
_CONTAINERS = frozenset({"Document", "Part", "Art", "Sect", "Div", "NonStruct", "Private", "TOC", "L", "Table",
                         "THead", "TBody", "TFoot", "TR", "Form"})
_MARKER = re.compile(r"^\s*(?:[•●○◦▪▫■□‣⁃∙·►▶➢➤✓✔❖★\-–—*]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|\(?[ivxIVX]{1,5}[.)])\s*$")


@dataclass(slots=True)
class TagBlock:
    kind: str
    words: list[tuple[int, Word]]  # (page index, word)
    level: int | None = None
    marker: str | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    title: bool = False
    links: list[tuple[list[Word], str | None]] = field(default_factory=list)  # link words, address


@dataclass(slots=True)
class TagFigure:
    alt: str | None
    page: int | None
    block: int  # the index of the next block


@dataclass(slots=True)
class TagTable:
    rows: int = 0
    columns: int = 0
    header: bool = False
    first_block: int | None = None
    page: int | None = None


@dataclass(slots=True)
class _Cell:
    table: int
    row: int
    column: int


class TagReader:
    def __init__(self, words: dict[tuple[int, int], list[Word]]) -> None:
        self.words = words
        self.blocks: list[TagBlock] = []
        self.figures: list[TagFigure] = []
        self.tables: list[TagTable] = []

    def run(self, root: Node) -> None:
        self._walk(root, None, 0)

    # -- text of a subtree ---------------------------------------------------------
    def _collect(self, node: Node, out: list[tuple[int, Word]], links: list, skip: frozenset[str],
                 depth: int) -> None:
        if depth > 60:
            return
        for kid in node.kids:
            if isinstance(kid, tuple):
                out.extend((kid[0], word) for word in self.words.get(kid, ()))
            elif kid.kind in skip or kid.kind == "Artifact":
                continue
            elif kid.kind == "Figure":
                self.figures.append(TagFigure(kid.alt, kid.page, len(self.blocks)))
            elif kid.kind == "Link":
                start = len(out)
                self._collect(kid, out, links, skip, depth + 1)
                links.append(([word for _, word in out[start:]], kid.target))
            else:
                self._collect(kid, out, links, skip, depth + 1)

    def _emit(self, node: Node, kind: str, cell: _Cell | None, level: int | None = None,
              skip: frozenset[str] = frozenset(), marker: str | None = None) -> None:
        words: list[tuple[int, Word]] = []
        links: list = []
        self._collect(node, words, links, skip, 0)
        if not words:
            return
        if kind == LIST_ITEM and marker is None and _MARKER.match(words[0][1].text):
            marker = words[0][1].text  # a label not tagged as Lbl
            words = words[1:]
            if not words:
                return
        block = TagBlock(kind, words, level, marker, links=links, title=node.kind == "Title")
        if cell is not None:
            block.kind, block.table, block.row, block.column = TABLE_CELL, cell.table, cell.row, cell.column
            table = self.tables[cell.table]
            if table.first_block is None:
                table.first_block = len(self.blocks)
                table.page = words[0][0]
        self.blocks.append(block)

    # -- the walk ------------------------------------------------------------------
    def _walk(self, node: Node, cell: _Cell | None, depth: int) -> None:
        if depth > 60:
            return
        pending_text = False
        for kid in node.kids:
            if isinstance(kid, tuple):
                pending_text = True  # marked content straight inside a container
                continue
            self._node(kid, cell, depth)
        if pending_text:
            bare = Node(node.kind, kids=[k for k in node.kids if isinstance(k, tuple)])
            self._emit(bare, TABLE_CELL if cell else PARAGRAPH, cell)

    def _node(self, node: Node, cell: _Cell | None, depth: int) -> None:
        kind = node.kind
        if kind == "Artifact":
            return
        if kind == "Figure":
            self.figures.append(TagFigure(node.alt, node.page, len(self.blocks)))
            return
        if kind == "Table":
            self.tables.append(TagTable())
            self._table(node, len(self.tables) - 1, depth)
            return
        if kind == "LI":
            labels = [k for k in node.kids if not isinstance(k, tuple) and k.kind == "Lbl"]
            marker = None
            if labels:
                found: list[tuple[int, Word]] = []
                self._collect(labels[0], found, [], frozenset(), 0)
                marker = " ".join(word.text for _, word in found) or None
            self._emit(node, LIST_ITEM, cell, skip=frozenset({"Lbl", "L"}), marker=marker)
            for kid in node.kids:  # a list inside the item
                if not isinstance(kid, tuple):
                    self._nested_lists(kid, cell, depth + 1)
            return
        if kind in _HEADINGS:
            self._emit(node, HEADING, cell, level=_HEADINGS[kind])
            return
        if kind in _BLOCKS:
            self._emit(node, _BLOCKS[kind], cell)
            return
        if kind in _CONTAINERS or _has_blocks(node, 0):
            self._walk(node, cell, depth + 1)
            return
        self._emit(node, TABLE_CELL if cell else PARAGRAPH, cell)  # inline content at block level

    def _nested_lists(self, node: Node, cell: _Cell | None, depth: int) -> None:
        if depth > 60:
            return
        if node.kind == "L":
            self._walk(node, cell, depth)
            return
        if node.kind == "Lbl":
            return
        for kid in node.kids:
            if not isinstance(kid, tuple):
                self._nested_lists(kid, cell, depth + 1)

    def _table(self, node: Node, index: int, depth: int) -> None:
        table = self.tables[index]
        rows = [k for k in _descend(node, "TR", 0)]
        for row in rows:
            column = 0
            for kid in row.kids:
                if isinstance(kid, tuple) or kid.kind not in ("TH", "TD"):
                    continue
                if kid.kind == "TH":
                    table.header = True
                cell = _Cell(index, table.rows, column)
                if _has_blocks(kid, 0):
                    self._walk(kid, cell, depth + 1)
                else:
                    self._emit(kid, TABLE_CELL, cell)
                column += 1
            table.columns = max(table.columns, column)
            table.rows += 1


def _descend(node: Node, kind: str, depth: int):
    for kid in node.kids:
        if isinstance(kid, tuple) or depth > 20:
            continue
        if kid.kind == kind:
            yield kid
        elif kid.kind in ("THead", "TBody", "TFoot", "Sect", "Div", "NonStruct", "Part"):
            yield from _descend(kid, kind, depth + 1)


def _has_blocks(node: Node, depth: int) -> bool:
    if depth > 20:
        return False
    for kid in node.kids:
        if isinstance(kid, tuple):
            continue
        if kid.kind in _HEADINGS or kid.kind in _BLOCKS or kid.kind in ("L", "LI", "Table", "Figure"):
            return True
        if kid.kind in _CONTAINERS and _has_blocks(kid, depth + 1):
            return True
    return False
