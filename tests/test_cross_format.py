"""The same content saved as Markdown, Word and PDF gives the same counts and scores.

One leaflet is written out in all three formats. Word and PDF files are made
here (python-docx and fpdf2); in the PDF the long paragraphs wrap over several
lines, one word is hyphenated across a line break, and the bullets are drawn
with their markers, as a word processor would save them. Words and sentences
must agree within 2%, reading ease within 2 points.

The leaflet, a form laid out as a table and a document with lists are also
saved from Word files to PDF by LibreOffice, tagged (as Word's "Save as PDF"
does by default) and untagged, and must score like their Markdown.
"""

from __future__ import annotations

import io

import pytest

from pdfs import H, Bullet, Para, make_pdf
from plainspeak.extract import extract_bytes

# (kind, text): "h1"/"h2" heading, "p" paragraph, "li" bullet point (no full stop)
LEAFLET = [
    ("h1", "Getting help with housing"),
    ("p", "If you are homeless or might lose your home in the next 8 weeks, contact the council's housing "
          "options team. We will look at your situation and explain what help you can get, e.g. advice "
          "about rent or a place to stay. Dr. Patel runs the health clinic at No. 5 Church Road from 9 a.m. "
          "on Mondays. It costs £1.50 to use the laundry, and the rent rose by 3.5 per cent this year."),
    ("p", "Our accommodation team can also help you to find somewhere to live."),
    ("h2", "What to bring"),
    ("li", "your passport or another photo ID"),
    ("li", "proof of your income, such as payslips"),
    ("li", "any letters from your landlord"),
    ("h2", "What happens next"),
    ("p", "A housing officer will meet you and write a personalised housing plan with you. The plan says "
          "what the council will do and what you can do to keep or find a home. If the council decides "
          "that it owes you the main housing duty, it will offer you somewhere suitable to live. You can "
          "ask for a review of any decision within 21 days."),
]
# In the PDF, this word is split over a line with a hyphen.
HYPHENATED = ("accommodation", "accommo-\ndation")


def as_markdown(items=LEAFLET) -> str:
    out = []
    for kind, text in items:
        if kind == "h1":
            out.append(f"# {text}\n")
        elif kind == "h2":
            out.append(f"## {text}\n")
        elif kind == "li":
            out.append(f"- {text}")
        elif kind == "ol":
            out.append(f"1. {text}")
        elif kind == "table":
            head, *rows = text
            lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
            lines += ["| " + " | ".join(row) + " |" for row in rows]
            out.append("\n" + "\n".join(lines) + "\n")
        else:
            # hard-wrapped, as people write Markdown
            words, lines, line = text.split(), [], ""
            for w in words:
                if len(line) + len(w) > 70:
                    lines.append(line)
                    line = w
                else:
                    line = f"{line} {w}".strip()
            lines.append(line)
            out.append("\n" + "\n".join(lines) + "\n")
    return "\n".join(out) + "\n"


def as_docx(items=LEAFLET) -> bytes:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for kind, text in items:
        if kind == "h1":
            d.add_heading(text, level=1)
        elif kind == "h2":
            d.add_heading(text, level=2)
        elif kind == "li":
            d.add_paragraph(text, style="List Bullet")
        elif kind == "ol":
            d.add_paragraph(text, style="List Number")
        elif kind == "table":
            table = d.add_table(rows=len(text), cols=len(text[0]))
            table.style = "Table Grid"  # a form: every cell has a border
            for i, row in enumerate(text):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
        else:
            d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def as_pdf() -> bytes:
    pytest.importorskip("fpdf")
    items = []
    for kind, text in LEAFLET:
        if kind == "h1":
            items.append(H(text, 1))
        elif kind == "h2":
            items.append(H(text, 2))
        elif kind == "li":
            items.append(Bullet(text))
        elif HYPHENATED[0] in text and len(text) < 80:
            items.append(text.replace(*HYPHENATED))  # explicit line break after the hyphen
        else:
            items.append(Para(text, 120))  # wrapped by fpdf2 over several lines
    return make_pdf(None, pages=[items], title="Getting help with housing", lang="en-GB")


@pytest.fixture(scope="module")
def reports(checker):
    docs = {
        "markdown": extract_bytes(as_markdown().encode(), "leaflet.md", "markdown"),
        "docx": extract_bytes(as_docx(), "leaflet.docx", "docx"),
        "pdf": extract_bytes(as_pdf(), "leaflet.pdf", "pdf"),
    }
    return {fmt: checker.check_document(doc).readability for fmt, doc in docs.items()}


def test_the_pdf_really_wraps_and_hyphenates():
    from plainspeak.extract import extract_bytes as ex

    data = as_pdf()
    import pypdf

    raw = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "accommo-\ndation" in raw  # the source really has the hyphenated line break
    text = " ".join(b.text for b in ex(data, "l.pdf", "pdf").blocks)
    assert "accommodation team" in text


def test_markdown_counts_by_hand(reports):
    r = reports["markdown"]
    # headings 3 + paragraph one 4 + paragraph two 1 + bullets 3 + paragraph three 4 = 15 sentences
    assert r["sentences"] == 15


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_same_words_and_sentences_within_two_percent(reports, fmt):
    md, other = reports["markdown"], reports[fmt]
    for key in ("words", "sentences", "syllables"):
        assert abs(other[key] - md[key]) <= 0.02 * md[key], (fmt, key, other[key], md[key])


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_same_reading_ease_within_two_points(reports, fmt):
    assert abs(reports[fmt]["flesch_reading_ease"] - reports["markdown"]["flesch_reading_ease"]) <= 2
    assert abs(reports[fmt]["flesch_kincaid_grade"] - reports["markdown"]["flesch_kincaid_grade"]) <= 0.5


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_same_sections(reports, fmt):
    md, other = reports["markdown"]["sections"], reports[fmt]["sections"]
    assert [s["section"] for s in other] == [s["section"] for s in md] == \
        ["Getting help with housing", "What to bring", "What happens next"]
    for a, b in zip(md, other):
        assert abs(a["words"] - b["words"]) <= 0.02 * a["words"]
        assert a["sentences"] == b["sentences"]


def test_table_cells_count_the_same_in_markdown_and_word(checker):
    docx = pytest.importorskip("docx")
    rows = [("Day", "Opening times"), ("Monday", "9am to 5pm"), ("Tuesday", "9am to 1pm")]
    md = "Our opening times are below.\n\n| " + " | ".join(rows[0]) + " |\n|---|---|\n" + \
        "\n".join("| " + " | ".join(r) + " |" for r in rows[1:]) + "\n\nCall us first"
    d = docx.Document()
    d.add_paragraph("Our opening times are below.")
    table = d.add_table(rows=3, cols=2)
    for i, r in enumerate(rows):
        for j, text in enumerate(r):
            table.cell(i, j).text = text
    d.add_paragraph("Call us first")
    buf = io.BytesIO()
    d.save(buf)
    a = checker.check_document(extract_bytes(md.encode(), "t.md", "markdown")).readability
    b = checker.check_document(extract_bytes(buf.getvalue(), "t.docx", "docx")).readability
    # 1 sentence + 6 cells + 1 sentence = 8 sentences
    # words: 5 + (1 + 2 + 1 + 3 + 1 + 3) + 3 = 19 ("9am to 5pm" is 3 words)
    assert (a["sentences"], a["words"]) == (b["sentences"], b["words"]) == (8, 19)


def test_word_captions_and_form_labels_are_separate_sentences(checker):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("Figure 1 Where people slept last winter", style="Caption")
    form = d.add_table(rows=2, cols=2)
    for i, (label, answer) in enumerate([("Full name", ""), ("Date of birth", "")]):
        form.cell(i, 0).text = label
        form.cell(i, 1).text = answer
    d.add_paragraph("We will write to you")
    buf = io.BytesIO()
    d.save(buf)
    r = checker.check_document(extract_bytes(buf.getvalue(), "f.docx", "docx")).readability
    # caption 1 + two labels + one paragraph = 4 sentences (empty answer cells have no words);
    # words 7 + 2 + 3 + 5 = 17
    assert (r["sentences"], r["words"]) == (4, 17)


# ---------------------------------------------------------------------------
# Word files saved as PDF by LibreOffice, tagged and untagged

FORM = [
    ("h1", "Referral form"),
    ("p", "Please fill in this form with the person you are referring. Give it to a member of staff "
          "at the day centre, or send it to us by email."),
    ("table", [("Question", "Answer"), ("Full name", ""), ("Date of birth", ""),
               ("Where did you sleep last night?", ""), ("Do you have a support worker?", ""),
               ("Is there anything we should know before we meet you?", "")]),
    ("p", "We will call you within two working days. If you do not hear from us, call the referral line."),
]
LISTS = [
    ("h1", "Moving into your new home"),
    ("p", "Before you move in, your support worker will go through the tenancy agreement with you. "
          "Please bring these things to the meeting:"),
    ("li", "your passport or another photo ID"),
    ("li", "a letter that shows your National Insurance number"),
    ("li", "the name of your doctor"),
    ("h2", "On the day you move"),
    ("ol", "Collect your keys from the office before 4pm."),
    ("ol", "Read the gas and electricity meters and write the numbers down."),
    ("ol", "Check that the smoke alarm works by pressing its button."),
    ("p", "If anything is broken or missing, tell us in the first week and we will fix it for free."),
]
DOCUMENTS = {"leaflet": LEAFLET, "form": FORM, "lists": LISTS}


@pytest.fixture(scope="module")
def word_pdfs(tmp_path_factory):
    from pdfs import libreoffice_pdfs

    folder = tmp_path_factory.mktemp("libreoffice")
    sources = {f"{name}.docx": as_docx(items) for name, items in DOCUMENTS.items()}
    return {
        "pdf-tagged": libreoffice_pdfs(sources, folder, tagged=True),
        "pdf-untagged": libreoffice_pdfs(sources, folder, tagged=False),
    }


@pytest.fixture(scope="module")
def scores(checker, word_pdfs):
    out = {}
    for name, items in DOCUMENTS.items():
        docs = {
            "markdown": extract_bytes(as_markdown(items).encode(), f"{name}.md", "markdown"),
            "docx": extract_bytes(as_docx(items), f"{name}.docx", "docx"),
        }
        for kind, pdfs in word_pdfs.items():
            docs[kind] = extract_bytes(pdfs[f"{name}.docx"], f"{name}.pdf", "pdf")
        out[name] = {fmt: (doc, checker.check_document(doc).readability) for fmt, doc in docs.items()}
    return out


def test_libreoffice_pdfs_are_what_they_say(scores):
    for name in DOCUMENTS:
        tagged, untagged = scores[name]["pdf-tagged"][0], scores[name]["pdf-untagged"][0]
        assert tagged.meta.tagged is True and tagged.meta.extra["structure"] == "tags"
        assert untagged.meta.tagged is False and untagged.meta.extra["structure"] == "geometry"


@pytest.mark.parametrize("name", list(DOCUMENTS))
@pytest.mark.parametrize("fmt", ["docx", "pdf-tagged", "pdf-untagged"])
def test_word_and_pdf_score_like_markdown(scores, name, fmt):
    md, other = scores[name]["markdown"][1], scores[name][fmt][1]
    for key in ("words", "sentences"):
        assert abs(other[key] - md[key]) <= 0.02 * md[key], (name, fmt, key, other[key], md[key])
    assert abs(other["flesch_reading_ease"] - md["flesch_reading_ease"]) <= 2, (name, fmt)


@pytest.mark.parametrize("fmt", ["pdf-tagged", "pdf-untagged"])
def test_a_form_in_a_pdf_is_read_row_by_row_one_cell_a_block(scores, fmt):
    doc = scores["form"][fmt][0]
    cells = [(b.row, b.column, b.text) for b in doc.blocks if b.kind == "table_cell"]
    assert cells == [(0, 0, "Question"), (0, 1, "Answer"), (1, 0, "Full name"), (2, 0, "Date of birth"),
                     (3, 0, "Where did you sleep last night?"), (4, 0, "Do you have a support worker?"),
                     (5, 0, "Is there anything we should know before we meet you?")]
    assert [(t.rows, t.columns) for t in doc.tables] == [(6, 2)]
    assert not [b for b in doc.blocks if b.kind == "heading" and b.table is not None]


@pytest.mark.parametrize("fmt", ["pdf-tagged", "pdf-untagged"])
def test_lists_in_a_pdf_are_list_items_and_headings_keep_their_levels(scores, fmt):
    doc = scores["lists"][fmt][0]
    items = [b.text for b in doc.blocks if b.kind == "list_item"]
    assert items == [text for kind, text in LISTS if kind in ("li", "ol")]
    assert [(b.text, b.level) for b in doc.blocks if b.kind == "heading"] == [
        ("Moving into your new home", 1), ("On the day you move", 2)]
    paragraphs = [b.text for b in doc.blocks if b.kind == "paragraph"]
    assert paragraphs == [text for kind, text in LISTS if kind == "p"]
