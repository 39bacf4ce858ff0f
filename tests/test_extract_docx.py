"""The Word (.docx) extractor: documents built here with python-docx, plus the shared corpus."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt

from plainspeak.extract import extract_bytes
from plainspeak.extract.docx import extract
from plainspeak.extract.limits import Limits
from plainspeak.model import (
    FOOTER,
    FOOTNOTE,
    HEADER,
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    TABLE_CELL,
    TEXT_BOX,
    ExtractError,
)

ROOT = Path(__file__).resolve().parents[1]

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}
DECLS = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items())


# ---------------------------------------------------------------- helpers


def tiny_png() -> bytes:
    """A 2x2 grey PNG, made without any imaging library."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def save(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def read(data: bytes):
    return extract(data, "test.docx", Limits())


def xml(fragment: str):
    """Parse a WordprocessingML fragment; its first tag gets the namespace declarations."""
    fragment = fragment.strip()
    head = fragment.split(">", 1)[0]
    i = head.index(" ") if " " in head else len(head.rstrip("/"))
    return parse_xml(fragment[:i] + " " + DECLS + fragment[i:])


def by_text(doc, text):
    matches = [b for b in doc.blocks if b.text == text]
    assert len(matches) == 1, f"{text!r}: {[b.text for b in doc.blocks]}"
    return matches[0]


def resolve_anchor(document, anchor: str):
    """The w:p an anchor names, as the module docstring describes."""
    where, *rest = anchor.split("/")
    if where == "body":
        return list(document.element.body.iter(qn("w:p")))[int(rest[0])]
    parts = {str(p.partname): p for p in document.part.package.iter_parts()}
    if where in ("footnotes", "endnotes"):
        from lxml import etree

        part = parts[f"/word/{where}.xml"]
        root = part.element if hasattr(part, "element") else etree.fromstring(part.blob)
        note = next(n for n in root if n.get(qn("w:id")) == rest[0])
        return list(note.iter(qn("w:p")))[int(rest[1])]
    return list(parts[f"/word/{where}.xml"].element.iter(qn("w:p")))[int(rest[0])]


def paragraph_runs(p):
    """The runs of a paragraph as RunSpan.index counts them."""
    return [r for r in p.iter(qn("w:r")) if next(r.iterancestors(qn("w:p"))) is p]


def add_hyperlink(paragraph, text: str, url: str | None = None, anchor: str | None = None):
    attrs = ""
    if url:
        rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        attrs += f' r:id="{rid}"'
    if anchor:
        attrs += f' w:anchor="{anchor}"'
    el = xml(f'<w:hyperlink{attrs}><w:r><w:rPr><w:rStyle w:val="Hyperlink"/><w:u w:val="single"/></w:rPr>'
             f'<w:t xml:space="preserve">{text}</w:t></w:r></w:hyperlink>')
    paragraph._p.append(el)
    return el


TEXT_BOX_RUN = """<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0"
 locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
<wp:extent cx="2000000" cy="500000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapSquare wrapText="bothSides"/>
<wp:docPr id="50" name="Text Box 50"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2000000" cy="500000"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
<wps:txbx><w:txbxContent><w:p><w:r><w:t>BOXTEXT</w:t></w:r></w:p></w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>
</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:shape type="#_x0000_t202" style="width:157pt;height:39pt"><v:textbox><w:txbxContent>
<w:p><w:r><w:t>BOXTEXT</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
</mc:AlternateContent></w:r>"""


# ---------------------------------------------------------------- structure


def test_paragraph_numbers_headings_and_sections():
    d = docx.Document()
    d.add_paragraph("Safeguarding and Support Policy", style="Title")
    d.add_paragraph("This policy is for everyone who works at the hostel.")
    d.add_paragraph("")
    d.add_paragraph("   ")
    d.add_heading("Warnings", level=1)
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "Cell A"
    t.cell(0, 1).text = "Cell B"
    d.add_paragraph("After the table.")
    d.add_heading("Details", level=2)
    d.add_paragraph("Last words.")
    doc = read(save(d))

    assert doc.format == "docx" and doc.path == "test.docx"
    got = [(b.text, b.kind, b.level, b.paragraph, b.section) for b in doc.blocks]
    assert got == [
        ("Safeguarding and Support Policy", HEADING, 1, 1, "Safeguarding and Support Policy"),
        ("This policy is for everyone who works at the hostel.", PARAGRAPH, None, 2,
         "Safeguarding and Support Policy"),
        ("Warnings", HEADING, 1, 3, "Warnings"),
        ("Cell A", TABLE_CELL, None, 4, "Warnings"),
        ("Cell B", TABLE_CELL, None, 5, "Warnings"),
        ("After the table.", PARAGRAPH, None, 6, "Warnings"),
        ("Details", HEADING, 2, 7, "Details"),
        ("Last words.", PARAGRAPH, None, 8, "Details"),
    ]
    assert doc.blocks[0].facts["title"] is True
    assert doc.blocks[0].facts["style"] == "Title"
    assert doc.blocks[2].facts["style"] == "Heading 1"
    assert "title" not in doc.blocks[2].facts
    # every anchor finds its paragraph again
    reopened = docx.Document(io.BytesIO(save(d)))
    for block in doc.blocks:
        p = resolve_anchor(reopened, block.anchor)
        assert "".join(t.text or "" for t in p.iter(qn("w:t"))).strip() == block.text


def test_heading_by_inherited_style_and_outline_level():
    d = docx.Document()
    custom = d.styles.add_style("Policy Heading", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = d.styles["Heading 2"]
    chapter = d.styles.add_style("Chapter", WD_STYLE_TYPE.PARAGRAPH)
    chapter.element.get_or_add_pPr().append(xml('<w:outlineLvl w:val="0"/>'))
    d.add_paragraph("Inherited heading", style="Policy Heading")
    d.add_paragraph("Chapter heading", style="Chapter")
    p = d.add_paragraph("Outline heading")
    p._p.get_or_add_pPr().append(xml('<w:outlineLvl w:val="2"/>'))
    p = d.add_heading("Not a heading any more", level=1)
    p._p.get_or_add_pPr().append(xml('<w:outlineLvl w:val="9"/>'))
    d.add_paragraph("Body text.")
    doc = read(save(d))
    kinds = {b.text: (b.kind, b.level) for b in doc.blocks}
    assert kinds["Inherited heading"] == (HEADING, 2)
    assert kinds["Chapter heading"] == (HEADING, 1)
    assert kinds["Outline heading"] == (HEADING, 3)
    assert kinds["Not a heading any more"] == (PARAGRAPH, None)
    assert by_text(doc, "Body text.").section == "Outline heading"
    assert by_text(doc, "Inherited heading").facts["style"] == "Policy Heading"


def test_list_items():
    d = docx.Document()
    d.add_paragraph("Bring these things:")
    d.add_paragraph("your ID", style="List Bullet")
    d.add_paragraph("your tenancy letter", style="List Number")
    p = d.add_paragraph("a second-level item")
    p._p.get_or_add_pPr().append(xml('<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>'))
    p = d.add_paragraph("bullet switched off", style="List Bullet")
    p._p.get_or_add_pPr().append(xml('<w:numPr><w:numId w:val="0"/></w:numPr>'))
    d.add_paragraph("indented, no bullet", style="List Paragraph")
    doc = read(save(d))
    kinds = {b.text: b.kind for b in doc.blocks}
    assert kinds == {
        "Bring these things:": PARAGRAPH,
        "your ID": LIST_ITEM,
        "your tenancy letter": LIST_ITEM,
        "a second-level item": LIST_ITEM,
        "bullet switched off": PARAGRAPH,
        "indented, no bullet": PARAGRAPH,
    }
    assert by_text(doc, "your ID").facts["list_level"] == 1
    assert by_text(doc, "a second-level item").facts["list_level"] == 2
    assert [b.paragraph for b in doc.blocks] == [1, 2, 3, 4, 5, 6]


def test_tables_cells_merges_nesting_and_header_rows():
    d = docx.Document()
    d.add_heading("Forms", level=1)
    first = d.add_table(rows=3, cols=3)
    first.rows[0]._tr.get_or_add_trPr().append(xml("<w:tblHeader/>"))
    for c, text in enumerate(["Question", "Answer", "Notes"]):
        first.cell(0, c).text = text
    merged = first.cell(1, 0).merge(first.cell(1, 1))  # across two columns
    merged.text = "Wide cell"
    first.cell(1, 2).text = "Right"
    tall = first.cell(1, 2).merge(first.cell(2, 2))  # down two rows
    tall.text = "Tall cell"
    first.cell(2, 0).text = "Bottom left"
    inner_cell = first.cell(2, 1)
    inner_cell.text = "Outer text"
    inner = inner_cell.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Inner 1"
    inner.cell(0, 1).text = "Inner 2"
    d.add_paragraph("Between tables.")
    second = d.add_table(rows=2, cols=2)
    second.cell(0, 0).text = "Name"
    second.cell(1, 1).text = "Date"
    doc = read(save(d))

    cells = [(b.text, b.table, b.row, b.column) for b in doc.blocks if b.kind == TABLE_CELL]
    assert cells == [
        ("Question", 0, 0, 0), ("Answer", 0, 0, 1), ("Notes", 0, 0, 2),
        ("Wide cell", 0, 1, 0), ("Tall cell", 0, 1, 2),
        ("Bottom left", 0, 2, 0), ("Outer text", 0, 2, 1),
        ("Inner 1", 1, 0, 0), ("Inner 2", 1, 0, 1),
        ("Name", 2, 0, 0), ("Date", 2, 1, 1),
    ]
    assert len(doc.tables) == 3
    t0, t1, t2 = doc.tables
    assert (t0.rows, t0.columns, t0.header_row) == (3, 3, True)
    assert (t1.rows, t1.columns, t1.header_row) == (1, 2, False)
    assert (t2.rows, t2.columns, t2.header_row) == (2, 2, False)
    assert doc.blocks[t0.first_block].text == "Question"
    assert doc.blocks[t2.first_block].text == "Name"
    assert t0.paragraph == 2 and t0.section == "Forms"
    assert by_text(doc, "Between tables.").paragraph == 11
    assert by_text(doc, "Date").paragraph == 13


def test_content_controls_are_read_in_order():
    d = docx.Document()
    d.add_paragraph("Before.")
    body = d.element.body
    sdt = xml('<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Inside a content control.</w:t></w:r></w:p>'
              '</w:sdtContent></w:sdt>')
    body.insert(len(body) - 1, sdt)  # before the final sectPr
    d.add_paragraph("After.")
    doc = read(save(d))
    assert [(b.text, b.paragraph) for b in doc.blocks] == [
        ("Before.", 1), ("Inside a content control.", 2), ("After.", 3)]


def test_headers_and_footers_deduplicated():
    d = docx.Document()
    d.add_paragraph("Body text.")
    section = d.sections[0]
    section.header.paragraphs[0].text = "Riverside Hostel: Safeguarding policy"
    section.footer.paragraphs[0].text = "Version 3, March 2025"
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Front page banner"
    d.add_section()
    d.add_paragraph("Second section.")
    # the second section points at the same header part as the first
    first_ref = next(r for r in d.sections[0]._sectPr.iter(qn("w:headerReference"))
                     if r.get(qn("w:type")) == "default")
    d.sections[1]._sectPr.insert(0, xml(f'<w:headerReference w:type="default" r:id="{first_ref.get(qn("r:id"))}"/>'))
    doc = read(save(d))
    headers = [(b.kind, b.text, b.section, b.paragraph) for b in doc.blocks if b.kind in (HEADER, FOOTER)]
    assert sorted(headers) == sorted([
        (HEADER, "Riverside Hostel: Safeguarding policy", "Page header", None),
        (HEADER, "Front page banner", "First page header", None),
        (FOOTER, "Version 3, March 2025", "Page footer", None),
    ])
    assert [b.text for b in doc.blocks[:2]] == ["Body text.", "Second section."]
    header = by_text(doc, "Riverside Hostel: Safeguarding policy")
    assert header.anchor.startswith("header") and header.anchor.endswith("/0")
    assert header.facts["style"] == "Header"


FOOTNOTES_XML = f"""<w:footnotes {DECLS}>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> MARAC means Multi-Agency \
Risk Assessment Conference.</w:t></w:r></w:p></w:footnote>
<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>Nobody refers to this note.</w:t></w:r></w:p></w:footnote>
<w:footnote w:id="3"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>The second note.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""


def test_footnotes():
    d = docx.Document()
    d.add_heading("Warnings", level=1)
    p = d.add_paragraph("We refer cases to the MARAC.")
    p._p.append(xml('<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'))
    p = d.add_paragraph("Another claim.")
    p._p.append(xml('<w:r><w:footnoteReference w:id="3"/></w:r>'))
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, FOOTNOTES_XML.encode(), d.part.package)
    d.part.relate_to(part, RT.FOOTNOTES)
    doc = read(save(d))
    assert by_text(doc, "We refer cases to the MARAC.").paragraph == 2
    notes = [b for b in doc.blocks if b.kind == FOOTNOTE]
    assert [(b.text, b.section, b.paragraph, b.anchor) for b in notes] == [
        ("MARAC means Multi-Agency Risk Assessment Conference.", "Footnote 1", None, "footnotes/1/0"),
        ("The second note.", "Footnote 2", None, "footnotes/3/0"),
    ]
    assert notes[0].facts["reference_paragraph"] == 2
    assert notes[0].facts["note"] == "footnote"


def test_text_box_read_once_and_not_glued_to_its_paragraph():
    d = docx.Document()
    d.add_paragraph("First.")
    host = d.add_paragraph("Host text.")
    host._p.append(xml(TEXT_BOX_RUN))
    host.add_run(" More host text.")
    empty_host = d.add_paragraph()
    empty_host._p.append(xml(TEXT_BOX_RUN.replace("BOXTEXT", "Second box")))
    d.add_paragraph("Next.")
    data = save(d)
    doc = read(data)
    got = [(b.text, b.kind, b.paragraph) for b in doc.blocks]
    assert got == [
        ("First.", PARAGRAPH, 1),
        ("Host text. More host text.", PARAGRAPH, 2),
        ("BOXTEXT", TEXT_BOX, 2),
        ("Second box", TEXT_BOX, 2),
        ("Next.", PARAGRAPH, 3),
    ]
    reopened = docx.Document(io.BytesIO(data))
    box = doc.blocks[2]
    assert resolve_anchor(reopened, box.anchor).getparent().tag == qn("w:txbxContent")
    # the host's run spans still line up with its runs (the text-box run gives no text)
    host_block = doc.blocks[1]
    runs = paragraph_runs(resolve_anchor(reopened, host_block.anchor))
    assert [s.index for s in host_block.runs] == [0, 2]
    for span in host_block.runs:
        assert host_block.text[span.start:span.end] == runs[span.index].text


def test_old_style_vml_text_box_and_picture():
    d = docx.Document()
    p = d.add_paragraph("Poster text.")
    rid, _ = p.part.get_or_add_image(io.BytesIO(tiny_png()))
    p._p.append(xml(
        '<w:r><w:pict><v:shape style="width:40pt;height:20pt" alt="Map to the day centre">'
        f'<v:imagedata r:id="{rid}" o:title="Map" xmlns:o="urn:schemas-microsoft-com:office:office"/>'
        '</v:shape><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Open 9 to 5</w:t></w:r></w:p>'
        '</w:txbxContent></v:textbox></v:shape></w:pict></w:r>'))
    doc = read(save(d))
    assert [(b.text, b.kind, b.paragraph) for b in doc.blocks] == [
        ("Poster text.", PARAGRAPH, 1), ("Open 9 to 5", TEXT_BOX, 1)]
    assert [(i.alt, i.title, i.block) for i in doc.images] == [("Map to the day centre", "Map", 0)]
    assert doc.images[0].target.startswith("word/media/")


def test_hyperlinks_external_internal_and_field():
    d = docx.Document()
    p = d.add_paragraph("Read the ")
    add_hyperlink(p, "Homelessness Code of Guidance", url="https://www.gov.uk/guidance/homelessness-code-of-guidance")
    p.add_run(" before you start.")
    p2 = d.add_paragraph("See ")
    add_hyperlink(p2, "Warnings", anchor="_Warnings")
    p2.add_run(" below.")
    p3 = d.add_paragraph("Visit ")
    p3._p.append(xml('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'))
    p3._p.append(xml('<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/help" </w:instrText></w:r>'))
    p3._p.append(xml('<w:r><w:fldChar w:fldCharType="separate"/></w:r>'))
    p3._p.append(xml('<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>our help page</w:t></w:r>'))
    p3._p.append(xml('<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
    p3.add_run(" today.")
    doc = read(save(d))
    assert [b.text for b in doc.blocks] == [
        "Read the Homelessness Code of Guidance before you start.",
        "See Warnings below.",
        "Visit our help page today.",
    ]
    links = [(link.text, link.target, link.block, link.start, link.end) for link in doc.links]
    assert links == [
        ("Homelessness Code of Guidance", "https://www.gov.uk/guidance/homelessness-code-of-guidance", 0, 9, 38),
        ("Warnings", "#_Warnings", 1, 4, 12),
        ("our help page", "https://example.org/help", 2, 6, 19),
    ]
    for link in doc.links:
        assert doc.blocks[link.block].text[link.start:link.end] == link.text
    # underlined link text is fine
    assert not any(b.facts["underline_not_link"] for b in doc.blocks)


def test_images_with_and_without_alt_text():
    d = docx.Document()
    d.add_heading("Our building", level=1)
    d.add_picture(io.BytesIO(tiny_png()))  # a paragraph holding only the picture
    d.add_paragraph("The front door is on Mill Lane.")
    p = d.add_paragraph("Ring the bell ")
    shape = p.add_run().add_picture(io.BytesIO(tiny_png()))
    shape._inline.docPr.set("descr", "A green door with a bell on the right")
    shape._inline.docPr.set("title", "Front door")
    p.add_run(" and wait.")
    p = d.add_paragraph("Decoration: ")
    shape = p.add_run().add_picture(io.BytesIO(tiny_png()))
    shape._inline.docPr.set("descr", "")
    shape._inline.docPr.append(xml(
        '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
        '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>'
        '</a:ext></a:extLst>'))
    doc = read(save(d))
    assert [b.text for b in doc.blocks] == [
        "Our building", "The front door is on Mill Lane.", "Ring the bell  and wait.", "Decoration:"]
    assert len(doc.images) == 3
    first, second, third = doc.images
    assert first.alt is None and first.title is None and not first.decorative
    assert first.block == 1 and first.paragraph == 2 and first.section == "Our building"  # sits before block 1
    assert first.target and first.target.startswith("word/media/") and first.target.endswith(".png")
    assert second.alt == "A green door with a bell on the right" and second.title == "Front door"
    assert second.block == 2 and second.paragraph == 3
    assert third.alt == "" and third.decorative is True and third.block == 3


def test_core_title_and_language():
    d = docx.Document()
    d.core_properties.title = "Safeguarding and Support Policy"
    d.core_properties.language = "en-GB"
    d.add_paragraph("Text.")
    doc = read(save(d))
    assert doc.meta.title == "Safeguarding and Support Policy"
    assert doc.meta.language == "en-GB"

    d = docx.Document()
    d.core_properties.title = ""
    lang = d.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    lang.set(qn("w:val"), "cy-GB")
    d.add_paragraph("Testun.")
    doc = read(save(d))
    assert doc.meta.title is None
    assert doc.meta.language == "cy-GB"


def test_run_spans_reslice_to_run_texts():
    d = docx.Document()
    p = d.add_paragraph("Staff ")
    p.add_run("must").bold = True
    p.add_run(" record ")
    p.add_run("every").italic = True
    p.add_run(" visit, see ")
    add_hyperlink(p, "the log", url="https://example.org/log")
    p.add_run(".")
    data = save(d)
    doc = read(data)
    block = doc.blocks[0]
    assert block.text == "Staff must record every visit, see the log."
    runs = paragraph_runs(resolve_anchor(docx.Document(io.BytesIO(data)), block.anchor))
    assert [s.index for s in block.runs] == list(range(len(runs))) == list(range(7))
    for span in block.runs:
        assert block.text[span.start:span.end] == runs[span.index].text
    assert block.runs[0].start == 0 and block.runs[-1].end == len(block.text)


def test_text_normalisation_fields_and_tracked_changes():
    d = docx.Document()
    p = d.add_paragraph()
    p._p.append(xml('<w:r><w:t>Name:</w:t><w:tab/><w:t>Sam</w:t><w:br/><w:t>Room 4</w:t></w:r>'))
    p = d.add_paragraph()
    p._p.append(xml('<w:r><w:t>multi</w:t><w:softHyphen/><w:t>agency and move</w:t><w:noBreakHyphen/>'
                    '<w:t>on, co\u00adoperate</w:t></w:r>'))
    p = d.add_paragraph("Page ")
    p._p.append(xml('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'))
    p._p.append(xml('<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'))
    p._p.append(xml('<w:r><w:fldChar w:fldCharType="separate"/></w:r>'))
    p._p.append(xml('<w:r><w:t>3</w:t></w:r>'))
    p._p.append(xml('<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
    p._p.append(xml('<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t xml:space="preserve"> of 9</w:t></w:r></w:fldSimple>'))
    p = d.add_paragraph("We ")
    p._p.append(xml('<w:del w:id="1" w:author="A"><w:r><w:delText>never </w:delText></w:r></w:del>'))
    p._p.append(xml('<w:ins w:id="2" w:author="A"><w:r><w:t xml:space="preserve">always </w:t></w:r></w:ins>'))
    p._p.append(xml('<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">hidden </w:t></w:r>'))
    p.add_run("help.")
    doc = read(save(d))
    assert [b.text for b in doc.blocks] == [
        "Name: Sam\nRoom 4",
        "multiagency and move-on, cooperate",
        "Page 3 of 9",
        "We always help.",
    ]
    spans = doc.blocks[3].runs
    assert [s.index for s in spans] == [0, 2, 4]  # run 1 is deleted, run 3 is hidden


def test_formatting_facts():
    d = docx.Document()
    d.add_heading("Bold by style", level=1)
    p = d.add_paragraph()
    p.add_run("All ").bold = True
    p.add_run("bold").bold = True
    p = d.add_paragraph("Mostly normal, ")
    r = p.add_run("small print")
    r.font.size = Pt(8)
    p = d.add_paragraph("Plain then ")
    p.add_run("underlined").underline = True
    p = d.add_paragraph()
    r = p.add_run("shouting here")
    r.font.all_caps = True
    doc = read(save(d))
    facts = {b.text: b.facts for b in doc.blocks}
    assert facts["Bold by style"]["bold"] is True
    assert facts["All bold"]["bold"] is True
    assert facts["Mostly normal, small print"]["bold"] is False
    assert facts["Mostly normal, small print"]["font_size"] == 8.0
    assert facts["All bold"]["font_size"] == 11.0  # docDefaults of python-docx's template
    assert facts["Plain then underlined"]["underline_not_link"] is True
    assert facts["shouting here"]["all_caps"] is True
    assert facts["All bold"]["all_caps"] is False


# ---------------------------------------------------------------- bad input


def one_plain_line(exc: ExtractError) -> str:
    msg = str(exc)
    assert msg and "\n" not in msg and "Traceback" not in msg and "test.docx" not in msg
    return msg


def zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_not_a_zip():
    with pytest.raises(ExtractError) as err:
        read(b"Dear colleague, this is a plain text file pretending to be Word.")
    assert one_plain_line(err.value) == "this is not a Word (.docx) file: it is not a ZIP package"


def test_old_word_or_password_protected():
    with pytest.raises(ExtractError) as err:
        read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert "old Word (.doc) file or a password-protected document" in one_plain_line(err.value)


def test_empty_file():
    with pytest.raises(ExtractError) as err:
        read(b"")
    assert one_plain_line(err.value) == "the file is empty"
    with pytest.raises(ExtractError):
        extract_bytes(b"", "test.docx", "docx")


def test_zip_without_document():
    with pytest.raises(ExtractError) as err:
        read(zip_of({"notes.txt": b"hello"}))
    assert "not a Word document" in one_plain_line(err.value)

    d = zipfile.ZipFile(io.BytesIO(save(docx.Document())))
    members = {n: d.read(n) for n in d.namelist() if n != "word/document.xml"}
    with pytest.raises(ExtractError) as err:
        read(zip_of(members))
    assert one_plain_line(err.value) == "the Word file is damaged: its main text (word/document.xml) is missing"


def test_damaged_xml_and_truncated_file():
    good = save(docx.Document())
    d = zipfile.ZipFile(io.BytesIO(good))
    members = {n: d.read(n) for n in d.namelist()}
    members["word/document.xml"] = members["word/document.xml"][:-40]
    with pytest.raises(ExtractError) as err:
        read(zip_of(members))
    assert one_plain_line(err.value) == "the Word file is damaged: its part 'word/document.xml' is not valid XML"
    with pytest.raises(ExtractError) as err:
        read(good[: len(good) // 2])
    assert "damaged or incomplete" in one_plain_line(err.value)


def test_zip_bomb_declared_size_is_refused_before_parsing():
    data = bytearray(save(docx.Document()))
    # claim that one member unpacks to nearly 4 GB, in the central directory
    pos = data.find(b"PK\x01\x02")
    data[pos + 24: pos + 28] = struct.pack("<I", 0xFFFFFFF0)
    with pytest.raises(ExtractError) as err:
        read(bytes(data))
    msg = one_plain_line(err.value)
    assert "would unpack to" in msg or "would expand too much" in msg

    # a member that compresses far too well
    bomb = zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\x00" * (3 * 1024 * 1024)})
    with pytest.raises(ExtractError) as err:
        read(bomb)
    assert "expand too much" in one_plain_line(err.value)


def test_other_formats_named_docx():
    with pytest.raises(ExtractError) as err:
        read(b"%PDF-1.7\n%...")
    assert "PDF" in one_plain_line(err.value)
    with pytest.raises(ExtractError) as err:
        read(b"{\\rtf1\\ansi Hello}")
    assert ".rtf" in one_plain_line(err.value)


def test_through_the_extractor_interface():
    d = docx.Document()
    d.add_paragraph("Hello.")
    doc = extract_bytes(save(d), "letter.docx", "docx")
    assert doc.format == "docx" and doc.blocks[0].text == "Hello."


# ---------------------------------------------------------------- examples and corpus


@pytest.mark.parametrize("name", ["policy.docx", "assessment-form.docx"])
def test_examples_read(name):
    path = ROOT / "examples" / name
    doc = read(path.read_bytes())
    assert doc.meta.language == "en-GB" and doc.meta.title
    if name == "policy.docx":
        assert any(b.kind == HEADING and b.text == "Warnings" for b in doc.blocks)
        assert any(b.kind == HEADER for b in doc.blocks) and any(b.kind == FOOTER for b in doc.blocks)
        assert doc.links and any(b.kind == LIST_ITEM for b in doc.blocks)
    else:
        assert [t.header_row for t in doc.tables] == [True, False]
        assert doc.images and doc.images[0].alt is None
