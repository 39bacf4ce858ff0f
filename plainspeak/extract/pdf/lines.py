"""The text layer of a page, read with PDFium: words with their boxes, fonts and sizes, then lines.

PDFium (through pypdfium2) gives every character of a page in content order,
with the spaces and line breaks it infers from the positions. We split that
text into words and ask PDFium about the first and last character of each
word only (its position, size, weight and the text object it belongs to),
which is a few calls a word instead of several a character.

Words become lines: a word joins the line before it when it stands on the
same baseline, to its right, without a gap wider than about a character
width times four or a ruling line in between. Two lines on one baseline (two
table cells, a label and its answer) know they share a row.

Symbol glyphs are dropped: check boxes and the private-use characters of
symbol fonts (Wingdings), except those Word uses for bullets, which become
"•".
"""

from __future__ import annotations

import ctypes
import math
import re
from dataclasses import dataclass, field
from typing import Any

TRANSLATE = str.maketrans({
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
    "\t": " ", "\r": " ", "\x0b": " ", "\x0c": " ", "\u2028": " ", "\u2029": " ", "\x02": "-",
    "\x00": None, "\ufeff": None, "\u200b": None, "\ufffe": "-", "\uffff": None,
    # Symbol-font bullets from Word (Wingdings/Symbol in the private use area).
    "\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf0fc": "✓", "\uf076": "❖", "\uf0a8": "•",
    # Check boxes and other form symbols carry no words.
    "☐": None, "☑": None, "☒": None, "❑": None, "❒": None, "⬜": None, "\u20de": None, "⭘": None, "◯": None,
    "❍": None, "⚪": None, "⚫": None, "◉": None, "🗸": None,
})
# Other private-use characters are symbol-font glyphs with no meaning as text.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demibold|,bd|-bd|extrabold", re.I)
_MARKER_ONLY = re.compile(r"^(?:[•●○◦▪▫■□‣⁃∙·►▶➢➤✓✔❖★\-–—*]|\(?\d{1,2}[.)]|\(?[a-zA-Z][.)]|\(?[ivxIVX]{1,4}[.)])$")


_FILL_IN = re.compile(r"_{3,}")  # lines to write on, in a form (dot leaders stay: contents lines)


def clean(text: str) -> str:
    return _PRIVATE_USE.sub("", text.translate(TRANSLATE))


def clean_word(word: str) -> str:
    """A word as text: symbols dropped; a form's fill-in line ("______ / ______") is dropped whole."""
    word = clean(word)
    if "___" in word:
        rest = _FILL_IN.sub("", word)
        if not any(ch.isalnum() for ch in rest):
            return ""
        word = rest
    return word


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    v: float  # baseline, as a distance down the page
    size: float
    bold: bool
    mcid: int = -1  # marked-content id (tagged PDFs), -1 for none, ARTIFACT for page furniture
    link: int | None = None  # index into Page.links


@dataclass(slots=True)
class Line:
    text: str
    v: float | None = None  # distance down the page; None when unknown
    x: float | None = None  # where the line starts, along the reading direction
    size: float = 0.0  # font size in points, as drawn
    bold: bool = False
    orientation: int = 0
    right: float | None = None  # where the line ends
    same_row: bool = False  # on the baseline of the line before (another cell, another column)
    words: list[Word] = field(default_factory=list)


@dataclass(slots=True)
class PageLink:
    target: str
    box: tuple[float, float, float, float]  # left, top, right, bottom as distances down the page


@dataclass(slots=True)
class Page:
    number: int
    lines: list[Line] = field(default_factory=list)
    geometry: bool = True
    source: Any = None  # the pypdf page, until we know whether it is a scan
    height: float = 842.0
    width: float = 595.0
    h_rules: list[tuple[float, float, float]] = field(default_factory=list)  # (x0, x1, v)
    v_rules: list[tuple[float, float, float]] = field(default_factory=list)  # (x, v0, v1)
    links: list[PageLink] = field(default_factory=list)
    kind: str | None = None  # for a page with no text: "scan", "outlines", "picture" or "blank"


# PDFium replaces a hyphen at a line end with U+FFFE and drops the line break: keep the
# hyphen and end the word there, so the line break comes back.
ARTIFACT = -2  # Word.mcid of text marked as an artifact: running headers, page numbers

_WORD = re.compile("[^\\s\ufffe]+\ufffe?|\ufffe")


class _Fonts:
    """Bold and marked-content id per text object, asked once per object."""

    def __init__(self, raw: Any, textpage: Any) -> None:
        self.raw = raw
        self.textpage = textpage
        self.cache: dict[int, tuple[bool, int, float]] = {}
        self.name = ctypes.create_string_buffer(128)
        self.flags = ctypes.c_int()
        self.matrix = raw.FS_MATRIX()
        self.mark_name = (ctypes.c_ushort * 32)()
        self.mark_length = ctypes.c_ulong()

    def _artifact(self, obj: Any) -> bool:
        """Is the object marked as an artifact (page furniture: a running header, a page number)?"""
        raw = self.raw
        for i in range(min(raw.FPDFPageObj_CountMarks(obj), 8)):
            mark = raw.FPDFPageObj_GetMark(obj, i)
            if mark and raw.FPDFPageObjMark_GetName(mark, self.mark_name, 64, ctypes.byref(self.mark_length)):
                if bytes(self.mark_name)[: max(0, self.mark_length.value - 2)].decode("utf-16-le", "replace") \
                        == "Artifact":
                    return True
        return False

    def style(self, index: int) -> tuple[bool, int, float]:
        """(bold, marked-content id, font size as drawn) of the character's text object."""
        raw = self.raw
        obj = raw.FPDFText_GetTextObject(self.textpage, index)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        found = self.cache.get(key)
        if found is None:
            bold = raw.FPDFText_GetFontWeight(self.textpage, index) >= 600
            if not bold and raw.FPDFText_GetFontInfo(self.textpage, index, self.name, 128, ctypes.byref(self.flags)):
                name = self.name.value.decode("latin-1", "replace")
                bold = bool(_BOLD_NAME.search(name)) or bool(self.flags.value & (1 << 18))
            mcid = raw.FPDFPageObj_GetMarkedContentID(obj) if key else -1
            if mcid < 0 and key and self._artifact(obj):
                mcid = ARTIFACT
            # The size set with Tf, scaled by the text and page matrices ("1 Tf" with a 10.98 matrix).
            size = raw.FPDFText_GetFontSize(self.textpage, index)
            if raw.FPDFText_GetMatrix(self.textpage, index, ctypes.byref(self.matrix)):
                scale = math.hypot(self.matrix.c, self.matrix.d)
                if math.isfinite(scale) and scale > 0:
                    size *= scale
            found = self.cache[key] = (bold, mcid, round(size * 2) / 2 if math.isfinite(size) else 0.0)
        return found


def page_words(raw: Any, page: Any, height: float) -> list[Word]:
    """The words of a PDFium page, in content order."""
    textpage = raw.FPDFText_LoadPage(page)
    if not textpage:
        return []
    try:
        count = raw.FPDFText_CountChars(textpage)
        if count <= 0:
            return []
        buffer = (ctypes.c_ushort * (count + 1))()
        got = raw.FPDFText_GetText(textpage, 0, count, buffer)
        text = bytes(buffer)[: max(0, got - 1) * 2].decode("utf-16-le", "replace")
        if len(text) != count:  # characters outside the basic plane: ask one by one
            text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i)) for i in range(count))
        fonts = _Fonts(raw, textpage)
        x, y = ctypes.c_double(), ctypes.c_double()
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        words = []
        seen: set[tuple[str, int, int]] = set()
        dropped = False
        for found in _WORD.finditer(text):
            word = clean_word(found.group())
            first, last = found.start(), found.end() - 1
            if dropped and not any(ch.isalnum() for ch in word):
                word = ""  # the "/" between fill-in lines: "____ / ____ / ____"
            dropped = not word.strip()
            if dropped:
                if words:  # a dropped symbol or fill-in line: its place joins the word before it
                    raw.FPDFText_GetCharBox(textpage, last, left, right, bottom, top)
                    if abs((height - bottom.value) - words[-1].v) < 2 * (words[-1].size or 10.0):
                        words[-1].x1 = max(words[-1].x1, right.value)
                continue
            if text[last] == "\ufffe" and last > first:
                last -= 1
            raw.FPDFText_GetCharOrigin(textpage, first, x, y)
            x0, base = x.value, y.value
            raw.FPDFText_GetCharBox(textpage, last, left, right, bottom, top)
            bold, mcid, size = fonts.style(first)
            key = (word, round(x0), round(base))
            if key in seen:
                continue  # the same word drawn twice in one place (a shadow, or fake bold)
            seen.add(key)
            words.append(Word(" ".join(word.split()), x0, max(right.value, x0), height - base, size, bold, mcid))
        return words
    finally:
        raw.FPDFText_ClosePage(textpage)


def _rule_between(page: Page, x0: float, x1: float, v: float) -> bool:
    return any(x0 - 1 <= x <= x1 + 1 and v0 - 2 <= v <= v1 + 2 for x, v0, v1 in page.v_rules)


def build_lines(page: Page, words: list[Word]) -> list[Line]:
    """Words into lines, in content order."""
    lines: list[Line] = []
    cur: Line | None = None
    for word in words:
        size = word.size or 10.0
        if cur is not None:
            last = cur.words[-1]
            same_base = abs(word.v - last.v) <= 0.4 * max(size, last.size or size)
            gap = word.x0 - last.x1
            joins = same_base and gap >= -0.5 * size and (
                gap <= 1.1 * max(size, last.size or size) or _MARKER_ONLY.match(cur.text) is not None
            ) and not (gap > 0.45 * size and page.v_rules and _rule_between(page, last.x1, word.x0, word.v))
            if joins:
                cur.words.append(word)
                cur.text += " " + word.text
                cur.right = word.x1
                continue
        same_row = cur is not None and abs(word.v - cur.words[-1].v) <= 0.4 * size and word.x0 > cur.words[-1].x1
        cur = Line(word.text, v=word.v, x=word.x0, right=word.x1, same_row=same_row, words=[word])
        lines.append(cur)
    for line in lines:
        weights: dict[tuple[float, bool], int] = {}
        for word in line.words:
            key = (word.size, word.bold)
            weights[key] = weights.get(key, 0) + len(word.text)
        line.size, line.bold = max(weights, key=weights.__getitem__)
        line.v = max(word.v for word in line.words)  # the lowest baseline: superscripts sit higher
    return lines


# ---------------------------------------------------------------------------
# Ruling lines, links and what a page with no text shows


def page_objects(raw: Any, page: Any, height: float) -> tuple[list[tuple], int]:
    """Bounds of the page's drawn objects: (type, left, top, right, bottom, segments), and the count read."""
    out: list[tuple] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))

    def walk(count: int, get: Any, depth: int) -> None:
        for i in range(min(count, 20_000 - len(out))):
            obj = get(i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_TEXT:
                continue  # the text layer is read with the text page
            if kind == raw.FPDF_PAGEOBJ_FORM and depth < 4:
                walk(raw.FPDFFormObj_CountObjects(obj), lambda k, o=obj: raw.FPDFFormObj_GetObject(o, k), depth + 1)
                continue
            if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                continue
            segments = raw.FPDFPath_CountSegments(obj) if kind == raw.FPDF_PAGEOBJ_PATH else 0
            out.append((kind, left.value, height - top.value, right.value, height - bottom.value, segments))

    walk(raw.FPDFPage_CountObjects(page), lambda k: raw.FPDFPage_GetObject(page, k), 0)
    return out, len(out)


def find_rules(page: Page, objects: list[tuple], path_type: int) -> None:
    """Thin filled boxes and the edges of boxes, as horizontal and vertical ruling lines."""
    for kind, x0, v0, x1, v1, segments in objects:
        if kind != path_type:
            continue
        w, h = x1 - x0, v1 - v0
        if h <= 2.5 and w >= 8:
            page.h_rules.append((x0, x1, (v0 + v1) / 2))
        elif w <= 2.5 and h >= 6:
            page.v_rules.append(((x0 + x1) / 2, v0, v1))
        elif 4 <= segments <= 6 and w >= 8 and h >= 6:  # a rectangle: a cell box
            page.h_rules += [(x0, x1, v0), (x0, x1, v1)]
            page.v_rules += [(x0, v0, v1), (x1, v0, v1)]


def drop_underlines(page: Page) -> None:
    """A thin line just under a line of text underlines it (a link, usually); it is no ruling line."""
    if not page.h_rules:
        return
    kept = []
    for rule in page.h_rules:
        x0, x1, v = rule
        under = any(
            line.v is not None and line.x is not None and line.v - 1 <= v <= line.v + 0.4 * (line.size or 10.0)
            and line.x - 2 <= x0 and x1 <= (line.right or line.x) + 2
            for line in page.lines
        )
        if not under:
            kept.append(rule)
    page.h_rules = kept


def read_links(raw: Any, document: Any, page: Any, height: float) -> list[PageLink]:
    """Link annotations that open a web address or an e-mail address, with their boxes."""
    links = []
    position = ctypes.c_int(0)
    link = raw.FPDF_LINK()
    rect = raw.FS_RECTF()
    while len(links) < 2000 and raw.FPDFLink_Enumerate(page, ctypes.byref(position), ctypes.byref(link)):
        action = raw.FPDFLink_GetAction(link)
        if not action or raw.FPDFAction_GetType(action) != raw.PDFACTION_URI:
            continue
        size = raw.FPDFAction_GetURIPath(document, action, None, 0)
        if size <= 1 or size > 4000:
            continue
        buffer = ctypes.create_string_buffer(size)
        raw.FPDFAction_GetURIPath(document, action, buffer, size)
        target = buffer.value.decode("utf-8", "replace").strip()
        if not target or not raw.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
            continue
        top, bottom = sorted((height - rect.top, height - rect.bottom))
        links.append(PageLink(target, (min(rect.left, rect.right), top, max(rect.left, rect.right), bottom)))
    return links


def mark_links(page: Page, words: list[Word]) -> None:
    for index, link in enumerate(page.links):
        left, top, right, bottom = link.box
        for word in words:
            middle = (word.x0 + word.x1) / 2
            if left - 1 <= middle <= right + 1 and top - 2 <= word.v - 0.3 * word.size <= bottom + 2:
                word.link = index


def kind_of_empty_page(objects: list[tuple], raw: Any, width: float, height: float) -> str:
    """What a page with no text shows: "scan", "outlines", "picture" or "blank"."""
    area = max(width * height, 1.0)
    image_area = 0.0
    paths = segments = 0
    for kind, x0, v0, x1, v1, count in objects:
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            w = max(0.0, min(x1, width) - max(x0, 0.0))
            h = max(0.0, min(v1, height) - max(v0, 0.0))
            image_area += w * h
        elif kind == raw.FPDF_PAGEOBJ_PATH:
            paths += 1
            segments += count
    if image_area >= 0.5 * area:
        return "scan"
    if paths and segments >= 300:
        return "outlines"  # letters drawn as shapes: hundreds of curve pieces, and no text
    if image_area > 0:
        return "picture"
    return "blank"
