"""Inline content of a paragraph: runs and their text, links, fields, deleted and hidden text.

Every ``w:r`` is counted, read or not, so that run numbers follow the contract in ``anchors.py``.
"""

from __future__ import annotations

from plainspeak.extract.docx.anchors import count_runs
from plainspeak.extract.docx.fields import _Field, _field_link
from plainspeak.extract.docx.names import (
    MC_ALTERNATECONTENT,
    MC_CHOICE,
    MC_FALLBACK,
    R_ID,
    W_ANCHOR,
    W_BR,
    W_CR,
    W_DEL,
    W_DRAWING,
    W_ENDNOTEREFERENCE,
    W_FLDCHAR,
    W_FLDCHARTYPE,
    W_FLDSIMPLE,
    W_FOOTNOTEREFERENCE,
    W_HYPERLINK,
    W_ID,
    W_INSTR,
    W_INSTRTEXT,
    W_MOVEFROM,
    W_NOBREAKHYPHEN,
    W_OBJECT,
    W_PICT,
    W_PPR,
    W_PTAB,
    W_R,
    W_RPR,
    W_RSTYLE,
    W_SDT,
    W_SDTCONTENT,
    W_T,
    W_TAB,
    W_VAL,
    _INLINE_WRAPPERS,
    _RPROPS,
    _TEXT_SPECIAL,
    _TEXT_TABLE,
)
from plainspeak.extract.docx.styles import _prop_value

class _Para:
    """Collects the text of one paragraph and what sits in it."""

    __slots__ = ("parts", "pos", "spans", "links", "flinks", "images", "boxes", "nrun", "pkey",
                 "bold", "caps", "size", "ul", "any", "notes", "anchor")

    def __init__(self, pkey, anchor: str | None = None):
        self.anchor = anchor  # Block.anchor of the paragraph (see anchors.py)
        self.parts: list = []
        self.pos = 0
        self.spans: list = []  # [start, end, run index]
        self.links: list = []  # (start, end, target)
        self.flinks: list = []  # [start, end, target, field] from HYPERLINK fields
        self.images: list = []
        self.boxes: list = []
        self.nrun = 0
        self.pkey = pkey
        self.bold = True
        self.caps = True
        self.size = None
        self.ul = False
        self.any = False
        self.notes: list = []  # (kind, id) of note references


class RunReader:
    """The inline half of the reader: runs, links, fields and their text (mixed into Reader)."""

    def _inline(self, el, b: _Para, link, hidden: bool) -> None:
        """Read the inline content of a paragraph (or of a wrapper inside it).

        ``link`` is the target of the w:hyperlink we are in (None outside
        links); ``hidden`` is True for content Word does not show (deleted
        text, the Fallback of mc:AlternateContent): its runs are counted but
        give no text.
        """
        for c in el:
            tag = c.tag
            if tag == W_R:
                self._run(c, b, link, hidden)
            elif tag == W_HYPERLINK:
                target = self._hyperlink_target(c)
                start = b.pos
                self._inline(c, b, target, hidden)
                if not hidden and b.pos > start:
                    b.links.append((start, b.pos, target))
            elif tag in _INLINE_WRAPPERS:
                self._inline(c, b, link, hidden)
            elif tag == W_SDT:
                content = c.find(W_SDTCONTENT)
                if content is not None:
                    self._inline(content, b, link, hidden)
            elif tag == W_DEL or tag == W_MOVEFROM:
                self._inline(c, b, link, True)
            elif tag == W_FLDSIMPLE:
                target = _field_link(c.get(W_INSTR) or "")
                start = b.pos
                self._inline(c, b, target if target is not None else link, hidden)
                if target is not None and not hidden and b.pos > start:
                    b.links.append((start, b.pos, target))
            elif tag == MC_ALTERNATECONTENT:
                choice = c.find(MC_CHOICE)
                for part in c:
                    if part.tag == MC_CHOICE and part is choice:
                        self._inline(part, b, link, hidden)
                    elif part.tag == MC_FALLBACK and choice is None:
                        self._inline(part, b, link, hidden)
                    else:
                        self._inline(part, b, link, True)
            elif tag == W_PPR:
                continue
            elif len(c):
                # math, ruby and anything we do not read: keep the run count right
                b.nrun += count_runs(c)

    def _hyperlink_target(self, h) -> str:
        rid = h.get(R_ID)
        anchor = h.get(W_ANCHOR)
        target = ""
        if rid:
            rel = self.rels.get(rid) if self.rels is not None else None
            if rel is not None:
                try:
                    target = rel.target_ref
                except Exception:
                    target = ""
        if anchor:
            target = f"{target}#{anchor}"
        return target

    def _run(self, r, b: _Para, link, hidden: bool) -> None:
        index = b.nrun
        b.nrun += 1
        if hidden:
            if len(r):
                b.nrun += count_runs(r)
            return
        self._run_content(r, r.find(W_RPR), index, b, link, None)

    def _props(self, rpr, b: _Para) -> dict:
        """Effective run properties: direct formatting over styles over defaults."""
        if rpr is None:
            return self.styles.run_base(b.pkey, None)
        rsid = None
        sig = []
        for c in rpr:
            tag = c.tag
            if tag == W_RSTYLE:
                rsid = c.get(W_VAL)
            elif tag in _RPROPS:
                sig.append((tag, c.get(W_VAL)))
        key = (b.pkey, rsid, tuple(sig))
        props = self._props_cache.get(key)
        if props is None:
            props = dict(self.styles.run_base(b.pkey, rsid))
            for tag, val in sig:
                name = _RPROPS[tag]
                props[name] = _prop_value(name, val)
            self._props_cache[key] = props
        return props

    def _run_content(self, container, rpr, index: int, b: _Para, link, props) -> dict | None:
        for c in container:
            tag = c.tag
            if tag == W_RPR:
                continue
            if tag == W_T:
                if self.instr_depth:
                    continue
                piece = c.text
                if not piece:
                    continue
                if _TEXT_SPECIAL.search(piece) is not None:
                    piece = piece.translate(_TEXT_TABLE)
            elif tag == W_TAB or tag == W_PTAB:
                piece = " "
            elif tag == W_BR or tag == W_CR:
                piece = "\n"
            elif tag == W_NOBREAKHYPHEN:
                piece = "-"
            elif tag == W_FLDCHAR:
                self._fld_char(c.get(W_FLDCHARTYPE))
                continue
            elif tag == W_INSTRTEXT:
                if self.fields and self.fields[-1].instr and c.text:
                    self.fields[-1].parts.append(c.text)
                continue
            elif tag == W_DRAWING:
                self._drawing(c, b, index)
                continue
            elif tag == W_PICT:
                self._vml(c, b, index)
                continue
            elif tag == W_FOOTNOTEREFERENCE:
                b.notes.append(("footnotes", c.get(W_ID)))
                continue
            elif tag == W_ENDNOTEREFERENCE:
                b.notes.append(("endnotes", c.get(W_ID)))
                continue
            elif tag == MC_ALTERNATECONTENT:
                choice = c.find(MC_CHOICE)
                if choice is None:
                    choice = c.find(MC_FALLBACK)
                if choice is not None:
                    props = self._run_content(choice, rpr, index, b, link, props)
                continue
            else:
                if len(c) and tag != W_OBJECT:
                    b.nrun += count_runs(c)  # e.g. ruby text holds runs of its own
                continue
            if self.instr_depth:
                continue
            if props is None:
                props = self._props(rpr, b)
            if props.get("vanish"):
                continue
            self._emit(piece, index, b, link, props)
        return props

    def _emit(self, piece: str, index: int, b: _Para, link, props: dict) -> None:
        start = b.pos
        end = start + len(piece)
        b.parts.append(piece)
        b.pos = end
        spans = b.spans
        if spans and spans[-1][2] == index and spans[-1][1] == start:
            spans[-1][1] = end
        else:
            spans.append([start, end, index])
        field_link = None
        if self.fields:
            for f in reversed(self.fields):
                if f.link is not None:
                    field_link = f
                    break
            if field_link is not None:
                fl = b.flinks
                if fl and fl[-1][3] is field_link and fl[-1][1] == start:
                    fl[-1][1] = end
                else:
                    fl.append([start, end, field_link.link, field_link])
        if piece.isspace():
            return
        b.any = True
        if not props.get("b"):
            b.bold = False
        if not props.get("caps"):
            b.caps = False
        size = props.get("sz")
        if size is not None and (b.size is None or size < b.size):
            b.size = size
        if props.get("u") and link is None and field_link is None:
            b.ul = True

    def _fld_char(self, kind: str | None) -> None:
        fields = self.fields
        if kind == "begin":
            fields.append(_Field())
            self.instr_depth += 1
        elif kind == "separate":
            if fields and fields[-1].instr:
                f = fields[-1]
                f.instr = False
                self.instr_depth -= 1
                f.link = _field_link("".join(f.parts))
                f.parts = []
        elif kind == "end":
            if fields:
                f = fields.pop()
                if f.instr:
                    self.instr_depth -= 1
