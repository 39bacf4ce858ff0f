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
See ``anchors.py``: the contract that ``plainspeak.annotate`` relies on.

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

Modules
-------
``names`` (XML names and constants), ``package`` (opening the ZIP package,
with plain messages for files that are not .docx), ``styles``, ``fields``,
``anchors`` (how a block and its runs point back into the XML; shared with
``plainspeak.annotate``), ``reader`` (stories and blocks), ``runs`` (inline
content and its text) and ``drawings`` (pictures and text boxes).
"""

from __future__ import annotations

import io
import zipfile

from plainspeak.extract.docx.package import _check_members, _open_package, _sniff
from plainspeak.extract.docx.reader import Reader
from plainspeak.extract.limits import Limits, check_zip
from plainspeak.model import Document, ExtractError


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
        return Reader(package, path, limits).read()
    except ExtractError:
        raise
    except RecursionError:
        raise ExtractError("the document is nested too deeply to read (tables or boxes inside each other)") from None
    except MemoryError:
        raise ExtractError("the document is too large to read") from None
    except Exception as exc:  # never show a traceback to the user
        raise ExtractError(f"this Word file could not be read; it may be damaged ({type(exc).__name__})") from None
