"""What the staff page shows for one checked document: the text with each finding highlighted
in place, the notes beside it, the reading age, the hardest sentences and the rules used.

Everything here builds plain data for the templates. The only HTML made in Python is the
highlighted text of a paragraph, and every piece of document text in it goes through
:func:`html.escape` (tests feed it hostile text to prove it).
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field

from markupsafe import Markup

# Kinds of finding as the page names and colours them, in the order of the legend. A piece of
# text found by two kinds is coloured as the first. "wordy" is the jargon category's wordy-phrase
# rule (PS202), which people meet as a different problem from jargon.
KINDS = {
    "deficit-label": "Labels that describe people by a problem",
    "jargon": "Jargon",
    "wordy": "Wordy words",
    "acronym": "Acronyms",
    "readability": "Hard to read",
    "accessibility": "Accessibility",
    "strengths": "Questions a form asks",
    "directive": "plainspeak comments",
}
KIND_HELP = {
    "deficit-label": "Words that sum a person up by a problem or a service. Put the person first.",
    "jargon": "Words from inside services that many readers will not know.",
    "wordy": "Official words with a shorter, everyday swap.",
    "acronym": "Letters that stand for words. Spell them out, at least the first time.",
    "readability": "Sentences and paragraphs that are long or hard to follow.",
    "accessibility": "Things that make the document hard to use with a screen reader or other aids.",
    "strengths": "Questions that ask only about problems, or ask about the person instead of asking them.",
    "directive": "Problems with plainspeak's own comments in the file.",
}
SEVERITY_WORDS = {"error": "Must fix", "warning": "Should fix", "info": "Worth a look"}
# Readability findings about a whole sentence or paragraph are underlined, not highlighted, so
# the words highlighted inside them still show.
WIDE_RULES = {"long-sentence", "long-paragraph", "hard-sentence"}


def kind_of(finding) -> str:
    if finding.name == "wordy-phrase":
        return "wordy"
    return finding.category if finding.category in KINDS else "directive"


@dataclass
class Note:
    number: int
    kind: str
    finding: object
    where: str = ""


@dataclass
class Paragraph:
    html: Markup
    heading: int | None  # heading level, or None for other text
    notes: list[Note] = field(default_factory=list)
    hardest: list[dict] = field(default_factory=list)  # hardest sentences in this paragraph


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _marked(text: str, spans: list[tuple[int, int, str, int, bool]], hard: list[tuple[int, int]]) -> Markup:
    """``text`` escaped, with each (start, end, kind, number, wide) span marked and its number
    after it, and the hardest sentences (start, end) marked as such."""
    order = {k: i for i, k in enumerate(KINDS)}
    cuts = sorted({0, len(text), *(p for s in spans for p in s[:2]), *(p for h in hard for p in h)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = esc(text[a:b])
        words = sorted((k for s, e, k, _, wide in spans if s <= a and b <= e and not wide), key=order.get)
        wide = sorted((k for s, e, k, _, w in spans if s <= a and b <= e and w), key=order.get)
        if words:
            piece = f'<mark class="k-{words[0]}">{piece}</mark>'
        if wide:
            piece = f'<span class="wide k-{wide[0]}">{piece}</span>'
        if any(s == a for s, _ in hard):
            out.append('<span class="hardest">')  # hardest sentences never overlap: one span each
        out.append(piece)
        out.extend(f'<sup class="k-{k}"><a href="#f{n}"><span class="visually-hidden">finding </span>{n}</a></sup>'
                   for s, e, k, n, _ in spans if e == b)
        if any(e == b for _, e in hard):
            out.append("</span>")
    return Markup("".join(out))


def _hardest_in(block_text: str, sentences: list[dict]) -> list[tuple[int, int, dict]]:
    """Where the hardest sentences stand in a block's text (found by their words)."""
    out = []
    for s in sentences:
        words = _norm(s.get("text") or "").rstrip(".…")
        if len(words) < 10:
            continue
        head = words[:40]
        i = _norm(block_text).find(head)
        if i < 0:
            continue
        # Map the position in the normalised text back to the block's own text.
        start = _position(block_text, i)
        end = _position(block_text, i + len(words))
        out.append((start, max(end, start + 1), s))
    return out


def _position(text: str, normalised_index: int) -> int:
    """The offset in ``text`` of an index into ``" ".join(text.split())``."""
    n = 0
    i = 0
    while i < len(text) and text[i].isspace():
        i += 1
    while i < len(text) and n < normalised_index:
        if text[i].isspace():
            while i < len(text) and text[i].isspace():
                i += 1
            n += 1
        else:
            i += 1
            n += 1
    return i


@dataclass
class Results:
    name: str
    format: str | None
    error: str | None = None
    readability: dict | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    loose: list[Note] = field(default_factory=list)  # about the whole document, or with no place in the text
    counts: Counter = field(default_factory=Counter)  # kind -> findings
    rules: list = field(default_factory=list)  # the rules behind the findings, for "explain this rule"
    hardest: list[dict] = field(default_factory=list)
    can_annotate: bool = False
    can_fix: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def kinds(self) -> list[tuple[str, str, str, int]]:
        """(kind, name, help, count) for the legend, every kind that has findings."""
        return [(k, KINDS[k], KIND_HELP[k], self.counts[k]) for k in KINDS if self.counts[k]]

    def sections(self) -> list[dict]:
        r = self.readability or {}
        return [s for s in r.get("sections") or [] if isinstance(s, dict) and s.get("reading_age") is not None]


def build(report, document, rules: list) -> Results:
    """The page's view of one FileReport and its Document (None when it could not be read)."""
    res = Results(name=report.path, format=report.format, error=report.error, readability=report.readability)
    res.can_annotate = report.format == "docx" and not report.error
    res.can_fix = report.format in ("markdown", "text") and not report.error
    if report.error:
        return res
    res.hardest = list((report.readability or {}).get("hardest_sentences") or [])
    by_block: dict[int, list[Note]] = {}
    for n, f in enumerate(report.findings, 1):
        note = Note(n, kind_of(f), f)
        res.counts[note.kind] += 1
        ok = (document is not None and f.block is not None and 0 <= f.block < len(document.blocks)
              and 0 <= f.start < f.end <= len(document.blocks[f.block].text))
        if ok:
            by_block.setdefault(f.block, []).append(note)
        else:
            where = f.location.describe()
            note.where = "" if where == "whole document" else where
            res.loose.append(note)
    placed_hard: set[int] = set()
    if document is not None:
        for i, block in enumerate(document.blocks):
            notes = by_block.get(i, [])
            hard = []
            for s, e, h in sorted(_hardest_in(block.text, res.hardest), key=lambda x: x[0]):
                if id(h) not in placed_hard and (not hard or s >= hard[-1][1]) and e <= len(block.text):
                    hard.append((s, e, h))
            placed_hard.update(id(h) for _, _, h in hard)
            spans = [(x.finding.start, x.finding.end, x.kind, x.number, x.finding.name in WIDE_RULES) for x in notes]
            level = (block.level or 1) if block.kind == "heading" else None
            res.paragraphs.append(Paragraph(_marked(block.text, spans, [(s, e) for s, e, _ in hard]), level,
                                            notes, [h for _, _, h in hard]))
    used = {f.rule for f in report.findings}
    res.rules = [r for r in rules if r.code in used]
    return res
