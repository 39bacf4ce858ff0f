"""How documents spell out their acronyms, and which capital letters are codes, not acronyms.

Used by the acronym check (plainspeak/checks/acronyms.py). The forms of a definition:

- the words, then the short form in brackets: "Homelessness Reduction Act (HRA)",
  "Payment by account(PBA)", "index of multiple deprivation (IMD 2019)";
- the short form, then the words in brackets: "SECAMB (South East Coast Ambulance Service)";
- inside brackets after another name: "(formerly Public Health England / PHE)";
- the words straight before the short form, with no brackets, as forms, tables and
  PDF text often have: "anti-social behaviour ASB", "known as Children We Care For or CWCF";
- the full name in capitals anywhere in the document, for example in the heading above:
  "Children's Social Care" ... "CSC assessments" (see :func:`full_names`).

Letters are matched to the words by their initials first. For words in brackets the looser
Schwartz and Hearst match is also tried (letters may come from inside words: "Department for
Education (DfE)", "Diagnostic and Statistical Manual of Mental Disorders (DSM-5)").
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

SMALL_WORDS = {"of", "and", "the", "for", "to", "in", "on", "at", "a", "an", "&", "with", "by", "or"}
_WORD_PARTS = re.compile(r"[-/\u2010-\u2013]")
_WORDS = re.compile(r"[\w&'’\-]+")
# Words that join a name to its short form: "known as", "referred to as", "or", "/", "-".
_JOINERS = {"or", "as", "known", "referred", "to", "called", "formerly", "previously", "now", "also", "aka",
            "the", "-", "–", "—", "/", ",", ":", "i.e.", "ie", "eg", "e.g."}
_SENTENCE_END = re.compile(r"[.;:!?](?:\s|$)|[()\[\]]")


def explains(acronym: str, words: list[str]) -> bool:
    """Do these words spell out the acronym by their initials? Small words may be skipped.

    The last word must give the last letter: "Department for Work and Pensions" explains DWP."""
    letters = [c.lower() for c in acronym if c.isalpha()]
    if len(letters) < 2 or not words:
        return False
    parts: list[str] = []
    for w in words:
        parts.extend(p for p in _WORD_PARTS.split(w) if p)
    i, j = len(letters) - 1, len(parts) - 1
    used_any = False
    while i >= 0 and j >= 0:
        word = parts[j].lower().lstrip("'’\"“")
        if word[:1] == letters[i]:
            i -= 1
            j -= 1
            used_any = True
        elif word in SMALL_WORDS or word.isdigit():  # "Internet Explorer 8 (IE8)"
            j -= 1
        else:
            return False
    return i < 0 and used_any


def initials_start(acronym: str, words: list[str]) -> int | None:
    """The index in ``words`` where a spelled-out name for ``acronym`` starts, when the
    last of ``words`` gives the acronym's last letter; else None."""
    for k in range(len(words) - 1, -1, -1):
        if explains(acronym, words[k:]):
            return k
        if len(words) - k > 3 * len(acronym) + 2:
            break
    return None


def schwartz_hearst(acronym: str, text: str) -> str | None:
    """The shortest end of ``text`` whose letters, in order, spell the acronym, the first
    letter starting a word (Schwartz and Hearst, 2003). None when there is none or it is
    too long to be a name for the acronym."""
    short = [c.lower() for c in acronym if c.isalnum()]
    if len(short) < 2 or not short[0].isalpha():
        return None
    long = text.lower()
    si, li = len(short) - 1, len(long) - 1
    while si >= 0:
        c = short[si]
        while li >= 0 and (long[li] != c or (si == 0 and li > 0 and long[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return None
        si -= 1
        li -= 1
    found = text[li + 1:].strip()
    words = found.split()
    n = len(short)
    if not words or len(words) > min(n + 5, 2 * n) or len(words) < 2 and n > 3:
        return None
    return found


def _clean_words(words: list[str]) -> list[str]:
    """Drop joining words at the end: "Children We Care For or" -> "Children We Care For"."""
    out = list(words)
    while out and out[-1].lower().strip(",:") in _JOINERS:
        out.pop()
    return out


def name_before(acronym: str, text: str, start: int, loose: bool = False) -> str | None:
    """The name spelled out straight before the short form at ``start``, or None.

    Looks back to the start of the sentence or bracket. With ``loose``, letters may come
    from inside words (for short forms in brackets)."""
    head = text[max(0, start - 300):start]
    cut = 0
    for m in _SENTENCE_END.finditer(head):
        cut = m.end()
    head = head[cut:]
    words = _clean_words(_WORDS.findall(head))
    if not words:
        return None
    words = words[-(3 * len(acronym) + 3):]
    k = initials_start(acronym, words)
    if k is not None:
        return " ".join(words[k:])
    if loose:
        # "Matthew Johnson, Head of Development (MJ)": a person's initials.
        letters = [c.upper() for c in acronym if c.isalpha()]
        for k in range(len(words) - len(letters) + 1):
            window = words[k:k + len(letters)]
            if all(w[:1].isupper() for w in window) and [w[0].upper() for w in window] == letters:
                return " ".join(window)
        found = schwartz_hearst(acronym, " ".join(words))
        if found and not any(_same(w, acronym) for w in found.split()):
            return found
    return None


def _same(word: str, acronym: str) -> bool:
    """Is this word the short form itself (perhaps with a plural or possessive ending)?"""
    w = word.strip(".,;:'’\"()").upper()
    a = acronym.upper()
    return w == a or w in (a + "S", a + "'S", a + "’S")


def name_after(acronym: str, inner: str) -> str | None:
    """The words in brackets after a short form, when they spell it out: "ABC (A Big Cat)"."""
    words = _WORDS.findall(inner)
    if not words or len(words) > 3 * len(acronym) + 3:
        return None
    if explains(acronym, words):
        return inner.strip()
    # "SECAMB (South East Coast Ambulance Service)": letters from inside words, first word first.
    if words[0][:1].lower() == acronym[:1].lower() and schwartz_hearst(acronym, inner) == inner.strip():
        return inner.strip()
    return None


_NAME_TOKEN = re.compile(r"[\w'’&]+(?:-[\w'’]+)*")
_CAPITALISED = re.compile(r"[A-Z][\w'’]*(?:-[\w'’]+)*|&")


def full_names(text: str, wanted: set[str]) -> dict[str, str]:
    """Names in capitals in ``text`` whose initials spell one of ``wanted`` (upper case):
    "Children's Social Care" -> {"CSC": "Children's Social Care"}. Small words inside a name
    may give a letter or not ("Department for Education" gives DE and DfE)."""
    found: dict[str, str] = {}
    tokens = list(_NAME_TOKEN.finditer(text))
    # A name starts with a capitalised word and has at least two of them.
    capitalised = [k for k, t in enumerate(tokens) if t.group(0)[:1].isupper()]
    if len(capitalised) < 2:
        return found
    n = len(tokens)
    i = 0
    for k in capitalised:
        if k < i:
            continue
        i = k
        # grow a run of capitalised words, allowing small words inside
        run = [i]
        j = i + 1
        while j < n:
            t = tokens[j].group(0)
            gap = text[tokens[j - 1].end():tokens[j].start()]
            if gap.strip() not in ("", "&", "-", "–", ","):
                break
            if t[:1].isupper() or (t.lower() in SMALL_WORDS and j + 1 < n and tokens[j + 1].group(0)[:1].isupper()):
                run.append(j)
                j += 1
            else:
                break
        if len(run) >= 2:
            _initials_of_run([tokens[r].group(0) for r in run], text, tokens, run, wanted, found)
        i = j
    return found


def _initials_of_run(words, text, tokens, run, wanted, found) -> None:
    parts: list[tuple[str, bool]] = []  # (initial, is small word)
    owners: list[int] = []
    for idx, w in enumerate(words):
        for p in (q for q in _WORD_PARTS.split(w) if q):
            parts.append((p[0], p.lower() in SMALL_WORDS))
            owners.append(idx)
    for a in range(len(parts)):
        if parts[a][1]:
            continue
        with_small, without_small = "", ""
        for b in range(a, min(len(parts), a + 12)):
            letter, small = parts[b]
            with_small += letter.upper()
            if not small:
                without_small += letter.upper()
            if small:
                continue
            for key in (with_small, without_small):
                if len(key) >= 2 and key in wanted and key not in found:
                    first, last = tokens[run[owners[a]]], tokens[run[owners[b]]]
                    found[key] = text[first.start():last.end()]


# --- codes and references ------------------------------------------------------------------

# A letter and digits (Q12, M11, X70, C110A), or letters and digits (CG16, RH16, WS32060).
LETTERS_DIGITS = re.compile(r"([A-Z]{1,6})(\d+[A-Z]?)")
# Merge fields and template code: <<courtName>>, {{ name }}, ${name}, «name».
TEMPLATE = re.compile(r"<<.*?>>|\{\{.*?\}\}|\$\{.*?\}|«.*?»|\{[^{}]{0,80}\}")
# A reference list entry: "Aldridge RW, Story A, ... et al." or one with a web address or a DOI.
REFERENCE = re.compile(r"\bet al\b|\bdoi\b|\bAvailable (?:from|at)\b|\bRetrieved from\b", re.I)
# Initials after a surname in a reference: "Aldridge RW," "Geddes JR." "Beautrais AL,"
INITIALS_AFTER_SURNAME = re.compile(r"[A-Z][a-z'’\-]+[A-Za-z'’]*\s$")
MIXED_CASE = re.compile(r"[A-Z](?:[a-z]{0,2}[A-Z])+s?")


def is_mixed_case_acronym(token: str) -> bool:
    """A short form written in mixed case: DfE, DoH, UoC, DfES, PhD. Not names like McGowan."""
    if not MIXED_CASE.fullmatch(token) or len(token) > 7:
        return False
    core = token[:-1] if token.endswith("s") and len(token) > 3 and token[-2].isupper() else token
    lower = sum(c.islower() for c in core)
    upper = sum(c.isupper() for c in core)
    return 1 <= lower <= 2 and upper >= 2 and upper >= lower


@lru_cache(maxsize=1)
def bundled_widely_known() -> frozenset[str]:
    """Abbreviations most UK readers know (plainspeak/checks/widely_known_acronyms.yaml)."""
    import yaml

    path = Path(__file__).with_name("widely_known_acronyms.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return frozenset(str(k) for k in (data.get("acronyms") or {}))
