"""The glossary check finds terms in any case and inflection, across line breaks, longest first."""

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
        ("utilised", "PS202", ["use"]), ("in order to", "PS202", ["to"])]
    assert all(f.category == "jargon" and f.severity == "info" for f in findings)


def test_no_partial_word_match(small_checker):
    assert matches(small_checker, "Roughly sleeping people.") == []


def test_message_uses_the_entry_why(small_checker):
    f = check_markdown(small_checker, "A heroin user came in.")[0]
    assert f.rule == "PS301" and "Because." in f.message and f.suggestions == ["people who use heroin"]


def test_repeated_jargon_is_reported_once_a_section_with_a_count(small_checker):
    text = "# One\n\nWe signpost. We signposted. We utilise it.\n\n# Two\n\nWe signpost again.\n"
    found = [(f.rule, f.match, f.location.section) for f in check_markdown(small_checker, text)]
    assert found == [("PS201", "signpost", "One"), ("PS202", "utilise", "One"), ("PS201", "signpost", "Two")]
    first = check_markdown(small_checker, text)[0]
    assert first.message.endswith("(Used 2 times in this section; this is the first.)")
    # fix and other tools that need every place ask for every use
    assert len([f for f in check_markdown(small_checker, text, every_use=True) if f.rule == "PS201"]) == 3


def test_deficit_labels_are_reported_at_every_use(small_checker):
    text = "Two rough sleepers came. Three rough sleepers left.\n"
    assert [f.match for f in check_markdown(small_checker, text)] == ["rough sleepers", "rough sleepers"]
