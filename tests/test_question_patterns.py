"""The form-field patterns of plainspeak.questions were made faster with a look-ahead at
their first character, and a contents-line test that looks at the last character first.
They must find exactly what the plain patterns found: these tests compare them, match for
match, with the plain patterns over many made-up strings."""

import random
import re

import pytest

from plainspeak import questions as q

PLAIN_BLANK = re.compile(r"_{3,}|\.{5,}(?![.\s]*\d)|…{2,}(?![…\s]*\d)|\[\s*\]|\(\s{1,}\)|[" + q.BOXES + "]")
PLAIN_YES_NO = re.compile(r"\b(?:y\s*/\s*n|yes\s*/\s*no|yes\s+or\s+no|no\s*/\s*yes)\b|\byes\s*["
                          + q.BOXES + "]", re.I)
PLAIN_SIGN_OFF = re.compile(r"\bsignature\b|\bsigned\b", re.I)

PIECES = ["Yes", "yes", "YES", "No", "no", "Y", "y", "N", "n", "/", " / ", " or ", "or", " ", "  ", "\t", "\n",
          "___", "__", "_", ".....", "....", ".", "……", "…", "[", "]", "[ ]", "( )", "()", "(", ")", "☐", "○", "❍",
          "Signature", "signed", "SIGNED", "signatures", "sign", "ed", "ſigned", "7", "12", "٣", "²", "\u00a0",
          "Name:", "Date of birth", "Do you have a GP?", "Kelvin", "K", "é", "ÿ", "ñ", "yes☐", "n/a"]


def _strings(n=4000, seed=7):
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 9))) for _ in range(n)]


def _spans(pattern, text):
    return [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("fast, plain", [(q.BLANK_RE, PLAIN_BLANK), (q.YES_NO_RE, PLAIN_YES_NO),
                                         (q._SIGN_OFF_RE, PLAIN_SIGN_OFF)], ids=["blank", "yes-no", "sign-off"])
def test_fast_patterns_match_exactly_what_the_plain_ones_match(fast, plain):
    texts = _strings()
    assert sum(1 for t in texts if plain.search(t)) > 150  # the strings do hit the pattern
    for text in texts:
        assert _spans(fast, text) == _spans(plain, text), text
        assert fast.sub("#", text) == plain.sub("#", text), text


def test_contents_line_agrees_with_the_pattern():
    texts = _strings(seed=11) + ["Introduction ........ 3", "Introduction …… 12\n", "Title    4 ", "Title ٣",
                                 "Title    ٣", "Title    ²", "Title ....\u00a012\u00a0", "Page 3 of 4", "3"]
    hits = 0
    for text in texts:
        expected = q.CONTENTS_RE.search(text) is not None
        assert q._contents_line(text) == expected, text
        hits += expected
    assert hits >= 5
