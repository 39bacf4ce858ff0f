"""The readability rules: long sentences (PS401), long paragraphs (PS402), hard sentences (PS403),
a document harder than its target (PS404) and passive verbs (PS405)."""

import pytest

from conftest import check_markdown
from plainspeak.config import Config, load_file
from plainspeak.engine import Checker


def words(n: int, word: str = "cat") -> str:
    """A sentence of n one-syllable words."""
    return ("The " + " ".join([word] * (n - 1)) + ".") if n > 1 else "Cat."


def of(findings, code):
    return [f for f in findings if f.rule == code]


@pytest.fixture(scope="module")
def only_readability():
    """Just the readability rules, so other rules' findings do not get in the way."""
    from plainspeak.rules import load_rules

    return Checker(rules=[r for r in load_rules() if r.category == "readability"])


# -- PS401 long sentences --------------------------------------------------------------------

@pytest.mark.parametrize("n, severity", [(25, None), (26, "warning"), (35, "warning"), (36, "error")])
def test_long_sentence_thresholds(only_readability, n, severity):
    found = of(check_markdown(only_readability, words(n)), "PS401")
    if severity is None:
        assert not found
    else:
        assert [f.severity for f in found] == [severity]
        assert f"{n} words" in found[0].message


def test_long_sentence_points_at_the_sentence(only_readability):
    text = "Short one here.\n\nWe are here. " + words(30) + " Another short one."
    [f] = of(check_markdown(only_readability, text), "PS401")
    assert f.match == words(30)
    assert f.location.line == 3 and f.location.column == len("We are here. ") + 1


def test_long_sentence_thresholds_are_options():
    cfg = Config(options={"PS401": {"warning-words": 10, "error-words": 15}})
    checker = Checker(cfg)
    assert [f.severity for f in of(check_markdown(checker, words(12)), "PS401")] == ["warning"]
    assert [f.severity for f in of(check_markdown(checker, words(16)), "PS401")] == ["error"]
    assert "over 15 words" in of(check_markdown(checker, words(16)), "PS401")[0].message


def test_abbreviations_do_not_hide_a_long_sentence(only_readability):
    # Without joining "No." and "5", this would be two sentences, of 8 and 18 words.
    text = ("Please come to the office at No. 5 Church Road on Monday morning and bring your passport, "
            "your tenancy agreement and a letter from your doctor.")
    [f] = of(check_markdown(only_readability, text), "PS401")
    assert f.match == text and "26 words" in f.message


# -- PS402 long paragraphs -------------------------------------------------------------------

def test_long_paragraph_by_sentences_and_by_words(only_readability):
    six = " ".join(["We help."] * 6)
    seven = " ".join(["We help."] * 7)
    assert not of(check_markdown(only_readability, six), "PS402")
    [f] = of(check_markdown(only_readability, seven), "PS402")
    assert "14 words in 7 sentences" in f.message and f.match == "We help."
    # by words: 5 sentences of 24 words = 120 words is allowed; 5 of 25 = 125 words is too many
    assert not of(check_markdown(only_readability, " ".join([words(24)] * 5)), "PS402")
    [f] = of(check_markdown(only_readability, " ".join([words(25)] * 5)), "PS402")
    assert "125 words in 5 sentences" in f.message


def test_limits_are_options():
    checker = Checker(Config(options={"PS402": {"max-sentences": 2}}))
    assert of(check_markdown(checker, "We help. We care. We listen."), "PS402")


def test_list_items_are_not_paragraphs(only_readability):
    text = "- " + " ".join(["We help."] * 8)
    assert not of(check_markdown(only_readability, text), "PS402")


# -- PS403 hard sentences --------------------------------------------------------------------

def test_hard_sentence_reading_age_and_long_words(only_readability):
    text = "Organisational responsibilities regarding safeguarding considerations necessitate multidisciplinary collaboration."
    [f] = of(check_markdown(only_readability, text), "PS403")
    assert f.severity == "error"  # reading age far above 25
    assert "reading age of about" in f.message and "multidisciplinary" in f.message
    easy = "We will help you find a safe place to stay tonight."
    assert not of(check_markdown(only_readability, easy), "PS403")


def test_short_sentences_are_not_scored_as_hard(only_readability):
    assert not of(check_markdown(only_readability, "Accommodation availability is deteriorating."), "PS403")


def test_hard_sentence_target_is_an_option():
    text = "Our team will telephone you about accommodation that is available."
    # 10 words; syllables: our 2 (CMU: AW1 ER0), team 1, will 1, telephone 3, you 1, about 2,
    # accommodation 5, that 1, is 1, available 4 = 21
    # grade = 0.39 * 10 + 11.8 * 21/10 - 15.59 = 3.9 + 24.78 - 15.59 = 13.09; reading age 18.09
    assert not of(check_markdown(Checker(), text), "PS403")
    strict = Checker(Config(options={"PS403": {"reading-age": 16}}))
    [f] = of(check_markdown(strict, text), "PS403")
    assert f.severity == "warning" and "about 18" in f.message and "target is 16" in f.message


def test_a_long_sentence_is_not_also_reported_as_hard(only_readability):
    text = ("Following the comprehensive assessment of your circumstances and the consideration of the "
            "documentation provided, the authority has determined that you are eligible for assistance "
            "under the relevant legislation.")
    codes = [f.rule for f in check_markdown(only_readability, text)]
    assert "PS401" in codes and "PS403" not in codes
    # with PS401 switched off, the same sentence is reported as hard
    codes = [f.rule for f in check_markdown(Checker(disable=["PS401"]), text)]
    assert "PS403" in codes


# -- PS404 the document and its target -------------------------------------------------------

HARD_DOC = " ".join([
    "Following the comprehensive assessment of your circumstances, the authority has determined eligibility.",
    "Accommodation will be allocated in accordance with organisational prioritisation methodology.",
    "Notwithstanding the aforementioned considerations, exceptional circumstances may be prioritised.",
    "Subsequent communication regarding accommodation opportunities will be distributed electronically.",
    "Applicants are responsible for notifying the department regarding modifications to information.",
    "Unsuccessful applicants are entitled to request a statutory review within twenty-one days.",
    "Representations submitted subsequently will be considered at the discretion of the officer.",
    "Additional documentation may be requested to substantiate information provided previously.",
    "Correspondence concerning outstanding applications should be addressed to the administrative team.",
    "Consideration of representations is undertaken by appropriately authorised personnel.",
])
EASY_DOC = " ".join(["We can help you find a place to stay. Call us on Monday or come to the hub."] * 7)


def test_document_below_target_is_one_finding_for_the_whole_document(only_readability):
    found = of(check_markdown(only_readability, "<!-- a comment -->\n\n" + HARD_DOC), "PS404")
    assert len(found) == 1
    f = found[0]
    # placed where the text starts, with no text of its own
    assert (f.location.line, f.location.column, f.match) == (3, 1, "")
    assert "target is a reading age of 11 or under and a reading ease of 60 or more" in f.message
    assert not of(check_markdown(only_readability, EASY_DOC), "PS404")


def test_short_documents_are_not_judged(only_readability):
    assert not of(check_markdown(only_readability, HARD_DOC.split(". ")[0] + "."), "PS404")


def test_document_hint_names_the_hardest_section(only_readability):
    text = "# Easy part\n\n" + EASY_DOC + "\n\n# Hard part\n\n" + HARD_DOC
    [f] = of(check_markdown(only_readability, text), "PS404")
    assert "The hardest section is 'Hard part'" in f.message


def test_a_board_paper_and_a_leaflet_have_different_targets(tmp_path):
    # Reading age of this text is about 14 with reading ease about 55: too hard for a leaflet, fine for a board.
    body = " ".join([
        "The board is asked to note the progress made on the homelessness strategy this quarter.",
        "Demand for temporary accommodation rose again, and the average stay is now eleven weeks.",
        "Officers propose a review of the allocations policy, to be reported to the next meeting.",
        "The partnership has agreed to share data on rough sleeping every month from April.",
        "Members should consider whether the current budget is enough to meet the expected demand.",
        "A decision on the new hostel contract is needed by the end of the financial year.",
        "The risks to the council are set out in the appendix, with the actions to reduce them.",
        "Members are invited to comment on the draft plan before it goes to the cabinet in June.",
    ])
    (tmp_path / "board").mkdir()
    (tmp_path / "leaflets").mkdir()
    (tmp_path / "board" / "paper.md").write_text(body)
    (tmp_path / "leaflets" / "help.md").write_text(body)
    (tmp_path / ".plainspeak.toml").write_text(
        '[[overrides]]\nfiles = ["board/**"]\noptions = { PS404 = { reading-age = 16, reading-ease = 40 } }\n')
    checker = Checker(load_file(tmp_path / ".plainspeak.toml"))
    board = checker.check_file(str(tmp_path / "board" / "paper.md"))
    leaflet = checker.check_file(str(tmp_path / "leaflets" / "help.md"))
    r = leaflet.readability
    assert r["words"] >= 100 and 11 < r["reading_age"] <= 16 and r["flesch_reading_ease"] >= 40
    assert of(leaflet.findings, "PS404") and not of(board.findings, "PS404")


# -- PS405 passive verbs ---------------------------------------------------------------------

@pytest.mark.parametrize("text, match", [
    ("A decision will be made about your application.", "be made"),
    ("You were not given the letter.", "were not given"),
    ("He got evicted last year.", "got evicted"),
    ("The form is usually signed by your worker.", "is usually signed"),
    ("Your case has been closed.", "been closed"),
    ("Rent is being collected on Friday.", "is being collected"),
    ("They're told to wait outside.", "'re told"),
])
def test_passive_verbs_are_found(only_readability, text, match):
    found = of(check_markdown(only_readability, text), "PS405")
    assert [f.match for f in found] == [match]
    assert found[0].severity == "info" and f"'{match}' is passive" in found[0].message


@pytest.mark.parametrize("text", [
    "We will decide about your application.",
    "She was tired after the meeting.",
    "They are interested in the course.",
    "We are open on Monday.",
    "The hostel is a hundred yards away.",
    "The bed is red.",
    "It is based on need.",
    "You are used to the routine.",
    "Children are welcome.",
    "Get started with your application.",
    "How to get involved.",
])
def test_not_passive(only_readability, text):
    assert not of(check_markdown(only_readability, text), "PS405")


# -- the rules as data -----------------------------------------------------------------------

def test_every_readability_rule_names_a_known_measure():
    from plainspeak.checks.readability import MEASURES
    from plainspeak.rules import load_rules

    rules = [r for r in load_rules() if r.check == "readability"]
    assert sorted(r.code for r in rules) == ["PS401", "PS402", "PS403", "PS404", "PS405"]
    assert all(r.options["measure"] in MEASURES and r.category == "readability" for r in rules)


def test_an_unknown_measure_is_a_clear_error():
    import dataclasses

    from plainspeak.checks import Context
    from plainspeak.checks.readability import ReadabilityCheck
    from plainspeak.rules import load_rules

    rule = next(r for r in load_rules() if r.code == "PS401")
    bad = dataclasses.replace(rule, options={"measure": "sentence-lenght"})
    with pytest.raises(ValueError, match="option 'measure' of PS401 must be one of: sentence-length, "):
        ReadabilityCheck([bad], Context(glossary=None, pipeline=Checker().pipeline))


def test_a_markdown_directive_switches_off_the_document_finding(only_readability):
    text = "<!-- plainspeak-disable PS404 -->\n\n" + HARD_DOC
    codes = [f.rule for f in check_markdown(only_readability, text)]
    assert "PS404" not in codes and "PS001" not in codes
