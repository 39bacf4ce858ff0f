"""Text helpers of the accessibility check: what alt text, link text and titles look like,
word counts, runs of capitals and Markdown front matter. Plain functions, no document walk."""

from __future__ import annotations

import re

from plainspeak.extract.formats import FORMATS, InputFormat

_IMAGE_FILE = re.compile(
    r"(?i)^\S*\.(?:png|jpe?g|gif|bmp|svg|webp|tiff?|emf|wmf|heic|eps|ico)$"
    r"|^(?:img|dsc|dscn|dcim|pxl|image|picture|photo|screenshot|screen shot)[\s_\-]?\d[\w\s\-.:]*$"
)
_USELESS_ALT = frozenset({
    "image", "images", "picture", "pictures", "pic", "photo", "photograph", "graphic", "graphics", "img",
    "icon", "logo", "diagram", "chart", "graph", "figure", "screenshot", "screen shot", "untitled", "alt",
    "alt text", "alternative text", "description", "placeholder", "photo of", "image of", "picture of",
    "clipart", "clip art", "drawing", "illustration", "banner", "spacer", "blank", "none", "n/a", "-",
})
_AUTO_ALT = re.compile(r"(?i)description automatically generated|a picture containing|automatically generated")

_URL_TEXT = re.compile(r"(?i)^(?:https?://|ftp://|www\.)\S+$|^[\w\-]+(?:\.[\w\-]+)+/\S+$")
_EMAIL = re.compile(r"^\S+@\S+\.\w+$")
_NORMALISE = re.compile(r"[^\w\s]+")
_WORD = re.compile(r"[^\W\d_][\w'’\-]*|\d[\d,.:/]*")
_HAS_WORD = re.compile(r"[^\W_]")
_CAPS_HINT = re.compile(r"[A-Z][A-Z'’\-]*[\s,:;&/]+[A-Z][A-Z'’\-]*[\s,:;&/]+[A-Z]")  # three capital words in a row
_TITLE_JUNK = re.compile(
    r"(?i)^(?:microsoft word\s*-\s*.*|untitled.*|document\s*\d*|doc\d*|title|new document|"
    r".*\.(?:docx?|pdf|rtf|odt|dotx?|txt|md))$"
)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_UNDERLINE_TAG = re.compile(r"(?is)<(u|ins)\b[^>]*>(.*?)</\1\s*>")
_NOT_HEADING_STYLES = re.compile(r"(?i)^(?:subtitle|caption|toc\b|toc heading|header|footer|quote|intense quote)")
_SENTENCE_END = re.compile(r"[.!?;,…]['\"’”)]*$")


def _norm(text: str) -> str:
    return " ".join(_NORMALISE.sub(" ", text.lower()).split())


def _words(text: str) -> int:
    return len(text.split())


def _lead(text: str, limit: int = 60) -> int:
    """End offset of the start of ``text``: at most ``limit`` characters, cut at a word boundary."""
    if len(text) <= limit:
        return len(text)
    cut = text.rfind(" ", 0, limit)
    return cut if cut > limit // 2 else limit


def _quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: _lead(text, limit)].rstrip() + "…"


def _points(size: float) -> str:
    return f"{size:g}"


def _pages(pages: list[int]) -> str:
    """ "page 3", "pages 3 and 4", "pages 3 to 7"."""
    if len(pages) == 1:
        return f"page {pages[0]}"
    if len(pages) == 2:
        return f"pages {pages[0]} and {pages[1]}"
    return f"pages {pages[0]} to {pages[-1]}"


def _runs(numbers: list[int]) -> list[list[int]]:
    """Consecutive runs: [1, 2, 3, 7] -> [[1, 2, 3], [7]]."""
    out: list[list[int]] = []
    for n in sorted(set(numbers)):
        if out and n == out[-1][-1] + 1:
            out[-1].append(n)
        else:
            out.append([n])
    return out


def caps_runs(text: str, min_words: int) -> list[tuple[int, int]]:
    """Spans of ``min_words`` or more words in a row written in capitals.

    Numbers do not break a run; a word with a small letter does. Single
    capital letters count only when they are the words "A" and "I".
    """
    spans = []
    start = end = -1
    count = 0
    for m in _WORD.finditer(text):
        word = m.group()
        if word[0].isdigit():
            continue
        if word.isupper() and (len(word) >= 2 or word in ("A", "I")):
            if start < 0:
                start, count = m.start(), 0
            end = m.end()
            count += 1
        else:
            if start >= 0 and count >= min_words:
                spans.append((start, end))
            start = -1
    if start >= 0 and count >= min_words:
        spans.append((start, end))
    return spans


def _format(fmt: str) -> InputFormat:
    """The record of an input format (its advice for these messages), general advice for others."""
    return FORMATS.get(fmt) or InputFormat(fmt, fmt, (), "")


def front_matter(source: str | None) -> str | None:
    """The YAML front matter of a Markdown source, or None if it has none."""
    if not source or not source.startswith("---"):
        return None
    m = _FRONT_MATTER.match(source)
    return m.group(1) if m else None


# Pages with no text layer, by what they show: (what it is, the problem, what to do).
_NO_TEXT = {
    "scan": ("only a picture of text (it may be a scan)",
             "Screen readers cannot read it, people cannot search it or make the text bigger",
             "Make the PDF from the original document, or run text recognition (OCR) on it and check the result."),
    "outlines": ("text drawn as shapes (outlines), not as letters",
                 "Screen readers cannot read it, people cannot search it or copy from it",
                 "Make the PDF again from the original document, keeping the text as text: do not turn fonts "
                 "into outlines or curves."),
    "picture": ("only a picture, with no text",
                "Any words in the picture cannot be read by a screen reader",
                "Put any words the picture shows into the text as well, and describe the picture (alt text)."),
}
