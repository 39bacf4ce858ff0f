"""Rule files are validated with clear messages naming the file and line."""

import pytest

from plainspeak.rules import load_rules
from plainspeak.yamlfile import DataFileError

GOOD = """code: PS999
name: test-rule
category: jargon
severity: warning
check: glossary
options: {glossary-category: jargon}
message: "x"
why: "y"
sources: []
examples: {flag: [], pass: []}
"""


def write(tmp_path, text):
    (tmp_path / "r.yaml").write_text(text)
    return tmp_path


def test_good_rule_loads(tmp_path):
    [r] = load_rules(write(tmp_path, GOOD))
    assert (r.code, r.name, r.check) == ("PS999", "test-rule", "glossary")


@pytest.mark.parametrize("change, message", [
    (("code: PS999", "code: X1"), "must look like PS301"),
    (("name: test-rule", "name: Test Rule"), "lower-case words joined by hyphens"),
    (("check: glossary", "check: glosary"), "did you mean 'glossary'"),
    (("severity: warning", "severity: loud"), "severity 'loud' must be one of"),
    (("why: \"y\"", "wy: \"y\""), "'wy' is not a rule field — did you mean 'why'?"),
    (("\ncategory: jargon", "\ncategory: jargon\ncategory: acronym"), "appears twice"),
])
def test_bad_rule_messages(tmp_path, change, message):
    with pytest.raises(DataFileError) as e:
        load_rules(write(tmp_path, GOOD.replace(*change)))
    assert message in str(e.value)
    assert "r.yaml" in str(e.value)


def test_line_number_in_message(tmp_path):
    with pytest.raises(DataFileError) as e:
        load_rules(write(tmp_path, GOOD.replace("severity: warning", "severity: loud")))
    assert e.value.line == 4


def test_duplicate_codes(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / "b.yaml").write_text(GOOD.replace("name: test-rule", "name: other"))
    with pytest.raises(DataFileError, match="already used"):
        load_rules(tmp_path)


READABILITY = GOOD.replace("check: glossary\noptions: {glossary-category: jargon}",
                           "check: readability\noptions:\n  measure: sentence-length\n  warnig-words: 10")


def test_a_mistyped_option_in_a_rule_file_names_the_file_and_line(tmp_path):
    with pytest.raises(DataFileError) as e:
        load_rules(write(tmp_path, READABILITY))
    assert e.value.line == 8
    assert str(e.value).endswith("r.yaml, line 8: PS999 has no option 'warnig-words' — did you mean 'warning-words'?")


@pytest.mark.parametrize("options, line, message", [
    ("  measure: sentence-length\n  warning-words: ten", 8, "option 'warning-words' of PS999 must be a whole number"),
    ("  measure: sentence-length\n  warning-words: 2.5", 8, "must be a whole number of 1 or more, not 2.5"),
    ("  measure: sentence-lenght", 7, "option 'measure' of PS999 must be one of: sentence-length,"),
    ("  warning-words: 30", 7, "PS999 needs the option 'measure'"),
    # an option of another measure of the same kind is not an option of this rule
    ("  measure: sentence-length\n  max-words: 30", 8, "no option 'max-words' — did you mean 'warning-words'?"),
])
def test_option_values_are_checked_against_the_declaration(tmp_path, options, line, message):
    text = GOOD.replace("check: glossary\noptions: {glossary-category: jargon}",
                        "check: readability\noptions:\n" + options)
    with pytest.raises(DataFileError) as e:
        load_rules(write(tmp_path, text))
    assert message in str(e.value)
    assert e.value.line == line


def test_declared_defaults_fill_the_options_of_a_rule(tmp_path):
    text = GOOD.replace("check: glossary\noptions: {glossary-category: jargon}",
                        "check: readability\noptions:\n  measure: sentence-length\n  error-words: 40")
    [r] = load_rules(write(tmp_path, text))
    assert r.options == {"measure": "sentence-length", "warning-words": 25, "error-words": 40}


def test_every_bundled_rule_sets_only_declared_options_and_no_default_again():
    """Defaults live in the declarations only: a bundled rule file repeats none of them."""
    from plainspeak.checks import declaration
    from plainspeak.yamlfile import load_yaml_file

    for r in load_rules():
        decl = declaration(r.check)
        given = load_yaml_file(r.path).get("options") or {}
        defaults = decl.defaults(decl.test_of(given))
        repeated = [k for k, v in given.items() if k in defaults and k != decl.selector
                    and (v == defaults[k] or v == list(defaults[k]) if isinstance(defaults[k], tuple) else
                         v == defaults[k])]
        assert not repeated, f"{r.path} repeats the declared default of {repeated}"


def test_every_kind_declares_help_and_valid_defaults():
    from plainspeak.checks import CHECK_KINDS, declaration

    for kind in CHECK_KINDS:
        for opt in declaration(kind).options + declaration(kind).common:
            assert opt.help, (kind, opt.name)
            assert opt.default is None or opt.fits(list(opt.default) if isinstance(opt.default, tuple)
                                                   else opt.default), (kind, opt.name)


def test_explain_lists_the_declared_options_people_may_set():
    from plainspeak.explain import explain_text
    from plainspeak.rules import find_rule

    rules = load_rules()
    text = explain_text(find_rule(rules, "PS401"))
    assert "options = { PS401 = { name = value } }" in text
    assert "  warning-words = 25\n      a sentence of more words than this is a warning\n" in text
    assert "measure" not in text.split("Options")[1]  # picks the code behind the rule: not for people
    jargon = explain_text(find_rule(rules, "PS201"))
    assert '  repeats = "once-per-section"' in jargon and 'default "every"' in jargon
    assert "glossary-category" not in jargon
    assert "Applies to" not in jargon
    assert "Options" not in explain_text(find_rule(rules, "PS001"))


def test_explain_names_the_formats_of_a_rule_by_their_labels():
    from plainspeak.explain import explain_text
    from plainspeak.rules import find_rule

    rule = next(r for r in load_rules() if r.formats == ("docx", "pdf"))
    assert "Applies to: Word, PDF files" in explain_text(rule)
