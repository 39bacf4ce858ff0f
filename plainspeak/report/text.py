"""The report for people: where, what was found, why, and what to write instead."""

from __future__ import annotations

from collections import Counter

from plainspeak.model import SEVERITIES

_COLOURS = {"error": "31", "warning": "33", "info": "36"}


def ease_words(score: float) -> str:
    """Plain words for a Flesch reading ease score."""
    for floor, words in ((90, "very easy"), (80, "easy"), (70, "fairly easy"), (60, "plain English"),
                         (50, "fairly hard"), (30, "hard"), (-1000, "very hard")):
        if score >= floor:
            return words
    return "very hard"


def _age(grade: float) -> str:
    return f"{max(grade + 5, 5):.0f}"


def readability_line(r: dict | None) -> str | None:
    if not r or not r.get("words"):
        return None
    words, sentences = r["words"], r["sentences"]
    line = f"{words:,} words in {sentences:,} sentences."
    fre, grade = r.get("flesch_reading_ease"), r.get("flesch_kincaid_grade")
    if fre is not None:
        line += f" Reading ease {fre:.0f} out of 100 ({ease_words(fre)} to read)."
    if grade is not None:
        line += f" Reading age about {_age(grade)} (US school grade {grade:.1f})."
    return line


SECTIONS_SHOWN = 20
SECTION_MIN_WORDS = 30  # shorter sections give unsteady figures
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
    sections = [s for s in r.get("sections") or [] if s.get("words", 0) >= SECTION_MIN_WORDS
                and s.get("flesch_kincaid_grade") is not None]
    if len(sections) > 1 or (sections and sections[0].get("section")):
        out.append("    Reading age by section:")
        for s in sections[:SECTIONS_SHOWN]:
            name = s["section"] or "(before the first heading)"
            out.append(f"      {_age(s['flesch_kincaid_grade']):>2}  {_clip(name, 60)} ({s['words']:,} words)")
        if len(sections) > SECTIONS_SHOWN:
            out.append(f"      ... and {len(sections) - SECTIONS_SHOWN} more sections (all are in --format json)")
    hardest = r.get("hardest_sentences") or []
    if hardest:
        out.append("    Hardest sentences:")
        from plainspeak.model import Location

        for h in hardest:
            where = Location(**h["location"]).describe()
            out.append(f"      Reading age {_age(h['flesch_kincaid_grade'])}, {h['words']} words, {where}:")
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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def counts(findings) -> str:
    c = Counter(f.severity for f in findings)
    parts = [_plural(c[s], s if s != "info" else "note") for s in reversed(SEVERITIES) if c[s]]
    return ", ".join(parts) if parts else "nothing found"


def render(reports: list, color: bool = False, **_options) -> str:
    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    out: list[str] = []
    all_findings = []
    unreadable = 0
    explained = False
    for r in reports:
        out.append(paint(r.path, "1"))
        if r.error:
            unreadable += 1
            out.append(f"  Could not check this file: {r.error}.")
            out.append("")
            continue
        last_place = None
        for f in r.findings:
            all_findings.append(f)
            where = f.location.describe()
            if where != last_place:
                out.append(f"  {where[0].upper()}{where[1:]}")
                last_place = where
            label = "note" if f.severity == "info" else f.severity
            match = " ".join(f.match.split())
            quoted = f'"{match}" - ' if match else ""  # whole-document findings have no words to quote
            out.append(f"    {paint(label, _COLOURS.get(f.severity, '0'))}: {quoted}{f.message} [{f.rule} {f.name}]")
            if f.suggestions:
                tries = ", ".join(f'"{s}"' for s in f.suggestions[:4])
                out.append(f"      Try: {tries}")
        lines = readability_lines(r.readability)
        if lines:
            out.extend(lines)
            explained = True
        if r.questions:
            from plainspeak.questions import balance_line

            out.append(f"  Questions: {balance_line(r.questions)}")
        out.append(f"  Found: {counts(r.findings)}.")
        out.append("")
    files = len(reports)
    summary = f"Checked {_plural(files, 'file')}: {counts(all_findings)}."
    if unreadable:
        summary += f" {_plural(unreadable, 'file')} could not be read."
    if explained:
        out.extend(EXPLANATIONS)
        out.append("")
    out.append(summary)
    return "\n".join(out) + "\n"
