"""The questions a form asks: find them, and sort them by what they ask about.

A form asks a question in many ways. plainspeak counts as one question:

- a sentence that ends with a question mark ("Is the client registered with a GP?");
- a label followed by a space to write in: "Name: ________", "Address:", a label cell
  beside an empty answer cell, or a label followed by "Y / N", "Yes / No" or tick boxes;
- a label that ends with a colon ("Known risks (tick all that apply):").

Several labels on one line ("Name: ____ Date of birth: ____") are several questions. A
table's header row, section headings (unless they end with "?"), instructions for staff
("Please ...", "Tick ..."), consent statements ("I agree ...") and sign-off fields
("Signature", "Completed by") are not questions.

Each question is sorted by the cue lists in ``rules/cues/questions.yaml`` (data, with
sources and examples): about the person's strengths, interests and hopes; about
problems, risks or history; or neutral (name, date of birth, address). It is also
marked closed (a yes/no or tick-box question) and third person ("Does the client
have ...") when it is.

This module needs no language pipeline: it reads the document's blocks and tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from plainspeak.model import HEADING, TABLE_CELL, Document

PROBLEM, STRENGTH, NEUTRAL = "problem", "strength", "neutral"

# A space to write in: a run of underscores or dots, empty brackets, or a tick box.
BOXES = "☐□❑❒◻▢⭘○◯◦❍"
# Each pattern below starts with a look-ahead at the characters it can start with. It matches
# nothing more or less, but lets the search skip other characters quickly (three times faster).
BLANK_RE = re.compile(r"(?=[_.…\[(" + BOXES + r"])"
                      r"(?:_{3,}|\.{5,}(?![.\s]*\d)|…{2,}(?![…\s]*\d)|\[\s*\]|\(\s{1,}\)|[" + BOXES + "])")
# A contents line: a title, dot leaders and a page number.
CONTENTS_RE = re.compile(r"(?:\.{4,}|…{2,}|\s{3,})\s*\d+\s*$")
# Question numbers in front of a question: "Q15 -", "3.", "2a)".
NUMBER_RE = re.compile(r"^\s*(?:q(?:uestion)?\s*)?\d+[a-z]?\s*(?:[.):–—-]\s*)+", re.I)
# Answer choices after a label.
YES_NO_RE = re.compile(r"(?=[yn])(?:\b(?:y\s*/\s*n|yes\s*/\s*no|yes\s+or\s+no|no\s*/\s*yes)\b|\byes\s*["
                       + BOXES + "])", re.I)
# Template merge fields stand in for an answer: <<name>>, {{ name }}, «name».
PLACEHOLDER_RE = re.compile(r"<<[^<>]*>>|\{\{[^{}]*\}\}|«[^«»]*»")
_LETTER_RE = re.compile(r"[^\W\d_]")
_SPACE_RE = re.compile(r"\s+")


def _contents_line(text: str) -> bool:
    """A contents line ends in a page number: most lines are ruled out by their last character."""
    end = text.rstrip()[-1:]
    return end.isdigit() and CONTENTS_RE.search(text) is not None


@dataclass(frozen=True, slots=True)
class Cues:
    """The cue lists, compiled. See rules/cues/questions.yaml."""

    strength: re.Pattern
    problem: re.Pattern
    sensitive: tuple[tuple[str, re.Pattern, str], ...]  # (subject, pattern, open question to ask instead)
    closed_start: re.Pattern
    open_start: re.Pattern
    person: re.Pattern
    with_person: re.Pattern
    not_question: re.Pattern
    instruction: re.Pattern
    strengths_to_ask: tuple[str, ...]


@dataclass(slots=True)
class Question:
    text: str  # the question as written, without blanks and answer choices
    block: int  # index of the block it is in
    start: int  # offsets of the question in the block's text
    end: int
    kind: str  # problem, strength or neutral
    closed: bool = False
    third_person: bool = False
    field: bool = False  # a form field (a label with a space or a cell to answer in)
    asked: bool = False  # written as a question, with a question mark
    choices: bool = False  # followed by answer choices: Y / N, Yes / No, tick boxes
    sensitive: str | None = None  # the sensitive subject of a closed question, if any
    ask_instead: str | None = None
    person: str | None = None  # the words naming the person in the third person ("the client")


@dataclass(slots=True)
class Questions:
    items: list[Question] = field(default_factory=list)
    form: bool = False
    with_person: bool = False  # a form says it is filled in with the person, or talks to them as "you" (forms only)

    def counts(self) -> dict[str, int]:
        return {
            "total": len(self.items),
            "problem": sum(q.kind == PROBLEM for q in self.items),
            "strength": sum(q.kind == STRENGTH for q in self.items),
            "neutral": sum(q.kind == NEUTRAL for q in self.items),
            "closed": sum(q.closed for q in self.items),
            "third_person": sum(q.third_person for q in self.items),
        }


def _words_pattern(words: list[str]) -> re.Pattern:
    """One pattern for a list of cue words or phrases, matched as whole words, any case.
    A cue written with a * at the end matches any ending: "addict*" finds "addiction"."""
    parts = []
    for w in sorted(words, key=len, reverse=True):
        w = w.strip().lower()
        if not w:
            continue
        stem = w.endswith("*")
        body = re.escape(w.rstrip("*")).replace(r"\ ", r"\s+")
        parts.append(body + (r"\w*" if stem else r"s?") + r"\b")
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts or ["(?!x)x"]) + ")", re.I)


def _label_pattern(labels: list[str]) -> re.Pattern:
    """Whole labels, any case: "Date" but not "Date of birth". A label written "*signature"
    also matches any label that ends with it ("Resident's signature")."""
    parts = []
    for label in labels:
        label = label.strip().lower()
        if label.startswith("*"):
            parts.append(r".*\b" + re.escape(label[1:]).replace(r"\ ", r"\s+"))
        elif label:
            parts.append(re.escape(label).replace(r"\ ", r"\s+"))
    return re.compile(r"(?:" + "|".join(parts) + r")[\s.:]*", re.I)


@lru_cache(maxsize=8)
def load_cues(path: str | None = None) -> Cues:
    """The cue lists from ``rules/cues/questions.yaml`` (or ``path``)."""
    data = read_cues(path)
    sensitive = tuple((s["subject"], _words_pattern(s["words"]), s["ask-instead"].strip())
                      for s in data["sensitive"])
    return Cues(
        strength=_words_pattern(data["strength"]["words"]),
        problem=_words_pattern(data["problem"]["words"]),
        sensitive=sensitive,
        closed_start=re.compile(r"^\s*(?:" + "|".join(re.escape(w) for w in data["closed-starts"]) + r")\b", re.I),
        open_start=re.compile(r"^\s*(?:" + "|".join(re.escape(w) for w in data["open-starts"]) + r")\b", re.I),
        person=_words_pattern(data["person-words"]),
        with_person=_words_pattern(data["filled-in-with-person"]),
        not_question=_label_pattern(data["not-questions"]),
        instruction=re.compile(r"^\s*(?:" + "|".join(re.escape(w) for w in data["instruction-starts"]) + r")\b",
                               re.I),
        strengths_to_ask=tuple(data["strengths-to-ask"]),
    )


def cues_path() -> Path:
    from plainspeak.data import bundled

    return bundled("rules") / "cues" / "questions.yaml"


CUE_KEYS = ("about", "sources", "strength", "problem", "sensitive", "closed-starts", "person-words",
            "filled-in-with-person", "not-questions", "instruction-starts", "strengths-to-ask", "open-starts")
_WORD_LISTS = ("closed-starts", "open-starts", "person-words", "filled-in-with-person", "not-questions", "instruction-starts",
               "strengths-to-ask")


def read_cues(path: str | None = None) -> dict:
    """Read and check the cue file. A mistake is a DataFileError naming the file and line."""
    from plainspeak.yamlfile import DataFileError, LineDict, check_keys, load_yaml_file

    path = str(path or cues_path())
    data = load_yaml_file(path)
    if not isinstance(data, LineDict):
        raise DataFileError(path, "the cue file must be a set of 'key: value' lines")
    check_keys(data, CUE_KEYS, path, "a part of the question cue file")
    for key in CUE_KEYS:
        if key not in data:
            raise DataFileError(path, f"'{key}' is missing", data.line)
    for key in ("strength", "problem"):
        part = data[key]
        if not isinstance(part, LineDict):
            raise DataFileError(path, f"'{key}' needs 'words:' and 'examples:'", data.line_of(key))
        check_keys(part, ("words", "examples"), path, f"a part of '{key}'")
        if not _texts(part.get("words")) or not _texts(part.get("examples")):
            raise DataFileError(path, f"'{key}' needs a list of words and a list of examples", part.line)
    if not isinstance(data["sensitive"], list) or not data["sensitive"]:
        raise DataFileError(path, "'sensitive' must be a list of subjects", data.line_of("sensitive"))
    for item in data["sensitive"]:
        if not isinstance(item, LineDict):
            raise DataFileError(path, "each sensitive subject needs 'subject', 'words', 'ask-instead' and "
                                      "'examples'", data.line_of("sensitive"))
        check_keys(item, ("subject", "words", "ask-instead", "examples"), path, "a part of a sensitive subject")
        if not isinstance(item.get("subject"), str) or not _texts(item.get("words")) \
                or not isinstance(item.get("ask-instead"), str) or not _texts(item.get("examples")):
            raise DataFileError(path, "each sensitive subject needs 'subject' (text), 'words' (a list), "
                                      "'ask-instead' (text) and 'examples' (a list)", item.line)
    for key in _WORD_LISTS:
        if not _texts(data[key]):
            raise DataFileError(path, f"'{key}' must be a list of words or phrases", data.line_of(key))
    return data


def _texts(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value)


# -- finding the questions ------------------------------------------------------------------

def _clean(text: str) -> str:
    text = BLANK_RE.sub(" ", text)
    text = YES_NO_RE.sub(" ", text)
    text = NUMBER_RE.sub("", text)
    return _SPACE_RE.sub(" ", text).strip(" \t:;-–—/|*")


def _empty_answer(text: str) -> bool:
    """An answer cell with nothing written in it: empty, blanks, choices or a merge field."""
    rest = PLACEHOLDER_RE.sub(" ", YES_NO_RE.sub(" ", BLANK_RE.sub(" ", text)))
    rest = re.sub(r"\b(?:yes|no|n/a)\b", " ", rest, flags=re.I)
    return not _LETTER_RE.search(rest)


def _table_cells(document: Document) -> dict[tuple[int, int], dict[int, int]]:
    """(table, row) -> {column: block index}."""
    rows: dict[tuple[int, int], dict[int, int]] = {}
    for i, b in enumerate(document.blocks):
        if b.kind == TABLE_CELL and b.table is not None and b.row is not None:
            rows.setdefault((b.table, b.row), {})[b.column or 0] = i
    return rows


def find_questions(document: Document, cues: Cues) -> list[Question]:
    """Every question the document asks, in order."""
    rows = _table_cells(document)
    found: list[Question] = []
    for i, block in enumerate(document.blocks):
        text = block.text
        if not text.strip() or not _LETTER_RE.search(text) or _contents_line(text):
            continue
        beside_empty = answer_choices = False
        if block.kind == TABLE_CELL and block.table is not None and block.row is not None:
            table = document.tables[block.table] if block.table < len(document.tables) else None
            if table is not None and table.header_row and block.row == 0:
                continue  # a header cell names a column; it asks nothing
            if PLACEHOLDER_RE.fullmatch(text.strip()) or _empty_answer(text):
                continue  # an answer cell, not a question
            row = rows.get((block.table, block.row), {})
            others = [document.blocks[j].text for c, j in row.items() if c != (block.column or 0)]
            columns = table.columns if table is not None else len(row)
            later = [document.blocks[j].text for c, j in row.items() if c > (block.column or 0)]
            beside_empty = (len(row) < columns and (block.column or 0) == min(row)) \
                or any(_empty_answer(t) for t in later)
            answer_choices = any(YES_NO_RE.search(t) or BLANK_RE.search(t) for t in others)
        if block.kind != TABLE_CELL and (YES_NO_RE.search(text) or BLANK_RE.search(text)) and _empty_answer(text):
            # Only answer choices ("Yes ☐ No ☐" on a line of its own): they close the question before.
            if found and found[-1].block == i - 1:
                found[-1].choices = found[-1].closed = True
                _sort(found[-1], cues)
            continue
        found.extend(_questions_in_block(i, block.kind, text, beside_empty, answer_choices, cues))
    return found


def _questions_in_block(index: int, kind: str, text: str, beside_empty: bool, choices: bool,
                        cues: Cues) -> list[Question]:
    out: list[Question] = []
    # Split the block at the spaces to write in: each piece before a blank is one field.
    pieces: list[tuple[int, int, bool]] = []  # (start, end, followed by a blank)
    pos = 0
    for m in BLANK_RE.finditer(text):
        pieces.append((pos, m.start(), True))
        pos = m.end()
    pieces.append((pos, len(text), False))
    if "?" not in text and ":" not in text and len(pieces) == 1 and not beside_empty and not choices \
            and (kind == HEADING or not YES_NO_RE.search(text)):
        return out  # no question, no label and nothing to fill in: most blocks
    if kind != HEADING and "?" not in text and _SIGN_OFF_RE.search(text):
        return out  # a sign-off line: "Parent's name: ___ Signature: ___ Date: ___"
    for start, end, blank in pieces:
        piece = text[start:end]
        if not _LETTER_RE.search(piece):
            continue
        if "?" in piece:
            out.extend(_asked(index, text, start, end, blank or beside_empty, choices, cues, kind))
            continue
        if kind == HEADING:
            continue  # a heading without a question mark names a section
        yes_no = bool(YES_NO_RE.search(piece))
        labels = _labels(piece, start)
        if not labels:
            continue
        last_colon = piece.rstrip().endswith(":")
        for n, (ls, le) in enumerate(labels):
            is_last = n == len(labels) - 1
            label = text[ls:le]
            field = (blank and is_last) or (beside_empty and len(labels) == 1) or yes_no or choices \
                or not is_last or last_colon
            if not field and not (kind == TABLE_CELL and beside_empty):
                continue
            q = _make(index, label, ls, le, cues, closed=yes_no or choices or _is_tick(label), field=True)
            if q is not None:
                out.append(q)
    return out


_SIGN_OFF_RE = re.compile(r"\bsign(?:ature|ed)\b", re.I)


def _labels(piece: str, offset: int) -> list[tuple[int, int]]:
    """The labels in a piece of text: "Name: Address:" is two. Returns (start, end) offsets."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(r":(?=\s|$)", piece):
        spans.append((pos, m.start()))
        pos = m.end()
    if piece[pos:].strip():
        spans.append((pos, len(piece)))
    out = []
    for s, e in spans:
        chunk = piece[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if _LETTER_RE.search(chunk):
            out.append((offset + s + lead, offset + s + trail))
    return out


def _asked(index: int, text: str, start: int, end: int, field: bool, choices: bool, cues: Cues,
           kind: str) -> list[Question]:
    """The question sentences in text[start:end]. Follow-up questions in the same field
    ("If yes, which substances?") belong to the first one: one field, one question."""
    piece = text[start:end]
    out: list[Question] = []
    for m in re.finditer(r"[^.?!]*\?", piece):
        s, e = start + m.start(), start + m.end()
        sentence = text[s:e]
        if out and (field or re.match(r"\s*(?:if|and|or|which|what|when|how|please)\b", sentence, re.I)):
            q = out[-1]  # a follow-up: widen the first question to cover it
            q.end = e
            q.text = _clean(text[q.start:q.end])
            _sort(q, cues)
            continue
        lead = len(sentence) - len(sentence.lstrip())
        q = _make(index, sentence.strip(), s + lead, e, cues, closed=choices or bool(YES_NO_RE.search(piece)),
                  field=field, asked=True)
        if q is not None:
            out.append(q)
    return out


def _is_tick(label: str) -> bool:
    return bool(re.search(r"\btick\b|\bcircle\b|\bdelete as\b", label, re.I))


def _make(index: int, raw: str, start: int, end: int, cues: Cues, *, closed: bool, field: bool,
          asked: bool = False) -> Question | None:
    text = _clean(raw)
    if not text or not _LETTER_RE.search(text):
        return None
    words = len(text.split())
    if not asked:
        if words > 14:
            return None  # a sentence of instructions, not a label
        if cues.instruction.match(text) or cues.not_question.fullmatch(text):
            return None
        if re.match(r"^(?:i|we)\b", text, re.I):
            return None  # a consent statement: "I agree ..."
    q = Question(text=text, block=index, start=start, end=end, kind=NEUTRAL, closed=closed, field=field,
                 asked=asked, choices=closed)
    _sort(q, cues)
    return q


def _sort(q: Question, cues: Cues) -> None:
    text = q.text
    if cues.strength.search(text):
        q.kind = STRENGTH
    elif cues.problem.search(text):
        q.kind = PROBLEM
    else:
        q.kind = NEUTRAL
    # Answer choices (Y / N, tick boxes) make a question closed; so does a start such as
    # "Does ...", but not "Is there anything you would like us to know?", which invites words.
    q.closed = q.choices or (not cues.open_start.match(text) and bool(cues.closed_start.match(text)))
    person = cues.person.search(text) if q.asked else None  # a label talks to nobody
    q.third_person = person is not None
    q.person = person.group(0) if person else None
    q.sensitive = q.ask_instead = None
    if q.closed:
        for subject, pattern, instead in cues.sensitive:
            if pattern.search(text):
                q.sensitive, q.ask_instead = subject, instead
                break


def analyse(document: Document, cues: Cues, *, form: str = "auto", min_questions: int = 5) -> Questions:
    """The questions of a document, and whether it is a form.

    ``form``: "auto" (a form when it asks at least ``min_questions`` questions, at least two
    of them form fields), "yes" (always a form, for example set by an override for a folder
    of forms) or "no"."""
    items = find_questions(document, cues)
    if form == "yes":
        is_form = True
    elif form == "no":
        is_form = False
    else:
        is_form = len(items) >= min_questions and sum(q.field for q in items) >= 2
    # Only a form's questions are reported, so only a form needs to know (it means reading every block).
    with_person = is_form and (any(re.search(r"\byou\b|\byour\b", q.text, re.I) for q in items if q.asked)
                               or any(cues.with_person.search(b.text) for b in document.blocks))
    return Questions(items=items, form=is_form, with_person=with_person)


def to_you(question: str, person: str) -> str:
    """A third-person question turned to "you": "Does the client have a GP?" -> "Do you have a GP?"."""
    p = re.escape(person)
    text = question
    swaps = [
        (rf"\bdoes {p}\b", "do you"), (rf"\bis {p}\b", "are you"), (rf"\bhas {p}\b", "have you"),
        (rf"\bwas {p}\b", "were you"), (rf"\bdid {p}\b", "did you"), (rf"\bcan {p}\b", "can you"),
        (rf"\bwould {p}\b", "would you"), (rf"\bwill {p}\b", "will you"),
        (rf"\b{p}'s\b", "your"), (rf"\b{p}’s\b", "your"), (rf"\b{p}\b", "you"),
    ]
    for pattern, repl in swaps:
        new = re.sub(pattern, repl, text, count=1, flags=re.I)
        if new != text:
            text = new
            break
    text = re.sub(r"\b(they|them|their|themselves)\b",
                  lambda m: {"they": "you", "them": "you", "their": "your", "themselves": "yourself"}[m.group(1).lower()],
                  text, flags=re.I)
    text = re.sub(r"\byou suffers\b", "you suffer", text)
    text = re.sub(r"\byou has\b", "you have", text)
    return text[:1].upper() + text[1:]


def balance_line(counts: dict[str, int]) -> str:
    """One plain line: "This form asks 18 questions about problems and 1 about the person's strengths"."""
    p, s = counts.get("problem", 0), counts.get("strength", 0)
    total = counts.get("total", 0)
    qs = "question" if total == 1 else "questions"
    return (f"This form asks {total} {qs}: {p} about problems or risks and {s} about the person's "
            f"strengths, interests or hopes.")
