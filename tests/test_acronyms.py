"""What counts as an acronym, what does not, and acronyms spelled out on first use."""

import pytest

from conftest import check_markdown
from plainspeak.checks.acronyms import acronym_core, explains


def acronyms(checker, text):
    return [(f.match, f.rule) for f in check_markdown(checker, text) if f.category == "acronym"]


@pytest.mark.parametrize("text, found", [
    ("Our KPIs are good.", "KPIs"),
    ("Submit the H-CLIC return.", "H-CLIC"),
    ("Two nights in a B&B.", "B&B"),
    ("Go to A&E now.", "A&E"),
    ("An S42 enquiry began.", "S42"),
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


def test_defined_on_first_use_then_milder(small_checker):
    text = "The Multi-Agency Risk Assessment Conference (MARAC) met. The MARAC agreed a plan."
    found = check_markdown(small_checker, text)
    assert [(f.match, f.rule, f.severity) for f in found] == [("MARAC", "PS102", "info")]
    assert "line 1" in found[0].message


def test_defined_with_expansion_after(small_checker):
    text = "TLAP (Think Local Act Personal) wrote it. TLAP is a partnership."
    assert acronyms(small_checker, text) == [("TLAP", "PS102")]


def test_used_before_it_is_defined(small_checker):
    text = "Ask the DWP.\n\nThe Department for Work and Pensions (DWP) pays benefits."
    assert acronyms(small_checker, text) == [("DWP", "PS101")]


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
    text = "Internet Explorer 8 (IE8) is old. Key stage 1 (KS1) is for young children. IE8 fails."
    assert acronyms(c, text) == [("IE8", "PS102")]


def test_defined_acronym_reminder_once_a_section(small_checker):
    text = ("# One\n\nThe Department for Work and Pensions (DWP) pays. The DWP decides. The DWP writes.\n\n"
            "# Two\n\nAsk the DWP. The DWP helps.\n")
    found = [(f.rule, f.location.section) for f in check_markdown(small_checker, text) if f.category == "acronym"]
    assert found == [("PS102", "One"), ("PS102", "Two")]
