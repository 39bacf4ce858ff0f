"""Check kind ``glossary``: find glossary terms in the text.

Each rule of this kind takes the glossary entries of one category (option
``glossary-category``). Terms match:

- in any case ("Rough Sleepers" finds "rough sleeper");
- in any inflected form, by comparing lemmas ("signposted" finds "signpost");
- across line breaks (a term that wraps in a Markdown file or a PDF);
- longest match first: "floating support worker" beats "floating support"
  when both are entries, and matches never overlap.

Suggestions come from the entry's alternatives; the message from the rule,
with the entry's own "why".
"""

from __future__ import annotations

from typing import Any

from plainspeak.checks import Context, finding
from plainspeak.model import Finding
from plainspeak.nlp import Analysis
from plainspeak.rules import Rule


class GlossaryTermCheck:
    def __init__(self, rules: list[Rule], context: Context):
        self.context = context
        self.rule_for: dict[str, Rule] = {}
        for r in rules:
            category = r.options.get("glossary-category")
            if category:
                self.rule_for[category] = r
        pipeline = context.pipeline
        # first lemma key -> [(keys, entry)], longest first
        self.index: dict[int, list[tuple[tuple[int, ...], Any]]] = {}
        for entry in context.glossary.entries:
            if entry.category not in self.rule_for:
                continue
            for phrase in entry.phrases():
                keys = pipeline.phrase_keys(phrase)
                if keys:
                    self.index.setdefault(keys[0], []).append((keys, entry))
        for candidates in self.index.values():
            candidates.sort(key=lambda c: -len(c[0]))

    def matches(self, keys: list[int]) -> list[tuple[int, int, Any]]:
        """(first token, last token, entry) for each match, longest first, no overlaps."""
        # Positions of non-space tokens, so a match can cross a line break.
        pos = [i for i, k in enumerate(keys) if k]
        ks = [keys[i] for i in pos]
        out = []
        j, n = 0, len(ks)
        index = self.index
        while j < n:
            candidates = index.get(ks[j])
            if candidates:
                for pattern, entry in candidates:
                    m = len(pattern)
                    if j + m <= n and (m == 1 or tuple(ks[j:j + m]) == pattern):
                        out.append((pos[j], pos[j + m - 1], entry))
                        j += m
                        break
                else:
                    j += 1
            else:
                j += 1
        return out

    def run(self, analysis: Analysis) -> list[Finding]:
        found: list[Finding] = []
        if not self.index:
            return found
        for bi, ba in enumerate(analysis.blocks):
            if ba is None:
                continue
            for first, last, entry in self.matches(ba.keys):
                rule = self.rule_for[entry.category]
                start = ba.doc[first].idx
                end = ba.doc[last].idx + len(ba.doc[last])
                text = analysis.document.blocks[bi].text[start:end]
                message = rule.format_message(
                    match=" ".join(text.split()),
                    term=entry.term,
                    suggestion=entry.alternatives[0],
                    alternatives=", ".join(entry.alternatives),
                    why=entry.why,
                )
                f = finding(rule, analysis, bi, start, end, message, list(entry.alternatives),
                            self.context, severity=entry.severity)
                f.entry = entry.id
                found.append(f)
        return found
