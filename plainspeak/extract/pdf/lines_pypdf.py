"""Fallback text layer with pypdf, for a file PDFium cannot open: lines with positions, fonts and sizes."""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

from plainspeak.extract.pdf.lines import Line, clean
from plainspeak.extract.pdf.opening import STREAM_LIMIT

_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demibold|,bd|-bd|extrabold", re.I)


class FontStyles:
    """Is a font bold? Cached per font dictionary."""

    def __init__(self) -> None:
        self._cache: dict[Any, bool] = {}

    def bold(self, font: Any) -> bool:
        if font is None:
            return False
        ref = getattr(font, "indirect_reference", None)
        key = (ref.idnum, ref.generation) if ref is not None else id(font)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._read(font)
        return found

    @staticmethod
    def _read(font: Any) -> bool:
        try:
            if _BOLD_NAME.search(str(font.get("/BaseFont", ""))):
                return True
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            if descriptor is None:
                return False
            descriptor = descriptor.get_object()
            weight = descriptor.get("/FontWeight")
            if weight is not None and float(weight) >= 600:
                return True
            flags = int(descriptor.get("/Flags", 0))
            return bool(flags & (1 << 18))  # ForceBold
        except Exception:
            return False


_IDENTITY = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]


def _mult(m: list[float], n: list[float]) -> list[float]:
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def page_lines(page: Any, styles: FontStyles) -> tuple[list[Line], str]:
    """The lines of one page, in content order, with their geometry.

    Returns the lines and the plain text pypdf built at the same time.
    """
    lines: list[Line] = []
    parts: list[str] = []
    # Per line: characters per (size, bold), first position.
    weights: Counter[tuple[float, bool]] = Counter()
    geom: list[Any] = [None]  # (v, x, orientation) of the current line

    def end_line() -> None:
        text = " ".join(clean("".join(parts)).split())
        if text:
            (size, bold), _ = weights.most_common(1)[0] if weights else ((0.0, False), 0)
            v, x, orientation = geom[0] if geom[0] is not None else (None, None, 0)
            lines.append(Line(text, v=v, x=x, size=size, bold=bold, orientation=orientation))
        else:
            lines.append(Line(""))  # a blank line: a paragraph break without geometry
        parts.clear()
        weights.clear()
        geom[0] = None

    def visit(text: str, cm: Any, tm: Any, font: Any, font_size: Any) -> None:
        if not text:
            return
        pieces = text.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                end_line()
            if not piece:
                continue
            parts.append(piece)
            visible = len(piece.strip())
            if not visible:
                continue
            try:
                m = _mult(_mult([float(a) for a in tm], [float(a) for a in cm]), forms[-1])
                scale = math.hypot(m[2], m[3])
                size = round(abs(float(font_size)) * scale * 2) / 2
            except Exception:
                m, size = None, 0.0
            weights[(size, styles.bold(font))] += visible
            if geom[0] is None and m is not None and all(math.isfinite(a) for a in m):
                if m[3] > 1e-6:
                    geom[0] = (-m[5], m[4], 0)
                elif m[3] < -1e-6:
                    geom[0] = (m[5], -m[4], 180)
                elif m[1] > 0:
                    geom[0] = (m[4], m[5], 90)
                else:
                    geom[0] = (-m[4], -m[5], 270)

    # Text inside a form XObject comes with positions in the form's own space;
    # keep the page transformation at each "Do" so we can place it on the page.
    forms: list[list[float]] = [_IDENTITY]
    pending: list[list[float] | None] = [None]

    def before(operator: bytes, operands: Any, cm: Any, tm: Any) -> None:
        if pending[0] is not None:  # the first operator inside the form
            forms.append(pending[0])
            pending[0] = None
        if operator == b"Do":
            try:
                pending[0] = _mult([float(a) for a in cm], forms[-1])
            except Exception:
                pending[0] = forms[-1]

    def after(operator: bytes, operands: Any, cm: Any, tm: Any) -> None:
        if operator == b"Do":
            if pending[0] is not None:
                pending[0] = None  # an image or an empty form
            elif len(forms) > 1:
                forms.pop()

    plain = page.extract_text(visitor_text=visit, visitor_operand_before=before, visitor_operand_after=after)
    end_line()
    return lines, plain


def has_geometry(lines: list[Line]) -> bool:
    placed = [line for line in lines if line.text and line.v is not None]
    if not placed:
        return False
    if len(placed) >= 3 and len({round(line.v, 1) for line in placed}) == 1:
        return False  # every line at one height: the positions mean nothing
    return len(placed) >= 0.8 * sum(1 for line in lines if line.text)


def lines_from_text(text: str) -> list[Line]:
    """Fallback: lines from pypdf's plain text, without geometry."""
    return [Line(" ".join(clean(line).split())) for line in text.split("\n")]


def page_has_image(page: Any) -> bool:
    """Does the page draw an image (an XObject image, possibly in a form, or an inline image)?"""
    try:
        if _resources_have_image(page.get("/Resources"), depth=0):
            return True
    except Exception:
        pass
    try:
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        return re.search(rb"(?:^|\s)BI\s", data[:STREAM_LIMIT]) is not None
    except Exception:
        return False


def _resources_have_image(resources: Any, depth: int) -> bool:
    if resources is None or depth > 3:
        return False
    resources = resources.get_object()
    xobjects = resources.get("/XObject")
    if xobjects is None:
        return False
    xobjects = xobjects.get_object()
    for index, name in enumerate(xobjects):
        if index > 200:
            break
        obj = xobjects[name].get_object()
        subtype = obj.get("/Subtype")
        if subtype == "/Image":
            return True
        if subtype == "/Form" and _resources_have_image(obj.get("/Resources"), depth + 1):
            return True
    return False


