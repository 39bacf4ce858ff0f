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
from functools import lru_cache
from typing import Any

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
        self.brackets = frozenset(pipeline.strings.add(b) for b in ("(", ")"))
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
        brackets = self.brackets
        pos = [i for i, k in enumerate(ba.keys) if k and ba.orth[i] not in brackets]
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
    m = re.match(r"^(?:a |an )?person ((?:\w+ing|in|on|at|with|without|from|of) .*)$", alternative)
    if m:
        return f"people {m.group(1)}"
    # "adult at risk" -> "adults at risk", "child who needs ..." -> "children who need ..."
    m = re.match(r"^(?:a |an )?(\w+) (who|that) (\w+)( .*)?$", alternative)
    if m and m.group(1).lower() in _PERSON_NOUNS:
        verb = _plural_verb(m.group(3))
        noun = _plural_person(m.group(1))
        if verb and noun:
            return f"{noun} {m.group(2)} {verb}{m.group(4) or ''}"
        return None
    m = re.match(r"^(?:a |an )?(\w+)( (?:at|in|on|with|without|from|of|living|staying|sleeping|using|"
                 r"experiencing|facing|affected|leaving)\b.*)$", alternative)
    if m and m.group(1).lower() in _PERSON_NOUNS:
        noun = _plural_person(m.group(1))
        return f"{noun}{m.group(2)}" if noun else None
    return None


_PERSON_NOUNS = {"adult", "child", "woman", "man", "parent", "carer", "tenant", "resident", "family",
                 "household", "girl", "boy", "mother", "father", "individual", "patient", "client"}


def _plural_person(noun: str) -> str | None:
    from plainspeak.inflect import plural_noun

    return plural_noun(noun)


def _plural_verb(verb: str) -> str | None:
    if verb in _VERB_PLURAL:
        return _VERB_PLURAL[verb]
    if verb.endswith(("ches", "shes", "sses", "xes")):
        return verb[:-2]
    if verb.endswith("s") and not verb.endswith("ss"):
        return verb[:-1]
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


# -- names written with capitals -------------------------------------------------------

# Small words that may sit inside a name ("Single Point of Access", "Children in Need").
_NAME_JOINERS = {"of", "and", "for", "the", "to", "in", "on", "at", "by", "with", "from", "&", "'s", "\u2019s",
                 "a", "an", "-", "\u2013"}
# Last words that mark a capitalised run as the name of a body, law, project or document.
NAME_ENDINGS = {
    "act", "acts", "regulations", "order", "bill", "code", "unit", "units", "team", "teams", "service",
    "services", "board", "boards", "initiative", "programme", "program", "forum", "project", "centre",
    "center", "network", "partnership", "conference", "strategy", "review", "framework", "inquiry",
    "trust", "foundation", "association", "society", "alliance", "group", "council", "commission",
    "office", "agency", "hub", "panel", "plan", "policy", "procedure", "procedures", "guidance",
    "survey", "audit", "assessment", "profile", "report", "standards", "scheme", "fund", "charter",
    "concordat", "institute", "institution", "department", "ministry", "court", "access", "register",
    "awards", "award", "week", "day", "campaign", "pathway", "model", "toolkit", "list", "form",
}


def _is_cap(text: str) -> bool:
    return text[:1].isupper() and not text.isupper() or (text.isupper() and len(text) > 1 and text.isalpha()
                                                         and len(text) <= 5)


def capitalised_run(doc, first: int, last: int) -> tuple[int, int] | None:
    """The run of capitalised words (with small joining words) around tokens first..last, as
    token indexes, when the matched words are capitalised and the run has at least two
    capitalised words besides a capital that only starts a sentence; else None."""
    words = [t for t in doc[first:last + 1] if not t.is_space and t.text.strip()]
    if not words or not _is_cap(words[0].text):
        return None
    if not all(_is_cap(t.text) or t.lower_ in _NAME_JOINERS for t in words):
        return None

    def part(t) -> bool:
        return _is_cap(t.text) or t.lower_ in _NAME_JOINERS

    lo = first
    i = first - 1
    while i >= 0 and (doc[i].is_space or part(doc[i])):
        if not doc[i].is_space:
            lo = i
        if doc[i].is_sent_start:
            break
        i -= 1
    while lo < first and (doc[lo].lower_ in _NAME_JOINERS or doc[lo].is_space):
        lo += 1
    hi = last
    i = last + 1
    while i < len(doc) and (doc[i].is_space or part(doc[i])) and not doc[i].is_sent_start:
        if not doc[i].is_space:
            hi = i
        i += 1
    while hi > last and (doc[hi].lower_ in _NAME_JOINERS or doc[hi].is_space):
        hi -= 1
    caps = [i for i in range(lo, hi + 1)
            if not doc[i].is_space and _is_cap(doc[i].text) and not (i == lo and doc[i].is_sent_start)]
    if len(caps) < 2:
        return None
    return lo, hi


def in_capitalised_name(ba, first: int, last: int, need_ending: bool = False) -> bool:
    """Whether tokens first..last of a block (its BlockAnalysis) are part of a multi-word
    capitalised name in running text ("the Single Point of Access", "Public Health Outcomes
    Framework", "Safeguarding Vulnerable Groups Act"). With ``need_ending``, the name must end
    in a word such as Act, Team, Service or Review (for labels of people, where a capital
    alone is weaker evidence)."""
    # the matched words first, from the token lists: most matches are not capitalised, and
    # then the block's Doc is not needed
    words = [i for i in range(first, last + 1) if not ba.space[i] and ba.text(i).strip()]
    if not words or not _is_cap(ba.text(words[0])):
        return False
    if not all(_is_cap(ba.text(i)) or ba.lower_text(i) in _NAME_JOINERS for i in words):
        return False
    doc = ba.doc
    run = capitalised_run(doc, first, last)
    if run is None:
        return False
    lo, hi = run
    if need_ending:
        last_word = doc[hi].lower_
        if last_word not in NAME_ENDINGS:
            return False
    return True


def mostly_capitals(text: str) -> bool:
    """Text in capitals or in Title Case throughout (a heading-like line): capitals there do
    not mark names."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'\u2019-]*", text)]
    if len(words) < 2:
        return True
    small = {"of", "and", "for", "the", "to", "in", "on", "at", "by", "with", "from", "a", "an", "or"}
    content = [w for w in words if w.lower() not in small]
    if not content:
        return True
    return sum(1 for w in content if w[:1].isupper()) / len(content) > 0.8


# -- references and reading lists ------------------------------------------------------

_REFERENCE_SECTION = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\s*)?(?:references?|bibliography|works cited|sources?|further (?:information|reading|"
    r"guidance|resources)|useful (?:links|resources|reading)|reading list|related (?:guidance|documents)|"
    r"legal framework|primary legislation|secondary legislation|legislation)\s*:?\s*$", re.I)
_CITATION = re.compile(
    r"(?:\bet al\.|\bdoi\b|doi\.org/|\bAvailable (?:from|at):|\[Accessed|\b(?:19|20)\d\d;\s*\d)")
# "1. Fazel S, Geddes JR. The health of ... 2014": authors with initials, and a year
_AUTHORS = re.compile(r"^\s*\[?\d{0,3}[\].]?\s*[A-Z][A-Za-z'\u2019-]+,? (?:[A-Z]{1,3}|[A-Z]\.(?: ?[A-Z]\.)*)[,.;] ")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


# Every text that _CITATION can match holds one of these: a quick test first, as most blocks
# hold none of them and the regular expression is slow to rule out.
_CITATION_HINTS = ("et al.", "doi", "Available ", "[Accessed", ";")


@lru_cache(maxsize=4096)
def _reference_section(section: str) -> bool:
    return bool(_REFERENCE_SECTION.match(section))


def is_reference(block) -> bool:
    """Whether a block is an entry in a list of references or further reading: its words are
    the titles of papers, laws and guidance, which a writer cannot change."""
    if block.kind != "heading" and _reference_section(block.section or ""):
        return True
    text = block.text
    if any(h in text for h in _CITATION_HINTS) and _CITATION.search(text):
        return True
    return bool(_AUTHORS.match(text) and _YEAR.search(text))


# -- hyphen compounds ------------------------------------------------------------------

def in_compound(ba, first: int, last: int) -> bool:
    """Whether the matched words (tokens first..last of a block: its BlockAnalysis) are
    joined by a hyphen to the word before or after ("trauma-informed", "user-led"): the
    compound is its own term."""
    spacy = ba.spacy
    n = len(spacy)

    def hyphen(i: int) -> bool:
        return 0 <= i < n and ba.text(i) in ("-", "\u2010", "\u2011") and not spacy[i] \
            and (i == 0 or not spacy[i - 1])
    before = first - 1
    after = last + 1
    if hyphen(before) and before > 0 and ba.text(before - 1)[:1].isalnum():
        return True
    if hyphen(after) and after + 1 < n and ba.text(after + 1)[:1].isalnum() \
            and not spacy[last]:
        return True
    return False


# -- which pattern rules are switched on (one label, one rule; see checks/owners.py) ----

# id(check context) -> (codes of the pattern rules switched on, the pattern check)
_enabled: dict[int, tuple[set[str], Any]] = {}


def set_enabled_rules(context: Any, codes: set[str], check: Any = None) -> None:
    if len(_enabled) > 64:
        _enabled.clear()
    _enabled[id(context)] = (set(codes), check)


def enabled_rules(context: Any) -> set[str]:
    return _enabled.get(id(context), (set(), None))[0]
