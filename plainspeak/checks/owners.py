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
_enabled: dict[int, set[str]] = {}  # id(check context) -> codes of the pattern rules switched on


def set_enabled_rules(context: Any, codes: set[str]) -> None:
    if len(_enabled) > 64:
        _enabled.clear()
    _enabled[id(context)] = set(codes)


def enabled_rules(context: Any) -> set[str]:
    return _enabled.get(id(context), set())


def deficit_owners(context: Any) -> dict[str, str]:
    """Entry id -> code of the pattern rule that finds the entry's words."""
    glossary, pipeline = context.glossary, context.pipeline
    key = (id(pipeline), id(glossary), getattr(glossary, "version", ""))
    got = _cache.get(key)
    if got is not None:
        return got
    from plainspeak.checks import Context
    from plainspeak.checks.patterns import PatternCheck
    from plainspeak.model import Block, Document
    from plainspeak.rules import load_rules

    rules = [r for r in load_rules() if r.check == "pattern" and r.category == "deficit-label"]
    owners: dict[str, str] = {}
    entries = [e for e in glossary.entries if e.category == "deficit-label"]
    if rules and entries:
        check = PatternCheck(rules, Context(glossary=glossary, pipeline=pipeline))
        blocks, meta = [], []
        for e in entries:
            for phrase in e.phrases():
                for frame in FRAMES:
                    text = frame.format(phrase)
                    blocks.append(Block(text=text))
                    meta.append((e.id, text.index(phrase), len(phrase)))
        analysis = pipeline.analyse(Document(path="<owners>", format="text", blocks=blocks))
        for f in check.run(analysis):
            entry_id, offset, length = meta[f.block]
            # the finding covers the entry's words, give or take an article
            if f.start <= offset and offset + length <= f.end and f.end - f.start <= length + 3:
                owners.setdefault(entry_id, f.rule)
    if len(_cache) > 8:
        _cache.clear()
    _cache[key] = owners
    return owners
