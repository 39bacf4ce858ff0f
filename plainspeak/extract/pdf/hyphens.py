"""Joining the lines of a block, and undoing hyphenation at line ends ("home-" + "lessness")."""

from __future__ import annotations

import re


# Prefixes that keep their hyphen even where the joined word is in the word
# list ("co-operate", "non-urgent", "well-being", "self-referral").
KEEP_HYPHEN_PREFIXES = frozenset({
    "self", "co", "non", "anti", "multi", "semi", "well", "half", "mid", "ill", "cross", "ex", "pre", "post",
})
# ...but for "ex", "pre" and "post" only when the joined word is not a word
# ("ex-perience" is hyphenation, "ex-offender" is not).
_WEAK_PREFIXES = frozenset({"ex", "pre", "post"})

# One word list and one British-to-American spelling table for all of plainspeak.
from plainspeak.language.words import UK_US as _UK_US  # noqa: E402
from plainspeak.language.words import word_list  # noqa: E402

_SUFFIXES = (("'s", ""), ("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ied", "y"),
             ("ing", ""), ("ing", "e"), ("ly", ""), ("er", ""), ("ers", ""), ("ness", ""), ("ment", ""),
             ("ments", ""))


def known_word(word: str) -> bool:
    words = word_list()
    w = word.lower().replace("’", "'").strip("'")
    candidates = {w}
    us = w
    for pattern, repl in _UK_US:
        us = pattern.sub(repl, us)
    candidates.add(us)
    for c in list(candidates):
        if c in words:
            return True
        for suffix, repl in _SUFFIXES:
            if c.endswith(suffix) and len(c) - len(suffix) >= 3 and c[: -len(suffix)] + repl in words:
                return True
    return False


def drop_line_end_hyphen(left: str, right: str) -> bool:
    """Was "left-" at a line end + "right" one word broken by the typesetter?

    True: join as one word ("home-" + "lessness"). False: a real hyphen
    ("co-" + "production", "self-" + "referral", "step-" + "down").
    """
    if not left or not right:
        return False
    if right[0].isupper() and not (left.isupper() and right.isupper()):
        return False  # "anti-" + "Semitic", "pre-" + "Covid"
    prefix = left.lower()
    joined = prefix + right.lower()
    if not word_list():
        return not (len(left) > 2 and len(right) > 2)  # no word list: only join short stubs
    if prefix in KEEP_HYPHEN_PREFIXES and known_word(right):
        if prefix not in _WEAK_PREFIXES or not known_word(joined):
            return False
    if known_word(joined):
        return True
    if known_word(left) and known_word(right) and len(right) > 1:
        return False  # a compound: "step-down", "move-on", "ex-offender"
    return True  # not words on their own: the pieces of one word ("accommo-" + "dation")


_HYPHENS = "-\u2010"
_LEFT_WORD = re.compile(r"([^\W\d_]+)[" + _HYPHENS + r"]$")
_RIGHT_WORD = re.compile(r"[^\W\d_]+")


def join_lines(lines: list[str]) -> str:
    text = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if not text:
            text = line
        elif text.endswith("\u00ad"):
            text = text[:-1] + line  # a soft hyphen is always hyphenation
        elif text[-1] in _HYPHENS and len(text) >= 2 and text[-2].isalnum():
            left = _LEFT_WORD.search(text)
            right = _RIGHT_WORD.match(line)
            if left and right and drop_line_end_hyphen(left.group(1), right.group(0)):
                text = text[:-1] + line
            else:
                text += line  # keep the hyphen, no space: "co-production"
        elif text.endswith("/") and re.search(r"(?:://|www\.)\S*$", text):
            text += line  # a web address broken after a slash
        else:
            text += " " + line
    return text.replace("\u00ad", "")


