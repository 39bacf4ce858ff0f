"""Check kind ``acronym``: find acronyms and whether the document explains them.

An acronym here is a word of two or more capital letters, with an optional
plural or possessive ending and inner ``&`` or ``-`` (``KPIs``, ``H-CLIC``,
``B&B``, ``A&E``), or one capital and two or more digits (``S42``). Mixed-case
acronyms the glossary knows (``DoLS``, ``OASys``) are found too.

Not acronyms: single letters (``Y/N``), Roman numerals (``II``, ``XIV``), times
(``2PM``, ``10 am``), web addresses, ordinary words written in capitals for
emphasis or as a label (``NEXT MEETING``, ``ACTION:``).

An acronym spelled out where it is first used - "Homelessness Reduction Act
(HRA)" or "HRA (Homelessness Reduction Act)" - is explained. Later uses get a
milder finding from the rule with option ``when: defined``; uses with no
explanation get the rule with option ``when: undefined``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from plainspeak.checks import Context, finding, rule_options
from plainspeak.checks.options import CHOICE, FLAG_OR_WORDS, REPEATS, WORDS, Declaration, Option
from plainspeak.model import Finding
from plainspeak.language.pipeline import Analysis
from plainspeak.rules import Rule

OPTIONS = Declaration(selector="when", common=(REPEATS,), options=(
    Option("when", CHOICE, "undefined", choices=("undefined", "defined"), settable=False,
           help="undefined: acronyms never spelled out; defined: acronyms used again after they were"),
    Option("allow", WORDS, (), "acronyms most readers know, that need no spelling out (add your own with "
           "'allow-acronyms' in the settings)", when=("undefined",)),
    # Read by the widely known abbreviations list that the acronym work ('acr') adds.
    Option("widely-known", FLAG_OR_WORDS, True, "true: the bundled list of abbreviations most UK readers know; "
           "false: none; or a list of your own instead", when=("undefined",)),
))

# Only words with a capital letter (or like "s42") are candidates: most words are skipped at once.
_CANDIDATE = re.compile(r"(?<![\w&'’.\-/@])(?=[A-Za-z0-9&\-]*[A-Z]|[a-z]\d{2,}\b)[A-Za-z0-9]+(?:[&\-][A-Za-z0-9]+)*(?:['’]s)?(?![\w&]|[\-/@][\w])")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\b[\w-]+\.(?:gov|org|nhs|co|com|net|ac)\.?\w*\S*", re.I)
_ROMAN = re.compile(r"^(?=[IVXL])(L?X{0,3})(IX|IV|V?I{0,3})$")
_TIME_BEFORE = re.compile(r"\d[\d.:]*\s?$")
_SECTION = re.compile(r"[a-z]\d{2,}")
# A UK postcode: "EC3N 1BJ", "SW1A 2AA", "M1 1AE". Neither half is an acronym.
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")
_LETTER_DIGITS = re.compile(r"[A-Z]\d{2,}")
_PARTS = re.compile(r"[&\-]")
_WORD_PARTS = re.compile(r"[-/]")
_WORDS = re.compile(r"[\w&'’\-/]+")
_AFTER = re.compile(r"\s*\(([^()]{3,120})\)")
# Units and times written after a number: "500 MB", "10 AM".
_UNITS = {"AM", "PM", "KB", "MB", "GB", "TB", "KM", "KG", "MG", "ML", "MHZ", "GHZ", "KW", "KWH", "PX", "BST", "GMT", "UTC"}
_SMALL_WORDS = {"of", "and", "the", "for", "to", "in", "on", "at", "a", "an", "&", "with", "by"}


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    from plainspeak.language.words import word_list

    return word_list()


def acronym_core(token: str) -> str | None:
    """The acronym in a candidate token without plural or possessive ending, or None."""
    core = token
    if core.endswith(("'s", "’s")):
        core = core[:-2]
    elif core.endswith("s") and len(core) > 2 and core[:-1].isupper():
        core = core[:-1]
    letters = [c for c in core if c.isalpha()]
    if not letters:
        return None
    if _LETTER_DIGITS.fullmatch(core):  # S42, S17
        return core
    if any(c.islower() for c in letters):
        return None
    if sum(1 for c in letters if c.isupper()) < 2:
        return None
    parts = _PARTS.split(core)
    if "-" in core and "&" not in core and all(len(p) == 1 for p in parts):
        return None  # A-Z
    if core.isdigit():
        return None
    return core


def explains(acronym: str, words: list[str]) -> bool:
    """Do these words spell out the acronym by their initials? Small words may be skipped."""
    letters = [c.lower() for c in acronym if c.isalpha()]
    if len(letters) < 2 or not words:
        return False
    parts: list[str] = []
    for w in words:
        parts.extend(p for p in _WORD_PARTS.split(w) if p)
    # Walk backwards: the last word must supply the last letter.
    i, j = len(letters) - 1, len(parts) - 1
    used_any = False
    while i >= 0 and j >= 0:
        word = parts[j].lower()
        if word[:1] == letters[i]:
            # a word may give more than one letter: "Care Quality Commission" or "Housing Benefit (HB)"
            i -= 1
            j -= 1
            used_any = True
        elif word in _SMALL_WORDS or word.isdigit():  # "Internet Explorer 8 (IE8)"
            j -= 1
        else:
            return False
    return i < 0 and used_any


class AcronymCheck:
    def __init__(self, rules: list[Rule], context: Context):
        self.context = context
        options = {r.code: rule_options(r) for r in rules}
        self.undefined_rule = next((r for r in rules if options[r.code]["when"] == "undefined"), None)
        self.defined_rule = next((r for r in rules if options[r.code]["when"] == "defined"), None)
        allow: set[str] = set(context.allow_acronyms)
        for r in rules:
            allow.update(options[r.code].get("allow", ()))
        self.allow = allow
        self.known = context.glossary.acronyms()  # exact written form -> entry
        self.known_upper = {k.upper(): e for k, e in self.known.items()}
        self.mixed = {k for k in self.known if not k.isupper() and any(c.isupper() for c in k)}

    def _is_english_word(self, core: str) -> bool:
        """An ordinary English word written in capitals (not an acronym the glossary knows)."""
        if core in self.known or core.upper() in self.known_upper:
            return False
        words = _english_words()
        parts = core.lower().split("-")  # OFFICIAL-SENSITIVE
        return all(p.isalpha() and p in words for p in parts)

    def _definition(self, text: str, start: int, end: int, core: str) -> bool:
        entry = self.known.get(core) or self.known_upper.get(core.upper())
        expansions = [a.lower() for a in entry.alternatives] if entry else []
        # "Words Spelled Out (ABC)"
        before = text[:start].rstrip()
        if before.endswith("(") and text[end:end + 1] == ")":
            head = before[:-1].rstrip()
            words = _WORDS.findall(head)[-(len(core) * 2 + 4):]
            if explains(core, words) or any(" ".join(words).lower().endswith(x) for x in expansions):
                return True
        # "ABC (Words Spelled Out)"
        m = _AFTER.match(text, end)
        if m:
            inner = m.group(1).strip()
            words = _WORDS.findall(inner)
            if explains(core, words) or inner.lower() in expansions:
                return True
        return False

    def _suggest(self, core: str) -> tuple[list[str], str]:
        entry = self.known.get(core) or self.known_upper.get(core.upper())
        if entry is None:
            return [], ""
        alts = list(entry.alternatives)
        if len(alts) == 1:
            return alts, f' ("{alts[0]}")'
        return alts, ". It can mean different things, so say which you mean"

    def run(self, analysis: Analysis) -> list[Finding]:
        found: list[Finding] = []
        defined: dict[str, str] = {}  # acronym -> where it was spelled out
        reminded: set[tuple[str, str | None]] = set()  # (acronym, section) already reminded
        doc = analysis.document
        for bi, block in enumerate(doc.blocks):
            text = block.text
            if not text:
                continue
            urls = None  # web addresses in the block, found when first needed
            for m in _CANDIDATE.finditer(text):
                token = m.group(0)
                core = acronym_core(token)
                if core is None:
                    if token in self.mixed or token.rstrip("s") in self.mixed:
                        core = token if token in self.mixed else token.rstrip("s")
                    elif _SECTION.fullmatch(token) and token.upper() in self.known_upper:
                        core = token  # "s42" written in lower case, as people often do
                    else:
                        continue
                start, end = m.span()
                if core in self.allow or core.upper() in self.allow:
                    continue
                if token[0].isdigit():  # 2PM, 94KB, 3D
                    continue
                if urls is None:
                    urls = [m.span() for m in _URL.finditer(text)] if ("." in text or "@" in text) else []
                    urls += [m.span() for m in _POSTCODE.finditer(text)]
                if urls and any(s <= start < e for s, e in urls):
                    continue
                if _ROMAN.match(core):
                    continue
                if core in _UNITS and _TIME_BEFORE.search(text, max(0, start - 12), start):
                    continue
                if self._is_english_word(core):
                    # An ordinary word in capitals: a label ("ACTION:"), emphasis ("DO NOT"),
                    # or a heading in capitals ("NEXT MEETING"). Acronyms that are also
                    # words (MASH, PIP) are in the glossary, so they are still found.
                    continue
                key = core.upper()
                if self._definition(text, start, end, core):
                    defined.setdefault(key, _short_place(doc.locate(block, start)))
                    continue
                suggestions, hint = self._suggest(core)
                if key in defined and self.defined_rule is not None:
                    # One gentle reminder a section is enough.
                    if (key, block.section) in reminded:
                        continue
                    reminded.add((key, block.section))
                    rule = self.defined_rule
                    message = rule.format_message(match=token, acronym=core, where=defined[key], hint=hint)
                elif key not in defined and self.undefined_rule is not None:
                    rule = self.undefined_rule
                    message = rule.format_message(match=token, acronym=core, hint=hint)
                else:
                    continue
                f = finding(rule, analysis, bi, start, end, message, suggestions, self.context)
                entry = self.known.get(core) or self.known_upper.get(key)
                f.entry = entry.id if entry else None
                found.append(f)
        return found


def _short_place(loc) -> str:
    """ "line 7", "page 2" or "paragraph 4": where an acronym was spelled out."""
    if loc.line is not None:
        return f"line {loc.line}"
    if loc.page is not None:
        return f"page {loc.page}"
    if loc.paragraph is not None:
        return f"paragraph {loc.paragraph}"
    return "above"
