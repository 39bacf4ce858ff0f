"""Pictures and text boxes: DrawingML (``w:drawing``) and old VML (``w:pict``).

Each picture becomes a ``DocxImage``: an ``Image`` that also says where the
picture itself sits (``anchor``, as ``Block.anchor``, and ``run``, the number
of the run that holds it; see anchors.py), so that ``plainspeak annotate`` can
put a comment on the picture and not on the text after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from plainspeak.extract.docx.names import (
    ADEC_DECORATIVE,
    A_BLIP,
    A_EXT,
    A_EXTLST,
    A_GRAPHICDATA,
    MC_ALTERNATECONTENT,
    MC_CHOICE,
    MC_FALLBACK,
    O_TITLE,
    PIC_PIC,
    R_EMBED,
    R_ID,
    R_LINK,
    V_IMAGEDATA,
    WP_DOCPR,
    W_TXBXCONTENT,
    _DECORATIVE_EXT,
    _GROUP_URIS,
    _PICTURE_URIS,
    _R,
    _V,
    _on,
)
from plainspeak.model import Image

if TYPE_CHECKING:
    from plainspeak.extract.docx.runs import _Para


@dataclass(slots=True)
class DocxImage(Image):
    """A picture in a Word file, with the place of the picture itself."""

    anchor: str | None = None  # the paragraph holding the picture ("body/N"; see anchors.py)
    run: int | None = None  # the number of the run holding it in that paragraph


def _find_boxes(el, out: list) -> None:
    """Text boxes below a drawing, reading only the Choice of mc:AlternateContent."""
    for c in el:
        tag = c.tag
        if tag == W_TXBXCONTENT:
            out.append(c)
        elif tag == MC_ALTERNATECONTENT:
            choice = c.find(MC_CHOICE)
            if choice is None:
                choice = c.find(MC_FALLBACK)
            if choice is not None:
                _find_boxes(choice, out)
        elif len(c):
            _find_boxes(c, out)


class DrawingReader:
    """Pictures (DrawingML and VML) of a paragraph (mixed into Reader)."""

    def _target(self, rid: str | None) -> str | None:
        if not rid or self.rels is None:
            return None
        rel = self.rels.get(rid)
        if rel is None:
            return None
        try:
            if rel.is_external:
                return rel.target_ref
            return str(rel.target_part.partname).lstrip("/")
        except Exception:
            return None

    def _image(self, b: _Para, image: Image) -> None:
        b.images.append(image)
        self.doc.images.append(image)

    def _drawing(self, d, b: _Para, run: int) -> None:
        for holder in d:  # wp:inline or wp:anchor
            _find_boxes(holder, b.boxes)
            gd = holder.find(A_GRAPHICDATA)
            if gd is None:
                continue
            uri = gd.get("uri")
            if uri not in _PICTURE_URIS and not (uri in _GROUP_URIS and next(gd.iter(PIC_PIC), None) is not None):
                continue
            docpr = holder.find(WP_DOCPR)
            alt = title = None
            decorative = False
            if docpr is not None:
                alt = docpr.get("descr")
                title = docpr.get("title") or None
                ext_list = docpr.find(A_EXTLST)
                if ext_list is not None:
                    for ext in ext_list.iterchildren(A_EXT):
                        if ext.get("uri") == _DECORATIVE_EXT:
                            dec = ext.find(ADEC_DECORATIVE)
                            decorative = dec is not None and _on(dec.get("val"))
            rid = None
            blip = next(gd.iter(A_BLIP), None)
            if blip is not None:
                rid = blip.get(R_EMBED) or blip.get(R_LINK)
            else:
                for el in gd.iter():
                    rid = el.get(R_ID) if isinstance(el.tag, str) else None
                    if rid:
                        break
            self._image(b, DocxImage(alt=alt, title=title, target=self._target(rid), decorative=decorative,
                                     anchor=b.anchor, run=run))

    def _vml(self, pict, b: _Para, run: int) -> None:
        """Old-style (VML) pictures and text boxes, outside mc:AlternateContent."""
        _find_boxes(pict, b.boxes)
        stack = list(reversed(pict))
        while stack:
            el = stack.pop()
            if el.tag == W_TXBXCONTENT:
                continue
            data = el.find(V_IMAGEDATA) if isinstance(el.tag, str) and el.tag.startswith(_V) else None
            if data is not None:
                alt = el.get("alt")
                title = data.get(O_TITLE) or None
                rid = data.get(R_ID) or data.get(_R + "href")
                self._image(b, DocxImage(alt=alt, title=title, target=self._target(rid), anchor=b.anchor, run=run))
                continue
            stack.extend(reversed(el))
