"""What counts as an acronym, what does not, and acronyms spelled out on first use."""

import pytest

from conftest import check_markdown
from plainspeak.checks.acronyms import acronym_core, explains


# Paragraphs between a definition and a later section: reminders are for readers who
# jump to a part well after the words were spelled out.
FILLER = "".join(f"Paragraph {n} says something else.\n\n" for n in range(10))


def acronyms(checker, text):
    return [(f.match, f.rule) for f in check_markdown(checker, text) if f.category == "acronym"]


@pytest.mark.parametrize("text, found", [
    ("Our KPIs are good.", "KPIs"),
    ("Submit the H-CLIC return.", "H-CLIC"),
    ("Two nights in a B&B.", "B&B"),
    ("The D&R course is full.", "D&R"),
    ("Ask the DfE for the data.", "DfE"),
    ("The DoH guidance (DoH 2000) still applies.", "DoH"),
    ("The MARAC's chair spoke.", "MARAC's"),
    ("Ask about DoLS today.", "DoLS"),
])
def test_finds_acronyms(small_checker, text, found):
    assert acronyms(small_checker, text) == [(found, "PS101")]


@pytest.mark.parametrize("text", [
    "NEXT MEETING",
    "ACTION: Sam to book the room.",
    "AGREED: the plan stands.",
    "Answer Y/N below.",
    "See part II and chapter XIV.",
    "We meet at 2PM and at 10 AM on Friday.",
    "Visit https://www.GOV.UK/HRA for details.",
    "The A-Z of services.",
    "Your GP and the NHS can help.",
    "We need HOUSING for everyone.",
    "A short sentence with a single capital I.",
    "The file is 94KB, the video 500 MB.",
    "Mark it OFFICIAL-SENSITIVE before you send it.",
    "Write to 2-5 Minories, London EC3N 1BJ or SW1A 2AA.",
])
def test_not_acronyms(small_checker, text):
    assert acronyms(small_checker, text) == []


def test_shouted_sentence_still_flags_real_acronyms(small_checker):
    assert acronyms(small_checker, "PLEASE CALL THE MARAC TEAM TODAY") == [("MARAC", "PS101")]


def test_defined_on_first_use_then_milder_in_a_later_section(small_checker):
    text = ("# Meetings\n\nThe Multi-Agency Risk Assessment Conference (MARAC) met. The MARAC agreed a plan.\n\n"
            + FILLER + "# Actions\n\nThe MARAC will meet again.\n")
    found = check_markdown(small_checker, text)
    assert [(f.match, f.rule, f.severity) for f in found] == [("MARAC", "PS102", "info")]
    assert "line 3" in found[0].message
    assert found[0].location.section == "Actions"


def test_no_reminder_in_the_paragraph_or_section_of_the_definition(small_checker):
    text = ("TLAP (Think Local Act Personal) wrote it. TLAP is a partnership.\n\n"
            + FILLER + "TLAP also runs events.\n")
    assert acronyms(small_checker, text) == []


def test_no_reminder_in_a_section_close_to_the_definition(small_checker):
    text = "# One\n\nTLAP (Think Local Act Personal) wrote it.\n\n# Two\n\nTLAP also runs events.\n"
    assert acronyms(small_checker, text) == []


def test_no_reminders_for_the_document_subject(small_checker):
    text = "# Intro\n\nThe Multi-Agency Risk Assessment Conference (MARAC) is our subject.\n\n" + "".join(
        f"{FILLER}# Part {n}\n\nThe MARAC does thing {n}.\n\n" for n in range(4))
    assert acronyms(small_checker, text) == []


def test_used_before_it_is_defined(small_checker):
    text = ("# Help\n\nAsk the DWP.\n\nYou can ask for help.\n\nWe can help too.\n\n"
            "# Money\n\nThe Department for Work and Pensions (DWP) pays benefits.\n")
    assert acronyms(small_checker, text) == [("DWP", "PS101")]


def test_spelled_out_in_the_next_paragraph(small_checker):
    text = "Q11 - Have you seen the MHCLG privacy notice?\n\nThe Ministry of Housing, Communities and Local Government MHCLG wrote it.\n"
    assert acronyms(small_checker, text) == []


def test_suggests_the_glossary_expansion(small_checker):
    f = check_markdown(small_checker, "Under the HRA we must help.")[0]
    assert f.suggestions == ["Homelessness Reduction Act"]
    assert "Homelessness Reduction Act" in f.message


def test_several_meanings_asks_which(small_checker):
    f = check_markdown(small_checker, "A PD diagnosis.")[0]
    assert f.suggestions == ["personality disorder", "probation and discharge"]
    assert "say which you mean" in f.message


def test_allow_list_from_config(small_checker):
    from plainspeak.config import Config
    from plainspeak.engine import Checker

    c = Checker(Config(allow_acronyms=["MARAC"]), glossary=small_checker.glossary)
    assert acronyms(c, "The MARAC met.") == []


def test_core_and_initials():
    assert acronym_core("KPIs") == "KPI"
    assert acronym_core("Hello") is None
    assert acronym_core("A") is None
    assert explains("DWP", "Department for Work and Pensions".split())
    assert explains("MARAC", "Multi-Agency Risk Assessment Conference".split())
    assert not explains("DWP", "Department of Health".split())


def test_section_numbers_in_lower_case_when_the_glossary_knows_them():
    from conftest import glossary_of, make_entry
    from plainspeak.engine import Checker

    c = Checker(glossary=glossary_of(make_entry("S42", "acronym", ["section 42 safeguarding enquiry"])))
    assert acronyms(c, "We made an s42 referral.") == [("s42", "PS101")]
    assert acronyms(c, "Flat a12 and room b34.") == []


def test_defined_with_a_number():
    from conftest import glossary_of
    from plainspeak.engine import Checker

    c = Checker(glossary=glossary_of())
    text = ("Internet Explorer 8 (IE8) is old. Key stage 1 (KS1) is for young children.\n\n"
            + FILLER + "# Browsers\n\nIE8 fails.")
    assert acronyms(c, text) == [("IE8", "PS102")]


def test_defined_acronym_reminder_once_a_section(small_checker):
    text = ("# One\n\nThe Department for Work and Pensions (DWP) pays. The DWP decides. The DWP writes.\n\n"
            + FILLER + "# Two\n\nAsk the DWP. The DWP helps.\n")
    found = [(f.rule, f.location.section) for f in check_markdown(small_checker, text) if f.category == "acronym"]
    assert found == [("PS102", "Two")]
