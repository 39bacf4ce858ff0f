"""Every rule's examples run as tests: ``pytest -k PS301`` runs one rule's.

Flag examples must give a finding of that rule; pass examples must not.
Examples are checked as Markdown with the bundled glossary.
"""

import pytest

from conftest import check_markdown
from plainspeak.checks import CHECK_KINDS
from plainspeak.rules import load_rules

RULES = load_rules()


def cases():
    for r in RULES:
        for i, text in enumerate(r.flag_examples):
            yield pytest.param(r, text, True, id=f"{r.code}-{r.name}-flag-{i}")
        for i, text in enumerate(r.pass_examples):
            yield pytest.param(r, text, False, id=f"{r.code}-{r.name}-pass-{i}")


@pytest.mark.parametrize("rule, text, should_flag", list(cases()))
def test_rule_example(checker, rule, text, should_flag):
    codes = [f.rule for f in check_markdown(checker, text)]
    if should_flag:
        assert rule.code in codes, f"{rule.code} did not flag: {text!r}"
    else:
        assert rule.code not in codes, f"{rule.code} flagged a 'pass' example: {text!r}"


def test_every_rule_has_examples_of_both_kinds():
    """Examples run as Markdown, so a rule that finds nothing in Markdown documents
    (it says so with 'formats') is tested on Word or PDF files in its own tests."""
    for r in RULES:
        assert r.pass_examples, r.code
        if "markdown" in r.formats:
            assert r.flag_examples, r.code
        else:
            assert not r.flag_examples, f"{r.code} cannot flag Markdown, so its flag examples cannot run"


def test_every_rule_names_a_known_check_and_documents_itself():
    for r in RULES:
        assert r.check in CHECK_KINDS
        assert r.summary and r.why and r.instead and r.sources, r.code
        assert r.path.endswith(f"{r.code}-{r.name}.yaml"), "file name must be CODE-name.yaml"
