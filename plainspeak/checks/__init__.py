"""Check kinds: the code behind the rules.

A rule (YAML in ``rules/``) names one of these kinds in its ``check:`` field.
One check object serves all enabled rules of its kind, so each kind walks a
document once however many rules use it.

To add a kind: write a module here with a class that has
``__init__(self, rules, context)`` and ``run(self, analysis) -> list[Finding]``,
then add it to ``CHECK_KINDS``. Modules load only when a rule needs them.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from plainspeak.model import Finding
from plainspeak.nlp import Analysis
from plainspeak.rules import Rule

# Check kind -> "module:Class". Keep this list explicit: it is the registry.
CHECK_KINDS = {
    "glossary": "plainspeak.checks.glossary_terms:GlossaryTermCheck",
    "acronym": "plainspeak.checks.acronyms:AcronymCheck",
    "pattern": "plainspeak.checks.patterns:PatternCheck",
    "readability": "plainspeak.checks.readability:ReadabilityCheck",
    "accessibility": "plainspeak.checks.accessibility:AccessibilityCheck",
    "questions": "plainspeak.checks.questions:QuestionCheck",
    # Built into the pipeline's suppress stage (plainspeak/suppress.py), not a check object.
    "directive": None,
}


@dataclass
class Context:
    """What checks may use besides the document: the glossary, settings, the pipeline."""

    glossary: Any  # plainspeak.glossary.Glossary
    pipeline: Any  # plainspeak.nlp.Pipeline
    severity: dict[str, str] = field(default_factory=dict)  # rule code -> severity set in the config
    allow_acronyms: set[str] = field(default_factory=set)


def load_check(kind: str) -> type:
    module, _, cls = CHECK_KINDS[kind].partition(":")
    return getattr(importlib.import_module(module), cls)


def make_checks(rules: list[Rule], context: Context) -> list[Any]:
    by_kind: dict[str, list[Rule]] = {}
    for r in rules:
        by_kind.setdefault(r.check, []).append(r)
    return [load_check(kind)(kind_rules, context) for kind, kind_rules in by_kind.items()
            if CHECK_KINDS[kind] is not None]


def finding(rule: Rule, analysis: Analysis, block_index: int, start: int, end: int, message: str,
            suggestions: list[str], context: Context, severity: str | None = None) -> Finding:
    """A finding on block_index's text[start:end], located and with the exact document text."""
    doc = analysis.document
    block = doc.blocks[block_index]
    return Finding(
        rule=rule.code,
        name=rule.name,
        category=rule.category,
        severity=context.severity.get(rule.code) or severity or rule.severity,
        message=message,
        match=doc.exact_text(block, start, end),
        suggestions=suggestions,
        location=doc.locate(block, start),
        block=block_index,
        start=start,
        end=end,
    )
