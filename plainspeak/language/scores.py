"""Readability scores from counts we already have, offline.

textstat 0.7 counts syllables with NLTK's copy of the CMU Pronouncing
Dictionary and tries to download it on first use, so with no network every
score fails. It also re-tokenises the text for every score. Here we count
once, while walking the tokens spaCy already made, and apply the published
formulas to those counts (W words, S sentences, Y syllables, P words of three
or more syllables, L letters):

- Flesch reading ease = 206.835 - 1.015 x (W / S) - 84.6 x (Y / W)
- Flesch-Kincaid grade = 0.39 x (W / S) + 11.8 x (Y / W) - 15.59
- SMOG grade = 1.043 x sqrt(P x 30 / S) + 3.1291 (needs 3 sentences or more)
- Gunning fog = 0.4 x (W / S + 100 x P / W)
- Coleman-Liau = 0.0588 x (100 L / W) - 0.296 x (100 S / W) - 15.8

These are the formulas and constants textstat uses for English (textstat's
fog counts "difficult" words against a list of easy words; we use the
original definition, words of three syllables or more). The tests check our
figures against figures worked out by hand and against textstat's formulas.
Grades are US school grades; the UK reading age is the grade plus 5.

One pass over each block's tokens gives the counts of every sentence; blocks,
sections (a heading starts one) and the document add those up. The result is
kept in ``analysis.cache`` so the readability checks and the report share it.

Sentences come from :mod:`plainspeak.language.sentences`; syllables from the
CMU Pronouncing Dictionary (:mod:`plainspeak.language.words`), with British
spellings tried in their American form, and a vowel-group estimate for words
the dictionary does not know.
"""

from __future__ import annotations

import math
import re
import weakref
from dataclasses import dataclass
from typing import Any

from plainspeak.language.sentences import _hash_set, sentence_ranges
from plainspeak.language.words import LETTERS_RE as _LETTERS_RE
from plainspeak.language.words import syllables


@dataclass(slots=True)
class Counts:
    words: int = 0
    sentences: int = 0
    syllables: int = 0
    polysyllables: int = 0  # words of three or more syllables ("long words")
    letters: int = 0

    def add(self, other: "Counts") -> None:
        self.words += other.words
        self.sentences += other.sentences
        self.syllables += other.syllables
        self.polysyllables += other.polysyllables
        self.letters += other.letters


def flesch_reading_ease(c: Counts) -> float | None:
    if not c.words or not c.sentences:
        return None
    return 206.835 - 1.015 * (c.words / c.sentences) - 84.6 * (c.syllables / c.words)


def flesch_kincaid_grade(c: Counts) -> float | None:
    if not c.words or not c.sentences:
        return None
    return 0.39 * (c.words / c.sentences) + 11.8 * (c.syllables / c.words) - 15.59


def smog_index(c: Counts) -> float | None:
    """SMOG grade. It was made for samples of 30 sentences; with fewer than 3 it means nothing."""
    if not c.words or c.sentences < 3:
        return None
    return 1.043 * math.sqrt(c.polysyllables * 30 / c.sentences) + 3.1291


def gunning_fog(c: Counts) -> float | None:
    if not c.words or not c.sentences:
        return None
    return 0.4 * (c.words / c.sentences + 100 * c.polysyllables / c.words)


def coleman_liau_index(c: Counts) -> float | None:
    if not c.words or not c.sentences:
        return None
    return 0.0588 * (100 * c.letters / c.words) - 0.296 * (100 * c.sentences / c.words) - 15.8


def average_sentence_length(c: Counts) -> float | None:
    if not c.sentences:
        return None
    return c.words / c.sentences


def long_words_percent(c: Counts) -> float | None:
    if not c.words:
        return None
    return 100 * c.polysyllables / c.words


def reading_age(grade: float | None) -> float | None:
    """UK reading age in years: the US school grade plus 5."""
    return None if grade is None else grade + 5


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


# The fields of each object in ``readability.sections`` besides its title (JSON contract).
_SECTION_FIELDS = ("words", "sentences", "flesch_reading_ease", "flesch_kincaid_grade", "reading_age")


def summary(c: Counts) -> dict[str, Any]:
    """The scores of the ``readability`` object of the JSON report (without sections)."""
    fkg = flesch_kincaid_grade(c)
    return {
        "words": c.words,
        "sentences": c.sentences,
        "syllables": c.syllables,
        "flesch_reading_ease": _r(flesch_reading_ease(c)),
        "flesch_kincaid_grade": _r(fkg),
        "reading_age": _r(reading_age(fkg)),
        "smog_index": _r(smog_index(c)),
        "gunning_fog": _r(gunning_fog(c)),
        "coleman_liau_index": _r(coleman_liau_index(c)),
        "average_sentence_length": _r(average_sentence_length(c)),
        "polysyllables": c.polysyllables,
        "long_words_percent": _r(long_words_percent(c)),
        "letters": c.letters,
    }



@dataclass(slots=True)
class Sentence:
    block: int  # index of the block
    start: int  # token range [start, end) in the block's doc
    end: int
    words: int = 0
    syllables: int = 0
    polysyllables: int = 0
    letters: int = 0

    def counts(self) -> Counts:
        return Counts(self.words, 1, self.syllables, self.polysyllables, self.letters)

    @property
    def grade(self) -> float | None:
        """Flesch-Kincaid grade of this one sentence."""
        if not self.words:
            return None
        return 0.39 * self.words + 11.8 * (self.syllables / self.words) - 15.59


@dataclass(slots=True)
class Section:
    title: str | None  # heading text; None for text before the first heading
    first_block: int
    counts: Counts


@dataclass(slots=True)
class Stats:
    """A document's readability facts, from one walk over its tokens."""

    total: Counts
    blocks: list[list[Sentence] | None]  # the sentences of each block; None where a block has no text
    sections: list[Section]

    def sentences(self):
        for b in self.blocks:
            if b:
                yield from b


_HEADINGS = ("heading",)
# A web or email address is read as a name: it counts as one word of one syllable and four letters
# (as "link"), not as the dozen syllables its letters would give.
_ADDRESS_RE = re.compile(r"://|^www\.|^[^@\s]+@[^@\s]+\.[a-z]")
ADDRESS_FACTS = (1, 1, 4)
# spaCy splits "council's" into "council" + "'s" and "isn't" into "is" + "n't". These pieces are part of
# the word before, not words of their own: "'s" adds nothing, "n't" adds a syllable ("is-n't", "did-n't";
# this counts "don't" and "can't" one syllable too many).
CLITICS = {c: (0, 0, 0) for a in ("'", "\u2019") for c in (a + "s", a + "re", a + "ll", a + "ve", a + "d", a + "m")}
CLITICS.update({"n't": (0, 1, 2), "n\u2019t": (0, 1, 2)})


class Counter:
    """Counts words, sentences and syllables over analysed blocks, caching per word."""

    def __init__(self, pipeline: Any):
        self.pipeline = pipeline
        # lower-case hash -> (words, syllables, letters): (1, n, letters) for a word, (0, 0, 0) otherwise
        self._facts: dict[int, tuple[int, int, int]] = {}

    def _fact(self, h: int) -> tuple[int, int, int]:
        f = self._facts.get(h)
        if f is None:
            text = self.pipeline.strings[h]
            f = CLITICS.get(text)
            if f is None:
                if not self.pipeline.is_word(h):
                    f = (0, 0, 0)
                elif _ADDRESS_RE.search(text):
                    f = ADDRESS_FACTS
                else:
                    f = (1, max(syllables(text), 1), sum(len(x) for x in _LETTERS_RE.findall(text)))
            self._facts[h] = f
        return f

    def block_sentences(self, bi: int, ba: Any) -> list[Sentence]:
        get = self._facts.get
        lower = ba.lower
        out = []
        for s, e in sentence_ranges(ba):
            w = sy = poly = let = 0
            for h in lower[s:e]:
                f = get(h)
                if f is None:
                    f = self._fact(h)
                if f[0]:
                    w += 1
                    n = f[1]
                    sy += n
                    let += f[2]
                    if n >= 3:
                        poly += 1
                elif f[1]:
                    sy += f[1]
                    let += f[2]
            if w:
                out.append(Sentence(bi, s, e, w, sy, poly, let))
        if not _hash_set("ampm", ("am", "pm")).isdisjoint(lower):
            self._glue_times(ba, out)
        return out

    def _glue_times(self, ba: Any, sentences: list[Sentence]) -> None:
        """spaCy splits "9am" into "9" + "am": count it as one word, as it is written."""
        ampm = _hash_set("ampm", ("am", "pm"))
        lower = ba.lower
        for sent in sentences:
            for k in range(max(sent.start, 1), sent.end):
                if lower[k] in ampm and not ba.spacy[k - 1] and ba.text(k - 1)[-1:].isdigit():
                    _, syl, letters = self._fact(lower[k])
                    sent.words -= 1
                    sent.syllables -= syl
                    sent.letters -= letters

    def count_block(self, ba: Any) -> Counts:
        c = Counts()
        for s in self.block_sentences(0, ba):
            c.add(s.counts())
        return c

    def stats(self, analysis: Any) -> Stats:
        """The document's figures, worked out once and kept in ``analysis.cache``."""
        cached = analysis.cache.get("readability")
        if cached is not None:
            return cached
        total = Counts()
        blocks: list[list[Sentence] | None] = []
        sections: list[Section] = []
        current: Section | None = None
        doc_blocks = analysis.document.blocks
        for bi, ba in enumerate(analysis.blocks):
            block = doc_blocks[bi]
            if block.kind in _HEADINGS or current is None:
                title = " ".join(block.text.split()) if block.kind in _HEADINGS else block.section
                current = Section(title or None, bi, Counts())
                sections.append(current)
            if ba is None:
                blocks.append(None)
                continue
            sents = self.block_sentences(bi, ba)
            blocks.append(sents)
            c = current.counts
            for s in sents:
                c.words += s.words
                c.sentences += 1
                c.syllables += s.syllables
                c.polysyllables += s.polysyllables
                c.letters += s.letters
        for sec in sections:
            total.add(sec.counts)
        stats = Stats(total=total, blocks=blocks, sections=[s for s in sections if s.counts.words])
        analysis.cache["readability"] = stats
        return stats

    def count(self, analysis: Any) -> Counts:
        return self.stats(analysis).total


_COUNTERS: "weakref.WeakKeyDictionary[Any, Counter]" = weakref.WeakKeyDictionary()


def counter_for(pipeline: Any) -> Counter:
    """One Counter per pipeline, so its per-word cache is shared by the checks and the report."""
    c = _COUNTERS.get(pipeline)
    if c is None:
        c = _COUNTERS[pipeline] = Counter(pipeline)
    return c


def document_stats(analysis: Any) -> Stats:
    return counter_for(analysis.pipeline).stats(analysis)


# -- the report -----------------------------------------------------------------------------

HARDEST_MIN_WORDS = 8  # shorter sentences are not ranked: one long word gives them a silly grade
HARDEST_COUNT = 5


def sentence_text(analysis: Any, sent: Sentence) -> tuple[int, int, str]:
    """Character offsets of a sentence in its block's text, and the text on one line."""
    ba = analysis.blocks[sent.block]
    s, e = sent.start, sent.end
    while s < e - 1 and ba.space[s]:
        s += 1
    while e - 1 > s and ba.space[e - 1]:
        e -= 1
    start = ba.idx[s]
    end = ba.end(e - 1)
    text = analysis.document.blocks[sent.block].text[start:end]
    return start, end, " ".join(text.split())


def hardest_sentences(analysis: Any, stats: Stats, n: int = HARDEST_COUNT) -> list[Sentence]:
    ranked = [s for s in stats.sentences() if s.words >= HARDEST_MIN_WORDS]
    ranked.sort(key=lambda s: (-(s.grade or 0), s.block, s.start))
    return ranked[:n]


def report(analysis: Any) -> dict[str, Any]:
    """The ``readability`` object of the JSON report: scores, sections and the hardest sentences."""
    stats = document_stats(analysis)
    out = summary(stats.total)
    sections = []
    for sec in stats.sections:
        scores = summary(sec.counts)
        sections.append({"section": sec.title, **{k: scores[k] for k in _SECTION_FIELDS}})
    out["sections"] = sections
    hardest = []
    document = analysis.document
    for s in hardest_sentences(analysis, stats):
        start, _end, text = sentence_text(analysis, s)
        grade = s.grade
        hardest.append({
            "text": text,
            "words": s.words,
            "flesch_kincaid_grade": _r(grade),
            "reading_age": _r(reading_age(grade)),
            "location": document.locate(document.blocks[s.block], start).to_dict(),
        })
    out["hardest_sentences"] = hardest
    return out
