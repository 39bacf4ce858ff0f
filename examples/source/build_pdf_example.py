"""Build examples/minutes.pdf: minutes of a (made-up) homelessness partnership meeting.

    python examples/source/build_pdf_example.py

Needs fpdf2 (in the ``test`` extra). The minutes are written to show what
plainspeak finds in a PDF: deficit labels ("rough sleepers", "the homeless",
"substance misusers", "suffering from depression", "refused to engage",
"ex-offenders"), jargon ("signposted", "move-on", "stakeholders", "in order
to", "utilise", "step-down") and acronyms (MARAC, HRA, SWEP, NSNO, DWP, UC;
SWEP is spelled out on first use). Some lines are broken by hand so that the
extractor must put text back together: a label and a spelled-out acronym
wrap across a line break, "accommodation" is hyphenated at a line end and
"step-down" keeps its own hyphen there. Every page has a running header and
a page number, which the extractor should drop.

The output is reproducible: the creation date is fixed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fpdf import FPDF

OUT = Path(__file__).resolve().parents[1] / "minutes.pdf"

TITLE = "Minutes: Riverside Homelessness Partnership, 14 November"
HEADER = "Riverside Homelessness Partnership - minutes"
FONT = "helvetica"
BODY = 11
LINE = 5.6  # mm between lines of a paragraph
GAP = 2.8  # mm between paragraphs

# The meeting. Each entry: ("h1" | "h2" | "p" | "li" | "action", text).
# In "p" and "action" text, "\n" forces a line break where we want the
# extractor to join the lines again; the other lines wrap by themselves.
MINUTES: list[tuple[str, str]] = [
    ("h1", "Riverside Homelessness Partnership"),
    ("p", "Minutes of the partnership meeting held on Thursday 14 November, 10am to 12 noon, "
          "in the community room at Riverside Library and online."),
    ("h2", "Attendees"),
    ("li", "Jo Barker, Housing Options, Riverside Council (chair)"),
    ("li", "Sam Okafor, Street Outreach Team"),
    ("li", "Priya Nair, St Anne's Hostel"),
    ("li", "Dr Tom Ellis, Riverside Health Centre (homeless health service)"),
    ("li", "Grace Lindqvist, Riverside Women's Aid"),
    ("li", "Mark Dunne, Jobcentre Plus (DWP partnership manager)"),
    ("li", "Alex Chen, Probation Service"),
    ("h2", "Apologies"),
    ("p", "Apologies were received from the drug and alcohol service and from the Citizens Advice "
          "money team."),
    ("h2", "1. Minutes of the last meeting"),
    ("p", "The minutes of the meeting on 12 September were agreed as a true record. All actions "
          "were complete except the review of the hostel waiting list, which is carried forward."),
    ("h2", "2. Winter provision"),
    ("p", "Jo explained that the council will open the Severe Weather Emergency\n"
          "Protocol (SWEP) whenever the night-time temperature is forecast to fall to zero\n"
          "or below for one night. Last winter SWEP opened on 23 nights and 61 people used it."),
    ("p", "St Anne's will utilise the church hall as overflow space again this year, with 12\n"
          "camp beds. Priya said volunteers are needed for the evening shift in order to\n"
          "keep the hall open until 8am, and asked stakeholders to share the volunteer advert."),
    ("action", "ACTION: Jo to circulate the SWEP rota and the overflow plan to all stakeholders by "
               "21 November."),
    ("h2", "3. Rough sleeping figures"),
    ("p", "In October the outreach team verified 19 people sleeping out. Sam said the rough\n"
          "sleepers they met were mostly known to the team, but six were new to the streets.\n"
          "Under the No Second Night Out (NSNO) approach, five of them were offered accommo-\n"
          "dation on their first night out and four accepted it. The count in September was 14."),
    ("p", "Two men refused to engage with the team despite several visits. Sam said both have a\n"
          "dog and the hostel cannot take pets; the group agreed that the phrase does not\n"
          "describe the barrier, which is the lack of a pet-friendly bed."),
    ("p", "Members noted that the homeless are often moved on from the station car park at night\n"
          "and this makes it harder for outreach to find them in the morning."),
    ("action", "ACTION: Sam to ask the station manager to contact the outreach team before asking "
               "anyone to leave."),
    ("h2", "4. Hospital discharge and step-down beds"),
    ("p", "Dr Ellis said that patients with no fixed address are still being discharged from the\n"
          "ward late in the evening. Some have been signposted to the council with a leaflet and\n"
          "no appointment. The new step-\n"
          "down flat at Mill Lane will open in January for people who need a safe place to recover "
          "before they move on."),
    ("p", "The health centre is seeing more substance\n"
          "misusers who are also suffering from depression and cannot get a mental health "
          "assessment while they are still drinking. Dr Ellis asked for a joint clinic with the "
          "drug and alcohol service."),
    ("action", "ACTION: Dr Ellis and Jo to draft a discharge protocol with the hospital social work "
               "team, including a duty to refer under the Homelessness Reduction Act (HRA)."),
    ("h2", "5. Domestic abuse and MARAC referrals"),
    ("p", "Grace reported 9 referrals from Riverside to the Multi-Agency Risk Assessment\n"
          "Conference (MARAC) since September. Three women were placed in refuge outside\n"
          "the area because there was no move-on accommodation locally. Grace asked that the\n"
          "council's allocations panel consider a quota of flats for women leaving refuge."),
    ("h2", "6. Benefits and Universal Credit"),
    ("p", "Mark said that new claims for Universal Credit (UC) can now be started in the hostel\n"
          "with a work coach who visits on Wednesdays. Advance payments are available, but\n"
          "several residents have had deductions that leave them with very little to live on."),
    ("p", "Alex asked whether ex-offenders leaving prison on a Friday could be seen by the DWP\n"
          "on the same day. Mark will check with the prison work coach team. At the moment many\n"
          "people wait until Monday for a UC appointment and have no money for the weekend."),
    ("action", "ACTION: Mark to report back on same-day UC appointments for people leaving prison."),
    ("h2", "Actions"),
    ("li", "Jo: circulate the SWEP rota and the overflow plan (by 21 November)."),
    ("li", "Sam: contact the station manager about the car park."),
    ("li", "Dr Ellis and Jo: draft the hospital discharge protocol (HRA duty to refer)."),
    ("li", "Mark: same-day UC appointments for people leaving prison."),
    ("li", "Priya: carry forward the review of the hostel waiting list."),
    ("h2", "Date of next meeting"),
    ("p", "Thursday 16 January, 10am, Riverside Library. Please send agenda items to Jo by 9 January."),
]


class Minutes(FPDF):
    def header(self) -> None:
        self.set_font(FONT, "", 9)
        self.set_text_color(90, 90, 90)
        self.set_y(9)
        self.cell(0, 5, HEADER, align="R")
        self.set_text_color(0, 0, 0)
        self.set_y(self.t_margin)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", 9)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def build(path: Path = OUT) -> Path:
    pdf = Minutes(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_creation_date(dt.datetime(2024, 11, 15, 9, 0, tzinfo=dt.timezone.utc))
    pdf.set_title(TITLE)
    pdf.set_lang("en-GB")
    pdf.set_author("Riverside Homelessness Partnership")
    pdf.set_subject("Minutes of the partnership meeting on 14 November")
    pdf.set_creator("plainspeak examples/source/build_pdf_example.py")
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    previous = None
    for kind, text in MINUTES:
        if kind == "h1":
            pdf.set_font(FONT, "B", 18)
            pdf.multi_cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif kind == "h2":
            pdf.ln(3)
            if pdf.get_y() > pdf.h - pdf.b_margin - 25:  # keep a heading with its text
                pdf.add_page()
            pdf.set_font(FONT, "B", 13)
            pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        elif kind == "li":
            pdf.set_font(FONT, "", BODY)
            pdf.set_x(pdf.l_margin + 2)
            pdf.cell(5, LINE, "•")
            pdf.multi_cell(0, LINE, text, new_x="LMARGIN", new_y="NEXT")
        elif kind in ("p", "action"):
            if previous == "li":
                pdf.ln(GAP)
            pdf.set_font(FONT, "", BODY)
            body = text.replace("ACTION:", "**ACTION:**") if kind == "action" else text
            pdf.multi_cell(0, LINE, body, markdown=kind == "action", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(GAP)
        else:
            raise ValueError(kind)
        previous = kind
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


if __name__ == "__main__":
    print(build())
