"""One label, one rule: which deficit-label glossary entries a more specific rule also finds.

"heroin users" is a glossary entry (reported by PS301, the general rule) and also what
PS302's pattern "{substance} users" finds. Reported twice, or under the general rule,
``--disable PS302`` would not silence it. So each deficit-label entry's own words are run
through the deficit-label pattern rules (all of them, switched on or not), in a few short
sentences; when a pattern finds exactly the entry's words, that pattern's rule owns the
entry. The glossary check then leaves those words to the pattern rule: reported once,
under the most specific rule, and silent when that rule is switched off.

Worked out once per glossary and language pipeline, and cached.
"""

from __future__ import annotations

from typing import Any

# Short sentences to try each entry's words in: some patterns need "the" before
# ("the homeless"), "a" before ("an offender") or a verb after.
FRAMES = ("{}", "the {} are here", "a {} is here", "We met {} today.")

_cache: dict[tuple, dict[str, str]] = {}


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
