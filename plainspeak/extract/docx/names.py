"""XML names (Clark notation) and the constants the reader uses.

Plain strings compare faster than QName objects in the walk.
"""

from __future__ import annotations

import re

from lxml import etree


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
