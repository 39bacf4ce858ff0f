"""Make a suggestion agree with the words it replaces: number, verb form and capital.

A glossary entry lists its alternatives in their plain form ("make sure" for
"ensure", "route" for "pathway"). In a sentence the matched words may be
"ensuring", "required" or "pathways"; a drop-in suggestion must take the same
form ("making sure", "needed", "routes"), or a member of staff stops trusting
the tool. The forms come from lemminflect (a maintained English inflection
library with a lexicon and rules for unknown words), not from hand-written
endings.

``fit(alternative, matched, before, how)`` returns the alternative in the
matched words' form, or None when it cannot be made to fit (the caller then
offers it only as an example). ``how`` is the entry's ``inflect`` setting:

- ``auto`` (the default): a verb form ("ensuring", "required", "ensures")
  makes the alternative's first word take that form; a plural noun makes the
  alternative's last word plural, a singular noun singular;
- ``verb`` or ``noun``: only that kind of agreement; any other form of the
  matched words cannot be fitted;
- ``none``: the alternatives are used as written.

``cased(suggestion, matched)`` gives the suggestion the matched words' capital.
"""

from __future__ import annotations

from functools import lru_cache

INFLECT_CHOICES = ("auto", "verb", "noun", "none")

# Verb forms (Penn tags) a matched word can have, and what they need of an alternative.
VERB_TAGS = ("VBG", "VBD", "VBN", "VBZ")
# en-GB past participles where lemminflect gives the US form first.
_BRITISH = {"gotten": "got", "forgotten": "forgotten"}
# Words before a past form that make it a participle ("was obtained", "has been done").
_AUX = {"be", "is", "are", "was", "were", "been", "being", "am", "'s", "'re", "has", "have", "had",
        "having", "get", "gets", "got", "getting"}
# Words before a past form that make it a simple past ("who obtained it", "they required").
_SUBJECT = {"i", "you", "he", "she", "it", "we", "they", "who", "which", "that"}
# Adverbs and negation that may sit between an auxiliary and the verb.
_SKIP = {"not", "also", "then", "already", "always", "never", "often", "usually", "still", "just",
         "only", "all", "both", "each", "n't", "routinely", "previously", "recently", "since"}


@lru_cache(maxsize=20000)
def tags_of(word: str) -> frozenset[str]:
    """The Penn tags a written word can have as a verb or noun form ("required": VBD, VBN)."""
    from lemminflect import getAllInflections, getAllLemmas

    from lemminflect import getInflection

    low = word.lower()
    out: set[str] = set()
    for upos, lemmas in getAllLemmas(low).items():
        if upos not in ("VERB", "NOUN"):
            continue
        for lemma in lemmas:
            for tag, forms in getAllInflections(lemma, upos=upos).items():
                if low in forms:
                    out.add(tag)
            # The lexicon lists a past participle only where it differs from the past tense.
            if upos == "VERB" and ("VBD" in out) != ("VBN" in out):
                missing = "VBN" if "VBD" in out else "VBD"
                if low in getInflection(lemma, tag=missing):
                    out.add(missing)
    return frozenset(out)


@lru_cache(maxsize=20000)
def _inflect(word: str, tag: str) -> str | None:
    from lemminflect import getAllLemmas, getInflection

    low = word.lower()
    upos = "VERB" if tag.startswith("VB") else "NOUN"
    lemmas = getAllLemmas(low).get(upos)
    lemma = lemmas[0] if lemmas else None
    if lemma is None:
        if upos == "VERB":
            return None
        lemma = low
    got = getInflection(lemma, tag=tag)
    if not got:
        return None
    form = _BRITISH.get(got[0], got[0])
    return form


def is_verb(word: str) -> bool:
    from lemminflect import getAllLemmas

    return "VERB" in getAllLemmas(word.lower())


def matched_form(words: list[str], before: list[str], after: list[str] = ()) -> tuple[str, int] | None:
    """The form of the matched words that an alternative must copy: (tag, index of the word).

    The first word that is a clear verb form (-ing, -ed, -s) decides for verbs; else the last
    word decides singular or plural for nouns. ``before``: the words before the match, nearest
    last, to tell a past participle ("was required") from a simple past ("they required").
    """
    for i, w in enumerate(words):
        tags = tags_of(w)
        verb = [t for t in VERB_TAGS if t in tags]
        if not verb:
            continue
        if i + 1 < len(words) and tags_of(words[i + 1]) & {"NN", "NNS"}:
            continue  # a participle before a noun ("completed suicide") describes the noun
        if "VBG" in verb:
            return "VBG", i
        if "VBZ" in verb and not ({"NNS"} & tags and i == len(words) - 1):
            return "VBZ", i
        if "VBD" in verb or "VBN" in verb:
            if "VBD" not in verb:
                return "VBN", i
            if "VBN" not in verb:
                return "VBD", i
            return _past_kind(before, after), i
    last = words[-1] if words else ""
    tags = tags_of(last)
    if "NNS" in tags and "NN" not in tags:
        return "NNS", len(words) - 1
    if "NN" in tags:
        return "NN", len(words) - 1
    return None


def _past_kind(before: list[str], after: list[str] = ()) -> str:
    if after and after[0].lower() == "by":
        return "VBN"  # "the support provided by the council"
    for n, w in enumerate(reversed(before[-4:])):
        low = w.lower()
        if low in _SKIP or low.endswith("ly"):
            continue
        if low in _AUX:
            return "VBN"
        if low in _SUBJECT:
            return "VBD"
        if n == 0 and tags_of(low) & {"NN", "NNS"} and not tags_of(low) & set(VERB_TAGS):
            return "VBD"  # "the charities participated": a subject, then its verb
        break
    return "VBN"


# Words that show an alternative is a clause or a phrase with its own head ("people who use
# drugs", "the people who plan and pay for services"): its last word is not its head noun.
_CLAUSE = {"who", "that", "which", "whose", "for", "of", "to", "with", "without", "in", "on", "at", "about",
           "from", "by", "and", "or"}


def fit(alternative: str, words: list[str], before: list[str], how: str = "auto",
        written: tuple[str, ...] = (), after: list[str] = ()) -> str | None:
    """The alternative in the form of the matched ``words``, or None when it cannot fit.
    ``written``: the entry's own phrases, lower case; a match written the same way takes the
    alternatives as they are (they were written for it: "in terms of" -> "about")."""
    if how == "none" or not words:
        return alternative
    if " ".join(w.lower() for w in words) in written:
        return alternative
    form = matched_form(words, before, after)
    if form is None:
        return alternative
    tag, _ = form
    parts = alternative.split()
    if not parts:
        return alternative
    if tag in VERB_TAGS:
        if how == "noun":
            return None
        first = parts[0]
        if tag in tags_of(first) and is_verb(first):
            return alternative  # already in that form ("making sure")
        if not is_verb(first):
            return None  # "before" cannot stand for "requiring"
        new = _inflect(first, tag)
        if new is None:
            return None
        return " ".join([new, *parts[1:]])
    # nouns: the number of the matched words
    if how == "verb":
        return alternative
    if _CLAUSE & {p.lower() for p in parts}:
        return alternative  # "the people who plan and pay for services": leave as written
    last = parts[-1]
    ltags = tags_of(last)
    if not ltags & {"NN", "NNS"}:
        return alternative
    if tag == "NNS" and "NNS" not in ltags:
        new = _inflect(last, "NNS")
    elif tag == "NN" and "NN" not in ltags:
        new = _inflect(last, "NN")
    else:
        return alternative
    if not new:
        return None
    return " ".join([*parts[:-1], new])


def cased(suggestion: str, matched: str) -> str:
    """Give the suggestion the capital of the matched words ("Utilising" -> "Using")."""
    first = next((c for c in matched if c.isalpha()), "")
    if first.isupper() and suggestion[:1].islower():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


def plural_noun(word: str) -> str | None:
    """The plural of a noun ("adult" -> "adults"), or None if it is not a noun."""
    if "NN" not in tags_of(word):
        return None
    return _inflect(word, "NNS")
