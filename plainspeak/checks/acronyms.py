"""Check kind ``acronym``: find acronyms and whether the document explains them.

An acronym here is a word of two or more capital letters, with an optional
plural or possessive ending and inner ``&`` or ``-`` (``KPIs``, ``H-CLIC``,
``B&B``, ``A&E``), a short form in mixed case (``DfE``, ``DoH``, ``DoLS``), or
one the glossary knows with digits (``S42``). Acronyms joined by a slash
(``ASB/DV``) are found one by one.

Not acronyms: single letters (``Y/N``), Roman numerals (``II``, ``XIV``), times
(``2PM``, ``10 am``), web addresses, postcodes, codes and reference numbers
(``Q12``, ``M11``, ``C110A``, ``CG16``), merge fields (``<<courtName>>``), page
headers and footers, initials in a reference list, ordinary words written in
capitals for emphasis or as a label (``NEXT MEETING``, ``ACTION:``), and the
abbreviations most readers know (``widely-known`` option, see
widely_known_acronyms.yaml).

An acronym is explained when the document spells it out (see acronym_forms.py
for the forms it understands) before it is used, or just after it (in the same
or the next two paragraphs), or when it is the organisation's own name and the
document writes that name in full somewhere. Uses with no explanation get the
rule with option ``when: undefined``. Later uses of an explained acronym get one
gentle reminder in each later section (rule with ``when: defined``), except in
the section where it was spelled out and for acronyms the document uses in many
sections (its subject). Suggestions use the document's own words for the
acronym before the glossary's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from plainspeak.checks import Context, finding, rule_options
from plainspeak.checks.acronym_forms import (INITIALS_AFTER_SURNAME, LETTERS_DIGITS, REFERENCE, TEMPLATE,
                                             bundled_widely_known, explains, full_names,
                                             is_mixed_case_acronym, name_after, name_before)
from plainspeak.checks.options import CHOICE, FLAG_OR_WORDS, REPEATS, WORDS, Declaration, Option
from plainspeak.language.pipeline import Analysis
from plainspeak.model import FOOTER, HEADER, Finding
from plainspeak.rules import Rule

__all__ = ["AcronymCheck", "acronym_core", "explains"]

OPTIONS = Declaration(selector="when", common=(REPEATS,), options=(
    Option("when", CHOICE, "undefined", choices=("undefined", "defined"), settable=False,
           help="undefined: acronyms never spelled out; defined: acronyms used again after they were"),
    Option("allow", WORDS, (), "acronyms your readers know, on top of the widely known ones (or use "
           "'allow-acronyms' in the settings)", when=("undefined",)),
    Option("widely-known", FLAG_OR_WORDS, True, "true: the bundled list of abbreviations most UK readers know "
           "(plainspeak/checks/widely_known_acronyms.yaml); false: none; or a list of your own instead",
           when=("undefined",)),
))

# Only words with a capital letter (or like "s42") are candidates: most words are skipped at once.
_CANDIDATE = re.compile(r"(?<![\w&'’.\-@])(?=[A-Za-z0-9&\-]*[A-Z]|[a-z]\d{2,}\b)[A-Za-z0-9]+(?:[&\-][A-Za-z0-9]+)*(?:['’]s)?(?![\w&]|[\-@][\w])")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\b[\w-]+\.(?:gov|org|nhs|co|com|net|ac|uk)\b\.?\w*\S*", re.I)
# Licence codes: "CC BY-SA 4.0", "CC0", "OGL v3.0".
_LICENCE = re.compile(r"\bCC[ -]?(?:BY(?:-[A-Z]{2})*|0|ZERO)\b|\bOGL\b")
# Date and time formats: "YYYY-MM-DD", "DD/MM/YYYY", "HH:MM".
_DATE_FORMAT = re.compile(r"\b(?:YYYY|YY|MM|DD|HH|SS)(?:[-/:.](?:YYYY|YY|MM|DD|HH|SS))+\b")
_ROMAN = re.compile(r"^(?=[IVXL])(L?X{0,3})(IX|IV|V?I{0,3})$")
_TIME_BEFORE = re.compile(r"\d[\d.:]*\s?$")
_SECTION = re.compile(r"[a-z]\d{2,}")
# A UK postcode: "EC3N 1BJ", "SW1A 2AA", "M1 1AE". Neither half is an acronym.
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b")
_PARTS = re.compile(r"[&\-]")
# "ICD-10", "DSM-5", "COVID-19": the number is part of the name, the letters are the acronym.
_NUMBERED = re.compile(r"([A-Z][A-Za-z&]*[A-Z])-(\d+[A-Z]*(?:-[A-Z]+)?)")
_BRACKET_AFTER = re.compile(r"\s*\(([^()]{3,160})\)")
_LIST_AFTER = re.compile(r"\s*[-–—:=]\s+([^.;:()\n]{3,120})")
# Units and times written after a number: "500 MB", "10 AM".
_UNITS = {"AM", "PM", "KB", "MB", "GB", "TB", "KM", "KG", "MG", "ML", "MHZ", "GHZ", "KW", "KWH", "PX", "BST", "GMT", "UTC"}
_SKIP_KINDS = {HEADER, FOOTER}
_LOOK_BACK = 300
_CONTRACTION = re.compile(r"['’](?:T|LL|RE|VE|D|M)\b")
# Words before a code or reference: "Form C2", "Series DR", "Dataset: RM032".
_LABEL_BEFORE = re.compile(r"\b([A-Za-z]+)\.?:?\s+$")
_CODE_LABELS = {"form", "forms", "series", "dataset", "table", "figure", "ref", "reference", "code", "section",
                "page", "no", "number", "version", "schedule", "appendix", "annex", "room", "flat", "block",
                "ward", "route", "bus", "platform", "unit", "grade", "class", "band", "level", "type", "model"}
# Explained when the words come at most this many paragraphs after the first use.
_AFTER_WINDOW = 2
# The document's first lines, where a title, an author line or a letterhead names the organisation.
_TITLE_LINES = 5
# A reminder only this many paragraphs or more after the acronym was last spelled out.
_REMIND_AFTER = 10
# An acronym used in this many sections or more is the document's subject: no reminders.
_SUBJECT_SECTIONS = 4


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    from plainspeak.language.words import word_list

    return word_list()


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """About 3,000 everyday words (the Dale-Chall list that textstat ships). The CMU
    dictionary also lists short forms (ons, ni, gp), so short words must be in this list too."""
    import os
    from importlib.util import find_spec

    # Found, not imported: importing textstat imports NLTK, about a second per process.
    try:
        spec = find_spec("textstat")
        folders = list(spec.submodule_search_locations or ()) if spec else []
        with open(os.path.join(folders[0], "resources", "en", "easy_words.txt"), encoding="utf-8") as fh:
            text = fh.read()
    except (IndexError, ImportError, ValueError, OSError):
        return frozenset()
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip())


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
    if LETTERS_DIGITS.fullmatch(core):  # S42, CG16: codes unless the glossary or document knows them
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


@dataclass
class _Use:
    block: int
    start: int
    end: int
    token: str
    core: str
    key: str  # upper case, no plural: what definitions are keyed on
    word: bool = False  # an ordinary English word in capitals


@dataclass
class _Explained:
    block: int
    start: int
    words: str  # the document's own words for the acronym
    bracket: bool  # spelled out with the short form (not just a full name somewhere)


class AcronymCheck:
    def __init__(self, rules: list[Rule], context: Context):
        self.context = context
        options = {r.code: rule_options(r) for r in rules}
        self.undefined_rule = next((r for r in rules if options[r.code]["when"] == "undefined"), None)
        self.defined_rule = next((r for r in rules if options[r.code]["when"] == "defined"), None)
        allow: set[str] = set(context.allow_acronyms)
        widely_known: object = True
        for r in rules:
            allow.update(options[r.code].get("allow", ()) or ())
            if options[r.code]["when"] == "undefined" and "widely-known" in options[r.code]:
                widely_known = options[r.code]["widely-known"]
        if widely_known is True or widely_known in ("bundled", "default"):
            allow.update(bundled_widely_known())
        elif isinstance(widely_known, (list, tuple, set)):
            allow.update(str(a) for a in widely_known)
        self.allow = allow
        self.allow_upper = {a.upper() for a in allow}
        self.known = context.glossary.acronyms()  # exact written form -> entry
        self.known_upper = {k.upper(): e for k, e in self.known.items()}
        self.mixed = {k for k in self.known if not k.isupper() and any(c.isupper() for c in k)}
        self._cores: dict[str, str | None] = {}  # candidate token -> its short form, or None

    # --- finding the candidates -------------------------------------------------------------

    def _entry(self, core: str):
        return self.known.get(core) or self.known_upper.get(core.upper())

    def _is_english_word(self, core: str, loose: bool = False) -> bool:
        """An ordinary English word written in capitals (not an acronym the glossary knows).

        Words of three letters or fewer must also be everyday words (NI, ONS and GP are in
        the pronouncing dictionary, but they are not words); with ``loose``, any word in it."""
        if self._entry(core) is not None:
            return False
        words = _english_words()
        common = _common_words()
        parts = core.lower().split("-")  # OFFICIAL-SENSITIVE
        return all(p.isalpha() and p in words and (loose or len(p) > 3 or not common or p in common)
                   for p in parts)

    def _uses(self, analysis: Analysis) -> list[_Use]:
        uses: list[_Use] = []
        for bi, block in enumerate(analysis.document.blocks):
            text = block.text
            if not text or block.kind in _SKIP_KINDS:
                continue
            skip: list[tuple[int, int]] | None = None
            reference = None
            for m in _CANDIDATE.finditer(text):
                token, (start, end) = m.group(0), m.span()
                use = self._use(bi, text, token, start, end)
                if use is None:
                    continue
                if skip is None:
                    skip = [s.span() for s in TEMPLATE.finditer(text)] if ("<" in text or "{" in text or "«" in text) else []
                    if "." in text or "@" in text:
                        skip += [s.span() for s in _URL.finditer(text)]
                    skip += [s.span() for s in _POSTCODE.finditer(text)]
                    skip += [s.span() for s in _LICENCE.finditer(text)]
                    skip += [s.span() for s in _DATE_FORMAT.finditer(text)]
                if skip and any(s <= start < e for s, e in skip):
                    continue
                if len(use.key) <= 3 and INITIALS_AFTER_SURNAME.search(text, max(0, start - 30), start):
                    if reference is None:
                        reference = bool(REFERENCE.search(text))
                    if reference and re.match(r"[,.;]|\s+et al|\s*$", text[end:end + 7]):
                        continue  # "Aldridge RW, Story A, ... et al."
                if _shouted(self, text, start, end) and (use.word or len(use.key) >= 7
                                                   or self._is_english_word(use.key, loose=True)):
                    continue  # a heading or a label in capitals: "AGE AND SEX", "NEWSTEAD ROAD"
                uses.append(use)
        return uses

    def _core(self, token: str) -> str | None:
        """The short form a candidate token stands for, or None: it depends on the token alone,
        so it is worked out once per distinct token (most candidates are capitalised words)."""
        cores = self._cores
        if token in cores:
            return cores[token]
        core = acronym_core(token)
        if core is None:
            bare = token[:-1] if token.endswith("s") else token
            if token in self.mixed or bare in self.mixed:
                core = token if token in self.mixed else bare
            elif _SECTION.fullmatch(token) and token.upper() in self.known_upper:
                core = token  # "s42" written in lower case, as people often do
            elif is_mixed_case_acronym(token):
                core = bare if bare != token and is_mixed_case_acronym(bare) else token
        if token[0].isdigit():  # 2PM, 94KB, 3D
            core = None
        if len(cores) >= 50_000:  # bounded, however many files a run reads
            cores.clear()
        cores[token] = core
        return core

    def _use(self, bi: int, text: str, token: str, start: int, end: int) -> _Use | None:
        core = self._core(token)
        if core is None:
            return None
        if _CONTRACTION.match(text, end):  # DON'T, CAN'T
            return None
        label = _LABEL_BEFORE.search(text, max(0, start - 20), start)
        if label and label.group(1).lower() in _CODE_LABELS:
            return None  # "Form C2", "Series DR", "Dataset: RM032", "Table 4B"
        m = _NUMBERED.fullmatch(core)
        key = (m.group(1) if m else core).upper()
        if key in self.allow_upper or core in self.allow:
            return None
        if _ROMAN.match(core):
            return None
        if core in _UNITS and _TIME_BEFORE.search(text, max(0, start - 12), start):
            return None
        word = core.isupper() and self._is_english_word(key)
        return _Use(bi, start, end, token, core, key, word)

    # --- explanations -----------------------------------------------------------------------

    def _spelled_out_here(self, text: str, use: _Use) -> str | None:
        """The words that spell out this use where it stands, or None."""
        core, start, end = use.key, use.start, use.end
        entry = self._entry(use.core)
        expansions = [a.lower() for a in entry.alternatives] if entry else []
        # A name stands close to its short form: look back a few hundred characters at most.
        before = text[max(0, start - _LOOK_BACK):start].rstrip()
        in_brackets = before.endswith("(") or bool(re.search(r"\([^()]*$", before))
        after = text[end:end + 12]
        closes = re.match(r"\s*(?:\d{4}|\d+[A-Z]*|-[\w-]+)?\s*[),]", after) if in_brackets else None
        if in_brackets and closes:
            # "Words Spelled Out (ABC)", "(IMD 2019)", "Payment by account(PBA)"
            head = before[:before.rfind("(")].rstrip() if before.endswith("(") else before
            if not before.endswith("("):
                # "(formerly Public Health England / PHE)": the words inside the brackets
                name = name_before(core, before[before.rfind("(") + 1:], len(before) - before.rfind("(") - 1)
                if name:
                    return name
            name = name_before(core, head, len(head), loose=True)
            if name:
                return name
            tail = " ".join(head.split()[-8:]).lower()
            for x in expansions:
                if tail.endswith(x):
                    return x
        # "ABC (Words Spelled Out)"
        m = _BRACKET_AFTER.match(text, end)
        if m:
            inner = m.group(1).strip()
            name = name_after(core, inner)
            if name or inner.lower() in expansions:
                return name or inner
        # A definition list: "DSL - Designated Safeguarding Lead", "DSL: Designated Safeguarding Lead"
        m = _LIST_AFTER.match(text, end)
        if m:
            name = name_after(core, m.group(1))
            if name:
                return name
        # "anti-social behaviour ASB", "known as Children We Care For or CWCF"
        if not in_brackets:
            name = name_before(core, text, start)
            if name and len(name.split()) >= 2:
                return name
        return None

    def _spelled_out_in_table(self, blocks, use: _Use) -> str | None:
        """A table of short forms: the cell next to this one, in the same row, spells it out."""
        block = blocks[use.block]
        if block.table is None or block.text.strip() != use.token:
            return None
        for other in blocks[max(0, use.block - 1):use.block + 2]:
            if other is not block and other.table == block.table and other.row == block.row:
                name = name_after(use.key, other.text)
                if name:
                    return name
        return None

    def _explanations(self, analysis: Analysis, uses: list[_Use]) -> tuple[dict[str, list[_Explained]], set[int]]:
        """Where each acronym is spelled out, and which uses are themselves the spelling out."""
        blocks = analysis.document.blocks
        found: dict[str, list[_Explained]] = {}
        defining: set[int] = set()
        for i, u in enumerate(uses):
            words = self._spelled_out_here(blocks[u.block].text, u) or self._spelled_out_in_table(blocks, u)
            if words:
                found.setdefault(_norm(u.key), []).append(_Explained(u.block, u.start, words, True))
                defining.add(i)
        # Names in capitals anywhere ("Children's Social Care"), for acronyms that are not words.
        wanted = {_norm(u.key) for u in uses if not u.word}
        wanted = {w for w in wanted if len(w) >= 2 and w.isalpha()}
        if wanted:
            for bi, block in enumerate(blocks):
                text = block.text
                if not text or block.kind in _SKIP_KINDS:
                    continue
                for key, name in full_names(text, wanted).items():
                    found.setdefault(key, []).append(_Explained(bi, text.find(name), name, False))
        for key in list(found):
            found[key].sort(key=lambda x: (x.block, x.start))
        return found, defining

    # --- the check --------------------------------------------------------------------------

    def run(self, analysis: Analysis) -> list[Finding]:
        doc = analysis.document
        uses = self._uses(analysis)
        if not uses:
            return []
        explained, defining = self._explanations(analysis, uses)
        uses, defining = _resolve_numbered(uses, defining, explained, self)
        # The organisation's own name: in the title lines at the top (not sentences).
        first_blocks = {u.key for u in uses
                        if u.block < _TITLE_LINES and not doc.blocks[u.block].text.rstrip().endswith((".", "!", "?"))}
        sections: dict[str, set] = {}
        for u in uses:
            sections.setdefault(u.key, set()).add(doc.blocks[u.block].section)
        found: list[Finding] = []
        reminded: set[tuple[str, str | None]] = set()
        for i, u in enumerate(uses):
            if i in defining:
                continue
            exps = explained.get(_norm(u.key), [])
            if len(u.key) <= 2:
                # Two letters are easily made by chance ("Mid Sussex" and MS): a name in
                # capitals counts only in the same section.
                exps = [e for e in exps if e.bracket or doc.blocks[e.block].section == doc.blocks[u.block].section]
            if u.word and not exps:
                # An ordinary word in capitals: a label ("ACTION:"), emphasis ("DO NOT") or a
                # heading in capitals ("NEXT MEETING"). Acronyms that are also words are found
                # when the glossary knows them (MASH, PIP) or the document spells them out.
                continue
            before = [e for e in exps if (e.block, e.start) < (u.block, u.start)]
            soon = [e for e in exps if u.block <= e.block <= u.block + _AFTER_WINDOW and e not in before]
            block = doc.blocks[u.block]
            if before:
                where, latest = before[0], before[-1]
                rule = self.defined_rule
                section = block.section
                if (rule is None or section == doc.blocks[latest.block].section
                        or u.block - latest.block < _REMIND_AFTER):
                    continue
                if len(sections[u.key]) >= _SUBJECT_SECTIONS or (u.key, section) in reminded:
                    continue
                reminded.add((u.key, section))
                suggestions, hint = self._suggest(u.core, where.words)
                message = rule.format_message(match=u.token, acronym=u.core,
                                              where=_short_place(doc.locate(doc.blocks[where.block], where.start)),
                                              hint=hint)
            elif soon or (exps and u.key in first_blocks):
                continue  # spelled out just after, or the organisation's own name written in full
            else:
                rule = self.undefined_rule
                if rule is None:
                    continue
                suggestions, hint = self._suggest(u.core, exps[0].words if exps else None)
                message = rule.format_message(match=u.token, acronym=u.core, hint=hint)
            f = finding(rule, analysis, u.block, u.start, u.end, message, suggestions, self.context)
            entry = self._entry(u.core)
            f.entry = entry.id if entry else None
            found.append(f)
        return found

    def _suggest(self, core: str, own: str | None) -> tuple[list[str], str]:
        """Suggestions: the document's own words first, else the glossary's."""
        if own:
            return [own], f' ("{own}")'
        entry = self._entry(core)
        if entry is None:
            return [], ""
        alts = list(entry.alternatives)
        if len(alts) == 1:
            return alts, f' ("{alts[0]}")'
        return alts, ". It can mean different things, so say which you mean"


def _shouted(check: "AcronymCheck", text: str, start: int, end: int) -> bool:
    """Is the word at start:end next to an ordinary word in capitals ("AGE AND SEX",
    "NEWSTEAD ROAD"), or alone in its paragraph?"""
    before = re.search(r"([A-Za-z'’\-]+)[ \t]+$", text[max(0, start - 30):start])
    after = re.match(r"[ \t]+([A-Za-z'’\-]+)", text[end:end + 30])
    for m in (before, after):
        if m and m.group(1).isupper() and len(m.group(1)) > 1 and check._is_english_word(m.group(1)):
            return True
    return not text[:start].strip(" *_-:•") and not text[end:].strip(" *_-:.!?•")


# Letters, then a number or footnote numbers: Q12, CG16, PEH28, PEH17-21, PEH5,28, IMD2019.
_FOOTNOTED = re.compile(r"([A-Z]{1,6})(\d+[A-Z]?(?:[\-–,]\d+)*)")


def _norm(key: str) -> str:
    """The key definitions are filed under: upper case, no "&" or "-" ("A&E" -> "AE")."""
    return key.upper().replace("&", "").replace("-", "")


def _resolve_numbered(uses: list[_Use], defining: set[int], explained, check: AcronymCheck):
    """Letters and digits: an acronym with a footnote or year (PEH28, IMD2019) counts as the
    acronym; a code (Q12, M11, CG16, RH16) is dropped unless the glossary or document knows it."""
    keep: list[_Use] = []
    keep_defining: set[int] = set()
    for i, u in enumerate(uses):
        if any(c.isdigit() for c in u.core) and not _NUMBERED.fullmatch(u.core):
            m = _FOOTNOTED.fullmatch(u.core)
            letters = m.group(1) if m else ""
            if _norm(u.key) in explained or check._entry(u.core) is not None:
                pass  # "Key stage 1 (KS1)", S42
            elif len(letters) >= 2 and (letters in explained or check._entry(letters) is not None):
                u.key = letters  # PEH28: a footnote number after PEH
            elif len(letters) >= 2 and letters in check.allow_upper:
                continue  # GP2 and the like: a widely known acronym with a number
            else:
                continue  # Q12, M11, X70, C110A, CG16, RH16: codes and references
        if i in defining:
            keep_defining.add(len(keep))
        keep.append(u)
    return keep, keep_defining


def _short_place(loc) -> str:
    """ "line 7", "page 2" or "paragraph 4": where an acronym was spelled out."""
    if loc.line is not None:
        return f"line {loc.line}"
    if loc.page is not None:
        return f"page {loc.page}"
    if loc.paragraph is not None:
        return f"paragraph {loc.paragraph}"
    return "above"
