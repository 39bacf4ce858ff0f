"""Tests for the PDF extractor (plainspeak/extract/pdf.py).

The PDFs are built here with fpdf2 (see pdfs.py) or written by hand, so each
test says exactly what the page holds.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from conftest import checkout_env
from pdfs import Bold, Bullet, H, Numbered, Para, Picture, encrypt_pdf, make_pdf, mark_tagged, raw_pdf, text_lines
from plainspeak.extract import pdf as pdf_extractor
from plainspeak.extract.pdf.blocks import group_page
from plainspeak.extract.pdf.lines import Page
from plainspeak.extract.pdf.lines_pypdf import lines_from_text
from plainspeak.extract.pdf.opening import configuration_overrides
from plainspeak.extract.limits import Limits
from plainspeak.model import HEADING, LIST_ITEM, PARAGRAPH, Document, ExtractError

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf"


def read(data: bytes, limits: Limits | None = None) -> Document:
    return pdf_extractor.extract(data, "test.pdf", limits or Limits())


def texts(doc: Document) -> list[str]:
    return [block.text for block in doc.blocks]


def block_with(doc: Document, words: str):
    found = [block for block in doc.blocks if words in block.text]
    assert len(found) == 1, f"{words!r} in {texts(doc)}"
    return found[0]


def page_text(data: bytes, page: int) -> str:
    """What pypdf itself finds on a page, with lines joined: to check a reported page."""
    from pypdf import PdfReader

    return " ".join(PdfReader(io.BytesIO(data)).pages[page - 1].extract_text().split())


# ---------------------------------------------------------------------------
# Lines into paragraphs


def test_a_sentence_wrapped_over_two_lines_is_one_block():
    doc = read(make_pdf(pages=[["The hostel has twenty beds and a\nkitchen that residents share."]]))
    assert texts(doc) == ["The hostel has twenty beds and a kitchen that residents share."]
    block = doc.blocks[0]
    assert (block.kind, block.page, block.paragraph) == (PARAGRAPH, 1, 1)
    assert block.facts["lines"] == 2


def test_a_paragraph_wrapped_by_the_pdf_writer_is_one_block():
    text = ("People who use the day centre can have a shower, wash their clothes and see a nurse "
            "on Tuesdays and Thursdays, and staff can help them to register with a doctor.")
    doc = read(make_pdf(pages=[[Para(text, width=90), Para(text, width=120, align="J")]]))
    assert texts(doc) == [text, text]
    assert doc.blocks[0].facts["lines"] >= 3


def test_paragraphs_split_on_a_vertical_gap():
    doc = read(make_pdf(pages=[["First paragraph, first line and\nits second line.",
                                "Second paragraph on one line.",
                                "Third paragraph."]]))
    assert texts(doc) == ["First paragraph, first line and its second line.",
                          "Second paragraph on one line.", "Third paragraph."]
    assert [b.paragraph for b in doc.blocks] == [1, 2, 3]


def test_paragraphs_without_a_gap_split_after_a_short_last_line():
    doc = read(make_pdf(pages=[[
        "Support workers visit every resident at least once a week to talk about their\n"
        "plans and any worries they have.\n"
        "Residents can ask for a visit at any time by speaking to the staff member on\n"
        "duty at the front desk."
    ]]))
    assert texts(doc) == [
        "Support workers visit every resident at least once a week to talk about their plans and any worries they have.",
        "Residents can ask for a visit at any time by speaking to the staff member on duty at the front desk.",
    ]


@pytest.mark.parametrize(("left", "right", "expected"), [
    ("home-", "lessness is rising.", "homelessness is rising."),
    ("accommo-", "dation is found.", "accommodation is found."),
    ("organi-", "sations agreed.", "organisations agreed."),
    ("signpost-", "ed to the team.", "signposted to the team."),
    ("co-", "production matters.", "co-production matters."),
    ("self-", "referral is open.", "self-referral is open."),
    ("step-", "down beds.", "step-down beds."),
    ("move-", "on housing.", "move-on housing."),
    ("ex-", "offenders were housed.", "ex-offenders were housed."),
    ("ex-", "perience counts.", "experience counts."),
    ("well-", "being matters.", "well-being matters."),
    ("anti-", "Semitic abuse.", "anti-Semitic abuse."),
    ("24-", "hour cover.", "24-hour cover."),
    ("a pause -", "then more.", "a pause - then more."),
    ("soft\u00ad", "ware here.", "software here."),
])
def test_line_end_hyphens(left, right, expected):
    assert pdf_extractor.join_lines([left, right]) == expected


def test_hyphenated_line_breaks_in_a_pdf():
    doc = read(make_pdf(pages=[[
        "The service helps people facing home-\nlessness and runs a co-\nproduction group with a self-\n"
        "referral route and step-\ndown beds."
    ]]))
    assert texts(doc) == ["The service helps people facing homelessness and runs a co-production group "
                          "with a self-referral route and step-down beds."]


def test_the_word_list_loads_lazily():
    from plainspeak.language import words as word_lists  # one CMU word list for all of plainspeak

    word_lists.word_list.cache_clear()
    word_lists.cmu_syllables.cache_clear()
    read(make_pdf(pages=[["No hyphen at any line end here."]]))
    assert word_lists.word_list.cache_info().currsize == 0  # not needed, not loaded
    words = word_lists.word_list()
    assert len(words) > 100_000 and "homelessness" in words


# ---------------------------------------------------------------------------
# Headings, sections and lists


def test_headings_get_levels_and_sections():
    doc = read(make_pdf(pages=[
        [H("Partnership meeting", 1), H("Attendees", 2), "Housing, health and the day centre.",
         H("Actions", 2), "The council will write to the landlord."],
        ["Text on the next page is still under Actions.", H("Any other business", 2), "None."],
    ]))
    headings = [(b.text, b.level) for b in doc.blocks if b.kind == HEADING]
    assert headings == [("Partnership meeting", 1), ("Attendees", 2), ("Actions", 2), ("Any other business", 2)]
    assert block_with(doc, "Housing, health").section == "Attendees"
    assert block_with(doc, "write to the landlord").section == "Actions"
    assert block_with(doc, "still under Actions").section == "Actions"
    assert block_with(doc, "still under Actions").page == 2
    assert block_with(doc, "None.").section == "Any other business"
    assert doc.blocks[0].section == "Partnership meeting"  # a heading is its own section


def test_a_bold_line_at_body_size_is_a_lower_heading():
    doc = read(make_pdf(pages=[[H("Minutes", 1), Bold("Apologies"), "Received from the probation service."]]))
    assert [(b.kind, b.level) for b in doc.blocks] == [(HEADING, 1), (HEADING, 2), (PARAGRAPH, None)]
    assert doc.blocks[2].section == "Apologies"


def test_a_heading_directly_above_its_text_is_split_off():
    doc = read(make_pdf(pages=[[Bold("Next meeting"), "Thursday 12 March at the town hall."]],
                        para_gap=0))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (HEADING, "Next meeting"), (PARAGRAPH, "Thursday 12 March at the town hall.")]


def test_a_bold_sentence_with_a_full_stop_is_not_a_heading():
    doc = read(make_pdf(pages=[[Bold("Please bring your tenancy agreement."), "Thanks."]]))
    assert doc.blocks[0].kind == PARAGRAPH


def test_list_items_are_their_own_blocks():
    doc = read(make_pdf(pages=[[
        "We agreed to:",
        Bullet("book a room for the next meeting"),
        Bullet("ask the council for the winter figures and share\nthem with everyone before the meeting"),
        Numbered(1, "Sam to call the outreach team."),
        Numbered(2, "Priya to update the leaflet."),
        "That was all.",
    ]], para_gap=0))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (PARAGRAPH, "We agreed to:"),
        (LIST_ITEM, "book a room for the next meeting"),
        (LIST_ITEM, "ask the council for the winter figures and share them with everyone before the meeting"),
        (LIST_ITEM, "Sam to call the outreach team."),
        (LIST_ITEM, "Priya to update the leaflet."),
        (PARAGRAPH, "That was all."),
    ]
    assert doc.blocks[1].facts["marker"] == "•"
    assert doc.blocks[3].facts["marker"] == "1."


def test_paragraphs_with_a_first_line_indent_and_no_gap():
    data = raw_pdf([text_lines([
        (92, 700, "The first paragraph starts with an indent and"),
        (72, 686, "carries on for a while until it ends here."),
        (92, 672, "The second paragraph starts with an indent"),
        (72, 658, "and also ends on its second line."),
    ])])
    assert texts(read(data)) == [
        "The first paragraph starts with an indent and carries on for a while until it ends here.",
        "The second paragraph starts with an indent and also ends on its second line.",
    ]


def test_two_columns_are_two_paragraphs():
    data = raw_pdf([text_lines([
        (72, 700, "The left column holds the first"), (72, 686, "paragraph of the leaflet."),
        (320, 700, "The right column holds the"), (320, 686, "second paragraph."),
    ])])
    assert texts(read(data)) == ["The left column holds the first paragraph of the leaflet.",
                                 "The right column holds the second paragraph."]


def test_a_dash_or_number_where_a_sentence_wraps_is_not_a_list_item():
    doc = read(make_pdf(pages=[[
        "The council and the police\n- and later the NHS - agreed to meet monthly.",
        "The number of referrals in the year was\n12. That is fewer than last year.",
        "We agreed:\n- to meet monthly\n- to share figures",
    ]]))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (PARAGRAPH, "The council and the police - and later the NHS - agreed to meet monthly."),
        (PARAGRAPH, "The number of referrals in the year was 12. That is fewer than last year."),
        (PARAGRAPH, "We agreed:"),
        (LIST_ITEM, "to meet monthly"),
        (LIST_ITEM, "to share figures"),
    ]


# ---------------------------------------------------------------------------
# Running headers, footers and page numbers


@pytest.mark.parametrize("footer", ["Page {page} of {pages}", "{page}", "- {page} -", "Page {page}"])
def test_running_header_footer_and_page_numbers_are_dropped(footer):
    data = make_pdf(
        pages=[["First page text."], ["Second page text."], ["Third page text."]],
        header="Riverside Housing Partnership - minutes", footer=footer,
    )
    doc = read(data)
    assert [(b.page, b.paragraph, b.text) for b in doc.blocks] == [
        (1, 1, "First page text."), (2, 1, "Second page text."), (3, 1, "Third page text.")]
    assert "Riverside Housing Partnership - minutes" in doc.meta.extra["running_text_removed"]
    assert "Riverside" in page_text(data, 2)  # the header really was on the page


def test_text_that_repeats_only_once_is_kept():
    doc = read(make_pdf(pages=[["Same first line.", "Page one body."], ["Same first line.", "Page two body."],
                               ["Different start.", "Page three body."], ["Another start.", "Page four body."],
                               ["More.", "Page five body."]]))
    assert texts(doc).count("Same first line.") == 2


def test_a_line_that_is_the_only_text_on_every_page_is_kept():
    doc = read(make_pdf(pages=[["Potato 1"], ["Potato 2"], ["Potato 3"]]))
    assert texts(doc) == ["Potato 1", "Potato 2", "Potato 3"]


# ---------------------------------------------------------------------------
# Locations


def test_page_and_paragraph_numbers_point_at_the_right_place():
    pages = [
        [H("Housing"), "Alpha paragraph one.", "Alpha paragraph two."],
        ["Bravo paragraph one.", H("Health"), "Bravo paragraph three."],
        ["Charlie paragraph one."],
    ]
    data = make_pdf(pages=pages, header="Minutes", footer="Page {page} of {pages}")
    doc = read(data)
    located = [(b.page, b.paragraph, b.text) for b in doc.blocks]
    assert located == [
        (1, 1, "Housing"), (1, 2, "Alpha paragraph one."), (1, 3, "Alpha paragraph two."),
        (2, 1, "Bravo paragraph one."), (2, 2, "Health"), (2, 3, "Bravo paragraph three."),
        (3, 1, "Charlie paragraph one."),
    ]
    for block in doc.blocks:
        assert block.text in page_text(data, block.page)
    location = doc.locate(doc.blocks[5])
    assert location.describe() == "page 2, paragraph 3 (section 'Health')"


def test_a_sentence_running_over_a_page_break_is_marked():
    doc = read(make_pdf(pages=[["The meeting agreed that the winter shelter would open"],
                               ["from the first of December."]]))
    assert doc.blocks[1].page == 2
    assert doc.blocks[1].facts.get("continues_previous_page") is True


def test_text_inside_a_form_xobject_is_placed_on_the_page():
    page = text_lines([(72, 780, "First paragraph at the top of the page.")])
    # The form draws at y=766 in its own space, but the page moves it 400 points down.
    form = text_lines([(72, 766, "Second paragraph, drawn in a form"), (72, 752, "lower down the page.")])
    data = raw_pdf([page + b"\nq 1 0 0 1 0 -400 cm /Fm0 Do Q"], forms={"Fm0": form})
    assert texts(read(data)) == ["First paragraph at the top of the page.",
                                 "Second paragraph, drawn in a form lower down the page."]


def test_blank_lines_split_paragraphs_when_there_is_no_geometry():
    lines = lines_from_text(
        "A first paragraph that wraps\nonto a second line.\n\nA second paragraph.\n• An item")
    page = Page(1, lines, geometry=False)
    raws = group_page(page, 1.2, 0.0, False)
    assert [(raw.kind, pdf_extractor.join_lines([line.text for line in raw.lines])) for raw in raws] == [
        (PARAGRAPH, "A first paragraph that wraps onto a second line."),
        (PARAGRAPH, "A second paragraph."),
        (LIST_ITEM, "• An item"),
    ]


# ---------------------------------------------------------------------------
# Metadata


def test_title_and_language():
    doc = read(make_pdf(pages=[["Text."]], title="Winter shelter minutes", lang="en-GB"))
    assert (doc.meta.title, doc.meta.language, doc.meta.pages) == ("Winter shelter minutes", "en-GB", 1)
    assert doc.format == "pdf" and doc.path == "test.pdf"


def test_title_from_xmp_when_the_info_dictionary_has_none():
    doc = read(make_pdf(pages=[["Text."]], xmp_title="Outreach report"))
    assert doc.meta.title == "Outreach report"


def test_no_title_and_no_language():
    doc = read(make_pdf(pages=[["Text."]]))
    assert (doc.meta.title, doc.meta.language) == (None, None)


def test_language_from_a_hand_written_catalog():
    doc = read(raw_pdf([text_lines([(72, 700, "Bore da.")])], catalog="/Lang (cy-GB)"))
    assert doc.meta.language == "cy-GB"


def test_tagged_and_untagged():
    plain = make_pdf(pages=[["Text."]])
    assert read(plain).meta.tagged is False
    tagged = read(make_pdf(pages=[["Text."]], tagged=True)).meta
    assert tagged.tagged is True
    assert tagged.extra["marked"] is True and tagged.extra["structure_tree"] is True
    only_tree = read(mark_tagged(plain, marked=False)).meta
    assert only_tree.tagged is True and only_tree.extra["marked"] is False


def test_fpdf2_structure_tree_for_an_image_with_alt_text_counts_as_tagged():
    doc = read(make_pdf(pages=[["Text.", Picture(40, 30, alt_text="The hostel's front door")]]))
    assert doc.meta.tagged is True


def test_a_page_with_only_an_image_is_scanned():
    doc = read(make_pdf(pages=[["Typed page."], [Picture()], [], ["Typed again."]]))
    assert doc.meta.pages == 4
    assert doc.meta.scanned_pages == [2]
    assert doc.meta.extra["blank_pages"] == [3]
    assert [(b.page, b.text) for b in doc.blocks] == [(1, "Typed page."), (4, "Typed again.")]


def test_a_page_with_an_image_and_text_is_not_scanned():
    doc = read(make_pdf(pages=[["A caption.", Picture(60, 40)]]))
    assert doc.meta.scanned_pages == []


def test_a_scanned_page_with_a_running_page_number_is_still_scanned():
    doc = read(make_pdf(pages=[["Typed page."], [Picture()], ["Typed again."]], footer="Page {page} of {pages}"))
    assert doc.meta.scanned_pages == [2]


# ---------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize("data", [
    b"Minutes of the meeting\nThis is plain text.",
    b"PK\x03\x04" + b"\x00" * 100,  # a ZIP file, such as a DOCX
    b"\x00" * 2000 + b"%PDF-1.7\n",  # a header too far from the start
])
def test_not_a_pdf(data):
    with pytest.raises(ExtractError, match="^this is not a PDF file$"):
        read(data)


def test_empty_file():
    with pytest.raises(ExtractError, match="empty"):
        read(b"")


def test_only_a_header():
    with pytest.raises(ExtractError, match="^the PDF is damaged and could not be read"):
        read(b"%PDF-1.7\n")


def test_encrypted_with_a_user_password():
    data = encrypt_pdf(make_pdf(pages=[["Secret text."]]), user_password="letmein", owner_password="owner")
    with pytest.raises(ExtractError) as info:
        read(data)
    assert str(info.value) == "the PDF is password-protected; remove the password and try again"


def test_encrypted_with_only_an_owner_password_still_reads():
    data = encrypt_pdf(make_pdf(pages=[["Open text."]], title="Open"), user_password="", owner_password="owner")
    doc = read(data)
    assert texts(doc) == ["Open text."]
    assert doc.meta.title == "Open"
    assert doc.meta.extra["encrypted"] is True


def test_aes_256_with_an_empty_user_password_reads():
    data = encrypt_pdf(make_pdf(pages=[["Open text in an AES file."], ["Page two."]], title="Locked for editing"),
                       user_password="", owner_password="owner", algorithm="AES-256")
    assert b"/AESV3" in data  # really AES-256 (crypt filter AESV3)
    doc = read(data)
    assert texts(doc) == ["Open text in an AES file.", "Page two."]
    assert doc.meta.title == "Locked for editing"
    assert doc.meta.extra["encrypted"] is True


def test_aes_256_with_a_user_password_is_refused_plainly():
    data = encrypt_pdf(make_pdf(pages=[["Secret."]]), user_password="letmein", algorithm="AES-256")
    with pytest.raises(ExtractError, match="^the PDF is password-protected"):
        read(data)


@pytest.mark.parametrize("fraction", [0.1, 0.3, 0.5, 0.7, 0.9, 0.99])
@pytest.mark.parametrize("compress", [True, False])
def test_a_truncated_file_reads_in_part_or_fails_plainly(fraction, compress):
    data = make_pdf(pages=[["Page one has some words."], ["Page two words."], ["Page three."]], compress=compress)
    cut = data[: int(len(data) * fraction)]
    try:
        doc = read(cut)
    except ExtractError as exc:
        assert str(exc).startswith("the PDF is damaged and could not be read")
        assert "\n" not in str(exc) and "Traceback" not in str(exc)
    else:
        assert "cut short" in doc.meta.extra["repaired"]
        for block in doc.blocks:
            assert block.text in page_text(data, block.page)


def test_a_nearly_complete_truncated_file_keeps_its_text():
    data = make_pdf(pages=[["Page one has some words."], ["Page two words."], ["Page three."]])
    doc = read(data[:-40])
    assert texts(doc) == ["Page one has some words.", "Page two words.", "Page three."]


def test_garbage_after_the_header_fails_plainly():
    with pytest.raises(ExtractError, match="^the PDF is damaged and could not be read"):
        read(b"%PDF-1.4\n" + bytes(range(256)) * 20)


def test_one_broken_page_does_not_lose_the_others():
    pages = [text_lines([(72, 700, f"Text on page {n}.")]) for n in (1, 2, 3)]
    data = raw_pdf(pages, page_filters={1: "NoSuchDecode"})
    doc = read(data)
    assert [(b.page, b.text) for b in doc.blocks] == [(1, "Text on page 1."), (3, "Text on page 3.")]
    assert doc.meta.extra["unreadable_pages"] == [2]
    assert doc.meta.extra["unreadable_reasons"][2]


def test_every_page_broken_is_an_error():
    data = raw_pdf([text_lines([(72, 700, "x")])], page_filters={0: "NoSuchDecode"})
    with pytest.raises(ExtractError, match="no page could be read"):
        read(data)


def test_too_many_pages():
    data = make_pdf(pages=[["One."], ["Two."], ["Three."]])
    with pytest.raises(ExtractError, match="the PDF has 3 pages; plainspeak reads at most 2 pages"):
        read(data, Limits(max_pdf_pages=2))


def test_text_stops_at_the_character_limit():
    data = make_pdf(pages=[["A first paragraph of some length."], ["A second one."], ["A third one."]])
    doc = read(data, Limits(max_text_chars=40))
    assert sum(len(t) for t in texts(doc)) <= 40
    assert doc.blocks[0].text == "A first paragraph of some length."
    assert doc.meta.extra["truncated"] is True


def test_pypdf_warnings_are_kept_not_printed(tmp_path):
    # In a fresh Python with no logging set up, pypdf's warnings would go to
    # the screen through logging's last-resort handler.
    import subprocess
    import sys

    data = make_pdf(pages=[["Page one."], ["Page two."]])
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(data[:-30])  # no %%EOF: pypdf warns
    script = (
        "import sys\n"
        "from plainspeak.extract import pdf\n"
        "from plainspeak.extract.limits import Limits\n"
        "doc = pdf.extract(open(sys.argv[1], 'rb').read(), 'x.pdf', Limits())\n"
        "print(len(doc.meta.extra['pdf_warnings']))\n"
    )
    env = checkout_env()
    result = subprocess.run([sys.executable, "-c", script, str(broken)], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert int(result.stdout) >= 1


def test_pypdf_limits_are_lowered_only_while_reading():
    import pypdf

    before = pypdf.get_configuration()
    read(make_pdf(pages=[["Text."]]))
    assert pypdf.get_configuration() == before
    assert configuration_overrides(pypdf)["zlib_maximum_output_length"] <= 75_000_000


def test_a_decompression_bomb_page_is_refused():
    import zlib

    bomb = zlib.compress(b" " * 60_000_000, 9)  # 60 MB of spaces in about 60 KB
    good = text_lines([(72, 700, "The good page.")])
    data = raw_pdf([good, bomb], page_filters={1: "FlateDecode"})
    doc = read(data)
    assert texts(doc) == ["The good page."]
    assert doc.meta.extra["unreadable_pages"] == [2]


# ---------------------------------------------------------------------------
# Speed, the example and the shared corpus


def test_a_thirty_page_report_reads_every_page():
    # How fast this is, is measured in benchmarks/pdf_speed.py, not here.
    paragraph = ("The outreach team met people sleeping in the park and near the station, and offered "
                 "them a place at the winter shelter, help to see a doctor and a referral to the housing "
                 "advice service at the council. ")
    pages = [[H(f"Section {n}"), Para(paragraph * 3), Para(paragraph * 2), Bullet("A list item."), Para(paragraph)]
             for n in range(1, 31)]
    doc = read(make_pdf(pages=pages, header="Annual report", footer="Page {page} of {pages}"))
    assert doc.meta.pages >= 30
    assert [b.text for b in doc.blocks if b.kind == HEADING] == [f"Section {n}" for n in range(1, 31)]
    assert sum(1 for b in doc.blocks if b.kind == LIST_ITEM) == 30
    assert not any("Annual report" in b.text or "Page " in b.text for b in doc.blocks)


def test_the_example_minutes_read_back():
    path = REPO / "examples" / "minutes.pdf"
    doc = pdf_extractor.extract(path.read_bytes(), str(path), Limits())
    assert doc.meta.title == "Minutes: Riverside Homelessness Partnership, 14 November"
    assert doc.meta.language == "en-GB"
    assert doc.meta.pages in (2, 3)
    assert doc.meta.scanned_pages == []
    everything = "\n".join(texts(doc))
    # Running header and page numbers are gone.
    assert "Riverside Homelessness Partnership - minutes" not in everything
    assert "Page 1 of" not in everything
    headings = [b.text for b in doc.blocks if b.kind == HEADING]
    for heading in ("Attendees", "Apologies", "Actions"):
        assert heading in headings
    # Wrapped words come back whole; the hyphenated break is undone.
    for words in ("rough sleepers", "substance misusers", "Severe Weather Emergency Protocol (SWEP)",
                  "accommodation", "step-down", "the homeless", "suffering from depression",
                  "refused to engage", "ex-offenders", "signposted", "MARAC", "HRA", "NSNO", "DWP", "UC"):
        assert words in everything, words
    assert "accommo-" not in everything and "accommo " not in everything
    action = [b for b in doc.blocks if b.text.startswith("ACTION:")]
    assert action and all(b.section for b in action)
    for block in doc.blocks:
        assert block.page and block.paragraph


def test_pypdf_reads_the_text_when_pdfium_cannot_open_the_file(monkeypatch):
    monkeypatch.setattr(pdf_extractor, "_pdfium", lambda data: None)
    data = make_pdf(pages=[[H("Minutes"), "The meeting agreed to open the\nwinter shelter.", Bullet("Book a room")],
                           [Picture()]], header="Partnership", footer="Page {page} of {pages}")
    doc = read(data)
    assert doc.meta.extra["engine"] == "pypdf"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (HEADING, "Minutes"), (PARAGRAPH, "The meeting agreed to open the winter shelter."),
        (LIST_ITEM, "Book a room")]
    assert doc.meta.scanned_pages == [2]
    assert read(make_pdf(pages=[["Text."]])).meta.extra["engine"] == "pypdf"


def test_a_scanned_page_in_a_tagged_pdf_with_only_a_page_number_is_scanned(tmp_path):
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm
    from PIL import Image

    from pdfs import libreoffice_pdfs

    scan = tmp_path / "scan.png"
    Image.new("L", (300, 420), 235).save(scan)
    d = docx.Document()
    footer = d.sections[0].footer.paragraphs[0]
    footer.text = "Page "
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)
    d.add_paragraph("Typed page one.").add_run().add_break(WD_BREAK.PAGE)
    d.add_picture(str(scan), width=Cm(15))
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("Typed page three.")
    path = tmp_path / "s.docx"
    d.save(path)
    data = libreoffice_pdfs({"s.docx": path.read_bytes()}, tmp_path, tagged=True)["s.docx"]
    assert "Page 2" in page_text(data, 2)  # the footer really is on the scanned page
    doc = read(data)
    assert doc.meta.extra["structure"] == "tags"
    assert [b.text for b in doc.blocks] == ["Typed page one.", "Typed page three."]
    assert doc.meta.pages == 3 and doc.meta.scanned_pages == [2]


def test_the_pdf_package_has_small_modules_and_no_import_cycle():
    import ast

    folder = REPO / "plainspeak" / "extract" / "pdf"
    graph: dict[str, set[str]] = {}
    for path in folder.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 500, f"{path.name} is over 500 lines"
        deps = set()
        for node in ast.parse(text).body:  # module level only
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("plainspeak.extract.pdf"):
                if node.module == "plainspeak.extract.pdf":
                    deps.update(alias.name for alias in node.names)
                else:
                    deps.add(node.module.rsplit(".", 1)[1])
        graph[path.stem] = deps - {path.stem}
    assert {"opening", "metadata", "tags", "lines", "tables", "running", "blocks", "hyphens"} <= set(graph)

    def visit(name: str, seen: tuple[str, ...]) -> None:
        assert name not in seen, " -> ".join((*seen, name))
        for dep in graph.get(name, ()):
            visit(dep, (*seen, name))

    for name in graph:
        visit(name, ())
