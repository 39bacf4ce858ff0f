"""The reader: walks the stories (body, headers and footers, notes) and makes one block a paragraph.

Inline content is read by ``runs.RunReader``, pictures by ``drawings.DrawingReader``.
"""

from __future__ import annotations

from lxml import etree

from plainspeak.extract.docx.anchors import part_anchor_name, story_paragraphs
from plainspeak.extract.docx.drawings import DrawingReader
from plainspeak.extract.docx.names import (
    DC_LANGUAGE,
    DC_TITLE,
    MC_ALTERNATECONTENT,
    MC_CHOICE,
    MC_FALLBACK,
    RT_CORE,
    RT_ENDNOTES,
    RT_FOOTNOTES,
    RT_STYLES,
    R_ID,
    W_BODY,
    W_ENDNOTE,
    W_FOOTERREFERENCE,
    W_FOOTNOTE,
    W_GRIDAFTER,
    W_GRIDBEFORE,
    W_GRIDCOL,
    W_GRIDSPAN,
    W_HEADERREFERENCE,
    W_HMERGE,
    W_ID,
    W_ILVL,
    W_NUMID,
    W_NUMPR,
    W_OUTLINELVL,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_SDT,
    W_SDTCONTENT,
    W_TBL,
    W_TBLGRID,
    W_TBLHEADER,
    W_TC,
    W_TCPR,
    W_TR,
    W_TRPR,
    W_TYPE,
    W_VAL,
    W_VMERGE,
    _BLOCK_WRAPPERS,
    _MAIN_TYPES,
    _SECTION_MAX,
    _docx,
    _int,
    _on,
)
from plainspeak.extract.docx.package import _related, _root
from plainspeak.extract.docx.runs import RunReader, _Para
from plainspeak.extract.docx.styles import _Styles
from plainspeak.extract.limits import Limits
from plainspeak.model import (
    FOOTER,
    FOOTNOTE,
    HEADER,
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    TABLE_CELL,
    TEXT_BOX,
    Block,
    Document,
    ExtractError,
    Link,
    Location,
    RunSpan,
    Table,
)


def _section_name(text: str) -> str:
    name = " ".join(text.split())
    if len(name) > _SECTION_MAX:
        name = name[: _SECTION_MAX - 1].rstrip() + "\u2026"
    return name




class _Ctx:
    """Where a block walk is: body (kind None), a text box, a header, footer or note."""

    __slots__ = ("kind", "count", "table", "host", "label", "facts")

    def __init__(self, kind=None, count=True, table=None, host=None, label=None, facts=None):
        self.kind = kind
        self.count = count  # body paragraphs are numbered
        self.table = table  # (table index, row, column)
        self.host = host  # text boxes: paragraph number of the host
        self.label = label  # section label of headers, footers and notes
        self.facts = facts


class Reader(RunReader, DrawingReader):
    """Reads the stories of a package (body, headers and footers, notes) into a Document."""
    def __init__(self, package, path: str, limits: Limits):
        _, self._xml_part, babelfish = _docx()
        self.package = package
        self.limits = limits
        self.doc = Document(path=path, format="docx")
        self.main = package.main_document_part
        styles_part = _related(self.main, RT_STYLES)
        styles_root = None
        if styles_part is not None:
            try:
                styles_root = _root(styles_part, self._xml_part)
            except etree.XMLSyntaxError:
                styles_root = None
        self.styles = _Styles(styles_root, babelfish)
        self.count = 0  # numbered body paragraphs so far
        self.section = None
        self.chars = 0
        self.pending: list = []  # images waiting for the next block
        self.note_refs: dict = {"footnotes": [], "endnotes": []}
        self._props_cache: dict = {}
        # the story being read
        self.rels = None
        self.p_index: dict = {}
        self.prefix = ""
        self.fields: list = []
        self.instr_depth = 0

    def read(self) -> Document:
        root = _root(self.main, self._xml_part)
        body = root.find(W_BODY)
        if body is None:
            raise ExtractError("the Word file is damaged: its main text has no body")
        kind = _MAIN_TYPES.get(self.main.content_type)
        if kind:
            self.doc.meta.extra["content_type"] = kind
        self._story(self.main, body, "body")
        self._walk(body, _Ctx())
        self._end_story()
        self._headers_footers(body)
        self._notes()
        self._meta()
        return self.doc

    def _story(self, part, root, prefix: str) -> None:
        self.rels = part.rels
        self.p_index = {p: i for i, p in enumerate(story_paragraphs(root))}
        self.prefix = prefix
        self.fields = []
        self.instr_depth = 0
        self.pending = []

    def _end_story(self) -> None:
        self.pending = []
        self.p_index = {}

    def _headers_footers(self, body) -> None:
        seen = set()
        for ref in body.iter(W_HEADERREFERENCE, W_FOOTERREFERENCE):
            rel = self.main.rels.get(ref.get(R_ID) or "")
            if rel is None or rel.is_external:
                continue
            part = rel.target_part
            name = str(part.partname)
            if name in seen:
                continue
            seen.add(name)
            try:
                root = _root(part, self._xml_part)
            except etree.XMLSyntaxError:
                continue
            header = ref.tag == W_HEADERREFERENCE
            which = {"first": "First page ", "even": "Even page "}.get(ref.get(W_TYPE) or "", "Page ")
            label = which + ("header" if header else "footer")
            self._story(part, root, part_anchor_name(name))
            self._walk(root, _Ctx(HEADER if header else FOOTER, False, label=label))
            self._end_story()

    def _notes(self) -> None:
        for key, reltype, tag, label in (
            ("footnotes", RT_FOOTNOTES, W_FOOTNOTE, "Footnote"),
            ("endnotes", RT_ENDNOTES, W_ENDNOTE, "Endnote"),
        ):
            refs = self.note_refs[key]
            if not refs:
                continue
            part = _related(self.main, reltype)
            if part is None:
                continue
            try:
                root = _root(part, self._xml_part)
            except etree.XMLSyntaxError:
                continue
            notes = {}
            for note in root.iterchildren(tag):
                if (note.get(W_TYPE) or "normal") == "normal":
                    notes.setdefault(note.get(W_ID), note)
            done = set()
            number = 0
            for nid, para in refs:
                if nid in done:
                    continue
                done.add(nid)
                number += 1
                note = notes.get(nid)
                if note is None:
                    continue
                facts = {"note": key[:-1], "reference_paragraph": para}
                self._story(part, note, f"{key}/{nid}")
                self._walk(note, _Ctx(FOOTNOTE, False, label=f"{label} {number}", facts=facts))
                self._end_story()

    def _meta(self) -> None:
        meta = self.doc.meta
        core = _related(self.package, RT_CORE)
        if core is not None:
            try:
                root = _root(core, self._xml_part)
            except etree.XMLSyntaxError:
                root = None
            if root is not None:
                el = root.find(DC_TITLE)
                if el is not None and el.text and el.text.strip():
                    meta.title = el.text.strip()
                el = root.find(DC_LANGUAGE)
                if el is not None and el.text and el.text.strip():
                    meta.language = el.text.strip()
        if meta.language is None:
            meta.language = self.styles.language

    def _walk(self, container, ctx: _Ctx) -> None:
        for child in container:
            tag = child.tag
            if tag == W_P:
                self._paragraph(child, ctx)
            elif tag == W_TBL:
                self._table(child, ctx)
            elif tag == W_SDT:
                content = child.find(W_SDTCONTENT)
                if content is not None:
                    self._walk(content, ctx)
            elif tag in _BLOCK_WRAPPERS:
                self._walk(child, ctx)
            elif tag == MC_ALTERNATECONTENT:
                choice = child.find(MC_CHOICE)
                if choice is None:
                    choice = child.find(MC_FALLBACK)
                if choice is not None:
                    self._walk(choice, ctx)

    def _table(self, tbl, ctx: _Ctx) -> None:
        record = ctx.kind is None
        index = None
        table = None
        if record:
            index = len(self.doc.tables)
            table = Table(rows=0, columns=0, header_row=False, section=self.section)
            self.doc.tables.append(table)
        rows = list(_children(tbl, W_TR))
        header = False
        width = 0
        for ri, tr in enumerate(rows):
            col = 0
            after = 0
            trpr = tr.find(W_TRPR)
            if trpr is not None:
                el = trpr.find(W_GRIDBEFORE)
                if el is not None:
                    col = max(0, min(_int(el.get(W_VAL), 0), 1000))
                el = trpr.find(W_GRIDAFTER)
                if el is not None:
                    after = max(0, min(_int(el.get(W_VAL), 0), 1000))
                if ri == 0:
                    el = trpr.find(W_TBLHEADER)
                    header = el is not None and _on(el.get(W_VAL))
            for tc in _children(tr, W_TC):
                span = 1
                covered = False
                tcpr = tc.find(W_TCPR)
                if tcpr is not None:
                    el = tcpr.find(W_GRIDSPAN)
                    if el is not None:
                        span = max(1, min(_int(el.get(W_VAL), 1), 1000))
                    for merge_tag in (W_VMERGE, W_HMERGE):
                        el = tcpr.find(merge_tag)
                        if el is not None and (el.get(W_VAL) or "continue") == "continue":
                            covered = True
                if not covered:
                    cell = (index, ri, col) if record else None
                    self._walk(tc, _Ctx(ctx.kind, ctx.count, cell, ctx.host, ctx.label, ctx.facts))
                col += span
            width = max(width, col + after)
        if record:
            table.rows = len(rows)
            if not width:
                grid = tbl.find(W_TBLGRID)
                width = len(grid.findall(W_GRIDCOL)) if grid is not None else 0
            table.columns = width
            table.header_row = header

    def _paragraph(self, p, ctx: _Ctx) -> None:
        ppr = p.find(W_PPR)
        psid = direct_outline = direct_numid = direct_ilvl = None
        if ppr is not None:
            for c in ppr:
                tag = c.tag
                if tag == W_PSTYLE:
                    psid = c.get(W_VAL)
                elif tag == W_NUMPR:
                    el = c.find(W_NUMID)
                    if el is not None:
                        direct_numid = el.get(W_VAL)
                    el = c.find(W_ILVL)
                    if el is not None:
                        direct_ilvl = _int(el.get(W_VAL))
                elif tag == W_OUTLINELVL:
                    direct_outline = _int(c.get(W_VAL), 9)
        pkey = self.styles.para_key(psid)
        anchor = f"{self.prefix}/{self.p_index.get(p, -1)}"
        b = _Para(pkey, anchor)
        self._inline(p, b, None, False)
        raw = "".join(b.parts)
        text = raw.strip()
        doc = self.doc

        if not text:
            for img in b.images:
                img.section = ctx.label if ctx.label else self.section
                self.pending.append(img)
            if not b.images and ctx.kind is None and ctx.table is None and ctx.count:
                outline = direct_outline if direct_outline is not None else None
                level = (outline + 1 if 0 <= outline <= 8 else None) if outline is not None \
                    else self.styles.para(pkey).heading
                if level is not None:  # an empty heading: no block, but Word's navigation shows it
                    where = Location(paragraph=self.count or None, section=self.section)
                    self.doc.empty_headings.append((where, ""))
            self._note_refs(b, None)
            self._boxes(b, ctx, None)
            return

        style = self.styles.para(pkey)
        if direct_outline is not None:
            heading = direct_outline + 1 if 0 <= direct_outline <= 8 else None
        else:
            heading = style.heading
        if direct_numid is not None:
            is_list = direct_numid != "0"
        elif style.numid is not None:
            is_list = style.numid != "0"
        else:
            is_list = style.list_name

        kind = ctx.kind
        if kind is None:
            if ctx.table is not None:
                kind = TABLE_CELL
            elif heading is not None:
                kind = HEADING
            elif is_list:
                kind = LIST_ITEM
            else:
                kind = PARAGRAPH

        if ctx.count:
            self.count += 1
            number = self.count
        else:
            number = ctx.host
        if kind == HEADING:
            self.section = _section_name(text)
        section = ctx.label if ctx.label else self.section

        facts = {
            "style": style.name,
            "bold": b.any and b.bold,
            "font_size": b.size,
            "underline_not_link": b.ul,
            "all_caps": b.any and b.caps,
        }
        if heading is not None:
            if kind != HEADING:
                facts["heading_level"] = heading
            if style.title and direct_outline is None:
                facts["title"] = True
        if is_list:
            if kind != LIST_ITEM:
                facts["list_item"] = True
            ilvl = direct_ilvl if direct_ilvl is not None else style.ilvl
            facts["list_level"] = (ilvl if ilvl is not None and 0 <= ilvl <= 8 else 0) + 1
        if ctx.facts:
            facts.update(ctx.facts)

        lead = len(raw) - len(raw.lstrip())
        n = len(text)
        runs = []
        for s, e, i in b.spans:
            s = max(s - lead, 0)
            e = min(e - lead, n)
            if e > s:
                runs.append(RunSpan(s, e, i))

        index = len(doc.blocks)
        block = Block(
            text=text,
            kind=kind,
            level=heading if kind == HEADING else None,
            section=section,
            paragraph=number,
            runs=tuple(runs),
            anchor=anchor,
            facts=facts,
        )
        if ctx.table is not None:
            block.table, block.row, block.column = ctx.table
            table = doc.tables[ctx.table[0]]
            if table.first_block is None:
                table.first_block = index
                table.paragraph = number
        doc.blocks.append(block)
        self.chars += n
        if self.chars > self.limits.max_text_chars:
            raise ExtractError(
                f"the document holds too much text (over {self.limits.max_text_chars:,} characters)"
            )

        for s, e, target, *_ in b.links + b.flinks:
            s = max(s - lead, 0)
            e = min(e - lead, n)
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                doc.links.append(Link(text=text[s:e], target=target, block=index, start=s, end=e))
        for img in self.pending:
            img.block, img.paragraph = index, number
        self.pending = []
        for img in b.images:
            img.block, img.paragraph, img.section = index, number, section
        self._note_refs(b, number)
        self._boxes(b, ctx, number)

    def _note_refs(self, b: _Para, number) -> None:
        if self.prefix != "body":
            return  # notes are referred to from the body only
        for key, nid in b.notes:
            self.note_refs[key].append((nid, number if number is not None else (self.count or None)))

    def _boxes(self, b: _Para, ctx: _Ctx, number) -> None:
        if not b.boxes:
            return
        if ctx.kind is None:
            host = number if number is not None else (self.count or None)
            box_ctx = _Ctx(TEXT_BOX, False, None, host)
        else:
            box_ctx = _Ctx(ctx.kind, False, None, ctx.host, ctx.label, ctx.facts)
        for box in b.boxes:
            self._walk(box, box_ctx)


def _children(el, tag: str):
    """Children of ``el`` with ``tag``, looking through content controls and custom XML."""
    for c in el:
        t = c.tag
        if t == tag:
            yield c
        elif t == W_SDT:
            content = c.find(W_SDTCONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif t in _BLOCK_WRAPPERS:
            yield from _children(c, tag)
