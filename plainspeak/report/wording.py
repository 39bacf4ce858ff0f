"""Words shared by every report, so the formats say the same thing the same way.

- :func:`plural`: "1 sentence", "2 sentences".
- :func:`try_words`: the "Try: ..." sentence with the words to use instead.
- :func:`quoted_match`: the words found, on one line, or "" for findings about the whole document.
- :func:`place`: where a finding is, for one-line formats ("12:5", "page 3, paragraph 2", "document").
- :func:`age`: the reading age shown to people (never under 5), from a readability object or a section.
- :func:`shown_sections`: which sections get their own reading age (long enough to give a steady figure).
- :func:`partial_words`: why only part of a file was read, from the report's ``partial`` field.
"""

from __future__ import annotations

# How many suggestions a report shows; the JSON report keeps them all.
SUGGESTIONS_SHOWN = 4
# Sections shorter than this give unsteady reading ages, so reports do not show them on their own.
SECTION_MIN_WORDS = 30
# The youngest reading age shown: the formulas go below it for very short, simple text.
YOUNGEST_AGE = 5

SEVERITY_WORDS = {"error": "error", "warning": "warning", "info": "note"}


def plural(n: int, word: str, many: str | None = None) -> str:
    """``plural(1, "file")`` is "1 file"; ``plural(2, "file")`` is "2 files"."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def severity_word(severity: str) -> str:
    """What people call a severity: "error", "warning" or "note"."""
    return SEVERITY_WORDS.get(severity, severity)


def one_line(text: str) -> str:
    return " ".join(text.split())


def quoted_match(f, left: str = '"', right: str = '"') -> str:
    """The words found, quoted, on one line; "" when the finding is about the whole document."""
    match = one_line(f.match)
    return f"{left}{match}{right}" if match else ""


def try_words(suggestions, left: str = '"', right: str = '"', end: str = ".") -> str:
    """``Try: "people sleeping rough", "people without a home".`` or "" when there is nothing to suggest."""
    if not suggestions:
        return ""
    return "Try: " + ", ".join(f"{left}{s}{right}" for s in list(suggestions)[:SUGGESTIONS_SHOWN]) + end


def place(loc) -> str:
    """Where a finding is, for formats with one line a finding: "12:5" where there are lines,
    else "page 3, paragraph 2", else "document"."""
    if loc.line is not None:
        return f"{loc.line}:{loc.column or 1}"
    return loc.page_and_paragraph() or "document"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def age(scores: dict | None) -> float | None:
    """The reading age to show for a readability object or a section: its ``reading_age`` (or its
    Flesch-Kincaid grade plus 5), never under :data:`YOUNGEST_AGE`; None when it has no score."""
    if not scores:
        return None
    value = scores.get("reading_age")
    if value is None and scores.get("flesch_kincaid_grade") is not None:
        value = scores["flesch_kincaid_grade"] + 5
    return None if value is None else max(float(value), YOUNGEST_AGE)


def age_text(scores: dict | None) -> str:
    value = age(scores)
    return "" if value is None else f"{value:.0f}"


def shown_sections(readability: dict | None) -> list[dict]:
    """The sections whose reading age a report shows: those of at least :data:`SECTION_MIN_WORDS`
    words that have a score. None at all when the only one is the untitled text of a document
    without headings (the whole-document figure says the same)."""
    if not readability:
        return []
    sections = [s for s in readability.get("sections") or [] if isinstance(s, dict)
                and (s.get("words") or 0) >= SECTION_MIN_WORDS and age(s) is not None]
    if len(sections) == 1 and not sections[0].get("section"):
        return []
    return sections


def section_name(section: dict) -> str:
    return section.get("section") or "(before the first heading)"


def _pages(numbers: list[int]) -> str:
    shown = [str(n) for n in numbers[:10]]
    if len(numbers) > 10:
        shown.append(f"{len(numbers) - 10} more")
    if len(shown) == 1:
        return f"page {shown[0]}"
    return "pages " + ", ".join(shown[:-1]) + " and " + shown[-1]


def partial_words(partial: dict | None) -> str:
    """One plain sentence on what was not read, without a full stop; "" for a file read whole."""
    if not partial:
        return ""
    return partial.get("message") or "only part of the file was read"


def partial_message(unreadable: list[int], reasons: dict, truncated: bool, pages_read: int | None,
                    cut_short: bool, limit: int | None) -> str:
    """The ``message`` of a report's ``partial`` field (see plainspeak.engine.partial_read)."""
    bits = []
    if unreadable:
        why = {reasons.get(n) or reasons.get(str(n)) for n in unreadable} - {None}
        why = {w for w in why if "could not be read" not in w}  # says no more than the sentence
        bits.append(f"{_pages(unreadable)} could not be read" + (f": {why.pop()}" if len(why) == 1 else ""))
    if cut_short and not unreadable:
        bits.append("the end of the file is missing (it was cut short), so only what was there was read")
    if truncated:
        text = "the text passed the size limit"
        if limit:
            text = f"the text passed the limit of {limit:,} characters"
        bits.append(text + (f", so only pages 1 to {pages_read} were read" if pages_read
                            else ", so the rest was not read"))
    return "; ".join(bits)
