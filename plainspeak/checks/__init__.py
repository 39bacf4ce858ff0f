"""Check kinds: the code behind the rules.

A rule (YAML in ``rules/``) names one of these kinds in its ``check:`` field.
One check object serves all enabled rules of its kind, so each kind walks a
document once however many rules use it.

To add a kind: write a module here that declares its options at the top
(``OPTIONS = Declaration(...)``, see :mod:`plainspeak.checks.options`) and has a
class with ``__init__(self, rules, context)`` and ``run(self, analysis) ->
list[Finding]``, then add it to ``CHECK_KINDS``. Build findings with
:func:`make_finding` (or :func:`finding` for text in a block), the one place that
applies severity. Modules load only when a rule needs them.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from plainspeak.checks.options import Declaration, resolve
from plainspeak.model import Finding, Location

if TYPE_CHECKING:  # types only: these modules import this one's users, not this module
    from plainspeak.glossary import Glossary
    from plainspeak.language.pipeline import Analysis, Pipeline
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

_NO_OPTIONS = Declaration(())


@dataclass
class Context:
    """What checks may use besides the document: the glossary, settings, the pipeline."""

    glossary: Glossary
    pipeline: Pipeline
    severity: dict[str, str] = field(default_factory=dict)  # rule code -> severity set in the settings
    allow_acronyms: set[str] = field(default_factory=set)


def load_check(kind: str) -> type:
    module, _, cls = CHECK_KINDS[kind].partition(":")
    return getattr(importlib.import_module(module), cls)


def declaration(kind: str) -> Declaration:
    """The options a check kind declares (at the top of its module)."""
    target = CHECK_KINDS[kind]
    if target is None:
        return _NO_OPTIONS
    module = importlib.import_module(target.partition(":")[0])
    return getattr(module, "OPTIONS", _NO_OPTIONS)


def rule_options(rule: Rule) -> dict[str, Any]:
    """A rule's options, checked against its kind's declaration, with the declared defaults
    for those it does not set. Raises OptionError (a ValueError) for a bad one."""
    return resolve(declaration(rule.check), rule.code, rule.options)


def make_checks(rules: list[Rule], context: Context) -> list[Any]:
    by_kind: dict[str, list[Rule]] = {}
    for r in rules:
        by_kind.setdefault(r.check, []).append(r)
    return [load_check(kind)(kind_rules, context) for kind, kind_rules in by_kind.items()
            if CHECK_KINDS[kind] is not None]


def severity_of(rule: Rule, settings: dict[str, str] | None = None, severity: str | None = None,
                fixed: bool = False) -> str:
    """The severity of one finding of ``rule``: the finding's own severity when it is ``fixed``
    (words in quotation marks, perhaps someone's own words, are "info" whatever the settings
    say); else the settings' (``severity = { PS401 = "info" }``: people choose how loud a rule
    is, and 700 glossary entries carry a severity of their own); else the finding's own (a
    glossary entry's, or "error" for a very long sentence); else the rule's."""
    if fixed and severity:
        return severity
    return (settings or {}).get(rule.code) or severity or rule.severity


def make_finding(rule: Rule, *, message: str, location: Location, match: str = "",
                 suggestions: list[str] | tuple[str, ...] = (), block: int | None = None, start: int = 0,
                 end: int = 0, severity: str | None = None, fixed: bool = False,
                 settings: dict[str, str] | None = None, entry: str | None = None) -> Finding:
    """The one place a finding is built: every check and the suppress stage (PS001) use it.
    ``settings``: rule code -> severity from the user's settings; see :func:`severity_of`."""
    return Finding(
        rule=rule.code,
        name=rule.name,
        category=rule.category,
        severity=severity_of(rule, settings, severity, fixed),
        message=message,
        match=match,
        suggestions=list(suggestions),
        location=location,
        block=block,
        start=start,
        end=end,
        entry=entry,
    )


def finding(rule: Rule, analysis: Analysis, block_index: int, start: int, end: int, message: str,
            suggestions: list[str], context: Context, severity: str | None = None,
            fixed: bool = False) -> Finding:
    """A finding on block_index's text[start:end], located and with the exact document text."""
    doc = analysis.document
    block = doc.blocks[block_index]
    return make_finding(rule, message=message, match=doc.exact_text(block, start, end), suggestions=suggestions,
                        location=doc.locate(block, start), block=block_index, start=start, end=end,
                        severity=severity, fixed=fixed, settings=context.severity)
