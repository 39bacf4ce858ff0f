"""Document facts: title (Info dictionary, then XMP), language, and whether the PDF is tagged."""

from __future__ import annotations

from typing import Any

from plainspeak.model import Meta

def pdf_string(value: Any, empty: str | None = None) -> str | None:
    """A PDF string or name as plain text on one line (at most 2,000 characters); ``empty``
    when it holds no text (None, or "" where empty text means something, as an empty alt text)."""
    if value is None:
        return None
    try:
        value = value.get_object()
    except AttributeError:
        pass
    if isinstance(value, bytes):
        value = value.decode("latin-1", "replace")
    text = " ".join(str(value)[:2000].replace("\x00", "").split())
    return text or empty


def read_meta(reader: Any, meta: Meta) -> None:
    try:
        root = reader.trailer["/Root"].get_object()
    except Exception:
        root = None
    try:
        info = reader.metadata
        meta.title = pdf_string(info.get("/Title")) if info else None
    except Exception:
        meta.title = None
    if meta.title is None:
        try:
            xmp = reader.xmp_metadata
            titles = (xmp.dc_title if xmp else None) or {}
            meta.title = pdf_string(titles.get("x-default") or next(iter(titles.values()), None))
        except Exception:
            pass
    if root is None:
        return
    try:
        meta.language = pdf_string(root.get("/Lang"))
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


