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


def readability_line(r: dict | None) -> str | None:
    if not r or not r.get("words"):
        return None
    words, sentences = r["words"], r["sentences"]
    line = f"{words:,} words in {sentences:,} sentences."
    fre, grade = r.get("flesch_reading_ease"), r.get("flesch_kincaid_grade")
    if fre is not None:
        line += f" Reading ease {fre:.0f} out of 100 ({ease_words(fre)} to read)."
    if grade is not None:
        line += f" Reading age about {max(grade + 5, 5):.0f} (US school grade {grade:.1f})."
    return line


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
            out.append(f"    {paint(label, _COLOURS.get(f.severity, '0'))}: \"{match}\" - {f.message} [{f.rule} {f.name}]")
            if f.suggestions:
                tries = ", ".join(f'"{s}"' for s in f.suggestions[:4])
                out.append(f"      Try: {tries}")
        line = readability_line(r.readability)
        if line:
            out.append(f"  Readability: {line}")
        out.append(f"  Found: {counts(r.findings)}.")
        out.append("")
    files = len(reports)
    summary = f"Checked {_plural(files, 'file')}: {counts(all_findings)}."
    if unreadable:
        summary += f" {_plural(unreadable, 'file')} could not be read."
    out.append(summary)
    return "\n".join(out) + "\n"
