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


# --- issue 11: acronyms as readers meet them in real documents ---------------------------

def test_the_documents_own_expansion_comes_before_the_glossarys():
    from conftest import glossary_of, make_entry
    from plainspeak.engine import Checker

    c = Checker(glossary=glossary_of(make_entry("HRA", "acronym", ["Human Rights Act"])))
    text = ("# Rights\n\nUnder the HRA you can ask for a review.\n\n" + FILLER
            + "# Duties\n\nThe Homelessness Reduction Act (HRA) changed our duties.\n")
    found = [f for f in check_markdown(c, text) if f.category == "acronym"]
    assert [(f.match, f.rule) for f in found] == [("HRA", "PS101")]
    assert found[0].suggestions == ["Homelessness Reduction Act"]
    assert "Human Rights Act" not in found[0].message


def test_reminder_names_the_documents_words(small_checker):
    text = ("The Homelessness Reduction Act (HRA) changed our duties.\n\n" + FILLER
            + "# Plans\n\nUnder the HRA we write a plan.\n")
    found = [f for f in check_markdown(small_checker, text) if f.category == "acronym"]
    assert [(f.match, f.rule) for f in found] == [("HRA", "PS102")]
    assert found[0].suggestions == ["Homelessness Reduction Act"]


@pytest.mark.parametrize("text", [
    "The Department for Education (DfE) sets the rules.",
    "Read the Diagnostic and Statistical Manual of Mental Disorders (DSM-5) first.",
    "Map 1 shows the index of multiple deprivation deciles (IMD 2019) by area.",
    "Ask for the Payment by account(PBA) number.",
    "We asked SECAMB (South East Coast Ambulance Service) for the figures.",
    "Guidance from the Office for Health Improvement and Disparities (formerly Public Health England / PHE) helped.",
    "The tenant was evicted due to anti-social behaviour ASB last year.",
    "Children in the care of the council, known as Children We Care For or CWCF, get help.",
    "Attendees: Matthew Johnson, Head of Development (MJ), and two residents.",
])
def test_definition_forms(small_checker, text):
    assert acronyms(small_checker, text) == []


def test_full_name_in_the_heading_above(small_checker):
    text = "# Children's Social Care\n\nWe counted CSC assessments where drug use was mentioned.\n"
    assert acronyms(small_checker, text) == []


def test_full_name_in_the_next_paragraph_explains_a_question(small_checker):
    text = ("Q11 - Has the tenant seen the MHCLG privacy notice?\n\n"
            "Make sure the tenant has seen the Ministry of Housing, Communities and Local Government privacy notice.\n")
    assert acronyms(small_checker, text) == []


def test_the_organisations_own_name_in_the_title_lines(small_checker):
    text = ("Author: Sam Smith, public health lead, WSCC\n\n" + FILLER
            + "Some of this work is paid for by West Sussex County Council.\n\nWSCC runs the service.\n")
    assert acronyms(small_checker, text) == []


def test_a_definition_much_later_does_not_explain_the_first_use(small_checker):
    text = "Homes are funded by the GLA.\n\n" + FILLER + "The Greater London Authority shares the data.\n"
    assert acronyms(small_checker, text) == [("GLA", "PS101")]


@pytest.mark.parametrize("text, found", [
    ("Cases of ASB/DV rose.", ["ASB", "DV"]),
    ("See the ATR/DRR/MHTR table.", ["ATR", "DRR", "MHTR"]),
    ("Guidance for carers (DfES 2005) is still used.", ["DfES"]),
    ("The report was written for the UoC and the DoH.", ["UoC", "DoH"]),
    ("Exclude NI contributions and tax.", ["NI"]),
    ("Source: ONS, UK Census 2021.", ["ONS"]),
])
def test_mixed_case_after_a_slash_and_short_forms_the_dictionary_lists(small_checker, text, found):
    assert [m for m, _ in acronyms(small_checker, text)] == found


@pytest.mark.parametrize("text", [
    "Q12 - If known, give the property's reference.",
    "Q37Q64 - Other people in the home",
    "You must complete a C2 form, or form C110A.",
    "Take the M11 and then the A14.",
    "Codes X70 and X84 cover hanging and other causes.",
    "NICE guidance CG16 and QS34 apply.",
    "Most came from RH16 and RH15.",
    "Dear <<respondentName>>, your case <<{toUpperCase(caseNumber)}>> is listed.",
    "Deaths registered in England and Wales (Series DR) 2015.",
    "This policy is shared under a Creative Commons (CC BY-SA 4.0) licence.",
    "Source: English indices of deprivation 2019 - GOV.UK (www.gov.uk)",
    "Aldridge RW, Story A, Hwang SW, et al. Morbidity and mortality. Lancet. 2018.",
    "DON'T share passwords. You MUST lock your screen.",
    "AGE AND SEX",
    "NEWSTEAD ROAD PRE-SCHOOL FORMAL COMPLAINT FORM",
    "The COVID-19 pandemic changed how the BBC, the NHS and your GP work.",
    "Go to A&E or call your GP.",
    "Write the date as YYYY-MM-DD or DD/MM/YYYY.",
])
def test_codes_references_and_well_known_words(small_checker, text):
    assert acronyms(small_checker, text) == []


def test_footnote_numbers_after_a_defined_acronym(small_checker):
    text = ("People experiencing homelessness (PEH) face barriers. Services often fail PEH28, "
            "and PEH17-21 report the same.\n")
    assert acronyms(small_checker, text) == []


def test_an_english_word_in_capitals_is_an_acronym_when_the_document_spells_it_out(small_checker):
    text = ("Youth Emotional Support (YES) helps young people.\n\n" + FILLER
            + "# Help for families\n\nAsk YES for a call back.\n")
    assert acronyms(small_checker, text) == [("YES", "PS102")]


def test_widely_known_list_can_be_switched_off_or_replaced(small_checker):
    from plainspeak.config import Config
    from plainspeak.engine import Checker

    text = "Ask your GP or the BBC."
    assert acronyms(small_checker, text) == []
    off = Checker(Config(options={"PS101": {"widely-known": False}}), glossary=small_checker.glossary)
    assert [m for m, _ in acronyms(off, text)] == ["GP", "BBC"]
    own = Checker(Config(options={"PS101": {"widely-known": ["GP"]}}), glossary=small_checker.glossary)
    assert [m for m, _ in acronyms(own, text)] == ["BBC"]
    extra = Checker(Config(allow_acronyms=["MARAC"]), glossary=small_checker.glossary)
    assert acronyms(extra, "Ask your GP about MARAC.") == []


def test_widely_known_list_has_sources():
    import yaml
    from pathlib import Path

    import plainspeak.checks.acronyms as mod

    data = yaml.safe_load((Path(mod.__file__).with_name("widely_known_acronyms.yaml")).read_text(encoding="utf-8"))
    assert {"UK", "NHS", "GP", "BBC", "COVID", "A&E"} <= set(data["acronyms"])
    for acronym, keys in data["acronyms"].items():
        assert keys and all(k in data["sources"] for k in keys), acronym
    for source in data["sources"].values():
        assert source["url"].startswith("https://") and source["organisation"]


@pytest.mark.parametrize("text", [
    "DSL - Designated Safeguarding Lead\n\nAsk the DSL for help.",
    "Glossary\n\nCGL: Change Grow Live, the drug and alcohol service.\n\nCGL runs groups.",
    "| Short form | Meaning |\n|---|---|\n| AMHP | Approved Mental Health Professional |\n\nAn AMHP can help.",
])
def test_definition_lists_and_tables(small_checker, text):
    assert acronyms(small_checker, text) == []
