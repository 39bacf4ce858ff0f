"""Accessibility checks (rules PS501-PS517): Word documents built with python-docx, PDFs built
with fpdf2 (tests/pdfs.py), and Markdown strings. Every check has a failing and a passing document."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt

from conftest import check_markdown
from pdfs import H, Picture, make_pdf
from plainspeak.checks import Context
from plainspeak.checks.accessibility import TESTS, AccessibilityCheck, caps_runs
from plainspeak.extract.docx import extract as extract_docx
from plainspeak.extract.limits import Limits
from plainspeak.extract.markdown import extract_text as markdown_document
from plainspeak.extract.pdf import extract as extract_pdf
from plainspeak.model import HEADING, Block, Document, Meta
from plainspeak.language.pipeline import Analysis
from plainspeak.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
RULES = [r for r in load_rules() if r.check == "accessibility"]
BY_TEST = {r.options["test"]: r for r in RULES}
CODE = {test: r.code for test, r in BY_TEST.items()}

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

LONG_PARAGRAPH = (
    "If you are worried about losing your home, talk to us as early as you can. We can talk to your "
    "landlord, help you claim the benefits you are owed and help you make a plan you can afford. The "
    "sooner we know, the more we can do, and we will not judge you for asking."
)


# ---------------------------------------------------------------- helpers


def run(doc, severity=None, **options):
    """Findings of the accessibility rules on a Document; options={test: {key: value}} overrides."""
    rules = [dataclasses.replace(r, options={**r.options, **options.get(r.options["test"].replace("-", "_"), {})})
             for r in RULES]
    check = AccessibilityCheck(rules, Context(glossary=None, pipeline=None, severity=severity or {}))
    found = check.run(Analysis(document=doc, blocks=[], pipeline=None))
    for f in found:  # every message is filled in and ends as a sentence
        assert "{" not in f.message and "}" not in f.message, f.message
        assert f.message.endswith(".") and ".." not in f.message, f.message
        assert f.location is not None and f.severity in ("info", "warning", "error")
    return found


def codes(findings):
    return [f.rule for f in findings]


def of(findings, test):
    return [f for f in findings if f.rule == CODE[test]]


def md(text):
    return run(markdown_document(text, "test.md"))


def save_docx(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def read_docx(d):
    return extract_docx(save_docx(d), "test.docx", Limits())


def read_pdf(data: bytes):
    return extract_pdf(data, "test.pdf", Limits())


def new_docx(title="Housing advice"):
    d = docx.Document()
    d.core_properties.title = title
    d.core_properties.language = "en-GB"
    return d


def tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def add_picture(paragraph, descr=None, decorative=False):
    shape = paragraph.add_run().add_picture(io.BytesIO(tiny_png()))
    if descr is not None:
        shape._inline.docPr.set("descr", descr)
    if decorative:
        shape._inline.docPr.append(parse_xml(
            '<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
            '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>'
            '</a:ext></a:extLst>'))
    return shape


def add_hyperlink(paragraph, text, url):
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    paragraph._p.append(parse_xml(
        f'<w:hyperlink {W_NS} {R_NS} r:id="{rid}"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/>'
        f'<w:u w:val="single"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:hyperlink>'))


def mark_header_row(table):
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f"<w:tblHeader {W_NS}/>"))


def fill_table(d, rows):
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return table


# ---------------------------------------------------------------- the rules themselves


def test_every_test_has_one_rule_and_rules_document_wcag():
    assert sorted(BY_TEST) == sorted(TESTS)
    assert len(BY_TEST) == len(RULES)
    for r in RULES:
        assert r.category == "accessibility"
        assert re.match(r"PS5\d\d$", r.code)
        assert re.search(r"\b\d\.\d\.\d+ [A-Z]", r.why), f"{r.code}: why must name a WCAG 2.2 criterion"
        assert "Word" in r.why or "PAC" in r.why, r.code
        urls = [s.get("url", "") for s in r.sources]
        assert all(u.startswith("https://") for u in urls), r.code
        assert any(u.startswith("https://www.w3.org/WAI/WCAG22/Understanding/") for u in urls), r.code
        assert any("rules-for-the-accessibility-checker" in u for u in urls), r.code


def test_severities():
    assert {r.code: r.severity for r in RULES if r.severity == "error"} == {
        CODE["image-alt"]: "error", CODE["pdf-tagged"]: "error", CODE["scanned-page"]: "error"}


def test_unknown_test_is_refused_plainly():
    bad = dataclasses.replace(RULES[0], options={"test": "image-alt-text"})
    with pytest.raises(ValueError, match="option 'test' of PS50[0-9] must be one of: image-alt, "):
        AccessibilityCheck([bad], Context(glossary=None, pipeline=None))


@pytest.mark.parametrize("test, options", [
    ("small-text", {"min-size": "big"}), ("capitals", {"min-words": 0}), ("vague-link", {"vague": "click here"}),
])
def test_bad_settings_are_refused_plainly(test, options):
    rules = [dataclasses.replace(r, options={**r.options, **options}) if r.options["test"] == test else r
             for r in RULES]
    with pytest.raises(ValueError, match=rf"option '[a-z-]+' of {CODE[test]} must be"):
        AccessibilityCheck(rules, Context(glossary=None, pipeline=None))


def test_only_enabled_rules_run_and_severity_can_be_changed():
    doc = markdown_document("![](map.png)\n\n[click here](https://example.org)", "t.md")
    only = [BY_TEST["vague-link"]]
    found = AccessibilityCheck(only, Context(glossary=None, pipeline=None)).run(
        Analysis(document=doc, blocks=[], pipeline=None))
    assert codes(found) == [CODE["vague-link"]]
    found = run(doc, severity={CODE["image-alt"]: "warning"})
    assert [f.severity for f in of(found, "image-alt")] == ["warning"]


def test_docs_table_lists_every_rule():
    text = (ROOT / "docs" / "accessibility.md").read_text(encoding="utf-8")
    for r in RULES:
        assert r.code in text, r.code


# ---------------------------------------------------------------- images


def test_image_without_alt_text_docx():
    d = new_docx()
    d.add_heading("Finding us", level=1)
    add_picture(d.add_paragraph("Map: "))
    add_picture(d.add_paragraph("Door: "), descr="The green front door of the hostel on Mill Lane")
    add_picture(d.add_paragraph("Border: "), descr="", decorative=True)
    add_picture(d.add_paragraph("Logo: "), descr="")
    found = of(run(read_docx(d)), "image-alt")
    assert len(found) == 2  # no alt at all, and empty alt not marked decorative
    first = found[0]
    assert first.severity == "error"
    assert first.location.paragraph == 2 and first.location.section == "Finding us"
    assert first.location.line is None
    assert "View Alt Text" in first.message and "decorative" in first.message
    assert found[1].location.paragraph == 5


def test_image_without_alt_text_markdown():
    found = md("# Finding us\n\nSee the map.\n\nText ![](maps/hostel.png) here.\n")
    f = of(found, "image-alt")[0]
    assert (f.location.line, f.location.column, f.location.section) == (5, 6, "Finding us")
    assert f.match == "maps/hostel.png"
    assert "square brackets" in f.message
    assert not of(md("![Map of the hostel on Mill Lane](map.png)"), "image-alt")


@pytest.mark.parametrize("alt", ["image", "Picture", "IMG_2041.jpg", "logo.png", "graphic",
                                 "A picture containing text. Description automatically generated"])
def test_unhelpful_alt_text(alt):
    d = new_docx()
    add_picture(d.add_paragraph("Here: "), descr=alt)
    found = of(run(read_docx(d)), "image-alt-unhelpful")
    assert len(found) == 1 and found[0].match == alt
    assert not of(run(read_docx(d)), "image-alt")
    assert of(md(f"![{alt}](x.png)"), "image-alt-unhelpful")


def test_helpful_alt_text_passes():
    d = new_docx()
    add_picture(d.add_paragraph("Here: "), descr="Chart: waiting times fell from 12 weeks to 8 weeks")
    assert not run(read_docx(d))
    assert not md("![Photo of Sam, your support worker](sam.jpg)")


# ---------------------------------------------------------------- headings


def test_skipped_heading_level_docx():
    d = new_docx()
    d.add_heading("Housing advice", level=0)  # Title: the top of the outline
    d.add_heading("Who can apply", level=1)
    d.add_heading("Couples", level=3)
    d.add_paragraph("Both of you can apply.")
    found = of(run(read_docx(d)), "heading-order")
    assert len(found) == 1
    f = found[0]
    assert f.match == "Couples" and f.location.paragraph == 3 and f.location.section == "Couples"
    assert "level 3" in f.message and "'Who can apply'" in f.message and "Heading 2" in f.message


def test_heading_levels_in_order_pass():
    d = new_docx()
    for text, level in [("Plan", 1), ("Who", 2), ("Couples", 3), ("How", 2), ("Next", 1)]:
        d.add_heading(text, level=level)
        d.add_paragraph("Some words.")
    assert not of(run(read_docx(d)), "heading-order")


def test_empty_heading_paragraph_docx():
    d = new_docx()
    d.add_heading("Advice", level=1)
    d.add_paragraph("Text.")
    d.add_heading("", level=2)
    d.add_paragraph("More.")
    found = of(run(read_docx(d)), "empty-heading")
    assert len(found) == 1
    assert (found[0].location.paragraph, found[0].location.section, found[0].match) == (2, "Advice", "")
    assert not of(md("## Starts at two\n\nText.\n\n### Three\n\nText."), "heading-order")
    f = of(md("# One\n\nText.\n\n#### Four\n\nText."), "heading-order")[0]
    assert f.location.line == 5 and "####" not in f.match and "Start it with ##" in f.message


def test_no_skipped_level_reported_for_pdf_headings_guessed_from_font_size():
    blocks = [Block("Minutes", HEADING, level=1, page=1, paragraph=1), Block("We met.", page=1, paragraph=2),
              Block("Winter beds", HEADING, level=3, page=1, paragraph=3), Block("Text.", page=1, paragraph=4)]
    pdf = Document(path="m.pdf", format="pdf", blocks=blocks, meta=Meta(title="M", language="en", tagged=True))
    assert not of(run(pdf), "heading-order")
    as_docx = Document(path="m.docx", format="docx", blocks=blocks, meta=Meta(title="M", language="en"))
    assert of(run(as_docx), "heading-order")


def test_long_document_without_headings():
    d = new_docx()
    for _ in range(7):
        d.add_paragraph(LONG_PARAGRAPH)
    found = of(run(read_docx(d)), "no-headings")
    assert len(found) == 1
    f = found[0]
    assert f.match == "" and f.block is None
    assert f.location.to_dict() == {"line": None, "column": None, "page": None, "paragraph": None, "section": None}
    assert f"{7 * len(LONG_PARAGRAPH.split())} words" in f.message

    d.add_heading("Only a title", level=0)  # Word's Title style is not a section heading
    f = of(run(read_docx(d)), "no-headings")[0]
    assert "but no headings apart from its title." in f.message
    d.add_heading("A heading", level=1)
    assert not of(run(read_docx(d)), "no-headings")
    short = new_docx()
    short.add_paragraph(LONG_PARAGRAPH)
    assert not of(run(read_docx(short)), "no-headings")
    assert of(run(read_docx(short), no_headings={"min-words": 40}), "no-headings")


def test_fake_heading_docx_bold_and_large():
    d = new_docx()
    d.add_heading("Housing advice", level=1)
    d.add_paragraph().add_run("Who can apply").bold = True
    d.add_paragraph(LONG_PARAGRAPH)
    big = d.add_paragraph().add_run("How to apply")
    big.font.size = Pt(16)
    d.add_paragraph(LONG_PARAGRAPH)
    found = of(run(read_docx(d)), "fake-heading")
    assert [f.match for f in found] == ["Who can apply", "How to apply"]
    assert "it is bold" in found[0].message and "it is larger" in found[1].message
    assert found[0].location.paragraph == 2 and found[0].location.section == "Housing advice"
    assert "Heading 1" in found[0].message


def test_fake_heading_docx_passes():
    d = new_docx()
    d.add_heading("Who can apply", level=2)  # a real heading
    d.add_paragraph(LONG_PARAGRAPH)
    d.add_paragraph().add_run("You must reply by Friday.").bold = True  # a bold sentence
    d.add_paragraph(LONG_PARAGRAPH)
    p = d.add_paragraph("Please note: ")
    p.add_run("closed on Friday").bold = True  # only part is bold
    d.add_paragraph(LONG_PARAGRAPH)
    d.add_paragraph().add_run("Sam Jones").bold = True  # the last line: a signature
    assert not of(run(read_docx(d)), "fake-heading")

    all_bold = new_docx()  # when everything is bold, bold does not stand out
    for text in ("Short line", LONG_PARAGRAPH, "Another short line", LONG_PARAGRAPH):
        all_bold.add_paragraph().add_run(text).bold = True
    assert not of(run(read_docx(all_bold)), "fake-heading")


def test_fake_heading_markdown():
    f = of(md("# Advice\n\n**Who can apply**\n\nAnyone in the borough."), "fake-heading")[0]
    assert f.match == "Who can apply" and f.location.line == 3
    assert "(it is bold)" in f.message and "start the line with #" in f.message
    assert not of(md("# Advice\n\n**Please note:** we are closed.\n\nText."), "fake-heading")
    assert not of(md("# Advice\n\nThanks.\n\n**Sam Jones**"), "fake-heading")


def test_empty_heading_markdown():
    found = of(md("# Advice\n\nText.\n\n##\n\nMore.\n\n```\n#\n```\n"), "empty-heading")
    assert len(found) == 1
    f = found[0]
    assert (f.location.line, f.location.column, f.location.section, f.match) == (5, 1, "Advice", "##")
    assert not of(md("# Advice\n\n## Who\n\nText."), "empty-heading")


def test_heading_with_no_words_docx():
    d = new_docx()
    d.add_heading("Advice", level=1)
    d.add_heading("—", level=2)
    d.add_paragraph("Text.")
    found = of(run(read_docx(d)), "empty-heading")
    assert len(found) == 1 and found[0].location.paragraph == 2
    assert not of(run(read_docx(d)), "heading-order")


# ---------------------------------------------------------------- links


def test_vague_link_text_docx_and_markdown():
    d = new_docx()
    p = d.add_paragraph("To apply, ")
    add_hyperlink(p, "click here", "https://example.org/apply")
    p = d.add_paragraph("You can also ")
    add_hyperlink(p, "apply for housing help online", "https://example.org/apply")
    found = of(run(read_docx(d)), "vague-link")
    assert len(found) == 1
    f = found[0]
    assert f.match == "click here" and f.location.paragraph == 1 and (f.start, f.end) == (10, 20)
    assert "'click here'" in f.message
    f = of(md("Text.\n\nTo apply, [Read more.](https://example.org)"), "vague-link")[0]
    assert (f.location.line, f.location.column) == (3, 12) and f.match == "Read more."
    assert not of(md("[Apply for housing help](https://example.org)"), "vague-link")


def test_web_address_as_link_text():
    d = new_docx()
    p = d.add_paragraph("Apply at ")
    add_hyperlink(p, "https://www.example.gov.uk/housing/apply", "https://www.example.gov.uk/housing/apply")
    p = d.add_paragraph("Or visit ")
    add_hyperlink(p, "www.shelter.org.uk", "https://www.shelter.org.uk")
    found = of(run(read_docx(d)), "web-address-link")
    assert [f.match for f in found] == ["https://www.example.gov.uk/housing/apply"]
    assert found[0].severity == "info" and "printed" in found[0].message
    assert not of(md("[Apply for housing help](https://www.example.gov.uk/housing/apply)"), "web-address-link")


# ---------------------------------------------------------------- tables


def test_table_without_header_row_docx():
    d = new_docx()
    d.add_heading("Opening times", level=1)
    fill_table(d, [["Day", "Time"], ["Monday", "9am"], ["Tuesday", "1pm"]])
    found = of(run(read_docx(d)), "table-header")
    assert len(found) == 1
    f = found[0]
    assert f.match == "Day" and f.location.paragraph == 2 and f.location.section == "Opening times"
    assert "3 rows and 2 columns" in f.message and "Repeat Header Rows" in f.message


def test_table_with_header_row_passes():
    d = new_docx()
    mark_header_row(fill_table(d, [["Day", "Time"], ["Monday", "9am"]]))
    doc = read_docx(d)
    assert doc.tables[0].header_row is True
    assert not of(run(doc), "table-header")
    assert not of(md("| Day | Time |\n|---|---|\n| Monday | 9am |"), "table-header")


def test_layout_table():
    d = new_docx()
    fill_table(d, [[LONG_PARAGRAPH, LONG_PARAGRAPH]])  # one row, two columns of prose
    found = run(read_docx(d))
    assert len(of(found, "layout-table")) == 1 and not of(found, "table-header")
    assert "1 row and 2 columns" in of(found, "layout-table")[0].message
    f = of(md(f"| Important |\n|---|\n| {LONG_PARAGRAPH} |"), "layout-table")[0]
    assert f.location.line == 1  # the first cell is the header cell on line 1

    d = new_docx()
    fill_table(d, [["Service"], ["Food bank"], ["Advice centre"]])  # one column, short data
    assert not of(run(read_docx(d)), "layout-table")


# ---------------------------------------------------------------- text formatting


def test_capitals():
    assert caps_runs("PLEASE DO NOT BRING PETS. Thanks", 5) == [(0, 24)]
    assert caps_runs("The NHS and the DWP and HMRC", 5) == []
    assert caps_runs("CALL 0800 123 456 NOW OR WRITE TO US", 5) == [(0, 36)]
    d = new_docx()
    d.add_paragraph("PLEASE DO NOT BRING ANY PETS INTO THE HOSTEL.")
    r = d.add_paragraph().add_run("please remember to bring your letter")
    r.font.all_caps = True  # capitals by formatting: the text is lower case
    d.add_paragraph("NEXT MEETING")
    d.add_paragraph("The NHS and the DWP will both write to you.")
    found = of(run(read_docx(d)), "capitals")
    assert [(f.location.paragraph, f.match) for f in found] == [
        (1, "PLEASE DO NOT BRING ANY PETS INTO THE HOSTEL"),
        (2, "please remember to bring your letter"),
    ]
    assert found[0].severity == "info" and "9 words" in found[0].message
    assert of(run(read_docx(d), capitals={"min-words": 10}), "capitals") == []


def test_underline_not_link():
    d = new_docx()
    p = d.add_paragraph("Please bring ")
    p.add_run("proof of your address").underline = True
    p = d.add_paragraph("Read ")
    add_hyperlink(p, "our guide", "https://example.org/guide")  # underlined, but a link
    found = of(run(read_docx(d)), "underline")
    assert len(found) == 1 and found[0].location.paragraph == 1
    assert found[0].message.startswith("Some words in this paragraph are underlined but not a link.")
    f = of(md("Intro.\n\nPlease bring <u>proof of your address</u> today."), "underline")[0]
    assert f.match == "proof of your address" and f.location.line == 3
    assert f.message.startswith("This text is underlined but not a link.")
    assert not of(md("Please bring **proof of your address** today."), "underline")


def test_small_text_docx():
    d = new_docx()
    d.add_paragraph(LONG_PARAGRAPH)
    d.add_paragraph("Also normal.")
    p = d.add_paragraph("Terms: ")
    p.add_run("small print here").font.size = Pt(8)
    d.add_paragraph().add_run("More small print.").font.size = Pt(9)
    d.add_paragraph(LONG_PARAGRAPH)
    d.add_paragraph().add_run("A last small line.").font.size = Pt(10)
    found = of(run(read_docx(d)), "small-text")
    assert [(f.location.paragraph, f.match) for f in found] == [(3, "Terms: small print here"),
                                                                 (6, "A last small line.")]
    assert found[0].message.startswith("The text here and in the next paragraph is smaller than 11 point")
    assert "smallest is 8 point" in found[0].message
    assert "smaller than 11 point" in found[1].message
    assert not of(run(read_docx(d), small_text={"min-size": 8}), "small-text")


def test_small_text_most_of_the_document():
    d = new_docx()
    d.styles["Normal"].font.size = Pt(10)
    for _ in range(4):
        d.add_paragraph("Body text in the Normal style, which is ten point here.")
    found = of(run(read_docx(d)), "small-text")
    assert len(found) == 1 and found[0].message.startswith("Most of the text in this document")
    d = new_docx()
    d.add_paragraph("Body text at the usual eleven point.")
    assert not of(run(read_docx(d)), "small-text")
    assert not of(md("Markdown has no sizes."), "small-text")


# ---------------------------------------------------------------- document properties


def test_docx_title_and_language():
    d = docx.Document()
    d.core_properties.title = ""
    lang = d.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    lang.getparent().remove(lang)
    d.add_paragraph("Text.")
    doc = read_docx(d)
    assert doc.meta.title is None and doc.meta.language is None
    found = run(doc)
    title, language = of(found, "title"), of(found, "language")
    assert len(title) == 1 and len(language) == 1
    for f in title + language:
        assert f.match == "" and f.block is None and f.location.describe() == "whole document"
    assert "File, then Info" in title[0].message
    assert "Set Proofing Language" in language[0].message

    assert title[0].suggestions == []  # no heading to suggest

    d = new_docx(title="Document1")
    d.add_heading("Housing advice for young people", level=1)
    f = of(run(read_docx(d)), "title")[0]
    assert f.match == "Document1" and "file name or a placeholder" in f.message
    assert f.suggestions == ["Housing advice for young people"]
    assert "'Housing advice for young people', may make a good title" in f.message
    assert not of(run(read_docx(new_docx())), "title")
    assert not of(run(read_docx(new_docx())), "language")


def test_markdown_title_and_language_only_with_front_matter(checker):
    found = md("---\nauthor: Housing team\n---\n\n# Advice\n\nText.")
    assert of(found, "title")
    # The language rule (PS514) is for Word and PDF: users never see it on Markdown.
    seen = [f.rule for f in check_markdown(checker, "---\nauthor: Housing team\n---\n\n# Advice\n\nText.")]
    assert CODE["title"] in seen and CODE["language"] not in seen
    assert of(found, "title")[0].location.line == 1
    assert not of(md("---\ntitle: Advice\nlang: en-GB\n---\n\nText."), "title")
    assert not of(md("---\ntitle: Advice\nlang: en-GB\n---\n\nText."), "language")
    assert not md("# Advice\n\nNo front matter.")


def test_pdf_title_language_and_tags(tmp_path):
    plain = make_pdf(pages=[[H("Minutes"), "We met on Tuesday."]])
    found = run(read_pdf(plain))
    assert sorted(codes(found)) == sorted([CODE["title"], CODE["language"], CODE["pdf-tagged"]])
    tagged = of(found, "pdf-tagged")[0]
    assert tagged.severity == "error" and tagged.location.describe() == "whole document" and tagged.match == ""
    assert "Document structure tags for accessibility" in tagged.message
    assert "Acrobat" in of(found, "title")[0].message

    good = make_pdf(pages=[[H("Minutes"), "We met on Tuesday."]], title="Partnership minutes", lang="en-GB",
                    tagged=True)
    assert not run(read_pdf(good))


def test_scanned_pdf_pages():
    data = make_pdf(pages=[["Some text on page one."], [Picture()], [Picture()],
                           ["Text again."], [Picture()]],
                    title="Minutes", lang="en-GB", tagged=True)
    found = of(run(read_pdf(data)), "scanned-page")
    assert [f.location.page for f in found] == [2, 5]
    assert found[0].message.startswith("Pages 2 and 3 are only a picture of text")
    assert "plainspeak cannot check anything on pages 2 and 3" in found[0].message
    assert found[1].message.startswith("Page 5 is only a picture of text")
    assert all(f.severity == "error" for f in found)

    every = make_pdf(pages=[[Picture()], [Picture()]], title="Scan", lang="en-GB", tagged=True)
    found = of(run(read_pdf(every)), "scanned-page")
    assert len(found) == 1 and found[0].message.startswith("Every page of this PDF is only a picture")

    text_only = make_pdf(pages=[["Only text."]], title="Minutes", lang="en-GB", tagged=True)
    assert not of(run(read_pdf(text_only)), "scanned-page")


def test_pdf_pages_of_outlines_and_pictures_are_told_apart_from_scans():
    from pdfs import outline_letters, raw_pdf, text_lines

    data = raw_pdf([text_lines([(72, 700, "A page of real text.")]), outline_letters()],
                   catalog="/Lang (en-GB)")
    found = of(run(read_pdf(data)), "scanned-page")
    assert [f.location.page for f in found] == [2]
    assert found[0].message.startswith("Page 2 is text drawn as shapes (outlines), not as letters.")
    assert "plainspeak cannot check anything on page 2" in found[0].message

    cover = make_pdf(pages=[[Picture(60, 40)], ["The text of the report."]], title="Report", lang="en-GB",
                     tagged=True)
    found = of(run(read_pdf(cover)), "scanned-page")
    assert len(found) == 1 and found[0].message.startswith("Page 1 is only a picture, with no text.")


# ---------------------------------------------------------------- through the whole pipeline


def test_pipeline_on_example_strategy(checker):
    report = checker.check_file(str(ROOT / "examples" / "strategy.md"))
    mine = [f for f in report.findings if f.category == "accessibility"]
    assert {f.rule for f in mine} == {CODE["image-alt"], CODE["vague-link"]}
    assert all(f.location.line for f in mine)


def test_pipeline_on_built_docx(checker, tmp_path):
    d = new_docx()
    d.add_heading("Advice", level=1)
    d.add_heading("Couples", level=3)
    add_picture(d.add_paragraph("Map: "))
    path = tmp_path / "advice.docx"
    d.save(str(path))
    report = checker.check_file(str(path))
    got = {f.rule: f for f in report.findings if f.category == "accessibility"}
    assert set(got) == {CODE["heading-order"], CODE["image-alt"]}
    assert got[CODE["image-alt"]].location.paragraph == 3


def test_markdown_rule_examples_of_pdf_and_docx_only_rules_pass(checker):
    for test in ("table-header", "pdf-tagged", "scanned-page", "small-text"):
        rule = BY_TEST[test]
        for text in rule.pass_examples:
            assert rule.code not in codes(check_markdown(checker, text))


def test_pipeline_on_built_pdf(checker, tmp_path):
    path = tmp_path / "minutes.pdf"
    make_pdf(path, pages=[[H("Minutes"), "We met on Tuesday."], [Picture()]])
    report = checker.check_file(str(path))
    assert report.error is None
    got = {f.rule: f for f in report.findings if f.category == "accessibility"}
    assert set(got) == {CODE["title"], CODE["language"], CODE["pdf-tagged"], CODE["scanned-page"]}
    assert got[CODE["scanned-page"]].location.page == 2
    assert got[CODE["pdf-tagged"]].severity == "error"


def test_plain_text_file(checker, tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text("Notice\n\nPLEASE DO NOT BRING ANY PETS INTO THE HOSTEL.\n", encoding="utf-8")
    report = checker.check_file(str(path))
    got = [f for f in report.findings if f.category == "accessibility"]
    assert [f.rule for f in got] == [CODE["capitals"]]
    assert got[0].location.line == 3


def test_picture_in_page_header_is_placed_in_the_header():
    d = new_docx()
    d.add_paragraph("Body text.")
    header = d.sections[0].header.paragraphs[0]
    header.text = "Riverside House "
    header.add_run().add_picture(io.BytesIO(tiny_png()))
    f = of(run(read_docx(d)), "image-alt")[0]
    assert f.location.section == "Page header" and f.location.paragraph is None
