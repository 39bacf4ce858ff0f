"""One label, one rule: which deficit-label glossary entries a more specific rule also finds.

"heroin users" is a glossary entry (reported by PS301, the general rule) and also what
PS302's pattern "{substance} users" finds. In a sentence, the pattern check's finding
takes the place of the glossary's (see patterns.py), so it is reported once, under the
more specific rule. To make ``--disable PS302`` silence it too, each deficit-label entry's
own words are run through the deficit-label pattern rules (all of them, switched on or
not) in a few short sentences; when a pattern finds exactly the entry's words, that
pattern's rule owns the entry, and the glossary check skips the entry when its owner is
not switched on.

Owners are worked out once per glossary and language pipeline, and cached. The pattern
check records which pattern rules are switched on (``set_enabled_rules``) when it is
made; with no pattern check, none are.
"""

from __future__ import annotations

from typing import Any

# Short sentences to try each entry's words in: some patterns need "the" before
# ("the homeless"), "a" before ("an offender") or a verb after.
FRAMES = ("{}", "the {} are here", "a {} is here", "We met {} today.")

_cache: dict[tuple, dict[str, str]] = {}
from plainspeak.checks.context import _enabled, enabled_rules, set_enabled_rules  # noqa: F401

_rules: list = []


def _deficit_pattern_rules() -> list:
    """The bundled deficit-label pattern rules, read once."""
    if not _rules:
        from plainspeak.rules import load_rules

        _rules.extend(r for r in load_rules() if r.check == "pattern" and r.category == "deficit-label")
    return _rules


def deficit_owners(context: Any) -> dict[str, str]:
    """Entry id -> code of the pattern rule that finds the entry's words."""
    glossary, pipeline = context.glossary, context.pipeline
    key = (id(pipeline), id(glossary), getattr(glossary, "version", ""),
           tuple(sorted(enabled_rules(context))))
    got = _cache.get(key)
    if got is not None:
        return got
    from plainspeak.checks import Context
    from plainspeak.checks.patterns import PatternCheck
    from plainspeak.model import Block, Document

    rules = _deficit_pattern_rules()
    owners: dict[str, str] = {}
    entries = [e for e in glossary.entries if e.category == "deficit-label"]
    if rules and entries:
        # the run's own pattern check, and one for the rules it does not have (switched off)
        codes, own = _enabled.get(id(context), (set(), None))
        checks = [own] if own is not None else []
        missing = [r for r in rules if own is None or r.code not in codes]
        if missing:
            checks.append(PatternCheck(missing, Context(glossary=glossary, pipeline=pipeline)))
        blocks, meta = [], []
        starts = set().union(*(set(c.by_key) | set(c.by_lower) for c in checks))
        for e in entries:
            for phrase in e.phrases():
                words = [t for t in pipeline.nlp.make_doc(phrase) if not t.is_space]
                if not any(pipeline.key_of_lower(t.lower) in starts or t.lower in starts for t in words):
                    continue  # no pattern can start on any of its words
                for frame in FRAMES:
                    text = frame.format(phrase)
                    blocks.append(Block(text=text))
                    meta.append((e.id, text.index(phrase), len(phrase)))
        analysis = pipeline.analyse(Document(path="<owners>", format="text", blocks=blocks))
        for f in (f for c in checks for f in c.run(analysis)):
            entry_id, offset, length = meta[f.block]
            # the finding covers the entry's words, give or take an article
            if f.start <= offset and offset + length <= f.end and f.end - f.start <= length + 3:
                owners.setdefault(entry_id, f.rule)
    if len(_cache) > 8:
        _cache.clear()
    _cache[key] = owners
    return owners
