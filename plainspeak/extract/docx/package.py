"""Opening the package: plain one-line messages for files that are not .docx, damaged or locked.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from lxml import etree

from plainspeak.extract.docx.names import _MAIN_TYPES, _MISSING_MEMBER, _NO_CONTENT_TYPE, _PARSER, _docx
from plainspeak.model import ExtractError


def _sniff(data: bytes) -> None:
    """Plain messages for files that are plainly not .docx."""
    if not data:
        raise ExtractError("the file is empty")
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise ExtractError(
            "this is an old Word (.doc) file or a password-protected document; "
            "remove the password or save it as .docx"
        )
    if data[:2] == b"PK":
        return
    head = data[:4096].lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n")
    low = head.lower()
    if low.startswith(b"%pdf"):
        raise ExtractError("this is a PDF file, not a Word (.docx) file; check it as a .pdf file")
    if low.startswith(b"{\\rtf"):
        raise ExtractError("this is a Rich Text (.rtf) file, not a .docx file; open it in Word and save it as .docx")
    if low.startswith(b"<"):
        if b"<pkg:package" in low or b"<w:worddocument" in low or b'progid="word.document"' in low:
            raise ExtractError("this is a Word XML file, not a .docx file; open it in Word and save it as .docx")
        if b"<html" in low or b"<!doctype html" in low:
            raise ExtractError("this is a web page (HTML), not a .docx file; open it in Word and save it as .docx")
    if low.startswith(b"mime-version"):
        raise ExtractError("this is a web archive (.mht), not a .docx file; open it in Word and save it as .docx")


def _check_members(zf: zipfile.ZipFile) -> None:
    infos = zf.infolist()
    names = {info.filename for info in infos}
    if any(info.flag_bits & 0x1 for info in infos):
        raise ExtractError("the file is password-protected; remove the password in Word and save it again")
    if "[Content_Types].xml" not in names:
        if "mimetype" in names:
            try:
                kind = zf.read("mimetype")[:200]
            except Exception:
                kind = b""
            if b"opendocument.text" in kind:
                raise ExtractError("this is an OpenDocument (.odt) file; save it as .docx")
        if "word/document.xml" in names:
            raise ExtractError("the Word file is damaged: its list of parts ([Content_Types].xml) is missing")
        raise ExtractError("this is a ZIP file but not a Word document")
    if "xl/workbook.xml" in names and "word/document.xml" not in names:
        raise ExtractError("this is an Excel file, not a Word document")
    if "ppt/presentation.xml" in names and "word/document.xml" not in names:
        raise ExtractError("this is a PowerPoint file, not a Word document")
    info = zf.NameToInfo.get("_rels/.rels")
    if info is not None and info.file_size < 1_000_000:
        try:
            rels = zf.read(info)
        except Exception:
            rels = b""
        if b"purl.oclc.org/ooxml" in rels:
            raise ExtractError(
                "this Word file is saved as 'Strict Open XML', which plainspeak cannot read; "
                "save it as a normal Word document (.docx)"
            )


def _open_package(data: bytes, zf: zipfile.ZipFile):
    Package, _, _ = _docx()
    try:
        package = Package.open(io.BytesIO(data))
    except KeyError as exc:
        msg = str(exc)
        m = _MISSING_MEMBER.search(msg)
        if m:
            name = m.group(1)
            if name.endswith("document.xml") and name.count("/") <= 1:
                raise ExtractError(f"the Word file is damaged: its main text ({name}) is missing") from None
            raise ExtractError(f"the Word file is damaged: its part '{name}' is missing") from None
        m = _NO_CONTENT_TYPE.search(msg)
        if m:
            raise ExtractError(f"the Word file is damaged: the type of its part '{m.group(1)}' is not declared") from None
        raise ExtractError("the Word file is damaged: a part it refers to is missing") from None
    except etree.XMLSyntaxError:
        bad = _find_bad_xml(zf)
        where = f"its part '{bad}'" if bad else "one of its parts"
        raise ExtractError(f"the Word file is damaged: {where} is not valid XML") from None
    except zipfile.BadZipFile as exc:
        m = re.search(r"file '([^']*)'", str(exc))
        where = f"part '{m.group(1)}'" if m else "a part"
        raise ExtractError(f"the Word file is damaged: {where} cannot be unpacked") from None
    except (zlib.error, EOFError):
        raise ExtractError("the Word file is damaged: a part cannot be unpacked") from None
    except NotImplementedError:
        raise ExtractError("the Word file uses a kind of ZIP compression that plainspeak cannot unpack") from None
    except MemoryError:
        raise ExtractError("the document is too large to read") from None
    except RecursionError:
        raise ExtractError("the Word file is damaged: its parts refer to each other too deeply") from None
    except Exception as exc:
        raise ExtractError(f"the Word file is damaged and cannot be opened ({type(exc).__name__})") from None
    try:
        main = package.main_document_part
    except Exception:
        raise ExtractError("this ZIP package holds no Word document (it has no main document part)") from None
    if main.content_type not in _MAIN_TYPES:
        raise ExtractError("this is not a Word document but another kind of Office file")
    return package


def _find_bad_xml(zf: zipfile.ZipFile) -> str | None:
    """On the error path only: the first XML part that does not parse."""
    for info in zf.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        try:
            etree.fromstring(zf.read(info), _PARSER)
        except etree.XMLSyntaxError:
            return info.filename
        except Exception:
            continue
    return None


def _root(part, xml_part_cls):
    """The root element of a part, parsing the blob of a part python-docx keeps as bytes."""
    if isinstance(part, xml_part_cls):
        return part.element
    return etree.fromstring(part.blob, _PARSER)


def _related(source, reltype: str):
    """The first internal part ``source`` relates to with ``reltype``, or None."""
    try:
        for rel in source.rels.values():
            if rel.reltype == reltype and not rel.is_external:
                return rel.target_part
    except Exception:
        return None
    return None
