"""Opening a PDF with pypdf: checks, limits, passwords, files cut short, and plain error messages."""

from __future__ import annotations

import dataclasses
import io
import logging
import re
from typing import Any

from plainspeak.extract.limits import Limits
from plainspeak.model import ExtractError

NOT_PDF = "this is not a PDF file"
PASSWORD = "the PDF is password-protected; remove the password and try again"
DAMAGED = "the PDF is damaged and could not be read"
NEEDS_CRYPTOGRAPHY = (
    "the PDF is encrypted in a way plainspeak cannot open without the optional "
    "'cryptography' package; save an unencrypted copy and check that"
)
TOO_MUCH_MEMORY = "the PDF needs too much memory to read; it may be a hostile file"

# The PDF specification lets "%PDF-" start anywhere in the first 1024 bytes.
HEADER_WINDOW = 1024

# pypdf's own limits (pypdf.Configuration; before pypdf 6 these were constants
# in pypdf.filters such as ZLIB_MAX_OUTPUT_LENGTH, 75 MB each). Text extraction
# decodes content streams, fonts' ToUnicode maps and form XObjects, never image
# data, so a lower limit per stream is plenty for real documents and keeps a
# small hostile file from expanding to hundreds of megabytes.
STREAM_LIMIT = 40_000_000
_PYPDF_LIMITS = {
    "zlib_maximum_output_length": STREAM_LIMIT,
    "lzw_maximum_output_length": STREAM_LIMIT,
    "run_length_maximum_output_length": STREAM_LIMIT,
    "brotli_maximum_output_length": STREAM_LIMIT,
    "jbig2_maximum_output_length": STREAM_LIMIT,
    "array_based_stream_maximum_output_length": STREAM_LIMIT,
    "stream_decoding_work_maximum_length": 3 * STREAM_LIMIT,
    "image_maximum_buffer_size": STREAM_LIMIT,
    "xform_maximum_invocations_per_extraction": 2_000,
    "jbig2dec_binary": None,  # never start an outside program for a scanned page
    "disable_legacy_handling": True,
}

# At most this many pypdf warnings are kept in Meta.extra["pdf_warnings"].
_MAX_WARNINGS = 5
_WARNING_FLOOD = 200  # after this many, pypdf warnings are switched off until the file is read

def configuration_overrides(pypdf: Any) -> dict[str, Any]:
    known = {f.name for f in dataclasses.fields(pypdf.Configuration)}
    return {key: value for key, value in _PYPDF_LIMITS.items() if key in known}


class WarningCollector(logging.Handler):
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


def plain_reason(exc: BaseException) -> str | None:
    if isinstance(exc, RecursionError):
        return "its structure loops back on itself or is nested too deeply"
    if isinstance(exc, MemoryError):
        return "it needs too much memory"
    text = f"{type(exc).__name__}: {exc}"
    for pattern, reason in _PLAIN_REASONS:
        if pattern.search(text):
            return reason
    return None


def damaged_message(exc: BaseException) -> str:
    reason = plain_reason(exc)
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


def open_reader(pypdf: Any, data: bytes) -> tuple[Any, bool, bool, bytes]:
    """Open the file; returns (reader, was_encrypted, was_repaired, the bytes read)."""
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
        data = fixed
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
    return reader, encrypted, repaired, data


def page_count(reader: Any, limits: Limits) -> int:
    # pypdf walks the page tree (the declared /Count may be wrong), within its
    # own limits on the size and depth of the tree.
    count = len(reader.pages)
    if count > limits.max_pdf_pages:
        raise ExtractError(
            f"the PDF has {count} pages; plainspeak reads at most {limits.max_pdf_pages} pages of one file"
        )
    return count

