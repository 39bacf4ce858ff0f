"""Build the example Word files: examples/policy.docx and examples/assessment-form.docx.

Run from anywhere:  python examples/source/build_docx_examples.py

The documents are made up for plainspeak. They are written the way many real
service documents are written: mostly clear, but with deficit labels ("rough
sleepers", "service users"), jargon ("signpost", "move-on"), acronyms that are
never explained, a few long sentences, and (in the form) a picture without
alt text and a table without a header row. plainspeak should find these.

The output is byte-for-byte the same on every run: fixed document
properties, fixed ZIP timestamps and no random ids. Needs only python-docx.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

EXAMPLES = Path(__file__).resolve().parents[1]
FIXED_TIME = dt.datetime(2025, 3, 14, 9, 0, 0)
ZIP_TIME = (2025, 3, 14, 9, 0, 0)


# ---------------------------------------------------------------- helpers


def new_document(title: str, subject: str):
    d = docx.Document()
    props = d.core_properties
    props.title = title
    props.subject = subject
    props.language = "en-GB"
    props.author = "Riverside House"
    props.last_modified_by = "Riverside House"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.revision = 1
    props.keywords = "plainspeak example"
    # spell-check in UK English too
    lang = d.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    if lang is not None:
        lang.set(qn("w:val"), "en-GB")
    d.styles["Normal"].font.size = Pt(12)
    return d


def bullets(d, items, style="List Bullet"):
    for item in items:
        d.add_paragraph(item, style=style)


def hyperlink_style(d):
    try:
        return d.styles["Hyperlink"]
    except KeyError:
        style = d.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        style.font.underline = True
        return style


def add_hyperlink(paragraph, text: str, url: str) -> None:
    """Append a real Word hyperlink (w:hyperlink with an external relationship)."""
    hyperlink_style(paragraph.part.document)
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rstyle = OxmlElement("w:rStyle")
    rstyle.set(qn("w:val"), "Hyperlink")
    rpr.append(rstyle)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def mark_header_row(table) -> None:
    """Make the first row repeat as a header row (what screen readers use)."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def add_page_number(paragraph) -> None:
    """'Page N' with a real PAGE field."""
    paragraph.add_run("Page ")
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("result", "1"), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "result":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


def logo_png(width: int = 96, height: int = 32) -> bytes:
    """A small two-colour 'logo' PNG, made with zlib and struct only."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    teal, white, navy = b"\x00\x7a\x7a", b"\xff\xff\xff", b"\x1f\x2a\x44"
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")  # filter: none
        for x in range(width):
            if 4 <= y < height - 4 and 4 <= x < 28 and (x + y) % 8 < 5:
                row += teal  # a stripy square mark
            elif 10 <= y < 22 and 34 <= x < width - 6 and (x // 6) % 2 == 0:
                row += navy  # blocks standing in for the name
            else:
                row += white
        rows.append(bytes(row))
    raw = b"".join(rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def save_stable(d, path: Path) -> None:
    """Save with fixed ZIP timestamps so that a re-run gives the same bytes."""
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    path.write_bytes(out.getvalue())


# ---------------------------------------------------------------- policy


def build_policy() -> docx.document.Document:
    d = new_document("Safeguarding and Support Policy", "Riverside House hostel policy")
    section = d.sections[0]
    section.header.paragraphs[0].text = "Riverside House \u2013 Safeguarding and Support Policy"
    footer = section.footer.paragraphs[0]
    footer.text = "Version 4. Approved by the board on 14 March 2025. Review due March 2026. "
    add_page_number(footer)

    d.add_paragraph("Safeguarding and Support Policy", style="Title")
    d.add_paragraph(
        "This policy explains how staff and volunteers at Riverside House keep residents safe, "
        "and what residents can expect from us. Riverside House is a 42-bed hostel for single "
        "adults who have nowhere safe to live."
    )

    d.add_heading("About this policy", level=1)
    d.add_paragraph(
        "Everyone who works here must read this policy in their first week. Your manager will go "
        "through it with you. If something in it is not clear, ask. It is better to ask than to guess."
    )
    d.add_paragraph(
        "We wrote this policy in order to set out how we utilise our resources to support the homeless "
        "and rough sleepers who come to us, and to make sure that our duties under the Care Act 2014 "
        "and the Homelessness Reduction Act (HRA) are met. The HRA puts a duty on councils to help "
        "people before they lose their home."
    )

    d.add_heading("Who this policy is for", level=1)
    d.add_paragraph("This policy applies to:")
    bullets(d, [
        "all paid staff, including night workers and relief staff",
        "volunteers and students on placement",
        "agency workers, from their first shift",
        "trustees when they visit the building",
    ])

    d.add_heading("Our approach", level=1)
    d.add_paragraph(
        "We treat every resident as an adult who can make their own choices. We listen first. We "
        "explain what we can and cannot do. We write down what we agree, and we give the resident "
        "a copy."
    )
    d.add_paragraph(
        "We follow the Making Safeguarding Personal approach and the TLAP principles. Support should "
        "be shaped around what the person wants, not around what is easiest for the service."
    )

    d.add_heading("Working with other services", level=2)
    d.add_paragraph(
        "Much of our work is multi-agency. Key stakeholders include the council housing team, the "
        "drug and alcohol service, probation, the community mental health team and local GPs. Where "
        "we cannot meet a need ourselves we will signpost service users to the right agency."
    )
    d.add_paragraph(
        "High-risk domestic abuse cases are referred to the MARAC. The Designated Safeguarding Lead "
        "(DSL) makes the referral, and the resident is told before it is made unless telling them "
        "would put someone at greater risk."
    )

    d.add_heading("Support planning", level=2)
    d.add_paragraph(
        "Each resident has a key worker. Within five working days of arrival, the key worker and the "
        "resident write a support plan together. The plan is reviewed every eight weeks, or sooner if "
        "the resident asks."
    )
    d.add_paragraph(
        "Prior to move-on, residents who still need help will be referred for floating support, and "
        "heroin users and alcoholics will be linked with the treatment service, including anyone "
        "subject to a DTTO."
    )
    d.add_paragraph("A support plan covers:")
    bullets(d, [
        "where the resident wants to live next and what is needed to get there",
        "money, benefits and debts",
        "physical and mental health, including anyone suffering from depression",
        "drug and alcohol use, if the resident wants help with it",
        "family, friends and other people who matter to them",
    ])

    d.add_heading("Warnings", level=1)
    d.add_paragraph(
        "Most problems are sorted out by talking. Warnings are a last resort. They are used when a "
        "resident's behaviour puts other people at risk or breaks the licence agreement."
    )
    d.add_paragraph(
        "Where a service user is deemed to be non-compliant with the requirements of their licence "
        "agreement or support plan, including but not limited to failure to engage with key work "
        "sessions, persistent rent arrears, or behaviour which staff consider to be detrimental to the "
        "wellbeing of other residents, a verbal warning may be issued by the duty manager, which will "
        "be recorded on the case management system and, where appropriate, followed by a written "
        "warning and a formal review meeting with all relevant professionals present."
    )
    d.add_paragraph("Before giving any warning, staff must:")
    bullets(d, [
        "talk to the resident in private and hear their side",
        "check whether a health problem or a crisis explains what happened",
        "tell the resident what needs to change and by when",
        "write down what was said, in words the resident would recognise",
    ], style="List Number")
    d.add_paragraph(
        "A resident can appeal against any warning. They can ask a friend, an advocate or a support "
        "worker from another service to come with them. We will never evict someone for a first "
        "warning."
    )

    d.add_heading("Safeguarding adults at risk", level=1)
    d.add_paragraph(
        "If you think a resident is being abused or neglected, tell the duty manager straight away. "
        "Do not wait until the end of your shift. Do not try to investigate it yourself."
    )
    d.add_paragraph(
        "The duty manager will decide, with the resident where possible, whether to raise a concern "
        "with the local authority. The council may then make S42 enquiries. Staff must cooperate with "
        "these enquiries and share information that is relevant and proportionate."
    )
    d.add_paragraph(
        "If someone is in immediate danger, call 999 first. You do not need permission from a "
        "manager to do that."
    )

    d.add_heading("Leaving Riverside House", level=1)
    d.add_paragraph(
        "We plan every move with the resident. Nobody should leave us NFA unless they choose to and "
        "understand the risks. If the council offers B&B as emergency accommodation, the key worker "
        "will visit within a week to check that the resident is safe and has what they need."
    )
    d.add_paragraph(
        "When a resident leaves in an unplanned way, for example after a prison recall or a hospital "
        "admission, we keep their room for 14 days and we try to contact them. Their belongings are "
        "stored for 28 days."
    )

    d.add_heading("Records and confidentiality", level=1)
    d.add_paragraph(
        "Write records as if the resident will read them, because they have the right to. Use the "
        "person's name. Describe what you saw and heard, not your opinion of the person. Write "
        "\u201cSam said he had not slept for three nights\u201d, not \u201cSam was being difficult\u201d."
    )

    d.add_heading("Contact and review", level=1)
    p = d.add_paragraph(
        "The Designated Safeguarding Lead is the Service Manager. Out of hours, call the on-call "
        "manager on 0161 496 0000. For national guidance, see the "
    )
    add_hyperlink(p, "Homelessness code of guidance for local authorities",
                  "https://www.gov.uk/guidance/homelessness-code-of-guidance-for-local-authorities")
    p.add_run(".")
    d.add_paragraph(
        "We review this policy every year, and sooner if the law changes or a review of a serious "
        "incident tells us to. Residents are invited to help with every review."
    )
    return d


# ---------------------------------------------------------------- form


def build_form() -> docx.document.Document:
    d = new_document("Support Needs Assessment", "Riverside House assessment form")
    section = d.sections[0]
    section.footer.paragraphs[0].text = (
        "Keep this form in the locked cabinet. Do not send it by email."
    )

    # the service logo, with no alt text at all (plainspeak should report it)
    d.add_picture(io.BytesIO(logo_png()), width=docx.shared.Cm(4))
    d.add_paragraph("Support Needs Assessment", style="Title")
    d.add_paragraph(
        "Fill in this form with the resident in their first week. Read each question out, write "
        "down their answer in their own words, and leave a box empty if they do not want to answer."
    )

    d.add_heading("About the resident", level=1)
    questions = [
        ("Full name and DOB", ""),
        ("Where did the client sleep last night? Tick NFA if they have no fixed abode.", ""),
        ("Is the client an addict? If yes, which substances?", ""),
        ("Is the client registered with a GP? Give the surgery name.", ""),
        ("Does the client have a history of non-engagement with services?", ""),
        ("Any ASB, offending or current orders we need to know about?", ""),
        ("Does the client suffer from any mental illness?", ""),
        ("What would the resident most like help with first?", ""),
    ]
    table = d.add_table(rows=1 + len(questions), cols=2)
    table.style = d.styles["Table Grid"]
    mark_header_row(table)
    table.cell(0, 0).text = "Question"
    table.cell(0, 1).text = "Answer"
    for cell in table.rows[0].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for i, (question, answer) in enumerate(questions, start=1):
        table.cell(i, 0).text = question
        table.cell(i, 1).text = answer

    d.add_heading("Risk", level=1)
    d.add_paragraph(
        "If the resident tells you about a risk to themselves or someone else, stop the assessment "
        "and speak to the duty manager before you go on."
    )
    d.add_paragraph("Known risks (tick all that apply):")
    bullets(d, [
        "risk to self",
        "risk to staff or other residents",
        "risk from others, including exploitation",
    ])

    d.add_heading("Sign-off", level=1)
    sign = d.add_table(rows=3, cols=2)  # no header row: a layout of labels and boxes
    sign.style = d.styles["Table Grid"]
    for i, label in enumerate(["Completed by", "Date", "Resident's signature"]):
        sign.cell(i, 0).text = label
    return d


def main() -> None:
    outputs = {
        "policy.docx": build_policy(),
        "assessment-form.docx": build_form(),
    }
    for name, document in outputs.items():
        path = EXAMPLES / name
        save_stable(document, path)
        print(f"wrote {path.relative_to(EXAMPLES.parent)}")


if __name__ == "__main__":
    main()
