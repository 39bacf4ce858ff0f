"""Rule files are validated with clear messages naming the file and line."""

import pytest

from plainspeak.rules import load_rules
from plainspeak.yamlfile import DataFileError

GOOD = """code: PS999
name: test-rule
category: jargon
severity: warning
check: glossary
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
    (("category: jargon", "category: jargon\ncategory: acronym"), "appears twice"),
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
