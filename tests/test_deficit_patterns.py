"""The deficit-label patterns (rules PS302-PS308), their suggestions, context rules and settings."""

from __future__ import annotations

import io

import pytest

from conftest import check_markdown
from plainspeak.checks.patterns import PatternCheck, PatternError, article_for, in_quotes
from plainspeak.config import Config
from plainspeak.engine import Checker


def deficit(checker, text):
    return [f for f in check_markdown(checker, text) if f.category == "deficit-label"]


def one(checker, text):
    found = deficit(checker, text)
    assert len(found) == 1, [(f.match, f.rule) for f in found]
    return found[0]


# -- suggestions that agree with the sentence -------------------------------------------

@pytest.mark.parametrize("text, match, first", [
    ("She is a crack user.", "a crack user", "a person who uses crack cocaine"),
    ("We met three crack users.", "crack users", "people who use crack cocaine"),
    ("Ketamine users came in.", "Ketamine users", "People who use ketamine"),
    ("He is an amphetamine user.", "an amphetamine user", "a person who uses amphetamine"),
    ("He is a cocaine addict.", "a cocaine addict", "a person who is dependent on cocaine"),
    ("Alcohol misusers were seen.", "Alcohol misusers", "People who are dependent on alcohol"),
    ("An alcoholic was seen.", "An alcoholic", "A person who is dependent on alcohol"),
    ("We fed the homeless.", "the homeless", "people experiencing homelessness"),
    ("The elderly are at risk.", "The elderly", "Older people"),
    ("Mr K suffers from depression.", "suffers from depression", "lives with depression"),
    ("They suffer from severe anxiety.", "suffer from severe anxiety", "live with severe anxiety"),
    ("She suffered with Parkinson's.", "suffered with Parkinson's", "lived with Parkinson's"),
    ("People suffering from MS can ask.", "suffering from MS", "living with MS"),
    ("He is a victim of polio.", "a victim of polio", "a person who has polio"),
    ("Offenders were seen.", "Offenders", "People with convictions"),
    ("We saw an offender today.", "an offender", "a person with a conviction"),
    ("The hostel users met.", "hostel users", "people who use the hostel"),
])
def test_suggestions_agree_in_number_and_article(checker, text, match, first):
    f = one(checker, text)
    assert f.match == match
    assert f.suggestions[0] == first


def test_glossary_suggestions_agree_too(checker):
    f = one(checker, "We met three rough sleepers.")
    assert f.rule == "PS301" and f.suggestions[0] == "people sleeping rough"
    f = one(checker, "We met a rough sleeper.")
    assert f.suggestions[0] == "person sleeping rough"
    f = one(checker, "She is an addict.")
    assert f.match == "an addict" and f.suggestions[0] == "a person with an addiction"


def test_article_for():
    assert article_for("person") == "a" and article_for("older person") == "an"
    assert article_for("user") == "a" and article_for("hour") == "an"


def test_behaviour_labels_explain_instead_of_rewriting(checker):
    f = one(checker, "He is resistant to support.")
    assert f.rule == "PS307" and f.suggestions == [] and "what the person chose" in f.message
    f = one(checker, "He is very chaotic at the moment.")
    assert f.rule == "PS307" and f.suggestions == [] and "Say what is happening" in f.message


@pytest.mark.parametrize("text, match", [
    ("His last urine screen came back dirty.", "came back dirty"),
    ("He tested dirty for opiates.", "tested dirty"),
    ("All clean tests are recorded.", "clean tests"),
    ("His drug test was dirty again.", "drug test was dirty"),
])
def test_clean_and_dirty_only_about_drug_tests(checker, text, match):
    assert one(checker, text).match == match


@pytest.mark.parametrize("text", [
    "The needle exchange gives out clean needles.",
    "Please keep the kitchen clean.",
    "Dirty laundry goes in the red bags.",
    "Her blood results came back clean of infection.",
])
def test_clean_and_dirty_elsewhere(checker, text):
    assert deficit(checker, text) == []


# -- context -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Rough sleeping fell by half.",
    "Drug use in the city has fallen.",
    "The project supports people who use drugs.",
    "Users of the computer room must sign in.",
    "Please read the user guide.",
    "The hostel user guide is on the wall.",
    "Abuse, rape, suicide, drugs and violence are covered in the training.",
    "The council decided she was intentionally homeless.",
    "He was not in priority need.",
    "The homeless charity opened a day centre.",
    "The elderly care budget was cut.",
    "She spent a year in a Young Offender Institution.",
    "Under the Rehabilitation of Offenders Act 1974 the conviction is spent.",
    "The offender manager came to the meeting.",
    "She goes to Alcoholics Anonymous.",
    "No alcoholic drinks are allowed.",
    "The service suffered from a lack of funding.",
    "Victims of domestic abuse have priority need.",
    "The landlord failed to attend the hearing.",
    "The council refused to engage with the tenants.",
    "The Homeless Persons Team will call you.",
    "The Challenging Behaviour Foundation trains staff.",
    "The Vagrancy Act 1824 was repealed.",
    "Developers use the Vagrant tool to build the service.",
    "The supplier should disengage from the contract.",
])
def test_not_flagged(checker, text):
    assert [(f.match, f.rule) for f in deficit(checker, text)] == []


def test_one_word_terms_keep_their_form_and_names_are_left_alone(checker):
    assert one(checker, "He has been disengaged since May.").match == "disengaged"
    assert one(checker, "Vagrants were moved on.").match == "Vagrants"
    assert one(checker, "# Help for Vagrants").match == "Vagrants"  # a heading in Title Case


def test_quotes_are_noted_not_silenced(checker):
    f = one(checker, 'She said: "I am an addict and I need help."')
    assert f.severity == "info" and "quotation marks" in f.message
    f = one(checker, "He calls himself \u201cjust another junkie\u201d.")
    assert f.severity == "info"
    f = one(checker, "He called himself \u2018a crack user, not a bad dad\u2019.")
    assert f.rule == "PS302" and f.severity == "info"
    f = one(checker, "She\u2019s a crack user, and it\u2019s hard.")
    assert f.severity == "warning"


def test_in_quotes():
    t = 'He said "I am a heroin user" today.'
    a = t.index("heroin")
    assert in_quotes(t, a, a + 11)
    t = "It\u2019s Tom\u2019s heroin use."
    a = t.index("heroin")
    assert not in_quotes(t, a, a + 6)
    t = "\u201cNo.\u201d He is a heroin user."
    a = t.index("heroin")
    assert not in_quotes(t, a, a + 6)


def test_no_double_findings_with_the_glossary(checker):
    found = deficit(checker, "Heroin users and a crack addict and rough sleepers.")
    assert sorted((f.match, f.rule) for f in found) == [
        ("Heroin users", "PS301"), ("a crack addict", "PS301"), ("rough sleepers", "PS301")] or \
        len({(f.start, f.end) for f in found}) == len(found) == 3
    # a pattern that covers more than the glossary's words replaces the glossary finding
    f = one(checker, "He is a cocaine addict.")
    assert f.rule == "PS302" and f.match == "a cocaine addict"


def test_without_the_glossary_rule_the_patterns_still_find_labels():
    c = Checker(disable=["PS301"])
    found = deficit(c, "Heroin users were seen.")
    assert [(f.match, f.rule) for f in found] == [("Heroin users", "PS302")]


def test_label_across_a_line_break(checker):
    f = one(checker, "We met two crack\nusers and one other person.")
    assert f.match == "crack\nusers" and f.suggestions[0] == "people who use crack cocaine"


# -- settings ----------------------------------------------------------------------------

def test_en_gb_defaults(checker):
    f = one(checker, "Six flats for people with disabilities.")
    assert f.rule == "PS308" and f.severity == "info" and f.suggestions == ["disabled people"]
    assert deficit(checker, "Six flats for disabled people.") == []
    assert one(checker, "She suffers from autism.").suggestions[0] == "is autistic"
    assert one(checker, "Two people with autism live here.").suggestions == ["autistic people"]
    assert one(checker, "Grants for the disabled are open.").suggestions == ["disabled people"]


def test_person_first_settings():
    c = Checker(Config(options={"PS308": {"disability": "person-first", "style": "person-first"}}))
    assert deficit(c, "Six flats for people with disabilities.") == []
    f = one(c, "Six flats for disabled people.")
    assert f.suggestions == ["people with disabilities"]
    assert one(c, "She suffers from autism.").suggestions[0] == "has autism"
    assert one(c, "Two autistic people live here.").suggestions == ["people with autism"]
    assert one(c, "Grants for the disabled are open.").suggestions == ["people with disabilities"]
    assert deficit(c, "Two people with autism live here.") == []


def test_a_bad_preference_is_a_plain_error():
    # Checked against the pattern kind's declared options when the settings are used.
    from plainspeak.config import ConfigError

    with pytest.raises(ConfigError, match="option 'style' of PS308 must be one of: identity-first, person-first"):
        Checker(Config(options={"PS308": {"style": "person-last"}}))
    with pytest.raises(ConfigError, match="did you mean 'style'"):
        Checker(Config(options={"PS308": {"styel": "person-first"}}))


def test_a_preference_on_one_rule_only():
    c = Checker(Config(options={"PS304": {"disability": "person-first"}}))
    assert one(c, "Grants for the disabled are open.").suggestions == ["people with disabilities"]
    assert one(c, "Six flats for people with disabilities.").rule == "PS308"  # PS308 keeps the default


def test_a_pattern_with_an_unknown_list_is_an_error(checker):
    from plainspeak.checks import Context
    from plainspeak.rules import Rule

    rule = Rule(code="PS399", name="x", category="deficit-label", severity="warning", check="pattern",
                message="m", why="w", options={"patterns": [{"tokens": ["{nothing}"]}]})
    with pytest.raises(PatternError, match="nothing"):
        PatternCheck([rule], Context(glossary=None, pipeline=checker.pipeline))


# -- formats -----------------------------------------------------------------------------

def test_a_label_wrapping_across_a_pdf_line_is_found(checker):
    from pdfs import make_pdf
    from plainspeak.extract import extract_bytes

    data = make_pdf(pages=[["Last winter the outreach team met twelve crack\nusers and five rough\n"
                            "sleepers in the town centre."]])
    doc = extract_bytes(data, "minutes.pdf", "pdf")
    found = [f for f in checker.check_document(doc).findings if f.category == "deficit-label"]
    assert sorted(" ".join(f.match.split()) for f in found) == ["crack users", "rough sleepers"]
    assert all(f.location.page == 1 for f in found)


def test_a_label_in_a_docx_table_cell_is_found(checker):
    import docx

    from plainspeak.extract import extract_bytes

    d = docx.Document()
    d.add_paragraph("Referrals this quarter")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Group"
    table.cell(0, 1).text = "Number"
    table.cell(1, 0).text = "Heroin users and the homeless"
    table.cell(1, 1).text = "12"
    buf = io.BytesIO()
    d.save(buf)
    doc = extract_bytes(buf.getvalue(), "report.docx", "docx")
    found = [f for f in checker.check_document(doc).findings if f.category == "deficit-label"]
    assert sorted(f.match for f in found) == ["Heroin users", "the homeless"]
