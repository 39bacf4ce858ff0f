"""Structure in PDFs: what tagged and untagged PDFs say, and the accessibility rules that follow from it.

Word-style PDFs are made here by LibreOffice from small HTML pages (opened as
Writer documents), once tagged and once untagged. Hand-made PDFs (fpdf2 and
hand-written content) cover what geometry alone must find in untagged files.
"""

from __future__ import annotations

import pytest

from pdfs import H, libreoffice_pdfs, make_pdf, outline_letters, raw_pdf, text_lines
from plainspeak.extract import extract_bytes
from plainspeak.extract.pdf.lines import clean
from plainspeak.model import HEADING, PARAGRAPH, TABLE_CELL

GOOD = """<html lang="en-GB"><head><meta charset="utf-8"><title>Day centre guide</title></head><body>
<h1>Day centre guide</h1>
<p>Read <a href="https://www.gov.uk/homelessness">the council's housing advice page</a> before you visit.</p>
<h2>Opening times</h2>
<table border="1"><tr><th>Day</th><th>Time</th></tr><tr><td>Monday</td><td>9am to 5pm</td></tr>
<tr><td>Tuesday</td><td>9am to 1pm</td></tr></table>
<p><img src="map.png" alt="A map of the day centre and the bus stop" width="90" height="60"></p>
<p>The map shows where the day centre is.</p>
</body></html>"""

BAD = """<html lang="en-GB"><head><meta charset="utf-8"><title>Day centre guide</title></head><body>
<h1>Day centre guide</h1>
<p>To read the council's housing advice, <a href="https://www.gov.uk/homelessness">click here</a>.</p>
<h3>Opening times</h3>
<table border="1"><tr><td>Day</td><td>Time</td></tr><tr><td>Monday</td><td>9am to 5pm</td></tr>
<tr><td>Tuesday</td><td>9am to 1pm</td></tr></table>
<p><img src="map.png" width="90" height="60"></p>
<p><img src="map.png" alt="image1.png" width="90" height="60"></p>
<p>The map shows where the day centre is.</p>
</body></html>"""

RULES = ("heading-order", "table-header", "image-alt", "image-alt-unhelpful", "vague-link", "pdf-tagged")


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    from PIL import Image

    folder = tmp_path_factory.mktemp("structure")
    (folder / "in").mkdir()
    Image.new("RGB", (90, 60), (30, 120, 200)).save(folder / "in" / "map.png")
    sources = {"good.html": GOOD.encode(), "bad.html": BAD.encode()}
    out = {}
    for tagged in (True, False):
        pdfs = libreoffice_pdfs(sources, folder, tagged=tagged)
        for name, data in pdfs.items():
            key = f"{name.split('.')[0]}-{'tagged' if tagged else 'untagged'}"
            out[key] = extract_bytes(data, f"{key}.pdf", "pdf")
    return out


def rule_codes(checker):
    return {r.options.get("test"): r.code for r in checker.rules if r.check == "accessibility"}


def fired(checker, doc) -> set[str]:
    codes = rule_codes(checker)
    tests = {code: test for test, code in codes.items()}
    report = checker.check_document(doc)
    return {tests[f.rule] for f in report.findings if f.rule in tests and tests[f.rule] in RULES}


# ---------------------------------------------------------------------------
# Facts from tags


def test_tagged_pdf_heading_levels_come_from_the_tags(made):
    good, bad = made["good-tagged"], made["bad-tagged"]
    assert good.meta.extra["structure"] == "tags"
    assert [(b.text, b.level) for b in good.blocks if b.kind == HEADING] == [
        ("Day centre guide", 1), ("Opening times", 2)]
    assert [(b.text, b.level) for b in bad.blocks if b.kind == HEADING] == [
        ("Day centre guide", 1), ("Opening times", 3)]


def test_tagged_pdf_tables_know_their_header_cells(made):
    good, bad = made["good-tagged"], made["bad-tagged"]
    assert [(t.rows, t.columns, t.header_row) for t in good.tables] == [(3, 2, True)]
    assert [(t.rows, t.columns, t.header_row) for t in bad.tables] == [(3, 2, False)]
    cells = [(b.row, b.column, b.text) for b in good.blocks if b.kind == TABLE_CELL]
    assert cells == [(0, 0, "Day"), (0, 1, "Time"), (1, 0, "Monday"), (1, 1, "9am to 5pm"),
                     (2, 0, "Tuesday"), (2, 1, "9am to 1pm")]
    assert good.blocks[good.tables[0].first_block].text == "Day"


def test_tagged_pdf_figures_carry_their_alt_text(made):
    assert [i.alt for i in made["good-tagged"].images] == ["A map of the day centre and the bus stop"]
    assert [i.alt or None for i in made["bad-tagged"].images] == [None, "image1.png"]
    assert all(i.page == 1 for i in made["bad-tagged"].images)


def test_tagged_pdf_links_have_their_text_and_address(made):
    good, bad = made["good-tagged"], made["bad-tagged"]
    assert [(link.text, link.target) for link in good.links] == [
        ("the council's housing advice page", "https://www.gov.uk/homelessness")]
    link = bad.links[0]
    assert (link.text, link.target) == ("click here", "https://www.gov.uk/homelessness")
    assert bad.blocks[link.block].text[link.start:link.end] == "click here"


# ---------------------------------------------------------------------------
# Facts from geometry (the same documents, untagged)


def test_untagged_pdf_structure_from_geometry(made):
    good, bad = made["good-untagged"], made["bad-untagged"]
    assert good.meta.tagged is False and good.meta.extra["structure"] == "geometry"
    # Heading levels are guessed from sizes: both documents have two heading sizes.
    assert [(b.text, b.level) for b in bad.blocks if b.kind == HEADING] == [
        ("Day centre guide", 1), ("Opening times", 2)]
    # The table is read row by row from its ruling lines; whether it has header cells cannot be known.
    assert [(t.rows, t.columns, t.header_row) for t in good.tables] == [(3, 2, None)]
    assert [b.text for b in good.blocks if b.kind == TABLE_CELL] == [
        "Day", "Time", "Monday", "9am to 5pm", "Tuesday", "9am to 1pm"]
    assert good.images == []  # an untagged PDF has no alt text to read
    # Links come from the link annotations: the text under each link's box and its address.
    assert [(link.text, link.target) for link in bad.links] == [("click here", "https://www.gov.uk/homelessness")]


# ---------------------------------------------------------------------------
# Accessibility rules on tagged and untagged PDFs


def test_rules_fire_on_a_badly_made_tagged_pdf(checker, made):
    assert fired(checker, made["bad-tagged"]) == {
        "heading-order", "table-header", "image-alt", "image-alt-unhelpful", "vague-link"}


def test_rules_stay_quiet_on_a_well_made_tagged_pdf(checker, made):
    assert fired(checker, made["good-tagged"]) == set()


def test_rules_on_untagged_pdfs_only_say_what_can_be_known(checker, made):
    # No tags: "not tagged" says it all for pictures and tables; levels are guesses; links are known.
    assert fired(checker, made["bad-untagged"]) == {"pdf-tagged", "vague-link"}
    assert fired(checker, made["good-untagged"]) == {"pdf-tagged"}


# ---------------------------------------------------------------------------
# Geometry in hand-made PDFs


def test_a_table_without_ruling_lines_is_read_row_by_row():
    rows = [("Day", "Place", "Time"), ("Monday", "Church hall", "9am"), ("Tuesday", "Library", "1pm"),
            ("Friday", "Day centre", "10am")]
    lines = [(72, 700, "Where to find us this week.")]
    for i, row in enumerate(rows):
        lines += [(72 + 150 * j, 670 - 16 * i, cell) for j, cell in enumerate(row)]
    lines.append((72, 590, "Call us if you need a lift."))
    doc = extract_bytes(raw_pdf([text_lines(lines)]), "t.pdf", "pdf")
    cells = [(b.row, b.column, b.text) for b in doc.blocks if b.kind == TABLE_CELL]
    assert cells == [(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row)]
    assert [(t.rows, t.columns) for t in doc.tables] == [(4, 3)]
    assert [b.kind for b in doc.blocks if b.kind != TABLE_CELL] == [PARAGRAPH, PARAGRAPH]


def test_two_columns_of_prose_are_not_a_table():
    left = ["The left column holds the first paragraph of", "the leaflet, which wraps over three lines",
            "of ordinary running text."]
    right = ["The right column holds the second paragraph,", "which also wraps over three lines of",
             "ordinary running text."]
    lines = []
    for i, (a, b) in enumerate(zip(left, right)):
        lines += [(72, 700 - 14 * i, a), (320, 700 - 14 * i, b)]  # drawn row by row, as some writers do
    doc = extract_bytes(raw_pdf([text_lines(lines, size=10)]), "t.pdf", "pdf")
    assert doc.tables == []


def test_bold_cells_of_a_ruled_table_are_not_headings():
    def row(y, a, b):
        return (f"BT /F2 11 Tf 80 {y} Td ({a}) Tj ET BT /F1 11 Tf 260 {y} Td ({b}) Tj ET").encode()

    grid = b"0.5 w 72 700 m 450 700 l S 72 680 m 450 680 l S 72 660 m 450 660 l S 72 640 m 450 640 l S " \
        b"72 700 m 72 640 l S 250 700 m 250 640 l S 450 700 m 450 640 l S"
    content = b"\n".join([
        b"BT /F1 11 Tf 72 730 Td (Please tell us about yourself.) Tj ET",
        grid, row(686, "Name", "Sam Jones"), row(666, "Phone", "01234 567890"), row(646, "Email", "sam@example.org"),
    ])
    doc = extract_bytes(raw_pdf([content]), "t.pdf", "pdf")
    assert not [b for b in doc.blocks if b.kind == HEADING]
    assert [(b.row, b.column, b.text) for b in doc.blocks if b.kind == TABLE_CELL] == [
        (0, 0, "Name"), (0, 1, "Sam Jones"), (1, 0, "Phone"), (1, 1, "01234 567890"),
        (2, 0, "Email"), (2, 1, "sam@example.org")]


def test_running_header_with_the_page_number_glued_on_is_dropped():
    pages = [[H("Strategy"), "Our first aim."], ["Our second aim."], ["Our third aim."], ["Our fourth aim."]]
    data = make_pdf(pages=pages, header="Housing strategy 2024 to 2029 - page {page}")
    doc = extract_bytes(data, "s.pdf", "pdf")
    assert [b.text for b in doc.blocks] == ["Strategy", "Our first aim.", "Our second aim.", "Our third aim.",
                                            "Our fourth aim."]


def test_a_web_address_at_a_line_end_is_not_glued_to_the_next_word():
    doc = extract_bytes(make_pdf(pages=[[
        "You can read the full plan at www.example.org.uk\nand tell us what you think of it.",
        "The form is at https://www.gov.uk/\nhomelessness-help for anyone to use.",
    ]]), "w.pdf", "pdf")
    assert [b.text for b in doc.blocks] == [
        "You can read the full plan at www.example.org.uk and tell us what you think of it.",
        "The form is at https://www.gov.uk/homelessness-help for anyone to use.",
    ]


def test_link_annotations_are_read_in_untagged_pdfs():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", "", 11)
    pdf.write(6, "For advice about your rights, ")
    pdf.write(6, "click here", link="https://www.shelter.org.uk/")
    pdf.write(6, " or call the helpline.")
    doc = extract_bytes(bytes(pdf.output()), "l.pdf", "pdf")
    assert [b.text for b in doc.blocks] == ["For advice about your rights, click here or call the helpline."]
    assert [(link.text, link.target, link.start) for link in doc.links] == [
        ("click here", "https://www.shelter.org.uk/", 30)]


def test_check_boxes_and_symbol_glyphs_are_dropped():
    assert clean("☐ Yes ☒ No \uf0fc") == " Yes  No ✓"
    assert clean("\uf0b7 Item") == "• Item"
    assert clean("\ue123Code") == "Code"
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("dejavu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("dejavu", "", 11)
    pdf.cell(0, 8, "Do you have somewhere to stay tonight? ☐ Yes ☐ No", new_x="LMARGIN", new_y="NEXT")
    doc = extract_bytes(bytes(pdf.output()), "c.pdf", "pdf")
    assert [b.text for b in doc.blocks] == ["Do you have somewhere to stay tonight? Yes No"]


def test_contents_lines_are_not_headings():
    data = raw_pdf([b"\n".join([
        b"BT /F2 16 Tf 72 760 Td (Contents) Tj ET",
        b"BT /F2 12 Tf 72 730 Td (Introduction ......................... 3) Tj ET",
        b"BT /F2 12 Tf 72 714 Td (Our aims ............................. 5) Tj ET",
        b"BT /F1 11 Tf 72 680 Td (This strategy sets out how we will end rough sleeping in the town.) Tj ET",
    ])])
    doc = extract_bytes(data, "c.pdf", "pdf")
    assert [b.text for b in doc.blocks if b.kind == HEADING] == ["Contents"]


def test_pages_without_text_are_told_apart():
    from pdfs import Picture

    data = make_pdf(pages=[["Typed page."], [Picture()], [Picture(60, 40)], []])
    doc = extract_bytes(data, "p.pdf", "pdf")
    assert (doc.meta.scanned_pages, doc.meta.extra["picture_pages"], doc.meta.extra["blank_pages"]) == ([2], [3], [4])
    cover = extract_bytes(make_pdf(pages=[[Picture()], ["Our annual report."], ["Our aims."]]), "c.pdf", "pdf")
    assert (cover.meta.scanned_pages, cover.meta.extra["picture_pages"]) == ([], [1])
    outlines = extract_bytes(raw_pdf([text_lines([(72, 700, "Real text.")]), outline_letters()]), "o.pdf", "pdf")
    assert outlines.meta.extra["outline_pages"] == [2] and outlines.meta.scanned_pages == []



def test_fill_in_lines_of_a_form_are_not_words():
    doc = extract_bytes(make_pdf(pages=[[
        "Name of child: ______________________ Date of birth: ______ / ______ / ______",
        "Describe what help you need:\n____________________________________________",
    ]]), "f.pdf", "pdf")
    assert [b.text for b in doc.blocks] == ["Name of child: Date of birth:", "Describe what help you need:"]


def test_words_own_chart_and_header_elements_are_not_read_as_text(tmp_path):
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject

    page = ("<html><body><p>Rough sleeping fell this year.</p><p>12 14 9 Quarter</p>"
            "<p>Running title</p><p>Thank you for reading.</p></body></html>")
    data = libreoffice_pdfs({"c.html": page.encode()}, tmp_path, tagged=True)["c.html"]
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    root = writer.root_object["/StructTreeRoot"].get_object()
    root[NameObject("/RoleMap")] = DictionaryObject({NameObject("/Chart"): NameObject("/Sect"),
                                                     NameObject("/Header"): NameObject("/Sect")})

    def paragraphs(node):
        node = node.get_object()
        kids = node.get("/K")
        kids = kids.get_object() if hasattr(kids, "get_object") else kids
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if hasattr(kid, "get") and "/S" in kid:
                yield kid
                yield from paragraphs(kid)

    found = [p for p in paragraphs(root) if p["/S"] in ("/P", "/Standard", "/Text body", "/Text_20_body")]
    assert len(found) == 4, [p["/S"] for p in paragraphs(root)]
    found[1][NameObject("/S")] = NameObject("/Chart")
    found[2][NameObject("/S")] = NameObject("/Header")
    out = io.BytesIO()
    writer.write(out)
    doc = extract_bytes(out.getvalue(), "c.pdf", "pdf")
    assert doc.meta.extra["structure"] == "tags"
    assert [b.text for b in doc.blocks] == ["Rough sleeping fell this year.", "Thank you for reading."]
    assert [i.alt for i in doc.images] == [None]  # the chart is a picture, with no description


def test_findings_on_a_tagged_pdf_point_at_the_page_and_say_how_to_fix_it(checker, made):
    codes = rule_codes(checker)
    report = checker.check_document(made["bad-tagged"])
    by_rule = {f.rule: f for f in report.findings}
    alt = by_rule[codes["image-alt"]]
    assert alt.location.page == 1 and "View Alt Text" in alt.message
    order = by_rule[codes["heading-order"]]
    assert order.match == "Opening times" and order.location.page == 1
    assert by_rule[codes["vague-link"]].match == "click here"
    assert "Mark the top row as a header row" in by_rule[codes["table-header"]].message


def test_a_web_address_as_link_text_is_reported_in_an_untagged_pdf(checker):
    from fpdf import FPDF

    def made(text: str) -> bytes:
        pdf = FPDF()
        pdf.add_page()
        pdf.set_font("helvetica", "", 11)
        pdf.write(6, "Read the full housing strategy at ")
        pdf.write(6, text, link="https://www.westsussex.gov.uk/about-the-council/strategies/housing-strategy/")
        pdf.write(6, " before the meeting.")
        return bytes(pdf.output())

    code = rule_codes(checker)["web-address-link"]
    address = "https://www.westsussex.gov.uk/about-the-council/strategies/housing-strategy/"
    found = [f for f in checker.check_document(extract_bytes(made(address), "a.pdf", "pdf")).findings
             if f.rule == code]
    assert [f.match for f in found] == [address]
    plain = checker.check_document(extract_bytes(made("our housing strategy"), "b.pdf", "pdf"))
    assert not [f for f in plain.findings if f.rule == code]
