"""Extractors: one module per format, each turning a file into a located Document.

What plainspeak knows about each format (its endings, label, whether ``fix`` and
``annotate`` take it, advice for messages) is one record in :mod:`.formats`.

Every extractor module has a function ``extract(data: bytes, path: str,
limits: Limits) -> Document`` and raises :class:`ExtractError` with one plain
line when the file cannot be read. Modules are imported only when a file of
their format is met, so start-up stays light.
"""

from __future__ import annotations

import importlib
import os

from plainspeak.extract.formats import EXTENSIONS, FORMATS, UNSUPPORTED, InputFormat, unsupported
from plainspeak.extract.limits import Limits, check_file_size
from plainspeak.model import Document, ExtractError

# The formats and their traits live in formats.py, one record each.
MODULES = {name: f.module for name, f in FORMATS.items()}


def format_for(path: str) -> str | None:
    """The format of a file, by its name, or None if plainspeak does not read it."""
    return EXTENSIONS.get(os.path.splitext(path)[1].lower())


__all__ = ["EXTENSIONS", "FORMATS", "UNSUPPORTED", "InputFormat", "Limits", "extract_bytes", "extract_file",
           "format_for", "unsupported"]


def extract_bytes(data: bytes, path: str, fmt: str, limits: Limits | None = None) -> Document:
    limits = limits or Limits()
    check_file_size(len(data), limits)
    module = importlib.import_module(MODULES[fmt])
    return module.extract(data, path, limits)


def extract_file(path: str, limits: Limits | None = None, fmt: str | None = None) -> Document:
    """Read and extract one file. Raises ExtractError with a plain message."""
    limits = limits or Limits()
    fmt = fmt or format_for(path)
    if fmt is None:
        raise ExtractError(unsupported(path))
    try:
        size = os.path.getsize(path)
    except FileNotFoundError:
        raise ExtractError("no such file") from None
    except OSError as exc:
        raise ExtractError(f"cannot open the file ({exc.strerror or exc})") from None
    if os.path.isdir(path):
        raise ExtractError("this is a folder, not a file")
    check_file_size(size, limits)
    try:
        with open(path, "rb") as fh:
            data = fh.read(limits.max_file_bytes + 1)
    except PermissionError:
        raise ExtractError("permission denied: plainspeak may not read this file") from None
    except OSError as exc:
        raise ExtractError(f"cannot read the file ({exc.strerror or exc})") from None
    return extract_bytes(data, path, fmt, limits)
