"""Sentences: spaCy's sentencizer, corrected for the abbreviations of service documents.

spaCy's sentencizer splits after every full stop token, so "No. 5" and "para. 4"
become two sentences. :func:`sentence_ranges` joins a split after a known
abbreviation ("No.", "para.", "Dr.") and a split followed by a lower-case word
("etc. and"). "e.g.", "a.m.", "3.5" and "£1.50" are single tokens already and never
split; a sentence that ends with "a.m.", "p.m." or "etc." is split off.
"""

from __future__ import annotations

from typing import Any

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


def _hash_set(name: str, words: tuple[str, ...]) -> frozenset[int]:
    h = _hashes.get(name)
    if h is None:  # spaCy's string hashes are the same in every vocabulary
        from spacy.strings import get_string_id

        h = _hashes[name] = frozenset(get_string_id(w) for w in words)
    return h


def sentence_ranges(ba: Any) -> list[tuple[int, int]]:
    """The block's sentences as token ranges, with splits after abbreviations joined up,
    and sentences that end with "a.m.", "p.m." or "etc." split off."""
    sents = ba.sentences
    if len(sents) > 1:
        out = [sents[0]]
        for s, e in sents[1:]:
            ps, pe = out[-1]
            if _joins(ba, ps, pe, s):
                out[-1] = (ps, e)
            else:
                out.append((s, e))
        sents = out
    ends = _hash_set("ends", _END_ABBREVIATIONS)
    if sents and not ends.isdisjoint(ba.lower):
        sents = _split_after_abbreviations(ba, sents, ends)
    return sents


def _split_after_abbreviations(ba: Any, sents: list[tuple[int, int]], ends: frozenset[int]) -> list[tuple[int, int]]:
    lower, space, spacy = ba.lower, ba.space, ba.spacy
    out = []
    for s, e in sents:
        start = s
        for k in range(s, e - 1):
            if lower[k] not in ends or not spacy[k]:
                continue
            j = k + 1
            while j < e and space[j]:
                j += 1
            if j >= e:
                break
            low = ba.lower_text(j)
            if ba.text(j)[:1].isupper() and low not in _NOT_A_NEW_SENTENCE and low not in \
                    TITLE_ABBREVIATIONS:
                out.append((start, j))
                start = j
        out.append((start, e))
    return out


def _joins(ba: Any, ps: int, pe: int, s: int) -> bool:
    space = ba.space
    # last non-space token of the previous sentence
    k = pe - 1
    while k > ps and space[k]:
        k -= 1
    if k == ps or ba.text(k) != ".":
        return False
    j = s
    while space[j] and j + 1 < len(space):
        j += 1
    ch = ba.text(j)[:1]
    if ch.islower():
        return True  # "etc. and more"
    if ba.spacy[k - 1]:
        return False  # "end ." is punctuation, not an abbreviation
    word = ba.lower_text(k - 1)
    if word in TITLE_ABBREVIATIONS:
        return True
    return word in NUMBER_ABBREVIATIONS and ch.isdigit()

