"""Paragraph and run styles: headings, lists, bold, size, capitals, hidden text and language, through
``basedOn`` chains and the document defaults.
"""

from __future__ import annotations

from plainspeak.extract.docx.names import (
    W_BASEDON,
    W_DEFAULT,
    W_DOCDEFAULTS,
    W_ILVL,
    W_LANG,
    W_NAME,
    W_NUMID,
    W_NUMPR,
    W_OUTLINELVL,
    W_PPR,
    W_RPR,
    W_RPRDEFAULT,
    W_STYLE,
    W_STYLEID,
    W_TYPE,
    W_VAL,
    _HEADING_NAME,
    _RPROPS,
    _int,
    _on,
)


def _rprops(rpr) -> dict:
    """The run properties we care about that ``rpr`` sets."""
    out = {}
    if rpr is None:
        return out
    for child in rpr:
        key = _RPROPS.get(child.tag)
        if key is not None:
            out[key] = _prop_value(key, child.get(W_VAL))
    return out


def _prop_value(key: str, val: str | None):
    if key == "sz":
        n = _int(val)
        return n / 2 if n is not None and n > 0 else None
    if key == "u":
        return val is None or val.lower() != "none"
    return _on(val)


class _PStyle:
    __slots__ = ("id", "name", "heading", "title", "numid", "ilvl", "list_name")

    def __init__(self):
        self.id = None
        self.name = None
        self.heading = None  # 1-9 or None
        self.title = False
        self.numid = None  # numId from the style chain
        self.ilvl = None
        self.list_name = False  # a "List ..." style


class _Styles:
    def __init__(self, root, babelfish):
        self.by_id: dict = {}
        self.default_para = None
        self.defaults: dict = {}
        self.language = None
        self._ui = babelfish.internal2ui
        self._para: dict = {}
        self._run: dict = {}
        if root is None:
            return
        for s in root.iterchildren(W_STYLE):
            sid = s.get(W_STYLEID)
            if sid is None:
                continue
            self.by_id.setdefault(sid, s)
            if self.default_para is None and s.get(W_TYPE, "paragraph") == "paragraph" and s.get(W_DEFAULT) is not None \
                    and _on(s.get(W_DEFAULT)):
                self.default_para = sid
        rpr = root.find(f"{W_DOCDEFAULTS}/{W_RPRDEFAULT}/{W_RPR}")
        if rpr is not None:
            self.defaults = _rprops(rpr)
            self.language = _lang(rpr)
        if not self.language and self.default_para is not None:
            self.language = _lang(self.by_id[self.default_para].find(W_RPR))

    def _chain(self, sid):
        out = []
        seen = set()
        while sid is not None and sid not in seen and len(out) < 32:
            s = self.by_id.get(sid)
            if s is None:
                break
            seen.add(sid)
            out.append(s)
            based = s.find(W_BASEDON)
            sid = based.get(W_VAL) if based is not None else None
        return out

    def para_key(self, sid):
        """Word falls back to the default paragraph style for a missing or unknown style."""
        if sid is None or sid not in self.by_id:
            return self.default_para
        return sid

    def para(self, key) -> _PStyle:
        ps = self._para.get(key)
        if ps is not None:
            return ps
        ps = _PStyle()
        ps.id = key
        chain = self._chain(key)
        heading_done = False
        for s in chain:
            name_el = s.find(W_NAME)
            name = (name_el.get(W_VAL) or "") if name_el is not None else ""
            low = name.strip().lower()
            if ps.name is None:
                ps.name = self._ui(name) if name else key
            if (low == "list" or low.startswith("list ")) and not low.startswith(("list paragraph", "list continue")):
                ps.list_name = True
            ppr = s.find(W_PPR)
            if not heading_done:
                m = _HEADING_NAME.match(low)
                if m:
                    ps.heading = int(m.group(1))
                    heading_done = True
                elif low == "title":
                    ps.heading, ps.title = 1, True
                    heading_done = True
                elif ppr is not None:
                    ol = ppr.find(W_OUTLINELVL)
                    if ol is not None:
                        lvl = _int(ol.get(W_VAL))
                        ps.heading = lvl + 1 if lvl is not None and 0 <= lvl <= 8 else None
                        heading_done = True
            if ppr is not None:
                numpr = ppr.find(W_NUMPR)
                if numpr is not None:
                    if ps.ilvl is None:
                        il = numpr.find(W_ILVL)
                        if il is not None:
                            ps.ilvl = _int(il.get(W_VAL))
                    if ps.numid is None:
                        nid = numpr.find(W_NUMID)
                        if nid is not None:
                            ps.numid = nid.get(W_VAL)
        if ps.name is None:
            ps.name = "Normal" if not self.by_id else key
        self._para[key] = ps
        return ps

    def run_base(self, pkey, rsid) -> dict:
        """Run properties from the document defaults, paragraph style and character style."""
        cache_key = (pkey, rsid)
        props = self._run.get(cache_key)
        if props is None:
            props = dict(self.defaults)
            for s in reversed(self._chain(pkey)):
                props.update(_rprops(s.find(W_RPR)))
            if rsid is not None:
                for s in reversed(self._chain(rsid)):
                    props.update(_rprops(s.find(W_RPR)))
            self._run[cache_key] = props
        return props


def _lang(rpr) -> str | None:
    if rpr is None:
        return None
    lang = rpr.find(W_LANG)
    if lang is None:
        return None
    return (lang.get(W_VAL) or "").strip() or None
