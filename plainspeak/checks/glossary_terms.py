"""Check kind ``glossary``: find glossary terms in the text.

Each rule of this kind takes the glossary entries of one category (option
``glossary-category``). Terms match:

- in any case ("Rough Sleepers" finds "rough sleeper");
- in any inflected form, by comparing lemmas ("signposted" finds "signpost");
- across line breaks (a term that wraps in a Markdown file or a PDF);
- longest match first: "floating support worker" beats "floating support"
  when both are entries, and matches never overlap.

Suggestions come from the entry's alternatives; the message from the rule,
with the entry's own "why". For people words, suggestions agree with the
text: a plural match ("rough sleepers") puts the plural alternative first
("people sleeping rough"), and "an addict" becomes "a person with an
addiction" (the article joins the finding when it has to change).

Context rules for deficit labels (see ``plainspeak.checks.patterns``):

- inside the name of a law, body or programme that must stay as it is
  ("Young Offender Institution", "Rehabilitation of Offenders Act") a term is
  not flagged; those names are explained, not replaced;
- inside quotation marks (a quote, or a person's own words about themselves)
  a term gets severity ``info`` and a note, not silence.

Suggestions fit the sentence (``plainspeak.inflect``): "ensuring" gets "making
sure", "pathways" gets "routes", "Utilising" gets "Using". An entry's ``inflect``
field says how its alternatives follow the matched words; when none can be made to
fit, the finding offers no drop-in and the message gives one "for example".

Where an entry does not apply (``plainspeak.usage`` and ``plainspeak.checks.context``):

- an entry's ``not-when`` phrases ("keep residents informed" is not "tell") and
  ``exact-forms`` ("look after children" is not "looked after children");
- jargon and wordy words inside a multi-word capitalised name ("the Single Point
  of Access", "Information Commissioner's Office"), inside quotation marks, joined
  to another word by a hyphen ("trauma-informed"), or in a list of references;
- deficit labels in a list of references or in a capitalised name that ends like
  the name of a body or law ("Safeguarding Vulnerable Groups Act").

One label, one rule: when a more specific pattern rule (PS302-PS308) finds a
deficit-label entry's words too ("heroin users"), the words are reported once,
under that rule, and switching that rule off silences the entry
(``plainspeak.checks.owners``).

Deficit-label matches are left in ``analysis.cache["glossary-deficit-spans"]``:
the ``pattern`` check does not report the same words again, and when one of its
(more specific) patterns finds the same words or more, its finding takes the
glossary finding's place and keeps the entry's name.
"""

from __future__ import annotations

from typing import Any

from plainspeak.checks import Context, finding
from plainspeak.checks.options import REPEATS, TEXT, Declaration, Option
from plainspeak.checks.context import (BEHAVIOUR_VERBS, NOT_PEOPLE, QUOTE_NOTE, ProtectedNames, agree,
                                      in_capitalised_name, in_compound, in_quotes, is_reference,
                                      mostly_capitals)
from plainspeak.inflect import cased, fit
from plainspeak.model import HEADING, TABLE_CELL, Finding
from plainspeak.language.pipeline import Analysis
from plainspeak.rules import Rule

OPTIONS = Declaration(common=(REPEATS,), options=(
    Option("glossary-category", TEXT, settable=False, required=True,
           help="which glossary entries the rule reports (their category)"),
))


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
                for variant in {phrase, phrase.replace("'", "\u2019")}:  # "Alzheimer’s" too
                    keys = pipeline.phrase_keys(variant)
                    if keys:
                        self.index.setdefault(keys[0], []).append((keys, entry))
        for candidates in self.index.values():
            candidates.sort(key=lambda c: -len(c[0]))
        self.protected = ProtectedNames.get(pipeline) if "deficit-label" in self.rule_for else None
        from plainspeak.usage import NotWhen

        self.not_when = {e.id: NotWhen(e.not_when, pipeline) for e in context.glossary.entries
                         if e.not_when and e.category in self.rule_for}
        self.exact = {e.id: {_plain(p) for p in e.phrases()} for e in context.glossary.entries
                      if e.exact_forms and e.category in self.rule_for}
        self.written = {e.id: tuple(" ".join(p.lower().split()) for p in e.phrases())
                        for e in context.glossary.entries if e.category in self.rule_for}
        # entry id -> the pattern rule that owns it; worked out at the first run, when the
        # pattern check (made after this one) has said which pattern rules are on
        self.owner: dict[str, str] | None = {} if "deficit-label" not in self.rule_for else None
        if "deficit-label" in self.rule_for:
            from plainspeak.checks.context import set_enabled_rules

            set_enabled_rules(context, set())  # the pattern check, made next, sets its own
        self.behaviour_keys = {pipeline.phrase_keys(w)[0] for w in BEHAVIOUR_VERBS}
        self.not_people = {pipeline.phrase_keys(w)[0] for w in NOT_PEOPLE}

    def matches(self, keys: list[int]) -> list[tuple[int, int, Any]]:
        """(first token, last token, entry) for each match, longest first, no overlaps."""
        index = self.index
        if index.keys().isdisjoint(keys):  # most blocks: no glossary word at all
            return []
        # Positions of non-space tokens, so a match can cross a line break.
        pos = [i for i, k in enumerate(keys) if k]
        ks = [keys[i] for i in pos]
        out = []
        n = len(ks)
        j = 0  # the first token not yet inside a match
        for at in [at for at, k in enumerate(ks) if k in index]:
            if at < j:
                continue
            for pattern, entry in index[ks[at]]:
                m = len(pattern)
                if at + m <= n and (m == 1 or tuple(ks[at:at + m]) == pattern):
                    out.append((pos[at], pos[at + m - 1], entry))
                    j = at + m
                    break
        return out

    @staticmethod
    def _not_this_word(ba, i: int, entry, block) -> bool:
        """One-word deficit terms: skip a name, or another form of an adjective.

        "the Vagrant tool" (a capital in mid-sentence, not in a heading or table) is a
        name. An adjective such as "disengaged" must be written as such: its lemma
        also finds the verb ("disengage from the contract").
        """
        tok = ba.doc[i]
        text = tok.text
        if text[:1].isupper() and text[1:].islower() and not tok.is_sent_start \
                and block.kind not in (HEADING, TABLE_CELL):
            prev = ba.doc[i - 1].text if i > 0 else ""
            if prev not in ('"', "'", "\u201c", "\u2018", ":", "(", "-"):
                return True
        low = tok.lower_
        adjectives = [p.lower() for p in entry.phrases() if " " not in p and p.lower().endswith("ed")]
        return bool(adjectives) and low not in adjectives and low not in (p.lower() for p in entry.phrases())

    def _staff_before(self, ba, first: int) -> bool:
        i = first - 1
        while i >= 0 and not ba.keys[i]:
            i -= 1
        return i >= 0 and ba.keys[i] in self.not_people

    def _skip(self, entry, ba, first: int, last: int, block, block_text: str, start: int, end: int) -> bool:
        """Whether this match is not a use of the entry (see the module notes)."""
        exact = self.exact.get(entry.id)
        if exact is not None and _plain(block_text[start:end]) not in exact:
            return True
        not_when = self.not_when.get(entry.id)
        if not_when is not None and not_when.applies(ba.keys, first, last):
            return True
        titled = block.kind != HEADING and mostly_capitals(block_text)
        named = block.kind != HEADING and not titled
        if entry.category == "deficit-label":
            return named and in_capitalised_name(ba, first, last, need_ending=True)
        if first == last and in_compound(ba, first, last):
            return True
        if titled and len(block_text.split()) >= 3:
            return True  # a line in Title Case outside a heading: a title or a name
        if named and in_capitalised_name(ba, first, last):
            return True
        return in_quotes(block_text, start, end)

    def _fitted(self, entry, ba, first: int, last: int, block_text: str, start: int, end: int) -> list[str]:
        """The alternatives in the form of the matched words, with its capital; [] if none fits."""
        space = ba.space
        words = [ba.text(i) for i in range(first, last + 1) if not space[i]]
        words = [w for w in words if w not in ("-", "\u2010")]
        before = [ba.text(i) for i in range(max(0, first - 5), first) if not space[i]]
        after = [ba.text(i) for i in range(last + 1, min(last + 3, len(space))) if not space[i]]
        out = []
        for alt in entry.alternatives:
            got = fit(alt, words, before, entry.inflect, self.written.get(entry.id, ()), after)
            if got is not None:
                if ba.is_sent_start(first):
                    got = cased(got, block_text[start:end])
                if got not in out:
                    out.append(got)
        return out

    def run(self, analysis: Analysis) -> list[Finding]:
        found: list[Finding] = []
        if not self.index:
            return found
        if self.owner is None:
            from plainspeak.checks.owners import deficit_owners, enabled_rules

            self.owner = deficit_owners(self.context)
            self._on = enabled_rules(self.context)
            from plainspeak.checks.owners import _deficit_pattern_rules

            self._owner_rules = {r.code: r for r in _deficit_pattern_rules()}
        # block -> [first token, last token, finding] of each deficit-label match
        spans: dict[int, list[list]] = analysis.cache.setdefault("glossary-deficit-spans", {})
        for bi, ba in enumerate(analysis.blocks):
            if ba is None:
                continue
            block = analysis.document.blocks[bi]
            block_text = block.text
            if is_reference(block):
                continue  # titles of papers, laws and guidance
            protected = None
            for first, last, entry in self.matches(ba.keys):
                rule = self.rule_for[entry.category]
                start = ba.idx[first]
                end = ba.end(last)
                if self._skip(entry, ba, first, last, block, block_text, start, end):
                    continue
                alternatives = list(entry.alternatives)
                severity = entry.severity
                note = ""
                example = ""
                if entry.category == "deficit-label":
                    owner = self.owner.get(entry.id)
                    if owner is not None:
                        if owner not in self._on:
                            continue  # the more specific rule for these words is switched off
                        rule = self._owner_rules.get(owner, rule)  # reported under that rule
                    if protected is None:
                        protected = self.protected.spans(ba)
                    if any(a <= first and last <= b for a, b in protected):
                        continue
                    if ba.keys[first] in self.behaviour_keys and self._staff_before(ba, first):
                        continue  # "the landlord failed to attend": not about a person we support
                    if first == last and self._not_this_word(ba, first, entry, block):
                        continue
                    span = [first, last, None]
                    spans.setdefault(bi, []).append(span)
                    start, alternatives = agree(ba, first, last, start, alternatives, self.context.pipeline)
                    if ba.is_sent_start(first) or start < ba.idx[first]:
                        alternatives = [cased(a, block_text[start:end]) for a in alternatives]
                    if in_quotes(block_text, start, end):
                        severity, note = "info", QUOTE_NOTE
                else:
                    fitted = self._fitted(entry, ba, first, last, block_text, start, end)
                    if not fitted:
                        example = alternatives[0]
                    alternatives = fitted
                text = block_text[start:end]
                hint = (f"try '{alternatives[0]}'" if alternatives
                        else f"for example '{example}' (reword the sentence so that it fits)")
                message = rule.format_message(
                    match=" ".join(text.split()),
                    term=entry.term,
                    suggestion=alternatives[0] if alternatives else example,
                    alternatives=", ".join(alternatives or [example]),
                    why=entry.why,
                    advice=entry.why,
                    hint=hint,
                ) + note
                if example and "{hint}" not in rule.message:
                    message += f" For example: '{example}' (reword the sentence so that it fits)."
                f = finding(rule, analysis, bi, start, end, message, alternatives,
                            self.context, severity=severity, fixed=bool(note))
                f.entry = entry.id
                if entry.category == "deficit-label":
                    span[2] = f  # the pattern check may widen it ("cocaine addict")
                found.append(f)
        return found


def _plain(text: str) -> str:
    """Lower case, hyphens as spaces, spaces folded: to compare written forms."""
    return " ".join(text.lower().replace("-", " ").replace("\u2010", " ").split())
