"""How a glossary entry is used in a sentence: the optional fields ``inflect``, ``not-when``
and ``exact-forms`` (see glossary/README.md).

- ``inflect: auto | verb | noun | none`` -- how the alternatives follow the matched words
  ("ensuring" -> "making sure", "pathways" -> "routes"); see plainspeak.inflect.
- ``not-when`` -- phrases in which the words mean something else, so the entry does not
  apply. ``~`` stands for the entry's words, ``*`` for one to three other words; words match
  in any form ("keep * ~" finds "kept all residents informed").
- ``exact-forms: true`` -- only the written forms in ``term`` and ``forms`` match, not other
  inflections ("looked after children" must not find "look after children").

``usage_fields(data, path)`` checks the fields of one entry file and returns them for
``Entry``; ``NotWhen`` tests a compiled list of phrases against a block.
"""

from __future__ import annotations

from plainspeak.inflect import INFLECT_CHOICES
from plainspeak.yamlfile import DataFileError

USAGE_KEYS = ("inflect", "not-when", "exact-forms")
STAR_MAX = 3  # "*" stands for one to this many words


def usage_fields(d, path: str) -> dict:
    """The usage fields of one entry, checked. Raises DataFileError with the line."""
    out: dict = {}
    value = d.get("inflect")
    if value is not None:
        if value not in INFLECT_CHOICES:
            from plainspeak.yamlfile import closest

            guess = closest(str(value), INFLECT_CHOICES)
            hint = f" — did you mean '{guess}'?" if guess else ""
            raise DataFileError(path, f"'inflect' must be one of: {', '.join(INFLECT_CHOICES)}{hint}",
                                d.line_of("inflect"))
        out["inflect"] = value
    value = d.get("not-when")
    if value is not None:
        if not isinstance(value, list) or not value:
            raise DataFileError(path, "'not-when' must be a list of phrases, each with ~ for the entry's words "
                                "(for example: keep * ~)", d.line_of("not-when"))
        phrases = []
        for item in value:
            if not isinstance(item, str) or "~" not in item.split():
                raise DataFileError(path, f"each 'not-when' phrase needs ~ (a word on its own) where the entry's "
                                    f"words go, as in 'keep * ~'; '{item}' has none", d.line_of("not-when"))
            words = item.split()
            if words.count("~") != 1:
                raise DataFileError(path, f"'not-when' phrase '{item}' must have exactly one ~",
                                    d.line_of("not-when"))
            if words[0] == "*" or words[-1] == "*":
                raise DataFileError(path, f"'not-when' phrase '{item}' may not start or end with *",
                                    d.line_of("not-when"))
            phrases.append(" ".join(words))
        out["not_when"] = phrases
    value = d.get("exact-forms")
    if value is not None:
        if not isinstance(value, bool):
            raise DataFileError(path, "'exact-forms' must be true or false", d.line_of("exact-forms"))
        out["exact_forms"] = value
    return out


class NotWhen:
    """Compiled ``not-when`` phrases of one entry, matched by lemma keys against a block."""

    def __init__(self, phrases: list[str], pipeline):
        self.items: list[tuple[tuple, tuple]] = []  # (words before ~, words after ~), each a tuple of keys
        for phrase in phrases:
            left, _, right = phrase.partition("~")
            self.items.append((self._keys(left, pipeline), self._keys(right, pipeline)))

    @staticmethod
    def _keys(text: str, pipeline) -> tuple:
        out = []
        for w in text.split():
            out.append("*" if w == "*" else pipeline.phrase_keys(w))
        return tuple(out)

    def applies(self, keys: list[int], first: int, last: int) -> bool:
        """Whether one of the phrases is around tokens first..last (``keys``: the block's
        lemma keys, 0 for spaces)."""
        words = [i for i, k in enumerate(keys) if k]
        try:
            a = words.index(first)
            b = words.index(last)
        except ValueError:
            return False
        ks = [keys[i] for i in words]
        for left, right in self.items:
            if _match_back(ks, a - 1, left) and _match_forward(ks, b + 1, right):
                return True
        return False


def _match_forward(ks: list[int], i: int, parts: tuple) -> bool:
    if not parts:
        return True
    head, rest = parts[0], parts[1:]
    if head == "*":
        for n in range(1, STAR_MAX + 1):
            if i + n <= len(ks) and _match_forward(ks, i + n, rest):
                return True
        return False
    m = len(head)
    return i + m <= len(ks) and tuple(ks[i:i + m]) == tuple(head) and _match_forward(ks, i + m, rest)


def _match_back(ks: list[int], i: int, parts: tuple) -> bool:
    if not parts:
        return True
    head, rest = parts[-1], parts[:-1]
    if head == "*":
        for n in range(1, STAR_MAX + 1):
            if i - n + 1 >= 0 and _match_back(ks, i - n, rest):
                return True
        return False
    m = len(head)
    return i - m + 1 >= 0 and tuple(ks[i - m + 1:i + 1]) == tuple(head) and _match_back(ks, i - m, rest)
