"""Context that decides whether words in a sentence are a label to report, shared by the
``glossary`` and ``pattern`` checks, and how a person-word suggestion agrees with them.

- names of laws, bodies and programmes that must stay as they are (``ProtectedNames``),
  and any multi-word capitalised name ("Single Point of Access", "Public Health Outcomes
  Framework"): ``in_capitalised_name``;
- quotations (someone's own words, a quoted definition): ``in_quotes``;
- entries in a list of references or further reading (titles of papers and guidance):
  ``is_reference``;
- a word joined to its neighbour by a hyphen ("trauma-informed"): ``in_compound``;
- "a"/"an" and singular or plural person words (``agree``).
"""

from __future__ import annotations

import re

QUOTE_NOTE = (" This is in quotation marks: if these are someone's own words about themselves, "
              "or a quote, keep them; otherwise use other words.")

_VOWEL_SOUND = re.compile(r"^(?:[aeio]|u(?!ni|se|su|ro|ti|ku)|hour|honest|heir)", re.I)


def article_for(phrase: str) -> str:
    return "an" if _VOWEL_SOUND.match(phrase.strip()) else "a"


# Names of laws, bodies, programmes and groups that must stay as they are: a label
# inside one is not flagged (explain the name instead of replacing it).
PROTECTED_NAMES = (
    "Young Offender Institution", "Young Offenders Institution", "Young Offender Institutions",
    "Rehabilitation of Offenders Act", "Sex Offenders Act", "Violent and Sex Offender Register",
    "Sex Offenders Register", "Housing (Homeless Persons) Act", "Homeless Persons Act",
    "Homeless Persons Unit", "Homeless Persons Team", "Homeless Person's Team", "Homeless Persons' Team",
    "Rough Sleepers Initiative", "Rough Sleepers Unit",
    "Alcoholics Anonymous", "Narcotics Anonymous", "Cocaine Anonymous",
    "Protection of Vulnerable Adults", "Offender Management", "Offender Manager",
    "Integrated Offender Management", "Prolific and Priority Offender",
    "Drug Users Forum", "Epilepsy Action", "Homeless Link", "Crisis",
    "Challenging Behaviour Foundation", "Vagrancy Act", "Street Offences Act",
)

# Organisations and staff "fail to attend" and "refuse to engage" too; labels about a
# person's behaviour are not flagged when one of these is the word before.
NOT_PEOPLE = (
    "landlord", "council", "staff", "officer", "agency", "partner", "provider", "team", "manager",
    "contractor", "police", "colleague", "member", "representative", "service", "authority",
    "board", "panel", "chair", "trust", "practice", "surgery", "school", "solicitor", "worker",
    "gp", "department", "organisation", "company", "employer", "hospital", "landlady",
)
BEHAVIOUR_VERBS = ("fail", "refuse", "failure", "refusal")

_SING_ALT = re.compile(r"\b(?:person|adult|child|woman|man|someone|household)\b", re.I)
_PLUR_ALT = re.compile(r"\b(?:people|adults|children|women|men|families|households|those)\b", re.I)
_PLURAL_WORDS = {"people", "men", "women", "children", "folk"}


class ProtectedNames:
    """Find protected names in a block, by lemma keys. One per pipeline."""

    _cache: dict[int, "ProtectedNames"] = {}

    @classmethod
    def get(cls, pipeline) -> "ProtectedNames":
        got = cls._cache.get(id(pipeline))
        if got is None or got.pipeline is not pipeline:
            got = cls._cache[id(pipeline)] = cls(pipeline)
        return got

    def __init__(self, pipeline):
        self.pipeline = pipeline
        self.by_first: dict[int, list[tuple[int, ...]]] = {}
        for name in PROTECTED_NAMES:
            keys = tuple(k for k in pipeline.phrase_keys(name)
                         if pipeline.strings[k] not in ("(", ")"))
            if len(keys) > 1:
                self.by_first.setdefault(keys[0], []).append(keys)
        for v in self.by_first.values():
            v.sort(key=lambda c: -len(c))

    def spans(self, ba) -> list[tuple[int, int]]:
        """Token ranges [first, last] of protected names in the block."""
        out = []
        pos = [i for i, k in enumerate(ba.keys) if k and ba.doc[i].text not in ("(", ")")]
        ks = [ba.keys[i] for i in pos]
        by_first = self.by_first
        n = len(ks)
        for j, k in enumerate(ks):
            for keys in by_first.get(k, ()):
                m = len(keys)
                if j + m <= n and tuple(ks[j:j + m]) == keys:
                    out.append((pos[j], pos[j + m - 1]))
                    break
        return out


def is_plural_token(tok, lemma: str) -> bool:
    low = tok.lower_
    return low in _PLURAL_WORDS or (low != lemma and low.endswith("s"))


_VERB_PLURAL = {"is": "are", "was": "were", "has": "have", "does": "do"}


def pluralise(alternative: str) -> str | None:
    """'person who uses drugs' -> 'people who use drugs'; None when unsure."""
    m = re.match(r"^(?:a |an )?person (who|that) (\w+)( .*)?$", alternative)
    if m:
        verb = m.group(2)
        if verb in _VERB_PLURAL:
            verb = _VERB_PLURAL[verb]
        elif verb.endswith(("ches", "shes", "sses", "xes")):
            verb = verb[:-2]
        elif verb.endswith("s") and not verb.endswith("ss"):
            verb = verb[:-1]
        else:
            return None
        return f"people {m.group(1)} {verb}{m.group(3) or ''}"
    m = re.match(r"^(?:a |an )?person with an? (\w+)$", alternative)
    if m and not m.group(1).endswith("s"):
        return f"people with {m.group(1)}s"
    m = re.match(r"^(?:a |an )?person ((?:\w+ing|in|on|at|without|from|of) .*)$", alternative)
    if m:
        return f"people {m.group(1)}"
    return None


def agree(ba, first: int, last: int, start: int, alternatives: list[str], pipeline) -> tuple[int, list[str]]:
    """Order glossary alternatives to agree with the matched words, and fix a/an.

    A plural match puts plural alternatives ("people ...") first; a singular one,
    singular ones ("person ..."). After "a"/"an", only singular alternatives fit:
    if the article must change, the finding takes in the article and each
    suggestion brings its own ("an addict" -> "a person with an addiction").
    """
    doc = ba.doc
    tok = doc[last]
    plural = is_plural_token(tok, pipeline.strings[ba.keys[last]])
    sing = [a for a in alternatives if _SING_ALT.search(a) and not _PLUR_ALT.search(a)]
    plur = [a for a in alternatives if _PLUR_ALT.search(a) and not _SING_ALT.search(a)]
    if not sing and not plur:
        return start, alternatives
    rest = [a for a in alternatives if a not in sing and a not in plur]
    if plural:
        if not plur:  # make plurals of the singular ones: "person who uses" -> "people who use"
            plur = [p for p in (pluralise(a) for a in sing) if p]
            sing = []
        return start, plur + rest + sing if plur else alternatives
    ordered = sing + rest + plur if sing else alternatives
    # the word before, skipping spaces
    i = first - 1
    while i >= 0 and not ba.keys[i]:
        i -= 1
    if i >= 0 and doc[i].lower_ in ("a", "an") and sing:
        art = doc[i].lower_
        if article_for(sing[0]) != art:
            cap = doc[i].text[:1].isupper()
            fixed = []
            for a in sing:
                s = f"{article_for(a)} {a}"
                fixed.append(s[:1].upper() + s[1:] if cap else s)
            return doc[i].idx, fixed
    return start, ordered


# -- quotation marks -------------------------------------------------------------------

_OPEN = {"\u201c": "\u201d", "\u2018": "\u2019", '"': '"', "'": "'", "\u00ab": "\u00bb"}


def in_quotes(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] sits inside quotation marks in its block.

    Looks back from the match for an opening mark (not an apostrophe inside a
    word) with no closing mark between, and forward for its closing mark.
    """
    lo = max(0, start - 400)
    i = start - 1
    while i >= lo:
        c = text[i]
        if c in "\u201d\u00bb":
            return False
        if c in _OPEN and _opening(text, i):
            close = _OPEN[c]
            j = end
            hi = min(len(text), end + 400)
            while j < hi:
                d = text[j]
                if d == close and _closing(text, j):
                    return True
                if d in "\u201c\u00ab" or (d == c and c not in "\"'" and _opening(text, j)):
                    return False
                j += 1
            return False
        if c in "\u2019'\"" and _closing(text, i) and not _opening(text, i):
            return False
        if c == "\n" and i > 0 and text[i - 1] == "\n":
            return False
        i -= 1
    return False


def _opening(text: str, i: int) -> bool:
    c = text[i]
    if c in "\u201c\u00ab":
        return True
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if c in "\u2018'":
        return not before.isalnum() and (after.isalnum())
    if c == '"':
        return not before.isalnum() and not after.isspace()
    return False


def _closing(text: str, i: int) -> bool:
    c = text[i]
    if c in "\u201d\u00bb":
        return True
    after = text[i + 1] if i + 1 < len(text) else " "
    if c in "\u2019'":
        return not after.isalnum()
    if c == '"':
        return not after.isalnum()
    return False
