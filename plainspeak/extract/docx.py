"""Read Word (.docx) files into a located :class:`~plainspeak.model.Document`.

python-docx opens the package (the ZIP file, its parts and relationships);
the text is then read by walking the lxml trees directly, which is many times
faster than making python-docx objects for every paragraph and run. Nothing
is ever written back to the file.

What becomes a block
--------------------
Blocks come in this order: the body (with text boxes right after the
paragraph that holds them), then page headers and footers, then footnotes,
then endnotes.

* Body paragraphs and tables are read in document order, including the
  contents of content controls (``w:sdt``), ``w:customXml`` and tracked
  insertions. Deleted text (``w:del``, ``w:moveFrom``) and hidden text
  (``w:vanish``) are left out. Empty paragraphs make no block.
* ``Block.paragraph`` is the 1-based count of non-empty body paragraphs in
  document order; paragraphs inside table cells count too, because that is
  what a person counting paragraphs in Word sees. Text boxes, headers,
  footers and notes are not counted.
* ``Block.section`` is the text of the nearest heading above (a heading's
  own text for a heading block). Headers and footers get "Page header",
  "First page header", "Even page header" (and the same for footers);
  notes get "Footnote 2" or "Endnote 1", numbered in the order they are
  referred to in the text.
* Headings: a paragraph whose style, or a style it is based on, is
  "Heading N" (level N) or "Title" (level 1, with ``facts["title"] = True``;
  a document title is the top of the outline, and the usual "Title then
  Heading 1" layout must not look like a skipped level), or that has an
  outline level (``w:outlineLvl`` 0-8 -> level 1-9) directly or through its
  style. A direct outline level wins; outline level 9 means body text.
* List items: paragraphs with numbering (``w:numPr`` directly or through the
  style; ``numId`` 0 switches numbering off) or a "List", "List 2", "List
  Bullet", "List Number"... paragraph style (or a style based on one).
  "List Paragraph" and "List Continue" alone do not make a list item: Word
  uses them for indented text without a bullet. ``facts["list_level"]`` is
  the 1-based list level.
* Table cells: one TABLE_CELL block per non-empty cell paragraph, with
  ``table`` (index into ``Document.tables``), ``row`` and ``column``
  (0-based; ``column`` is the grid column, so a cell after a cell merged
  across two columns has column 2). Cells covered by a vertical merge are not
  read again. Nested tables get their own Table entry. Headings and list
  items inside cells stay TABLE_CELL blocks, with ``facts["heading_level"]``
  or ``facts["list_item"]``; they do not change the section.
  ``Table.header_row`` is True when the first row repeats as a header row
  (``w:tblHeader``).
* Text boxes (``w:txbxContent``): TEXT_BOX blocks placed after the host
  paragraph; their ``paragraph`` is the host paragraph's number (or the last
  numbered paragraph before it when the host has no text). Word stores a text
  box twice inside ``mc:AlternateContent`` (a DrawingML Choice and a VML
  Fallback); only the Choice is read. Text-box text is never part of the
  host paragraph's text.
* Headers, footers and notes: every block of such a part (table cells and
  text boxes included) has the kind HEADER, FOOTER or FOOTNOTE (endnotes too)
  and ``paragraph = None``. A header part shared by several sections is read
  once. Separator notes are skipped, and so are notes that the text does not
  refer to.

Links and images
----------------
``Link`` offsets are in the text of the block that holds the link text
(white space at either end of the link text is left out). External targets
are the address; internal ones are "#bookmark". Pictures (DrawingML
pictures, charts, SmartArt, groups holding a picture, and old VML
pictures) become ``Image`` with ``alt`` from ``wp:docPr/@descr`` (None when
there is no descr attribute, "" when it is empty), ``title``, ``target``
(the image part, e.g. "word/media/image1.png", or the address of a linked
picture) and ``decorative`` (Word's "Mark as decorative"). ``Image.block``
and ``Image.paragraph`` are those of the paragraph the picture sits in; a
picture in a paragraph without text gets those of the next block in the same
part (the block it sits before), or None at the very end.

Text
----
Tabs become a space, line breaks (``w:br``, ``w:cr``, page breaks too)
become "\\n", soft hyphens are removed and non-breaking hyphens become "-".
Fields show their result, never their instruction; a HYPERLINK field becomes
a Link like ``w:hyperlink`` does. Footnote reference marks and symbol
characters (``w:sym``) give no text. Leading and trailing white space of a
paragraph is removed.

Runs and anchors
----------------
``Block.runs`` holds ``RunSpan(start, end, index)``: ``block.text[start:end]``
came from run number ``index`` of the paragraph. The runs of a paragraph
``p`` are, in document order::

    [r for r in p.iter(qn("w:r")) if next(r.iterancestors(qn("w:p"))) is p]

that is every ``w:r`` below the paragraph (inside hyperlinks, fields,
content controls and tracked changes too) except the runs of paragraphs
nested in text boxes.

``Block.anchor`` locates the ``w:p`` element of the block:

* ``"body/N"``: ``list(document.element.body.iter(qn("w:p")))[N]`` (0-based;
  this count includes text-box paragraphs and empty paragraphs).
* ``"header1/N"``, ``"footer2/N"``...: the part named ``/word/header1.xml``
  (the anchor is the part name without ``/word/`` and ``.xml``; a part
  outside ``/word/`` keeps its full path without the leading ``/``), then
  ``list(part.element.iter(qn("w:p")))[N]``.
* ``"footnotes/ID/N"`` and ``"endnotes/ID/N"``: in the footnotes (endnotes)
  part, the ``w:footnote`` (``w:endnote``) whose ``w:id`` is ID, then
  ``list(note.iter(qn("w:p")))[N]``.

Speed
-----
On the shared corpus of Apache POI test files, reading takes about 4 ms per
file on average; about a third of that is python-docx opening the package.
The walk visits each XML element once and caches style look-ups.

Facts
-----
``facts`` of every block: ``style`` (the paragraph style name as Word shows
it), ``bold`` (all text bold, by run or style), ``font_size`` (the smallest
font size in points that the run, its styles or the document defaults set;
None when nothing sets one), ``underline_not_link`` (some underlined text is
not inside a link) and ``all_caps`` (all text has capitals formatting).
Table-style formatting (such as a bold header row from the table style) is
not looked at.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from lxml import etree

from plainspeak.extract.limits import Limits, check_zip
from plainspeak.model import (
    FOOTER,
    FOOTNOTE,
    HEADER,
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    TABLE_CELL,
    TEXT_BOX,
    Block,
    Document,
    ExtractError,
    Image,
    Link,
    Location,
    RunSpan,
    Table,
)

# python-docx is imported on first use (see _docx), so that importing this
# module stays cheap.

# --------------------------------------------------------------------------
# Names

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_V = "{urn:schemas-microsoft-com:vml}"
_O = "{urn:schemas-microsoft-com:office:office}"
_ADEC = "{http://schemas.microsoft.com/office/drawing/2017/decorative}"
_DC = "{http://purl.org/dc/elements/1.1/}"

W_BODY = _W + "body"
W_P = _W + "p"
W_PPR = _W + "pPr"
W_PSTYLE = _W + "pStyle"
W_NUMPR = _W + "numPr"
W_NUMID = _W + "numId"
W_ILVL = _W + "ilvl"
W_OUTLINELVL = _W + "outlineLvl"
W_R = _W + "r"
W_RPR = _W + "rPr"
W_RSTYLE = _W + "rStyle"
W_T = _W + "t"
W_TAB = _W + "tab"
W_PTAB = _W + "ptab"
W_BR = _W + "br"
W_CR = _W + "cr"
W_NOBREAKHYPHEN = _W + "noBreakHyphen"
W_SOFTHYPHEN = _W + "softHyphen"
W_FLDCHAR = _W + "fldChar"
W_FLDCHARTYPE = _W + "fldCharType"
W_INSTRTEXT = _W + "instrText"
W_FLDSIMPLE = _W + "fldSimple"
W_INSTR = _W + "instr"
W_HYPERLINK = _W + "hyperlink"
W_ANCHOR = _W + "anchor"
W_INS = _W + "ins"
W_DEL = _W + "del"
W_MOVETO = _W + "moveTo"
W_MOVEFROM = _W + "moveFrom"
W_SMARTTAG = _W + "smartTag"
W_CUSTOMXML = _W + "customXml"
W_DIR = _W + "dir"
W_BDO = _W + "bdo"
W_SDT = _W + "sdt"
W_SDTCONTENT = _W + "sdtContent"
W_DRAWING = _W + "drawing"
W_PICT = _W + "pict"
W_OBJECT = _W + "object"
W_TXBXCONTENT = _W + "txbxContent"
W_FOOTNOTEREFERENCE = _W + "footnoteReference"
W_ENDNOTEREFERENCE = _W + "endnoteReference"
W_FOOTNOTE = _W + "footnote"
W_ENDNOTE = _W + "endnote"
W_TBL = _W + "tbl"
W_TBLGRID = _W + "tblGrid"
W_GRIDCOL = _W + "gridCol"
W_TR = _W + "tr"
W_TRPR = _W + "trPr"
W_TBLHEADER = _W + "tblHeader"
W_GRIDBEFORE = _W + "gridBefore"
W_GRIDAFTER = _W + "gridAfter"
W_TC = _W + "tc"
W_TCPR = _W + "tcPr"
W_GRIDSPAN = _W + "gridSpan"
W_VMERGE = _W + "vMerge"
W_HMERGE = _W + "hMerge"
W_HEADERREFERENCE = _W + "headerReference"
W_FOOTERREFERENCE = _W + "footerReference"
W_STYLE = _W + "style"
W_STYLEID = _W + "styleId"
W_NAME = _W + "name"
W_BASEDON = _W + "basedOn"
W_DOCDEFAULTS = _W + "docDefaults"
W_RPRDEFAULT = _W + "rPrDefault"
W_LANG = _W + "lang"
W_B = _W + "b"
W_SZ = _W + "sz"
W_U = _W + "u"
W_CAPS = _W + "caps"
W_VANISH = _W + "vanish"
W_VAL = _W + "val"
W_TYPE = _W + "type"
W_ID = _W + "id"
W_DEFAULT = _W + "default"
R_ID = _R + "id"
R_EMBED = _R + "embed"
R_LINK = _R + "link"
WP_DOCPR = _WP + "docPr"
A_GRAPHICDATA = _A + "graphic/" + _A + "graphicData"
A_BLIP = _A + "blip"
A_EXTLST = _A + "extLst"
A_EXT = _A + "ext"
PIC_PIC = _PIC + "pic"
ADEC_DECORATIVE = _ADEC + "decorative"
MC_ALTERNATECONTENT = _MC + "AlternateContent"
MC_CHOICE = _MC + "Choice"
MC_FALLBACK = _MC + "Fallback"
V_IMAGEDATA = _V + "imagedata"
O_TITLE = _O + "title"
DC_TITLE = _DC + "title"
DC_LANGUAGE = _DC + "language"

_RT_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_STYLES = _RT_BASE + "styles"
RT_FOOTNOTES = _RT_BASE + "footnotes"
RT_ENDNOTES = _RT_BASE + "endnotes"
RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"

# Main-part content types we read, and what they are.
_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": None,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "template",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "macro-enabled",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "macro-enabled template",
}

# graphicData kinds that need alt text as pictures do.
_PICTURE_URIS = frozenset({
    "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "http://schemas.openxmlformats.org/drawingml/2006/diagram",
    "http://schemas.microsoft.com/office/drawing/2014/chartex",
})
# Groups and canvases count as pictures when they hold one.
_GROUP_URIS = frozenset({
    "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
})
_DECORATIVE_EXT = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"

# Wrappers of inline content whose runs are read as if they were not there.
_INLINE_WRAPPERS = frozenset({W_INS, W_MOVETO, W_SMARTTAG, W_CUSTOMXML, W_DIR, W_BDO})
# Wrappers of block content (paragraphs, tables, rows, cells).
_BLOCK_WRAPPERS = frozenset({W_CUSTOMXML, W_INS, W_MOVETO})
# Run properties we look at.
_RPROPS = {W_B: "b", W_SZ: "sz", W_U: "u", W_CAPS: "caps", W_VANISH: "vanish"}
_OFF = frozenset({"0", "false", "off", "none"})

# w:t text: soft hyphens go, non-breaking hyphens become "-", tabs and stray
# line ends become spaces.
_TEXT_TABLE = str.maketrans({"\u00ad": None, "\u2011": "-", "\t": " ", "\n": " ", "\r": " "})
_TEXT_SPECIAL = re.compile("[\u00ad\u2011\t\n\r]")

_HEADING_NAME = re.compile(r"heading\s*([1-9])$")
_MISSING_MEMBER = re.compile(r"named '([^']*)'")
_NO_CONTENT_TYPE = re.compile(r"partname '/?([^']*)'")
_SECTION_MAX = 100

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _on(value: str | None) -> bool:
    """An OOXML on/off value: absent or anything but 0/false/off means on."""
    return value is None or value.lower() not in _OFF


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        try:
            return int(float(value))
        except (ValueError, OverflowError):
            return default


def _docx():
    import docx  # noqa: F401  (registers python-docx's part and element classes)
    from docx.opc.part import XmlPart
    from docx.package import Package
    from docx.styles import BabelFish

    return Package, XmlPart, BabelFish


# --------------------------------------------------------------------------
# Entry point


def extract(data: bytes, path: str, limits: Limits) -> Document:
    """Read a .docx file. Raises ExtractError with one plain line."""
    _sniff(data)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception:
        if data[:2] == b"PK":
            raise ExtractError(
                "the Word file is damaged or incomplete (it may not have finished downloading or copying)"
            ) from None
        raise ExtractError("this is not a Word (.docx) file: it is not a ZIP package") from None
    with zf:
        check_zip(zf, limits)
        _check_members(zf)
        package = _open_package(data, zf)
    try:
        return _Reader(package, path, limits).read()
    except ExtractError:
        raise
    except RecursionError:
        raise ExtractError("the document is nested too deeply to read (tables or boxes inside each other)") from None
    except MemoryError:
        raise ExtractError("the document is too large to read") from None
    except Exception as exc:  # never show a traceback to the user
        raise ExtractError(f"this Word file could not be read; it may be damaged ({type(exc).__name__})") from None


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


def _part_anchor_name(partname: str) -> str:
    name = str(partname).lstrip("/")
    if name.startswith("word/"):
        name = name[5:]
    if name.endswith(".xml"):
        name = name[:-4]
    return name


def _section_name(text: str) -> str:
    name = " ".join(text.split())
    if len(name) > _SECTION_MAX:
        name = name[: _SECTION_MAX - 1].rstrip() + "\u2026"
    return name


# --------------------------------------------------------------------------
# Styles


def _rprops(rpr) -> dict:
    """The run properties we care about that ``rpr`` sets."""
    out = {}
    if rpr is None:
        return out
    for child in rpr:
        key = _RPROPS.get(child.tag)
        if key is not None:
            out[key] = _prop_value(key, child.get(W_VAL))
    return out


def _prop_value(key: str, val: str | None):
    if key == "sz":
        n = _int(val)
        return n / 2 if n is not None and n > 0 else None
    if key == "u":
        return val is None or val.lower() != "none"
    return _on(val)


class _PStyle:
    __slots__ = ("id", "name", "heading", "title", "numid", "ilvl", "list_name")

    def __init__(self):
        self.id = None
        self.name = None
        self.heading = None  # 1-9 or None
        self.title = False
        self.numid = None  # numId from the style chain
        self.ilvl = None
        self.list_name = False  # a "List ..." style


class _Styles:
    def __init__(self, root, babelfish):
        self.by_id: dict = {}
        self.default_para = None
        self.defaults: dict = {}
        self.language = None
        self._ui = babelfish.internal2ui
        self._para: dict = {}
        self._run: dict = {}
        if root is None:
            return
        for s in root.iterchildren(W_STYLE):
            sid = s.get(W_STYLEID)
            if sid is None:
                continue
            self.by_id.setdefault(sid, s)
            if self.default_para is None and s.get(W_TYPE, "paragraph") == "paragraph" and s.get(W_DEFAULT) is not None \
                    and _on(s.get(W_DEFAULT)):
                self.default_para = sid
        rpr = root.find(f"{W_DOCDEFAULTS}/{W_RPRDEFAULT}/{W_RPR}")
        if rpr is not None:
            self.defaults = _rprops(rpr)
            self.language = _lang(rpr)
        if not self.language and self.default_para is not None:
            self.language = _lang(self.by_id[self.default_para].find(W_RPR))

    def _chain(self, sid):
        out = []
        seen = set()
        while sid is not None and sid not in seen and len(out) < 32:
            s = self.by_id.get(sid)
            if s is None:
                break
            seen.add(sid)
            out.append(s)
            based = s.find(W_BASEDON)
            sid = based.get(W_VAL) if based is not None else None
        return out

    def para_key(self, sid):
        """Word falls back to the default paragraph style for a missing or unknown style."""
        if sid is None or sid not in self.by_id:
            return self.default_para
        return sid

    def para(self, key) -> _PStyle:
        ps = self._para.get(key)
        if ps is not None:
            return ps
        ps = _PStyle()
        ps.id = key
        chain = self._chain(key)
        heading_done = False
        for s in chain:
            name_el = s.find(W_NAME)
            name = (name_el.get(W_VAL) or "") if name_el is not None else ""
            low = name.strip().lower()
            if ps.name is None:
                ps.name = self._ui(name) if name else key
            if (low == "list" or low.startswith("list ")) and not low.startswith(("list paragraph", "list continue")):
                ps.list_name = True
            ppr = s.find(W_PPR)
            if not heading_done:
                m = _HEADING_NAME.match(low)
                if m:
                    ps.heading = int(m.group(1))
                    heading_done = True
                elif low == "title":
                    ps.heading, ps.title = 1, True
                    heading_done = True
                elif ppr is not None:
                    ol = ppr.find(W_OUTLINELVL)
                    if ol is not None:
                        lvl = _int(ol.get(W_VAL))
                        ps.heading = lvl + 1 if lvl is not None and 0 <= lvl <= 8 else None
                        heading_done = True
            if ppr is not None:
                numpr = ppr.find(W_NUMPR)
                if numpr is not None:
                    if ps.ilvl is None:
                        il = numpr.find(W_ILVL)
                        if il is not None:
                            ps.ilvl = _int(il.get(W_VAL))
                    if ps.numid is None:
                        nid = numpr.find(W_NUMID)
                        if nid is not None:
                            ps.numid = nid.get(W_VAL)
        if ps.name is None:
            ps.name = "Normal" if not self.by_id else key
        self._para[key] = ps
        return ps

    def run_base(self, pkey, rsid) -> dict:
        """Run properties from the document defaults, paragraph style and character style."""
        cache_key = (pkey, rsid)
        props = self._run.get(cache_key)
        if props is None:
            props = dict(self.defaults)
            for s in reversed(self._chain(pkey)):
                props.update(_rprops(s.find(W_RPR)))
            if rsid is not None:
                for s in reversed(self._chain(rsid)):
                    props.update(_rprops(s.find(W_RPR)))
            self._run[cache_key] = props
        return props


def _lang(rpr) -> str | None:
    if rpr is None:
        return None
    lang = rpr.find(W_LANG)
    if lang is None:
        return None
    return (lang.get(W_VAL) or "").strip() or None


# --------------------------------------------------------------------------
# Paragraph reading


class _Field:
    __slots__ = ("instr", "parts", "link")

    def __init__(self):
        self.instr = True  # still in the instruction (before w:fldChar separate)
        self.parts: list = []
        self.link = None  # target of a HYPERLINK field


def _field_link(instr: str) -> str | None:
    """The target of a HYPERLINK field instruction, else None."""
    instr = instr.strip()
    if not instr[:9].upper() == "HYPERLINK":
        return None
    tokens = [a if a else b for a, b in re.findall(r'"([^"]*)"|(\S+)', instr[9:])]
    url = anchor = None
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.lower() == "\\l" and i + 1 < len(tokens):
            anchor = tokens[i + 1]
            i += 2
            continue
        if tok.lower() in ("\\o", "\\t") and i + 1 < len(tokens):
            i += 2
            continue
        if tok.startswith("\\"):
            i += 1
            continue
        if url is None:
            url = tok
        i += 1
    if anchor:
        return (url or "") + "#" + anchor
    return url or ""


class _Para:
    """Collects the text of one paragraph and what sits in it."""

    __slots__ = ("parts", "pos", "spans", "links", "flinks", "images", "boxes", "nrun", "pkey",
                 "bold", "caps", "size", "ul", "any", "notes")

    def __init__(self, pkey):
        self.parts: list = []
        self.pos = 0
        self.spans: list = []  # [start, end, run index]
        self.links: list = []  # (start, end, target)
        self.flinks: list = []  # [start, end, target, field] from HYPERLINK fields
        self.images: list = []
        self.boxes: list = []
        self.nrun = 0
        self.pkey = pkey
        self.bold = True
        self.caps = True
        self.size = None
        self.ul = False
        self.any = False
        self.notes: list = []  # (kind, id) of note references


class _Ctx:
    """Where a block walk is: body (kind None), a text box, a header, footer or note."""

    __slots__ = ("kind", "count", "table", "host", "label", "facts")

    def __init__(self, kind=None, count=True, table=None, host=None, label=None, facts=None):
        self.kind = kind
        self.count = count  # body paragraphs are numbered
        self.table = table  # (table index, row, column)
        self.host = host  # text boxes: paragraph number of the host
        self.label = label  # section label of headers, footers and notes
        self.facts = facts


def _count_runs(el) -> int:
    """w:r elements below ``el`` that belong to the same paragraph."""
    n = 0
    stack = list(el)
    while stack:
        c = stack.pop()
        tag = c.tag
        if tag == W_R:
            n += 1
        elif tag == W_P or tag == W_TXBXCONTENT:
            continue
        if len(c):
            stack.extend(c)
    return n


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


class _Reader:
    def __init__(self, package, path: str, limits: Limits):
        _, self._xml_part, babelfish = _docx()
        self.package = package
        self.limits = limits
        self.doc = Document(path=path, format="docx")
        self.main = package.main_document_part
        styles_part = _related(self.main, RT_STYLES)
        styles_root = None
        if styles_part is not None:
            try:
                styles_root = _root(styles_part, self._xml_part)
            except etree.XMLSyntaxError:
                styles_root = None
        self.styles = _Styles(styles_root, babelfish)
        self.count = 0  # numbered body paragraphs so far
        self.section = None
        self.chars = 0
        self.pending: list = []  # images waiting for the next block
        self.note_refs: dict = {"footnotes": [], "endnotes": []}
        self._props_cache: dict = {}
        # the story being read
        self.rels = None
        self.p_index: dict = {}
        self.prefix = ""
        self.fields: list = []
        self.instr_depth = 0

    # ---------------------------------------------------------------- stories

    def read(self) -> Document:
        root = _root(self.main, self._xml_part)
        body = root.find(W_BODY)
        if body is None:
            raise ExtractError("the Word file is damaged: its main text has no body")
        kind = _MAIN_TYPES.get(self.main.content_type)
        if kind:
            self.doc.meta.extra["content_type"] = kind
        self._story(self.main, body, "body")
        self._walk(body, _Ctx())
        self._end_story()
        self._headers_footers(body)
        self._notes()
        self._meta()
        return self.doc

    def _story(self, part, root, prefix: str) -> None:
        self.rels = part.rels
        self.p_index = {p: i for i, p in enumerate(root.iter(W_P))}
        self.prefix = prefix
        self.fields = []
        self.instr_depth = 0
        self.pending = []

    def _end_story(self) -> None:
        self.pending = []
        self.p_index = {}

    def _headers_footers(self, body) -> None:
        seen = set()
        for ref in body.iter(W_HEADERREFERENCE, W_FOOTERREFERENCE):
            rel = self.main.rels.get(ref.get(R_ID) or "")
            if rel is None or rel.is_external:
                continue
            part = rel.target_part
            name = str(part.partname)
            if name in seen:
                continue
            seen.add(name)
            try:
                root = _root(part, self._xml_part)
            except etree.XMLSyntaxError:
                continue
            header = ref.tag == W_HEADERREFERENCE
            which = {"first": "First page ", "even": "Even page "}.get(ref.get(W_TYPE) or "", "Page ")
            label = which + ("header" if header else "footer")
            self._story(part, root, _part_anchor_name(name))
            self._walk(root, _Ctx(HEADER if header else FOOTER, False, label=label))
            self._end_story()

    def _notes(self) -> None:
        for key, reltype, tag, label in (
            ("footnotes", RT_FOOTNOTES, W_FOOTNOTE, "Footnote"),
            ("endnotes", RT_ENDNOTES, W_ENDNOTE, "Endnote"),
        ):
            refs = self.note_refs[key]
            if not refs:
                continue
            part = _related(self.main, reltype)
            if part is None:
                continue
            try:
                root = _root(part, self._xml_part)
            except etree.XMLSyntaxError:
                continue
            notes = {}
            for note in root.iterchildren(tag):
                if (note.get(W_TYPE) or "normal") == "normal":
                    notes.setdefault(note.get(W_ID), note)
            done = set()
            number = 0
            for nid, para in refs:
                if nid in done:
                    continue
                done.add(nid)
                number += 1
                note = notes.get(nid)
                if note is None:
                    continue
                facts = {"note": key[:-1], "reference_paragraph": para}
                self._story(part, note, f"{key}/{nid}")
                self._walk(note, _Ctx(FOOTNOTE, False, label=f"{label} {number}", facts=facts))
                self._end_story()

    def _meta(self) -> None:
        meta = self.doc.meta
        core = _related(self.package, RT_CORE)
        if core is not None:
            try:
                root = _root(core, self._xml_part)
            except etree.XMLSyntaxError:
                root = None
            if root is not None:
                el = root.find(DC_TITLE)
                if el is not None and el.text and el.text.strip():
                    meta.title = el.text.strip()
                el = root.find(DC_LANGUAGE)
                if el is not None and el.text and el.text.strip():
                    meta.language = el.text.strip()
        if meta.language is None:
            meta.language = self.styles.language

    # ---------------------------------------------------------------- blocks

    def _walk(self, container, ctx: _Ctx) -> None:
        for child in container:
            tag = child.tag
            if tag == W_P:
                self._paragraph(child, ctx)
            elif tag == W_TBL:
                self._table(child, ctx)
            elif tag == W_SDT:
                content = child.find(W_SDTCONTENT)
                if content is not None:
                    self._walk(content, ctx)
            elif tag in _BLOCK_WRAPPERS:
                self._walk(child, ctx)
            elif tag == MC_ALTERNATECONTENT:
                choice = child.find(MC_CHOICE)
                if choice is None:
                    choice = child.find(MC_FALLBACK)
                if choice is not None:
                    self._walk(choice, ctx)

    def _table(self, tbl, ctx: _Ctx) -> None:
        record = ctx.kind is None
        index = None
        table = None
        if record:
            index = len(self.doc.tables)
            table = Table(rows=0, columns=0, header_row=False, section=self.section)
            self.doc.tables.append(table)
        rows = list(_children(tbl, W_TR))
        header = False
        width = 0
        for ri, tr in enumerate(rows):
            col = 0
            after = 0
            trpr = tr.find(W_TRPR)
            if trpr is not None:
                el = trpr.find(W_GRIDBEFORE)
                if el is not None:
                    col = max(0, min(_int(el.get(W_VAL), 0), 1000))
                el = trpr.find(W_GRIDAFTER)
                if el is not None:
                    after = max(0, min(_int(el.get(W_VAL), 0), 1000))
                if ri == 0:
                    el = trpr.find(W_TBLHEADER)
                    header = el is not None and _on(el.get(W_VAL))
            for tc in _children(tr, W_TC):
                span = 1
                covered = False
                tcpr = tc.find(W_TCPR)
                if tcpr is not None:
                    el = tcpr.find(W_GRIDSPAN)
                    if el is not None:
                        span = max(1, min(_int(el.get(W_VAL), 1), 1000))
                    for merge_tag in (W_VMERGE, W_HMERGE):
                        el = tcpr.find(merge_tag)
                        if el is not None and (el.get(W_VAL) or "continue") == "continue":
                            covered = True
                if not covered:
                    cell = (index, ri, col) if record else None
                    self._walk(tc, _Ctx(ctx.kind, ctx.count, cell, ctx.host, ctx.label, ctx.facts))
                col += span
            width = max(width, col + after)
        if record:
            table.rows = len(rows)
            if not width:
                grid = tbl.find(W_TBLGRID)
                width = len(grid.findall(W_GRIDCOL)) if grid is not None else 0
            table.columns = width
            table.header_row = header

    def _paragraph(self, p, ctx: _Ctx) -> None:
        ppr = p.find(W_PPR)
        psid = direct_outline = direct_numid = direct_ilvl = None
        if ppr is not None:
            for c in ppr:
                tag = c.tag
                if tag == W_PSTYLE:
                    psid = c.get(W_VAL)
                elif tag == W_NUMPR:
                    el = c.find(W_NUMID)
                    if el is not None:
                        direct_numid = el.get(W_VAL)
                    el = c.find(W_ILVL)
                    if el is not None:
                        direct_ilvl = _int(el.get(W_VAL))
                elif tag == W_OUTLINELVL:
                    direct_outline = _int(c.get(W_VAL), 9)
        pkey = self.styles.para_key(psid)
        b = _Para(pkey)
        self._inline(p, b, None, False)
        raw = "".join(b.parts)
        text = raw.strip()
        doc = self.doc

        if not text:
            for img in b.images:
                img.section = ctx.label if ctx.label else self.section
                self.pending.append(img)
            if not b.images and ctx.kind is None and ctx.table is None and ctx.count:
                outline = direct_outline if direct_outline is not None else None
                level = (outline + 1 if 0 <= outline <= 8 else None) if outline is not None \
                    else self.styles.para(pkey).heading
                if level is not None:  # an empty heading: no block, but Word's navigation shows it
                    where = Location(paragraph=self.count or None, section=self.section)
                    self.doc.empty_headings.append((where, ""))
            self._note_refs(b, None)
            self._boxes(b, ctx, None)
            return

        style = self.styles.para(pkey)
        if direct_outline is not None:
            heading = direct_outline + 1 if 0 <= direct_outline <= 8 else None
        else:
            heading = style.heading
        if direct_numid is not None:
            is_list = direct_numid != "0"
        elif style.numid is not None:
            is_list = style.numid != "0"
        else:
            is_list = style.list_name

        kind = ctx.kind
        if kind is None:
            if ctx.table is not None:
                kind = TABLE_CELL
            elif heading is not None:
                kind = HEADING
            elif is_list:
                kind = LIST_ITEM
            else:
                kind = PARAGRAPH

        if ctx.count:
            self.count += 1
            number = self.count
        else:
            number = ctx.host
        if kind == HEADING:
            self.section = _section_name(text)
        section = ctx.label if ctx.label else self.section

        facts = {
            "style": style.name,
            "bold": b.any and b.bold,
            "font_size": b.size,
            "underline_not_link": b.ul,
            "all_caps": b.any and b.caps,
        }
        if heading is not None:
            if kind != HEADING:
                facts["heading_level"] = heading
            if style.title and direct_outline is None:
                facts["title"] = True
        if is_list:
            if kind != LIST_ITEM:
                facts["list_item"] = True
            ilvl = direct_ilvl if direct_ilvl is not None else style.ilvl
            facts["list_level"] = (ilvl if ilvl is not None and 0 <= ilvl <= 8 else 0) + 1
        if ctx.facts:
            facts.update(ctx.facts)

        lead = len(raw) - len(raw.lstrip())
        n = len(text)
        runs = []
        for s, e, i in b.spans:
            s = max(s - lead, 0)
            e = min(e - lead, n)
            if e > s:
                runs.append(RunSpan(s, e, i))

        index = len(doc.blocks)
        block = Block(
            text=text,
            kind=kind,
            level=heading if kind == HEADING else None,
            section=section,
            paragraph=number,
            runs=tuple(runs),
            anchor=f"{self.prefix}/{self.p_index.get(p, -1)}",
            facts=facts,
        )
        if ctx.table is not None:
            block.table, block.row, block.column = ctx.table
            table = doc.tables[ctx.table[0]]
            if table.first_block is None:
                table.first_block = index
                table.paragraph = number
        doc.blocks.append(block)
        self.chars += n
        if self.chars > self.limits.max_text_chars:
            raise ExtractError(
                f"the document holds too much text (over {self.limits.max_text_chars:,} characters)"
            )

        for s, e, target, *_ in b.links + b.flinks:
            s = max(s - lead, 0)
            e = min(e - lead, n)
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                doc.links.append(Link(text=text[s:e], target=target, block=index, start=s, end=e))
        for img in self.pending:
            img.block, img.paragraph = index, number
        self.pending = []
        for img in b.images:
            img.block, img.paragraph, img.section = index, number, section
        self._note_refs(b, number)
        self._boxes(b, ctx, number)

    def _note_refs(self, b: _Para, number) -> None:
        if self.prefix != "body":
            return  # notes are referred to from the body only
        for key, nid in b.notes:
            self.note_refs[key].append((nid, number if number is not None else (self.count or None)))

    def _boxes(self, b: _Para, ctx: _Ctx, number) -> None:
        if not b.boxes:
            return
        if ctx.kind is None:
            host = number if number is not None else (self.count or None)
            box_ctx = _Ctx(TEXT_BOX, False, None, host)
        else:
            box_ctx = _Ctx(ctx.kind, False, None, ctx.host, ctx.label, ctx.facts)
        for box in b.boxes:
            self._walk(box, box_ctx)

    # ---------------------------------------------------------------- inline

    def _inline(self, el, b: _Para, link, hidden: bool) -> None:
        """Read the inline content of a paragraph (or of a wrapper inside it).

        ``link`` is the target of the w:hyperlink we are in (None outside
        links); ``hidden`` is True for content Word does not show (deleted
        text, the Fallback of mc:AlternateContent): its runs are counted but
        give no text.
        """
        for c in el:
            tag = c.tag
            if tag == W_R:
                self._run(c, b, link, hidden)
            elif tag == W_HYPERLINK:
                target = self._hyperlink_target(c)
                start = b.pos
                self._inline(c, b, target, hidden)
                if not hidden and b.pos > start:
                    b.links.append((start, b.pos, target))
            elif tag in _INLINE_WRAPPERS:
                self._inline(c, b, link, hidden)
            elif tag == W_SDT:
                content = c.find(W_SDTCONTENT)
                if content is not None:
                    self._inline(content, b, link, hidden)
            elif tag == W_DEL or tag == W_MOVEFROM:
                self._inline(c, b, link, True)
            elif tag == W_FLDSIMPLE:
                target = _field_link(c.get(W_INSTR) or "")
                start = b.pos
                self._inline(c, b, target if target is not None else link, hidden)
                if target is not None and not hidden and b.pos > start:
                    b.links.append((start, b.pos, target))
            elif tag == MC_ALTERNATECONTENT:
                choice = c.find(MC_CHOICE)
                for part in c:
                    if part.tag == MC_CHOICE and part is choice:
                        self._inline(part, b, link, hidden)
                    elif part.tag == MC_FALLBACK and choice is None:
                        self._inline(part, b, link, hidden)
                    else:
                        self._inline(part, b, link, True)
            elif tag == W_PPR:
                continue
            elif len(c):
                # math, ruby and anything we do not read: keep the run count right
                b.nrun += _count_runs(c)

    def _hyperlink_target(self, h) -> str:
        rid = h.get(R_ID)
        anchor = h.get(W_ANCHOR)
        target = ""
        if rid:
            rel = self.rels.get(rid) if self.rels is not None else None
            if rel is not None:
                try:
                    target = rel.target_ref
                except Exception:
                    target = ""
        if anchor:
            target = f"{target}#{anchor}"
        return target

    def _run(self, r, b: _Para, link, hidden: bool) -> None:
        index = b.nrun
        b.nrun += 1
        if hidden:
            if len(r):
                b.nrun += _count_runs(r)
            return
        self._run_content(r, r.find(W_RPR), index, b, link, None)

    def _props(self, rpr, b: _Para) -> dict:
        """Effective run properties: direct formatting over styles over defaults."""
        if rpr is None:
            return self.styles.run_base(b.pkey, None)
        rsid = None
        sig = []
        for c in rpr:
            tag = c.tag
            if tag == W_RSTYLE:
                rsid = c.get(W_VAL)
            elif tag in _RPROPS:
                sig.append((tag, c.get(W_VAL)))
        key = (b.pkey, rsid, tuple(sig))
        props = self._props_cache.get(key)
        if props is None:
            props = dict(self.styles.run_base(b.pkey, rsid))
            for tag, val in sig:
                name = _RPROPS[tag]
                props[name] = _prop_value(name, val)
            self._props_cache[key] = props
        return props

    def _run_content(self, container, rpr, index: int, b: _Para, link, props) -> dict | None:
        for c in container:
            tag = c.tag
            if tag == W_RPR:
                continue
            if tag == W_T:
                if self.instr_depth:
                    continue
                piece = c.text
                if not piece:
                    continue
                if _TEXT_SPECIAL.search(piece) is not None:
                    piece = piece.translate(_TEXT_TABLE)
            elif tag == W_TAB or tag == W_PTAB:
                piece = " "
            elif tag == W_BR or tag == W_CR:
                piece = "\n"
            elif tag == W_NOBREAKHYPHEN:
                piece = "-"
            elif tag == W_FLDCHAR:
                self._fld_char(c.get(W_FLDCHARTYPE))
                continue
            elif tag == W_INSTRTEXT:
                if self.fields and self.fields[-1].instr and c.text:
                    self.fields[-1].parts.append(c.text)
                continue
            elif tag == W_DRAWING:
                self._drawing(c, b)
                continue
            elif tag == W_PICT:
                self._vml(c, b)
                continue
            elif tag == W_FOOTNOTEREFERENCE:
                b.notes.append(("footnotes", c.get(W_ID)))
                continue
            elif tag == W_ENDNOTEREFERENCE:
                b.notes.append(("endnotes", c.get(W_ID)))
                continue
            elif tag == MC_ALTERNATECONTENT:
                choice = c.find(MC_CHOICE)
                if choice is None:
                    choice = c.find(MC_FALLBACK)
                if choice is not None:
                    props = self._run_content(choice, rpr, index, b, link, props)
                continue
            else:
                if len(c) and tag != W_OBJECT:
                    b.nrun += _count_runs(c)  # e.g. ruby text holds runs of its own
                continue
            if self.instr_depth:
                continue
            if props is None:
                props = self._props(rpr, b)
            if props.get("vanish"):
                continue
            self._emit(piece, index, b, link, props)
        return props

    def _emit(self, piece: str, index: int, b: _Para, link, props: dict) -> None:
        start = b.pos
        end = start + len(piece)
        b.parts.append(piece)
        b.pos = end
        spans = b.spans
        if spans and spans[-1][2] == index and spans[-1][1] == start:
            spans[-1][1] = end
        else:
            spans.append([start, end, index])
        field_link = None
        if self.fields:
            for f in reversed(self.fields):
                if f.link is not None:
                    field_link = f
                    break
            if field_link is not None:
                fl = b.flinks
                if fl and fl[-1][3] is field_link and fl[-1][1] == start:
                    fl[-1][1] = end
                else:
                    fl.append([start, end, field_link.link, field_link])
        if piece.isspace():
            return
        b.any = True
        if not props.get("b"):
            b.bold = False
        if not props.get("caps"):
            b.caps = False
        size = props.get("sz")
        if size is not None and (b.size is None or size < b.size):
            b.size = size
        if props.get("u") and link is None and field_link is None:
            b.ul = True

    def _fld_char(self, kind: str | None) -> None:
        fields = self.fields
        if kind == "begin":
            fields.append(_Field())
            self.instr_depth += 1
        elif kind == "separate":
            if fields and fields[-1].instr:
                f = fields[-1]
                f.instr = False
                self.instr_depth -= 1
                f.link = _field_link("".join(f.parts))
                f.parts = []
        elif kind == "end":
            if fields:
                f = fields.pop()
                if f.instr:
                    self.instr_depth -= 1

    # ---------------------------------------------------------------- objects

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

    def _drawing(self, d, b: _Para) -> None:
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
            self._image(b, Image(alt=alt, title=title, target=self._target(rid), decorative=decorative))

    def _vml(self, pict, b: _Para) -> None:
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
                self._image(b, Image(alt=alt, title=title, target=self._target(rid)))
                continue
            stack.extend(reversed(el))


def _children(el, tag: str):
    """Children of ``el`` with ``tag``, looking through content controls and custom XML."""
    for c in el:
        t = c.tag
        if t == tag:
            yield c
        elif t == W_SDT:
            content = c.find(W_SDTCONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif t in _BLOCK_WRAPPERS:
            yield from _children(c, tag)
