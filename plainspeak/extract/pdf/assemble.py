"""The pages of a PDF into one Document: pages with no text told apart, then blocks from tags or geometry.

A tagged PDF whose structure tree covers most of its words is read from its
tags; any other PDF from the geometry of its lines. Either way each block
knows its page and its paragraph on that page, and the nearest heading above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from plainspeak.extract.limits import Limits
from plainspeak.extract.pdf.blocks import Raw, assign_levels, body_style, group_lines, group_page, leading_ratio
from plainspeak.extract.pdf.hyphens import join_lines
from plainspeak.extract.pdf.lines import ARTIFACT, Line, Page, Word, build_lines
from plainspeak.extract.pdf.opening import DAMAGED
from plainspeak.extract.pdf.running import drop_running_text
from plainspeak.extract.pdf.tagblocks import TagReader
from plainspeak.extract.pdf.tags import read_tree
from plainspeak.model import (
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    Block,
    Document,
    ExtractError,
    Image,
    Link,
    Meta,
    Table,
)

_TAGS_COVER = 0.6  # the share of a page's words the tags must reach to be trusted


@dataclass(slots=True)
class _Pre:
    kind: str
    page: int
    lines: list[str]
    level: int | None = None
    marker: str | None = None
    size: float = 0.0
    bold: bool = False
    table: int | None = None  # index into Document.tables
    row: int | None = None
    column: int | None = None
    title: bool = False
    links: list[tuple[str, str]] = field(default_factory=list)  # (link text, address)


def document(reader: Any, pages: list[Page], reasons: dict[int, str], meta: Meta, path: str, limits: Limits,
             repaired: bool) -> Document:
    unreadable = sorted(reasons)
    count = meta.pages or 0
    if unreadable and len(unreadable) == count:
        if repaired:
            raise ExtractError(f"{DAMAGED} (the end of the file is missing; it may have been cut short)")
        raise ExtractError(f"{DAMAGED} (no page could be read: {reasons[unreadable[0]]})")

    tree = read_tree(reader) if meta.tagged else None
    by_mcid: dict[tuple[int, int], list[Word]] = {}
    words = covered = 0
    for page in pages:
        for line in page.lines:
            for word in line.words:
                words += word.mcid != ARTIFACT  # page furniture is outside the tree by design
                if word.mcid >= 0:
                    by_mcid.setdefault((page.number - 1, word.mcid), []).append(word)
                    if tree is not None and (page.number - 1, word.mcid) in tree.refs:
                        covered += 1
    use_tags = tree is not None and words > 0 and covered >= _TAGS_COVER * words
    if not use_tags:
        drop_running_text(pages, meta)  # a tagged PDF marks them as artifacts, outside the tree

    def has_text(page: Page) -> bool:
        if use_tags:  # only artifacts (a running page number) is no text
            return any((page.number - 1, w.mcid) in tree.refs for line in page.lines for w in line.words)
        return any(line.text for line in page.lines)

    kinds: dict[str, list[int]] = {"scan": [], "outlines": [], "picture": [], "blank": []}
    for page in pages:
        if has_text(page):
            continue
        if repaired:
            unreadable.append(page.number)  # its content was probably in the missing part
            reasons[page.number] = "the file was cut short and this page's content is missing"
        else:
            kinds[page.kind or "blank"].append(page.number)
        page.source = None
    for page in pages:
        page.source = None
    with_text = sum(1 for page in pages if has_text(page))
    if 1 in kinds["scan"] and count >= 3 and with_text * 2 >= count - 1:
        # A full-page picture in front of a document of text is its cover, not a scan.
        kinds["scan"].remove(1)
        kinds["picture"].insert(0, 1)
    meta.scanned_pages = kinds["scan"]
    for key, name in (("outlines", "outline_pages"), ("picture", "picture_pages"), ("blank", "blank_pages")):
        if kinds[key]:
            meta.extra[name] = kinds[key]
    unreadable.sort()
    if unreadable:
        meta.extra["unreadable_pages"] = unreadable
        meta.extra["unreadable_reasons"] = {n: reasons[n] for n in unreadable}

    doc = Document(path=path, format="pdf", meta=meta)
    if use_tags:
        meta.extra["structure"] = "tags"
        pres = _from_tags(tree, by_mcid, pages, doc)
    else:
        meta.extra["structure"] = "geometry"
        pres = _from_geometry(pages, doc)
        if tree is not None:  # figures a partial tree describes (fpdf2 tags only its pictures)
            reader_ = TagReader({})
            reader_.run(tree.root)
            doc.images = [Image(alt=f.alt, page=(f.page + 1) if f.page is not None else None)
                          for f in reader_.figures]
    _fill(doc, pres, limits)
    return doc


def _line_texts(words: list[Word]) -> list[str]:
    """Words into the texts of their lines: a new line where the baseline moves or the text goes back left."""
    out: list[str] = []
    prev: Word | None = None
    for word in words:
        if prev is not None and abs(word.v - prev.v) <= 0.4 * (word.size or 10.0) and word.x0 >= prev.x0:
            out[-1] += " " + word.text
        else:
            out.append(word.text)
        prev = word
    return out


def _links_of(words: list[Word], page: Page | None) -> list[tuple[str, str]]:
    """Runs of words under one link annotation: (text, address)."""
    out: list[tuple[str, str]] = []
    run: list[Word] = []
    def target(word: Word | None) -> str | None:
        if word is None or word.link is None or page is None or word.link >= len(page.links):
            return None
        return page.links[word.link].target

    for word in words + [None]:  # type: ignore[list-item]
        if run and target(word) != target(run[0]):  # one address over two lines is one link
            if page is not None and run[0].link is not None and run[0].link < len(page.links):
                out.append((join_lines(_line_texts(run)), page.links[run[0].link].target))
            run = []
        if word is not None and word.link is not None:
            run.append(word)
    return out


def _from_geometry(pages: list[Page], doc: Document) -> list[_Pre]:
    leading = leading_ratio(pages)
    size, bold = body_style(pages)
    raw_pages = [group_page(page, leading, size, bold) for page in pages]
    assign_levels(raw_pages)
    out: list[_Pre] = []
    for page, raws in zip(pages, raw_pages):
        tables: dict[int, int] = {}
        previous: Raw | None = None
        for raw in raws:
            if previous is not None and _shadow(previous, raw):
                continue  # the same text drawn again just beside itself: a shadow effect
            out.append(_pre_from_raw(raw, page, doc, tables))
            previous = raw
    return out


def _shadow(first: Raw, second: Raw) -> bool:
    a, b = first.lines[0], second.lines[0]
    if len(first.lines) != len(second.lines) or a.v is None or b.v is None or a.x is None or b.x is None:
        return False
    near = 2 * (a.size or 10.0)
    return (abs(a.v - b.v) <= near and abs(a.x - b.x) <= near
            and [line.text for line in first.lines] == [line.text for line in second.lines])


def _pre_from_raw(raw: Raw, page: Page, doc: Document, tables: dict[int, int]) -> _Pre:
    first: Line = raw.lines[0]
    pre = _Pre(raw.kind, page.number, [line.text for line in raw.lines], raw.level, raw.marker, first.size,
               first.bold)
    if raw.table is not None:
        if raw.table not in tables:
            grid = raw.grid
            tables[raw.table] = len(doc.tables)
            doc.tables.append(Table(rows=grid.rows, columns=grid.columns, header_row=None,  # type: ignore[attr-defined]
                                    page=page.number))
        pre.table, pre.row, pre.column = tables[raw.table], raw.row, raw.column
    pre.links = _links_of([word for line in raw.lines for word in line.words], page)
    return pre


def _from_tags(tree: Any, by_mcid: dict, pages: list[Page], doc: Document) -> list[_Pre]:
    reader = TagReader(by_mcid)
    reader.run(tree.root)
    by_number = {page.number: page for page in pages}
    leading = leading_ratio(pages)
    size, bold = body_style(pages)
    out: list[_Pre] = []
    first_pre: list[int] = []  # tag block -> the index of its first prepared piece
    for block in reader.blocks:
        first_pre.append(len(out))
        number = block.words[0][0] + 1
        words = [word for _, word in block.words]
        page = by_number.get(number)
        if block.kind == PARAGRAPH and page is not None and len(words) > 40:
            # A long "paragraph" tag may hold whole pages (poor tags): split it where the geometry does.
            raws = []
            for number_, on_page in _by_page(block.words):
                page_ = by_number.get(number_)
                if page_ is not None:
                    raws += [(page_, raw) for raw in group_lines(page_, build_lines(page_, on_page), leading,
                                                                 size, bold)]
            if len(raws) > 1:
                for page_, raw in raws:
                    pre = _pre_from_raw(raw, page_, doc, {})
                    pre.level = None  # a heading the tags did not mark: its level is a guess
                    out.append(pre)
                continue
        pre = _Pre(block.kind, number, _line_texts(words), block.level, block.marker, words[0].size,
                   words[0].bold, block.table, block.row, block.column, block.title)
        for link_words, target in block.links:
            if link_words:
                if target is None and page is not None and link_words[0].link is not None:
                    target = page.links[link_words[0].link].target
                pre.links.append((join_lines(_line_texts(link_words)), target or ""))
        out.append(pre)
    for table in reader.tables:
        doc.tables.append(Table(rows=table.rows, columns=table.columns, header_row=table.header,
                                page=(table.page + 1) if table.page is not None else None))
    # Figures: the block they come before, fixed up in _fill by block order.
    doc.images = [Image(alt=f.alt, page=(f.page + 1) if f.page is not None else None,
                        block=first_pre[f.block] if f.block < len(first_pre) else len(out))
                  for f in reader.figures]
    for index, table in enumerate(reader.tables):
        doc.tables[index].first_block = table.first_block
    return out


def _by_page(words: list[tuple[int, Word]]) -> list[tuple[int, list[Word]]]:
    """Runs of words on one page: (page number, words)."""
    out: list[tuple[int, list[Word]]] = []
    for index, word in words:
        if not out or out[-1][0] != index + 1:
            out.append((index + 1, []))
        out[-1][1].append(word)
    return out


def _fill(doc: Document, pres: list[_Pre], limits: Limits) -> None:
    """Blocks from the prepared pieces: text, section, paragraph numbers, links; within the text limit."""
    meta = doc.meta
    section: str | None = None
    used = 0
    counts: dict[int, int] = {}  # page -> paragraphs on it so far
    index_of: dict[int, int] = {}  # prepared piece -> block index
    first_cells: dict[int, int] = {}
    for number, pre in enumerate(pres):
        text = join_lines(pre.lines)
        if pre.marker and text.startswith(pre.marker):
            text = text[len(pre.marker):].lstrip()
        if not text:
            continue
        if used + len(text) > limits.max_text_chars:
            text = text[: max(0, limits.max_text_chars - used)]
            meta.extra["truncated"] = True
            if not text:
                break
        used += len(text)
        counts[pre.page] = paragraph = counts.get(pre.page, 0) + 1  # tags may go back to an earlier page
        if pre.kind == HEADING and not pre.title:
            section = text
        facts: dict[str, Any] = {"font_size": pre.size, "bold": pre.bold, "lines": len(pre.lines)}
        if pre.marker:
            facts["marker"] = pre.marker
        if pre.title:
            facts["title"] = True
        if paragraph == 1 and pre.kind == PARAGRAPH and text[:1].islower() and doc.blocks:
            last = doc.blocks[-1]
            if last.page == pre.page - 1 and last.kind in (PARAGRAPH, LIST_ITEM) and not _ends(last.text):
                facts["continues_previous_page"] = True  # a sentence runs over the page break
        index_of[number] = len(doc.blocks)
        if pre.table is not None and pre.table not in first_cells:
            first_cells[pre.table] = len(doc.blocks)
        after = 0
        for link_text, target in pre.links:
            link_text = link_text.rstrip(".,;:!?")  # a word under the link's edge: "here." -> "here"
            glued = link_text.replace(" ", "")
            if glued != link_text and glued and _address_of(glued, target) and link_text in text:
                text = text.replace(link_text, glued, 1)  # an address broken over two lines
                link_text = glued
            at = text.find(link_text, after) if link_text else -1
            if at >= 0:
                doc.links.append(Link(link_text, target, len(doc.blocks), at, at + len(link_text)))
                after = at + len(link_text)
        doc.blocks.append(Block(
            text=text, kind=pre.kind, level=pre.level, section=section, page=pre.page, paragraph=paragraph,
            table=pre.table, row=pre.row, column=pre.column, facts=facts,
        ))
    for index, table in enumerate(doc.tables):
        table.first_block = first_cells.get(index)
        if table.first_block is not None:
            block = doc.blocks[table.first_block]
            table.paragraph, table.section = block.paragraph, block.section
    for image in doc.images:
        if image.block is not None:  # the prepared piece after the figure -> its block
            later = [index_of[k] for k in index_of if k >= image.block]
            image.block = min(later) if later else (len(doc.blocks) - 1 if doc.blocks else None)
        if image.block is not None and image.block < len(doc.blocks):
            block = doc.blocks[image.block]
            image.page = image.page or block.page
            image.section = block.section


def _address_of(text: str, target: str) -> bool:
    """Is the text the link's own address (perhaps without "https://" or "mailto:")?"""
    bare = re.sub(r"^(?:https?://|mailto:)", "", target.strip(), flags=re.I).rstrip("/")
    return bool(bare) and re.sub(r"^(?:https?://|mailto:)", "", text, flags=re.I).rstrip("/") == bare


def _ends(text: str) -> bool:
    return text.rstrip()[-1:] in ".!?…" if text.strip() else False
