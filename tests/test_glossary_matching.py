"""The glossary check finds terms in any case and inflection, across line breaks, longest first."""

import pytest

from conftest import check_markdown


def matches(checker, text, rule=None):
    return [(f.match, f.rule) for f in check_markdown(checker, text, every_use=True) if rule is None or f.rule == rule]


def test_plural_and_case(small_checker):
    assert matches(small_checker, "Rough Sleepers were offered beds.", "PS301") == [("Rough Sleepers", "PS301")]


def test_verb_forms(small_checker):
    found = matches(small_checker, "She was signposted. We are signposting him. They signpost.", "PS201")
    assert [m for m, _ in found] == ["signposted", "signposting", "signpost"]


def test_across_a_line_break_keeps_the_exact_text(small_checker):
    findings = check_markdown(small_checker, "We met two rough\nsleepers today.")
    f = [f for f in findings if f.rule == "PS301"][0]
    assert f.match == "rough\nsleepers"
    assert (f.location.line, f.location.column) == (1, 12)


def test_longest_match_wins(small_checker):
    found = matches(small_checker, "Ask your floating support worker.", "PS201")
    assert found == [("floating support worker", "PS201")]
    assert matches(small_checker, "We offer floating support.", "PS201") == [("floating support", "PS201")]


def test_hyphenated_term_needs_the_hyphen(small_checker):
    assert matches(small_checker, "Your move-on plan.", "PS201") == [("move-on", "PS201")]
    assert matches(small_checker, "You can move on when ready.", "PS201") == []


def test_wordy_phrase_and_suggestions(small_checker):
    findings = check_markdown(small_checker, "We utilised the room in order to meet.")
    assert [(f.match, f.rule, f.suggestions) for f in findings] == [
        ("utilised", "PS202", ["used"]), ("in order to", "PS202", ["to"])]
    assert all(f.category == "jargon" and f.severity == "info" for f in findings)


def test_no_partial_word_match(small_checker):
    assert matches(small_checker, "Roughly sleeping people.") == []


def test_message_uses_the_entry_why(small_checker):
    f = check_markdown(small_checker, "Two rough sleepers came in.")[0]
    assert f.rule == "PS301" and "Because." in f.message and f.suggestions == ["people sleeping rough"]


def test_a_label_a_specific_rule_finds_is_reported_once_under_that_rule(small_checker):
    # "heroin user" is a glossary entry (PS301) and what PS302's pattern finds: one finding, PS302
    found = check_markdown(small_checker, "A heroin user came in.")
    assert [(f.rule, f.match, f.entry) for f in found] == [("PS302", "heroin user", "heroin user")]


def test_disabling_the_specific_rule_silences_the_label():
    from conftest import glossary_of, make_entry
    from plainspeak.engine import Checker

    g = glossary_of(make_entry("heroin user", "deficit-label", ["people who use heroin"]))
    checker = Checker(glossary=g, disable=["PS302"])
    assert check_markdown(checker, "A heroin user came in. Two heroin users left.") == []


def test_repeated_jargon_is_reported_once_a_section_with_a_count(small_checker):
    text = "# One\n\nWe signpost. We signposted. We utilise it.\n\n# Two\n\nWe signpost again.\n"
    found = [(f.rule, f.match, f.location.section) for f in check_markdown(small_checker, text)]
    assert found == [("PS201", "signpost", "One"), ("PS202", "utilise", "One"), ("PS201", "signpost", "Two")]
    first = check_markdown(small_checker, text)[0]
    assert first.message.endswith("(Used 2 times in this section; this is the first.)")
    # fix and other tools that need every place ask for every use
    assert len([f for f in check_markdown(small_checker, text, every_use=True) if f.rule == "PS201"]) == 3


def test_deficit_labels_are_reported_once_a_section_with_a_count(small_checker):
    text = "# One\n\nTwo rough sleepers came. Three rough sleepers left.\n\n# Two\n\nA rough sleeper.\n"
    found = check_markdown(small_checker, text)
    assert [(f.match, f.location.section) for f in found] == [("rough sleepers", "One"), ("rough sleeper", "Two")]
    assert found[0].message.endswith("(Used 2 times in this section; this is the first.)")
    # fix and annotate ask for every use
    assert len(check_markdown(small_checker, text, every_use=True)) == 3


def test_repeats_every_reports_each_use():
    from conftest import glossary_of, make_entry
    from plainspeak.config import Config
    from plainspeak.engine import Checker

    g = glossary_of(make_entry("rough sleeper", "deficit-label", ["people sleeping rough"]))
    checker = Checker(Config(options={"PS301": {"repeats": "every"}}), glossary=g)
    text = "Two rough sleepers came. Three rough sleepers left.\n"
    assert [f.match for f in check_markdown(checker, text)] == ["rough sleepers", "rough sleepers"]


# -- suggestions that fit the sentence (plainspeak.inflect) ------------------------------

def _first(checker, text):
    found = [f for f in check_markdown(checker, text) if f.rule.startswith("PS2")]
    return [(f.match, f.suggestions[:1]) for f in found]


@pytest.mark.parametrize("text, expected", [
    ("Utilising the room is fine.", [("Utilising", ["Using"])]),
    ("We are ensuring you are safe.", [("ensuring", ["making sure"])]),
    ("Staff will ensure you are safe.", [("ensure", ["make sure"])]),
    ("The policy ensures you are safe.", [("ensures", ["makes sure"])]),
    ("Photo ID is required at the door.", [("required", ["needed"])]),
    ("The data was obtained by staff.", [("obtained", ["got"])]),
    ("The charities participated, as did the councils.", [("participated", ["took part"])]),
    ("The review was undertaken in May.", [("undertaken", ["done"])]),
    ("The pathways are long.", [("pathways", ["routes"])]),
])
def test_suggestions_take_the_form_of_the_matched_words(checker, text, expected):
    assert _first(checker, text) == expected


def test_a_suggestion_that_cannot_fit_is_only_an_example():
    from conftest import glossary_of, make_entry
    from plainspeak.engine import Checker

    g = glossary_of(make_entry("commence", "plain-english", ["the start"]))
    f = check_markdown(Checker(glossary=g), "Work commenced in May.")[0]
    assert f.suggestions == [] and "for example 'the start'" in f.message


# -- wrong sense, names, quotations, references, compounds ------------------------------

@pytest.mark.parametrize("text", [
    "We will keep residents informed about the repairs.",          # not "tell"
    "The results will inform social housing policy.",              # "shape", not "tell"
    "Carers sign an undertaking not to smack children.",           # a noun, a promise
    "Childminders are registered to look after children.",         # the verb, not the status
    "Staff must not influence the outcome of the investigation.",  # one result, not "outcomes"
    "Get a form for the Single Point of Access from your GP.",     # a name
    "Complain to the Information Commissioner's Office.",          # a name
    "They use psychology-informed approaches.",                    # a compound term
    "The guidance says the person “demonstrates lack of care for themselves”.",  # a quotation
])
def test_words_that_are_not_a_use_of_the_entry_are_not_flagged(checker, text):
    assert [f.match for f in check_markdown(checker, text) if f.rule in ("PS201", "PS202")] == []


def test_titles_in_a_reference_list_are_not_flagged(checker):
    text = ("# References\n\n1. Fazel S, Geddes JR. The health of homeless people in high-income "
            "countries. The Lancet. 2014;384: 1529-40.\n\n2. Smith A. Prevalence of mental disorders "
            "among the homeless in western countries. PLoS Medicine. 2008.\n")
    assert [f.match for f in check_markdown(checker, text) if f.category in ("deficit-label", "jargon")] == []


def test_not_when_and_exact_forms_are_checked_when_the_glossary_loads(tmp_path):
    from plainspeak.glossary import parse_entry
    from plainspeak.yamlfile import DataFileError

    base = {"term": "inform", "category": "plain-english", "alternatives": ["tell"], "why": "Plainer.",
            "sources": [{"organisation": "A", "document": "B"}]}
    e = parse_entry({**base, "not-when": ["keep * ~"], "inflect": "verb", "exact-forms": True}, "x.yaml")
    assert (e.not_when, e.inflect, e.exact_forms) == (["keep * ~"], "verb", True)
    for bad, words in [({"not-when": ["keep * informed"]}, "needs ~"), ({"not-when": "keep ~"}, "list"),
                       ({"inflect": "verbs"}, "did you mean 'verb'"), ({"exact-forms": "yes"}, "true or false"),
                       ({"not-when": ["* ~"]}, "may not start")]:
        with pytest.raises(DataFileError, match=words):
            parse_entry({**base, **bad}, "x.yaml")
