"""Check kind ``readability``: long sentences and paragraphs, hard sentences, a hard document, passive verbs.

Each rule of this kind names what it measures with the option ``measure``:

- ``sentence-length``: a sentence longer than ``warning-words`` (a warning) or
  ``error-words`` (an error) words;
- ``paragraph-length``: a paragraph of more than ``max-words`` words or
  ``max-sentences`` sentences;
- ``sentence-grade``: a sentence of at least ``min-words`` words whose reading
  age (Flesch-Kincaid grade + 5) is above ``reading-age`` (20); above
  ``error-reading-age`` it is an error. A sentence already reported as too long
  is not reported again as hard;
- ``document-target``: a document of at least ``min-words`` words whose reading
  age is above ``reading-age`` or whose reading ease is below ``reading-ease``;
- ``passive``: a passive verb ("was assessed", "got evicted").

Thresholds are rule options, so a board paper and a leaflet can have
different targets with ``[[overrides]]`` in the configuration.

The counts come from :mod:`plainspeak.language.scores`, worked out once per
document and shared with the report.

Passive verbs: with the built-in pipeline (no trained model) a passive is a
form of "be" or "get", then at most two adverbs ("not", "also", "being",
words ending in -ly), then a past participle: a word ending in -ed that is not
a common adjective ("tired", "worried"), or an irregular participle
("given", "told", "seen"); everyday phrases such as "get started" and
"get involved" are left alone. With a trained pipeline the participle is a token
tagged VBN, which also finds irregular verbs missing from the list and skips
adjectives the list cannot tell apart.
"""

from __future__ import annotations


from plainspeak.checks import Context, finding, make_finding, rule_options
from plainspeak.checks.options import CHOICE, NUMBER, WHOLE, Declaration, Option
from plainspeak.model import PARAGRAPH, Finding, Location
from plainspeak.language.pipeline import Analysis
from plainspeak.language.scores import (document_stats, flesch_kincaid_grade, flesch_reading_ease, reading_age,
                                    sentence_text)
from plainspeak.rules import Rule

MEASURES = ("sentence-length", "paragraph-length", "sentence-grade", "document-target", "passive")

OPTIONS = Declaration(selector="measure", options=(
    Option("measure", CHOICE, choices=MEASURES, settable=False, help="what the rule measures"),
    Option("warning-words", WHOLE, 25, "a sentence of more words than this is a warning",
           when=("sentence-length",), minimum=1),
    Option("error-words", WHOLE, 35, "a sentence of more words than this is an error",
           when=("sentence-length",), minimum=1),
    Option("max-words", WHOLE, 120, "a paragraph of more words than this is reported",
           when=("paragraph-length",), minimum=1),
    Option("max-sentences", WHOLE, 6, "a paragraph of more sentences than this is reported",
           when=("paragraph-length",), minimum=1),
    Option("reading-age", NUMBER, 20, "a sentence with a higher reading age (Flesch-Kincaid grade + 5) is hard",
           when=("sentence-grade",), minimum=0),
    Option("error-reading-age", NUMBER, 25, "a sentence with a higher reading age than this is an error",
           when=("sentence-grade",), minimum=0),
    Option("min-words", WHOLE, 8, "shorter sentences are not scored: one long word gives them a misleading grade",
           when=("sentence-grade",), minimum=1),
    Option("reading-age", NUMBER, 11, "the target: a reading age (Flesch-Kincaid grade + 5) of this or under",
           when=("document-target",), minimum=0),
    Option("reading-ease", NUMBER, 60, "the target: a Flesch reading ease of this or more (higher is easier)",
           when=("document-target",)),
    Option("min-words", WHOLE, 100, "shorter documents are not scored: a few sentences give unsteady figures",
           when=("document-target",), minimum=1),
))

BE = frozenset("am is are was were be been being 'm 're get gets got gotten getting".split())
_BETWEEN = frozenset("not n't never also often usually always being been be only then just still already "
                     "all both sometimes generally normally then now each".split())
IRREGULAR_PARTICIPLES = frozenset("""
arisen awoken beaten become begun bent bet bidden bitten bled blown born borne bought bound bred brought
broken built burnt burst cast caught chosen clung come cost crept cut dealt done drawn dreamt driven drunk
dug eaten fallen fed felt fled flung forbidden forecast forgiven forgotten fought found frozen given gone
ground grown hung heard held hidden hit hurt kept knelt known laid led leant leapt learnt left lent let
lit lost made meant met mislaid misled mistaken misunderstood overcome overheard overseen overtaken overthrown
paid proven put quit read rebuilt redone rewritten rid ridden rung risen run said sawn seen sought sold
sent set sewn shaken shed shone shot shown shrunk shut sung sunk sat slain slept slid slung slit smelt
sown spoken sped spelt spent spilt spun spat split spoilt spread sprung stood stolen stuck stung stunk
strewn struck strung striven sworn swept swollen swum swung taken taught torn told thought thrown thrust
trodden understood undergone undertaken undone upheld upset woken worn woven wed wept won wound withdrawn
withheld withstood wrung written
""".split())
# Words ending in -ed that are not past participles, or that are nearly always adjectives after "be".
NOT_PARTICIPLES = frozenset("""
bed red shed wed fled need needed seed feed weed reed deed sled speed breed greed bleed steed hundred sacred
naked wicked rugged ragged crooked jagged beloved aged tired interested worried pleased bored excited
scared frightened married divorced engaged supposed used concerned ashamed delighted disappointed
embarrassed relieved surprised amazed annoyed confused determined prepared satisfied experienced skilled
qualified talented dedicated detailed sophisticated complicated limited varied advanced based
""".split())


GET = frozenset("get gets got gotten getting".split())
# "get" + these is an everyday phrase, not a passive that hides who acts: "get started", "get involved".
GET_PHRASES = frozenset("started involved dressed lost acquainted organised organized stuck tired bored "
                        "ready".split())


def _is_participle(text: str) -> bool:
    if text in IRREGULAR_PARTICIPLES:
        return True
    return len(text) >= 5 and text.endswith("ed") and text not in NOT_PARTICIPLES and text[:-2].isalpha()


class ReadabilityCheck:
    def __init__(self, rules: list[Rule], context: Context):
        self.context = context
        self.rules: dict[str, Rule] = {}
        self.options: dict[str, dict] = {}  # measure -> the rule's options, with the declared defaults
        for r in rules:
            opts = rule_options(r)
            self.rules[opts["measure"]] = r
            self.options[opts["measure"]] = opts
        strings = context.pipeline.strings
        self._be = {strings.add(w) for w in BE}
        self._get = {strings.add(w) for w in GET}
        self._get_phrases = {strings.add(w) for w in GET_PHRASES}
        self._between = {strings.add(w) for w in _BETWEEN}
        self._participle: dict[int, bool] = {}

    def run(self, analysis: Analysis) -> list[Finding]:
        found: list[Finding] = []
        stats = document_stats(analysis)
        long_done: set[tuple[int, int]] = set()
        if "sentence-length" in self.rules:
            found.extend(self._sentence_length(analysis, stats, long_done))
        if "sentence-grade" in self.rules:
            found.extend(self._sentence_grade(analysis, stats, long_done))
        if "paragraph-length" in self.rules:
            found.extend(self._paragraph_length(analysis, stats))
        if "document-target" in self.rules:
            found.extend(self._document_target(analysis, stats))
        if "passive" in self.rules:
            found.extend(self._passive(analysis))
        return found

    # -- sentences ------------------------------------------------------------------------
    def _sentence_length(self, analysis, stats, done) -> list[Finding]:
        rule, opts = self.rules["sentence-length"], self.options["sentence-length"]
        warn = opts["warning-words"]
        err = opts["error-words"]
        out = []
        for s in stats.sentences():
            if s.words > warn:
                start, end, _text = sentence_text(analysis, s)
                limit = err if s.words > err else warn
                severity = "error" if s.words > err else None
                message = rule.format_message(words=s.words, limit=int(limit), warning_words=int(warn),
                                              error_words=int(err))
                out.append(finding(rule, analysis, s.block, start, end, message, [], self.context, severity))
                done.add((s.block, s.start))
        return out

    def _sentence_grade(self, analysis, stats, done) -> list[Finding]:
        rule, opts = self.rules["sentence-grade"], self.options["sentence-grade"]
        target = opts["reading-age"]
        err = opts["error-reading-age"]
        min_words = opts["min-words"]
        out = []
        for s in stats.sentences():
            if s.words < min_words or (s.block, s.start) in done:
                continue
            age = reading_age(s.grade)
            if age is None or age <= target:
                continue
            start, end, _text = sentence_text(analysis, s)
            severity = "error" if age > err else None
            longest = self._long_words(analysis, s)
            hint = f" Long words: {', '.join(longest)}." if longest else ""
            message = rule.format_message(reading_age=round(age), target=int(target), words=s.words,
                                          long_words=", ".join(longest), hint=hint)
            out.append(finding(rule, analysis, s.block, start, end, message, [], self.context, severity))
        return out

    def _long_words(self, analysis, s, n: int = 3) -> list[str]:
        """The sentence's words of three or more syllables, longest first (at most n)."""
        from plainspeak.language.scores import counter_for

        counter = counter_for(analysis.pipeline)
        ba = analysis.blocks[s.block]
        seen: dict[str, int] = {}
        for i in range(s.start, s.end):
            is_word, syl, _letters = counter._fact(ba.lower[i])
            if is_word and syl >= 3:
                seen.setdefault(ba.text(i), syl)
        return sorted(seen, key=lambda w: (-seen[w], -len(w)))[:n]

    # -- paragraphs -----------------------------------------------------------------------
    def _paragraph_length(self, analysis, stats) -> list[Finding]:
        rule, opts = self.rules["paragraph-length"], self.options["paragraph-length"]
        max_words = opts["max-words"]
        max_sentences = opts["max-sentences"]
        out = []
        blocks = analysis.document.blocks
        for bi, sents in enumerate(stats.blocks):
            if not sents or blocks[bi].kind != PARAGRAPH:
                continue
            words = sum(s.words for s in sents)
            if words > max_words or len(sents) > max_sentences:
                start, end, _ = sentence_text(analysis, sents[0])
                message = rule.format_message(words=words, sentences=len(sents), max_words=int(max_words),
                                              max_sentences=int(max_sentences))
                out.append(finding(rule, analysis, bi, start, end, message, [], self.context))
        return out

    # -- the whole document ---------------------------------------------------------------
    def _document_target(self, analysis, stats) -> list[Finding]:
        rule, opts = self.rules["document-target"], self.options["document-target"]
        target_age = opts["reading-age"]
        target_ease = opts["reading-ease"]
        min_words = opts["min-words"]
        c = stats.total
        if c.words < min_words:
            return []
        age = reading_age(flesch_kincaid_grade(c))
        ease = flesch_reading_ease(c)
        if age is None or ease is None or (age <= target_age and ease >= target_ease):
            return []
        hardest = sorted((s for s in stats.sections if s.counts.words >= 30),
                         key=lambda s: -(flesch_kincaid_grade(s.counts) or 0))
        hint = ""
        if len(stats.sections) > 1 and hardest and hardest[0].title:
            sec = hardest[0]
            hint = (f" The hardest section is '{sec.title}' (reading age about "
                    f"{reading_age(flesch_kincaid_grade(sec.counts)):.0f}).")
        message = rule.format_message(reading_age=round(age), reading_ease=round(ease),
                                      target_age=int(target_age), target_ease=int(target_ease),
                                      words=c.words, hint=hint)
        # About the whole document, so it is placed at the start of its first text (line 1 or
        # paragraph 1), where every report format can show it and a Markdown directive can switch it off.
        first = next((bi for bi, sents in enumerate(stats.blocks) if sents), None)
        location, block = Location(), None
        if first is not None:
            doc = analysis.document
            location, block = doc.locate(doc.blocks[first], 0), first
            location.section = None
        return [make_finding(rule, message=message, location=location, block=block,
                             settings=self.context.severity)]

    # -- passive verbs --------------------------------------------------------------------
    def _passive(self, analysis) -> list[Finding]:
        rule = self.rules["passive"]
        out = []
        be, between = self._be, self._between
        trained = getattr(analysis.pipeline, "trained", False)
        strings = analysis.pipeline.strings
        for bi, ba in enumerate(analysis.blocks):
            if ba is None:
                continue
            lower = ba.lower
            if be.isdisjoint(lower):
                continue  # no form of "be" or "get": no passive
            n = len(lower)
            last = -1
            for i in [i for i, h in enumerate(lower) if h in be]:
                if i <= last:  # "is being collected": "being" is part of the passive already found
                    continue
                j = i + 1
                skipped = 0
                while j < n and skipped <= 2:
                    t = lower[j]
                    if ba.space[j] and "\n\n" not in ba.text(j):
                        j += 1
                        continue
                    if t in between or (strings[t].endswith("ly") and len(strings[t]) > 4):
                        j += 1
                        skipped += 1
                        continue
                    break
                if j >= n or skipped > 2:
                    continue
                if trained and ba.doc[j].tag_:
                    ok = ba.doc[j].tag_ == "VBN"
                else:
                    ok = self._participle.get(lower[j])
                    if ok is None:
                        ok = self._participle[lower[j]] = _is_participle(strings[lower[j]])
                if not ok or (lower[i] in self._get and lower[j] in self._get_phrases):
                    continue
                start = ba.idx[i]
                end = ba.end(j)
                last = j
                text = " ".join(analysis.document.blocks[bi].text[start:end].split())
                message = rule.format_message(match=text)
                out.append(finding(rule, analysis, bi, start, end, message, [], self.context))
        return out
