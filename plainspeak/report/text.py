"""The report for people: where, what was found, why, and what to write instead."""

from __future__ import annotations

from collections import Counter

from plainspeak.model import SEVERITIES
from plainspeak.report import wording
from plainspeak.report.base import Writer as _Writer
from plainspeak.report.wording import SECTION_MIN_WORDS, age_text, plural

_COLOURS = {"error": "31", "warning": "33", "info": "36"}


def ease_words(score: float) -> str:
    """Plain words for a Flesch reading ease score."""
    for floor, words in ((90, "very easy"), (80, "easy"), (70, "fairly easy"), (60, "plain English"),
                         (50, "fairly hard"), (30, "hard"), (-1000, "very hard")):
        if score >= floor:
            return words
    return "very hard"


def readability_line(r: dict | None) -> str | None:
    if not r or not r.get("words"):
        return None
    line = f"{plural(r['words'], 'word')} in {plural(r.get('sentences') or 0, 'sentence')}."
    fre, grade = r.get("flesch_reading_ease"), r.get("flesch_kincaid_grade")
    if fre is not None:
        line += f" Reading ease {fre:.0f} out of 100 ({ease_words(fre)} to read)."
    if grade is not None:
        line += f" Reading age about {age_text(r)} (US school grade {grade:.1f})."
    return line


SECTIONS_SHOWN = 20
SENTENCE_CHARS = 100


def _clip(text: str, n: int = SENTENCE_CHARS) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def readability_lines(r: dict | None) -> list[str]:
    """The readability part of a file's report: scores, each section's reading age, the hardest sentences."""
    first = readability_line(r)
    if not first:
        return []
    out = [f"  Readability: {first}"]
    grades = [(name, r.get(key)) for name, key in (("SMOG", "smog_index"), ("Gunning fog", "gunning_fog"),
                                                   ("Coleman-Liau", "coleman_liau_index"))]
    grades = [f"{name} {value:.1f}" for name, value in grades if value is not None]
    more = []
    if grades:
        more.append("Other grades: " + ", ".join(grades) + ".")
    if r.get("average_sentence_length") is not None:
        more.append(f"Average sentence: {r['average_sentence_length']:.1f} words.")
    if r.get("long_words_percent") is not None:
        more.append(f"Long words: {r['long_words_percent']:.0f}%.")
    if more:
        out.append("    " + " ".join(more))
    sections = wording.shown_sections(r)
    if sections:
        out.append("    Reading age by section:")
        for s in sections[:SECTIONS_SHOWN]:
            out.append(f"      {age_text(s):>2}  {_clip(wording.section_name(s), 60)} ({plural(s['words'], 'word')})")
        if len(sections) > SECTIONS_SHOWN:
            out.append(f"      ... and {len(sections) - SECTIONS_SHOWN} more sections (all are in --format json)")
    hardest = r.get("hardest_sentences") or []
    if hardest:
        out.append("    Hardest sentences:")
        from plainspeak.model import Location

        for h in hardest:
            where = Location(**h["location"]).describe()
            out.append(f"      Reading age {age_text(h)}, {plural(h['words'], 'word')}, {where}:")
            out.append(f"        \"{_clip(h['text'])}\"")
    return out


EXPLANATIONS = (
    "What the readability figures mean:",
    "  Reading ease: 0 to 100, from sentence length and syllables per word; higher is easier, 60 or more is plain English.",
    "  Reading age: roughly the age of a UK reader who could follow the text: the US school grade plus 5.",
    "  Grades (Flesch-Kincaid, SMOG, Gunning fog, Coleman-Liau): US school years needed; each weighs long words differently.",
    "  Average sentence: words per sentence; 15 to 20 is easy to follow, over 25 is hard.",
    "  Long words: the share of words with three syllables or more.",
    f"  Reading age by section: sections of {SECTION_MIN_WORDS} words or more, each starting at a heading.",
    "  Hardest sentences: the five sentences of 8 words or more with the highest reading age.",
)


def counts(findings=None, by_severity: Counter | None = None) -> str:
    c = by_severity if by_severity is not None else Counter(f.severity for f in findings)
    parts = [plural(c[s], wording.severity_word(s)) for s in reversed(SEVERITIES) if c[s]]
    return ", ".join(parts) if parts else "nothing found"


class Writer(_Writer):
    """Each file as it is checked; the totals and what the figures mean at the end."""

    def __init__(self, color: bool = False, **options):
        super().__init__(**options)
        self.color = color
        self.files = self.unreadable = self.partial = 0
        self.total: Counter = Counter()
        self.explained = False

    def paint(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text

    def kind(self) -> str:
        return f"text:color={bool(self.color)}"

    def part(self, r) -> tuple[str, tuple]:
        """The file's text, and its tally: (could not be read, read in part, findings by severity,
        has readability figures)."""
        out = [self.paint(r.path, "1")]
        if r.error:
            out.append(f"  Could not check this file: {r.error}.")
            return "\n".join(out) + "\n\n", (True, False, {}, False)
        if r.partial:
            out.append(f"  Only part of this file was checked: {wording.partial_words(r.partial)}.")
        last_place = None
        for f in r.findings:
            where = f.location.describe()
            if where != last_place:
                out.append(f"  {wording.capital(where)}")
                last_place = where
            quoted = wording.quoted_match(f)
            quoted = f"{quoted} - " if quoted else ""  # whole-document findings have no words to quote
            label = self.paint(wording.severity_word(f.severity), _COLOURS.get(f.severity, "0"))
            out.append(f"    {label}: {quoted}{f.message} [{f.rule} {f.name}]")
            if f.suggestions:
                out.append("      " + wording.try_words(f.suggestions, end=""))
        lines = readability_lines(r.readability)
        out.extend(lines)
        if r.questions:
            from plainspeak.questions import balance_line

            out.append(f"  Questions: {balance_line(r.questions)}")
        found = Counter(f.severity for f in r.findings)
        out.append(f"  Found: {counts(by_severity=found)}.")
        return "\n".join(out) + "\n\n", (False, bool(r.partial), dict(found), bool(lines))

    def count(self, tally: tuple) -> None:
        error, partial, found, explained = tally
        self.files += 1
        self.unreadable += error
        self.partial += partial
        for severity, n in found.items():
            self.total[severity] += n
        self.explained = self.explained or explained

    def end(self) -> str:
        out = []
        if self.explained:
            out.extend(EXPLANATIONS)
            out.append("")
        summary = f"Checked {plural(self.files, 'file')}: {counts(by_severity=self.total)}."
        if self.unreadable:
            summary += f" {plural(self.unreadable, 'file')} could not be read."
        if self.partial:
            summary += f" {plural(self.partial, 'file was', 'files were')} only read in part."
        out.append(summary)
        return "\n".join(out) + "\n"


def render(reports: list, **options) -> str:
    from plainspeak.report import render as _render

    return _render("text", reports, **options)
