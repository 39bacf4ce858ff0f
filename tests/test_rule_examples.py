"""Every rule's examples run as tests: ``pytest -k PS301`` runs one rule's.

Flag examples must give a finding of that rule; pass examples must not. An example runs in
its own format (Markdown unless it says ``format:``; Word and PDF files are built from its
text by tests/example_documents.py), through the whole pipeline, with the bundled glossary and
the rule options it names. So an example of a rule that finds nothing in Markdown is never
run as Markdown, where it could not fail.
"""

import pytest

from example_documents import build
from plainspeak.checks import CHECK_KINDS
from plainspeak.config import Config
from plainspeak.engine import Checker
from plainspeak.extract import extract_bytes
from plainspeak.rules import load_rules

RULES = load_rules()
EXTENSION = {"markdown": "md", "text": "txt", "docx": "docx", "pdf": "pdf"}


def cases():
    for r in RULES:
        counts = {True: 0, False: 0}
        for ex in r.examples:
            kind = "flag" if ex.flag else "pass"
            yield pytest.param(r, ex, id=f"{r.code}-{r.name}-{kind}-{counts[ex.flag]}-{ex.format}")
            counts[ex.flag] += 1


def findings(checker, rule, example):
    if example.options:
        checker = Checker(Config(options={rule.code: dict(example.options)}))
    name = f"example.{EXTENSION[example.format]}"
    doc = extract_bytes(build(example.text, example.format), name, example.format)
    assert doc.format == example.format
    return checker.check_document(doc).findings


@pytest.mark.parametrize("rule, example", list(cases()))
def test_rule_example(checker, rule, example):
    codes = [f.rule for f in findings(checker, rule, example)]
    if example.flag:
        assert rule.code in codes, f"{rule.code} did not flag: {example.text!r} ({example.format})"
    else:
        assert rule.code not in codes, f"{rule.code} flagged a 'pass' example: {example.text!r} ({example.format})"


def test_every_rule_has_examples_of_both_kinds_in_formats_it_reads():
    """An example in a format the rule finds nothing in cannot fail, so it is not allowed."""
    for r in RULES:
        assert any(ex.flag for ex in r.examples), f"{r.code} has no flag example"
        assert any(not ex.flag for ex in r.examples), f"{r.code} has no pass example"
        for ex in r.examples:
            assert ex.format in r.formats, f"{r.code}: an example in {ex.format}, which the rule never checks"


def test_an_example_can_fail():
    """The runner sees what a rule finds: a flag example of PS517 with a smaller limit passes."""
    rule = next(r for r in RULES if r.code == "PS517")
    flag = next(ex for ex in rule.examples if ex.flag)
    assert flag.options and "PS517" in [f.rule for f in findings(None, rule, flag)]
    from dataclasses import replace

    assert "PS517" not in [f.rule for f in findings(Checker(), rule, replace(flag, options={}))]


def test_every_rule_names_a_known_check_and_documents_itself():
    for r in RULES:
        assert r.check in CHECK_KINDS
        assert r.summary and r.why and r.instead and r.sources, r.code
        assert r.path.endswith(f"{r.code}-{r.name}.yaml"), "file name must be CODE-name.yaml"
