"""Read PDF files: the text of each page as located blocks, with the structure the author gave it.

Two engines, each for what it does best (measured on ten real service PDFs,
see benchmarks/pdf_speed.py):

* pypdf opens the file (checks, passwords, files cut short, limits on
  decompression), reads the metadata and walks the structure tree of a tagged
  PDF. These touch objects only, not page content, so they are quick.
* PDFium (through pypdfium2) reads the text layer: every word with its box,
  font size and weight, the marked-content id that ties it to a tag, link
  annotations, ruling lines and pictures. It does this about twenty times
  faster than pypdf's text extraction. If PDFium cannot open a file that
  pypdf can, pypdf's own text extraction is used instead.

Then, in named parts:

* ``opening``: opening the file, limits and plain error messages;
* ``metadata``: title, language, tagged or not;
* ``lines``: words and lines with PDFium, ruling lines, links, what a page
  with no text shows; ``lines_pypdf`` is the fallback;
* ``tags`` and ``tagblocks``: structure from tags when the PDF is tagged
  (headings with levels, paragraphs, list items, tables with header cells,
  figures with alt text, links), used when the tree covers most of the text;
* ``running``: running headers, footers and page numbers dropped;
* ``tables``: tables from ruling lines and aligned columns (untagged PDFs);
* ``blocks``: paragraphs, list items and headings from geometry;
* ``hyphens``: joining lines and undoing hyphenation.

Blocks are numbered per page: ``page`` and ``paragraph`` are both 1-based.
``Meta.extra`` may hold: ``structure`` ("tags" or "geometry"), ``marked`` and
``structure_tree``, ``encrypted``, ``repaired``, ``unreadable_pages`` with
``unreadable_reasons``, ``blank_pages``, ``outline_pages`` (text drawn as
shapes), ``picture_pages`` (a picture and no text), ``running_text_removed``,
``truncated``, ``pages_read`` and ``pdf_warnings``. ``Meta.scanned_pages``
lists pages that are a scan. ``Block.facts`` holds ``font_size``, ``bold``,
``lines``, ``marker`` and ``continues_previous_page``.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from plainspeak.extract.limits import Limits
from plainspeak.extract.pdf import assemble, lines_pypdf, opening
from plainspeak.extract.pdf.hyphens import KEEP_HYPHEN_PREFIXES, drop_line_end_hyphen, join_lines, known_word, word_list
from plainspeak.extract.pdf.lines import Page
from plainspeak.extract.pdf.metadata import read_meta
from plainspeak.extract.pdf.opening import DAMAGED, NOT_PDF
from plainspeak.model import Document, ExtractError, Meta

_PDFIUM_LOCK = threading.Lock()

__all__ = ["KEEP_HYPHEN_PREFIXES", "drop_line_end_hyphen", "extract", "join_lines", "known_word", "word_list"]


def extract(data: bytes, path: str, limits: Limits) -> Document:
    """Read a PDF file into a Document of located blocks.

    Raises ExtractError with one plain line for a file that cannot be read.
    """
    if not data:
        raise ExtractError("the file is empty")
    if b"%PDF-" not in data[:opening.HEADER_WINDOW]:
        raise ExtractError(NOT_PDF)

    import pypdf  # noqa: PLC0415  (only loaded when a PDF is met)

    logger = logging.getLogger("pypdf")
    level = logger.level
    collector = opening.WarningCollector(logger)
    logger.addHandler(collector)
    try:
        with pypdf.apply_configuration(**opening.configuration_overrides(pypdf)):
            doc = _extract(pypdf, data, path, limits)
    except ExtractError:
        raise
    except MemoryError:
        raise ExtractError(opening.TOO_MUCH_MEMORY) from None
    except Exception as exc:  # pypdf raises many kinds: PdfReadError, ValueError, KeyError, RecursionError...
        if isinstance(exc, pypdf.errors.DependencyError):
            raise ExtractError(opening.NEEDS_CRYPTOGRAPHY) from None
        raise ExtractError(opening.damaged_message(exc)) from None
    finally:
        logger.removeHandler(collector)
        logger.setLevel(level)
    if collector.messages:
        doc.meta.extra["pdf_warnings"] = collector.messages
    return doc


def _pdfium(data: bytes) -> Any:
    """The file opened with PDFium, or None when PDFium cannot open it."""
    try:
        import pypdfium2  # noqa: PLC0415

        return pypdfium2.PdfDocument(data)
    except Exception:
        return None


def _check_contents(page: Any) -> None:
    """Decode the page's content streams within pypdf's limits: a bomb or an unknown filter raises here."""
    contents = page.get("/Contents")
    if contents is None:
        return
    contents = contents.get_object()
    for stream in contents if isinstance(contents, list) else [contents]:
        stream.get_object().get_data()


def _extract(pypdf: Any, data: bytes, path: str, limits: Limits) -> Document:
    reader, encrypted, repaired, data = opening.open_reader(pypdf, data)
    meta = Meta()
    if encrypted:
        meta.extra["encrypted"] = True  # readable: only an owner password
    if repaired:
        meta.extra["repaired"] = "the end of the file is missing (it was cut short); plainspeak read what was there"
    count = opening.page_count(reader, limits)
    if count == 0:
        raise ExtractError(f"{DAMAGED} (it has no pages)")
    meta.pages = count
    read_meta(reader, meta)

    with _PDFIUM_LOCK:  # PDFium is not thread-safe: one file at a time in a process
        engine = _pdfium(data)
        try:
            pages, reasons = _read_pages(pypdf, reader, engine, count, limits, meta)
        finally:
            if engine is not None:
                engine.close()
    meta.extra["engine"] = "pdfium" if engine is not None else "pypdf"
    return assemble.document(reader, pages, reasons, meta, path, limits, repaired)


def _read_pages(pypdf: Any, reader: Any, engine: Any, count: int, limits: Limits,
                meta: Meta) -> tuple[list[Page], dict[int, str]]:
    from plainspeak.extract.pdf import lines as pdfium_lines  # noqa: PLC0415

    raw = None
    if engine is not None:
        import pypdfium2.raw as raw  # noqa: PLC0415
    styles = lines_pypdf.FontStyles()
    pages: list[Page] = []
    reasons: dict[int, str] = {}
    total = 0
    for index in range(count):
        number = index + 1
        if total > limits.max_text_chars:
            meta.extra["truncated"] = True
            meta.extra["pages_read"] = index  # pages 1 to index
            break
        try:
            source = reader.pages[index]
            _check_contents(source)
            if raw is not None:
                page = _pdfium_page(raw, engine, index, number, pdfium_lines)
            else:
                page = _pypdf_page(source, number, styles)
            page.source = source
        except Exception as exc:  # one broken page does not lose the others
            if isinstance(exc, (pypdf.errors.DependencyError, MemoryError)):
                raise
            reasons[number] = opening.plain_reason(exc) or "its content could not be read"
            continue
        total += sum(len(line.text) + 1 for line in page.lines)
        pages.append(page)
    return pages, reasons


def _pdfium_page(raw: Any, engine: Any, index: int, number: int, lines: Any) -> Page:
    handle = raw.FPDF_LoadPage(engine.raw, index)
    if not handle:
        raise ValueError("PDFium could not load the page")
    try:
        width, height = raw.FPDF_GetPageWidthF(handle), raw.FPDF_GetPageHeightF(handle)
        page = Page(number, width=width, height=height)
        words = lines.page_words(raw, handle, height)
        objects, _ = lines.page_objects(raw, handle, height)
        lines.find_rules(page, objects, raw.FPDF_PAGEOBJ_PATH)
        page.links = lines.read_links(raw, engine.raw, handle, height)
        if page.links:
            lines.mark_links(page, words)
        page.lines = lines.build_lines(page, words)
        lines.drop_underlines(page)
        # What the page shows if it turns out to hold no text (a running page number aside).
        page.kind = lines.kind_of_empty_page(objects, raw, width, height)
        return page
    finally:
        raw.FPDF_ClosePage(handle)


def _pypdf_page(source: Any, number: int, styles: Any) -> Page:
    found, plain = lines_pypdf.page_lines(source, styles)
    geometry = lines_pypdf.has_geometry(found)
    if not geometry and plain.strip() and not any(line.text for line in found):
        found = lines_pypdf.lines_from_text(plain)
    page = Page(number, found, geometry)
    page.kind = "scan" if lines_pypdf.page_has_image(source) else "blank"
    return page
