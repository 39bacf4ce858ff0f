"""Limits that keep parsing of untrusted files bounded in size and memory.

A small DOCX (a ZIP file) or PDF can expand to gigabytes. We check declared
sizes before we parse anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from plainspeak.model import ExtractError

if TYPE_CHECKING:  # zipfile is loaded only by the readers that open ZIP files (Word)
    import zipfile


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 50 * 1024 * 1024  # the file on disk
    max_unzipped_bytes: int = 200 * 1024 * 1024  # all ZIP members together, as declared
    max_zip_members: int = 10_000
    max_zip_ratio: int = 200  # uncompressed / compressed, for any large member
    max_pdf_pages: int = 2_000
    # Text taken from one document: about 300,000 words, a book of 1,000 pages. Checking takes
    # about a second for each 100,000 characters, so a bigger file is refused, not left to run.
    max_text_chars: int = 2_000_000


def check_file_size(size: int, limits: Limits) -> None:
    if size > limits.max_file_bytes:
        raise ExtractError(
            f"the file is too large ({size / 1048576:.1f} MB; the limit is "
            f"{limits.max_file_bytes / 1048576:.0f} MB)"
        )
    if size == 0:
        raise ExtractError("the file is empty")


def too_much_text(chars: int, limits: Limits) -> ExtractError:
    """The plain error for a document with more text than plainspeak checks."""
    return ExtractError(f"the file is too large to check: it holds {chars:,} characters of text, and "
                        f"plainspeak checks at most {limits.max_text_chars:,} (about "
                        f"{limits.max_text_chars // 6:,} words)")


def check_zip(zf: "zipfile.ZipFile", limits: Limits) -> None:
    """Refuse a ZIP file whose declared contents are too large (a 'zip bomb')."""
    infos = zf.infolist()
    if len(infos) > limits.max_zip_members:
        raise ExtractError(f"the file holds too many parts ({len(infos)})")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.compress_size and (
            info.file_size / info.compress_size > limits.max_zip_ratio
        ):
            raise ExtractError(
                f"part '{info.filename}' would expand too much when unpacked; it may be a hostile file"
            )
    if total > limits.max_unzipped_bytes:
        raise ExtractError(
            f"the file would unpack to {total / 1048576:.0f} MB; the limit is "
            f"{limits.max_unzipped_bytes / 1048576:.0f} MB"
        )
