"""The HTML report: one self-contained page for people who are not programmers.

``plainspeak check --format html -o report.html policy.docx`` writes a page that
opens in any browser with no network: no scripts, no fonts or pictures from
elsewhere (a Content-Security-Policy forbids loading anything). It has

- a summary of the findings by category and severity;
- for each file, its reading scores and a bar chart of the reading age of each
  section (drawn in SVG, when the report has section scores);
- the document's text with each finding highlighted, and beside each paragraph
  what was found, why, and what to write instead.

All document text is escaped. The text comes from ``documents`` (path -> Document,
or a function that gives a file's Document or None), which the command line reads
again for this format, one file at a time; without it, the findings are listed by
place. Reading ages and the sections shown follow plainspeak.report.wording, as
in the text report.
"""

from __future__ import annotations

import html
from collections import Counter

from plainspeak import __version__
from plainspeak.model import CATEGORIES, HEADING
from plainspeak.report import wording
from plainspeak.report.base import Writer as _Writer
from plainspeak.report.wording import plural as _plural

SEVERITY_ORDER = ("error", "warning", "info")
SEVERITY_WORDS = {"error": "Error", "warning": "Warning", "info": "Note"}
CATEGORY_WORDS = {
    "acronym": "Acronyms",
    "jargon": "Jargon",
    "deficit-label": "Labels that describe people by a problem",
    "readability": "Hard to read",
    "accessibility": "Accessibility",
    "strengths": "Questions a form asks",
    "directive": "plainspeak comments",
    "plain-english": "Wordy words",
}

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;line-height:1.5;margin:0;color:#1b1b1b;background:#fff}
main{max-width:78rem;margin:0 auto;padding:1rem 1.5rem 3rem}
h1{font-size:1.8rem;margin:.5rem 0}h2{font-size:1.4rem;margin:2.5rem 0 .5rem;border-top:3px solid #1d70b8;padding-top:1rem;word-break:break-all}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #b1b4b6;padding:.25rem .6rem;text-align:left}
td.n{text-align:right}
.block{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1.5rem;border-bottom:1px solid #eee;padding:.4rem 0}
.text{white-space:pre-wrap;margin:0}.text.heading{font-weight:700;font-size:1.1rem}
.notes{margin:0;padding:0;list-style:none;font-size:.92rem}.notes li{margin:0 0 .6rem;padding-left:.6rem;border-left:4px solid #b1b4b6}
.notes li.error{border-color:#d4351c}.notes li.warning{border-color:#f47738}.notes li.info{border-color:#1d70b8}
mark{background:#fff2a8;border-bottom:2px solid #f47738;padding:0 .1rem}mark.error{background:#f9d5cf;border-color:#d4351c}
mark.info{background:#dbe9f6;border-color:#1d70b8}sup{font-size:.7rem;color:#505a5f}
.wide{text-decoration:underline wavy #f47738;text-underline-offset:4px}.wide.error{text-decoration-color:#d4351c}
.wide.info{text-decoration-color:#1d70b8}
.sev{font-weight:700}.rule{color:#505a5f;font-size:.85rem}.try{margin:.15rem 0 0}
.where{color:#505a5f;font-size:.85rem}.error-file{color:#d4351c;font-weight:700}.partial{border-left:4px solid #f47738;padding-left:.6rem}
svg text{font-family:inherit;font-size:12px}
@media (max-width:50rem){.block{grid-template-columns:1fr}}
@media print{.block{break-inside:avoid}}
"""


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def _summary(files: int, by: Counter, unreadable: int, partial: int = 0) -> str:
    """The totals: ``by`` counts findings by (category, severity)."""
    found = {c for c, _ in by}
    cats = [c for c in (*CATEGORIES, *sorted(found - set(CATEGORIES)))
            if any(by[(c, s)] for s in SEVERITY_ORDER)]
    out = [f"<p>Checked {_plural(files, 'file')}: {_plural(sum(by.values()), 'finding')}."
           + (f" {_plural(unreadable, 'file')} could not be read." if unreadable else "")
           + (f" {_plural(partial, 'file was', 'files were')} only read in part." if partial else "") + "</p>"]
    if cats:
        out.append('<table><caption class="where">Findings by kind</caption><thead><tr><th scope="col">Kind</th>'
                   + "".join(f'<th scope="col">{SEVERITY_WORDS[s]}s</th>' for s in SEVERITY_ORDER)
                   + '<th scope="col">All</th></tr></thead><tbody>')
        for c in cats:
            cells = "".join(f'<td class="n">{by[(c, s)]}</td>' for s in SEVERITY_ORDER)
            total = sum(by[(c, s)] for s in SEVERITY_ORDER)
            out.append(f'<tr><th scope="row">{esc(CATEGORY_WORDS.get(c, c))}</th>{cells}<td class="n">{total}</td></tr>')
        out.append("</tbody></table>")
    return "\n".join(out)


def _chart(rows: list[dict]) -> str:
    """A bar for each section's reading age (the sections of wording.shown_sections)."""
    if not rows:
        return ""
    top = max(20.0, max(wording.age(s) for s in rows))
    label_w, bar_w, row_h = 260, 380, 22
    height = row_h * len(rows) + 10
    parts = [f'<figure><figcaption>Reading age of each section, in years (shorter bars are easier to read)'
             f'</figcaption><svg role="img" aria-label="Reading age of each section" '
             f'xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 60}" height="{height}" '
             f'viewBox="0 0 {label_w + bar_w + 60} {height}">']
    for i, s in enumerate(rows):
        age = wording.age(s)
        title = wording.section_name(s)
        short = title if len(title) <= 38 else title[:37] + "…"
        y = i * row_h + 5
        w = max(1, round(bar_w * min(age, top) / top))
        colour = "#00703c" if age <= 12 else "#f47738" if age <= 16 else "#d4351c"
        parts.append(f'<g><title>{esc(title)}: reading age {age:.0f}</title>'
                     f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{esc(short)}</text>'
                     f'<rect x="{label_w}" y="{y + 2}" width="{w}" height="{row_h - 6}" fill="{colour}"/>'
                     f'<text x="{label_w + w + 6}" y="{y + 15}">{age:.0f}</text></g>')
    parts.append("</svg></figure>")
    return "".join(parts)


def _readability(r: dict | None) -> str:
    if not r or not r.get("words"):
        return ""
    bits = [f"{_plural(r['words'], 'word')} in {_plural(r.get('sentences') or 0, 'sentence')}."]
    if r.get("flesch_reading_ease") is not None:
        bits.append(f"Reading ease {r['flesch_reading_ease']:.0f} out of 100 (higher is easier; 60 or more is plain English).")
    if wording.age(r) is not None:
        bits.append(f"Reading age about {wording.age_text(r)}.")
    return f"<p>{esc(' '.join(bits))}</p>" + _chart(wording.shown_sections(r))


def _note(f, number: int) -> str:
    quoted = wording.quoted_match(f, "“", "”")
    head = (f'<span class="sev">{SEVERITY_WORDS.get(f.severity, f.severity)}</span> '
            f'<sup>{number}</sup> ' + (f"{esc(quoted)}: " if quoted else ""))
    out = f'<li class="{esc(f.severity)}" id="f{number}">{head}{esc(f.message)}'
    if f.suggestions:
        out += f'<p class="try">{esc(wording.try_words(f.suggestions, "“", "”", end=""))}</p>'
    out += f' <span class="rule">{esc(f.rule)} {esc(f.name)}</span></li>'
    return out


def _marked(text: str, spans: list[tuple]) -> str:
    """``text`` with each (start, end, severity, number[, wide]) span highlighted, its number after it.

    Word-level findings get a <mark>; where they overlap, the piece they share is marked
    once, in the most severe colour. Wide findings (a whole long sentence) are underlined
    instead, so the words marked inside them still show."""
    spans = [(*x, False) if len(x) == 4 else x for x in spans]
    cuts = sorted({0, len(text), *(p for x in spans for p in (x[0], x[1]))})
    rank = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = esc(text[a:b])
        over = [sev for s, e, sev, _, wide in spans if s <= a and b <= e and not wide]
        wide = [sev for s, e, sev, _, w in spans if s <= a and b <= e and w]
        if over:
            sev = min(over, key=lambda x: rank.get(x, len(rank)))
            piece = f'<mark class="{esc(sev)}">{piece}</mark>'
        if wide:
            sev = min(wide, key=lambda x: rank.get(x, len(rank)))
            piece = f'<span class="wide {esc(sev)}">{piece}</span>'
        out.append(piece)
        out.extend(f'<sup><a href="#f{n}">{n}</a></sup>' for s, e, _, n, _ in spans if e == b)
    return "".join(out)


def _file(r, document, start_number: int) -> tuple[str, int]:
    out = [f"<section><h2>{esc(r.path)}</h2>"]
    if r.error:
        out.append(f'<p class="error-file">Could not check this file: {esc(r.error)}.</p></section>')
        return "\n".join(out), start_number
    if r.partial:
        out.append(f'<p class="partial">Only part of this file was checked: {esc(wording.partial_words(r.partial))}.</p>')
    out.append(_readability(r.readability))
    if getattr(r, "questions", None):
        from plainspeak.questions import balance_line

        out.append(f'<p class="questions">{esc(balance_line(r.questions))}</p>')
    counts = Counter(f.severity for f in r.findings)
    out.append("<p>Found: " + (", ".join(_plural(counts[s], SEVERITY_WORDS[s].lower()) for s in SEVERITY_ORDER
                                         if counts[s]) or "nothing") + ".</p>")
    number = start_number
    numbered = []
    for f in r.findings:
        number += 1
        numbered.append((number, f))
    by_block: dict[int, list] = {}
    loose = []
    for n, f in numbered:
        ok = (document is not None and f.block is not None and 0 <= f.block < len(document.blocks)
              and 0 <= f.start < f.end <= len(document.blocks[f.block].text))
        if ok:
            by_block.setdefault(f.block, []).append((n, f))
        else:
            loose.append((n, f))
    if loose:
        out.append('<h3>About the whole document</h3><ul class="notes">' if document is not None
                   else '<h3>What was found</h3><ul class="notes">')
        for n, f in loose:
            where = f.location.describe()
            out.append(_note(f, n).replace("</li>", f' <span class="where">({esc(where)})</span></li>', 1)
                       if where != "whole document" else _note(f, n))
        out.append("</ul>")
    if document is not None and document.blocks:
        out.append('<h3>The document</h3><div class="doc">')
        for i, block in enumerate(document.blocks):
            here = by_block.get(i, [])
            spans = [(f.start, f.end, f.severity, n, f.category == "readability") for n, f in here]
            cls = "text heading" if block.kind == HEADING else "text"
            notes = ('<ul class="notes">' + "".join(_note(f, n) for n, f in here) + "</ul>") if here else ""
            out.append(f'<div class="block"><p class="{cls}">{_marked(block.text, spans)}</p>{notes}</div>')
        out.append("</div>")
    out.append("</section>")
    return "\n".join(out), number


class Writer(_Writer):
    """Each file's part is made as the file comes (its Document read, used and dropped);
    the page, which starts with the totals, is written at the end."""

    def __init__(self, documents=None, **options):
        super().__init__(**options)
        self.documents = documents or {}
        self.parts: list[str] = []
        self.number = 0
        self.by: Counter = Counter()
        self.files = self.unreadable = self.partial = 0
        self.first_path: str | None = None

    def _document(self, path: str):
        if callable(self.documents):
            return self.documents(path)
        return self.documents.get(path)

    def add(self, r) -> str:
        self.files += 1
        self.first_path = self.first_path or r.path
        self.unreadable += bool(r.error)
        self.partial += bool(r.partial)
        self.by.update((f.category, f.severity) for f in r.findings)
        document = None if r.error else self._document(r.path)
        part, self.number = _file(r, document, self.number)
        self.parts.append(part)
        return ""

    def end(self) -> str:
        title = "plainspeak report" + (f": {self.first_path}" if self.files == 1 else "")
        return "\n".join([
            "<!DOCTYPE html>",
            '<html lang="en-GB">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
            f'<meta name="generator" content="plainspeak {esc(__version__)}">',
            f"<title>{esc(title)}</title>",
            f"<style>{CSS}</style>",
            "</head>",
            "<body><main>",
            "<h1>plainspeak report</h1>",
            "<p>Highlighted words are explained beside each paragraph, with words to use instead.</p>",
            _summary(self.files, self.by, self.unreadable, self.partial),
            *self.parts,
            "</main></body>",
            "</html>",
            "",
        ])


def render(reports: list, **options) -> str:
    from plainspeak.report import render as _render

    return _render("html", reports, **options)
