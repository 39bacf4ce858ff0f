"""The audit's summary page: one self-contained HTML file, for managers and co-production
groups. It needs no network: no scripts, fonts or pictures from elsewhere, and every piece
of document text is escaped.

It shows: how many documents and words were checked; how hard they are to read (a
reading-age chart); the hardest documents; the most frequent deficit labels, jargon and
acronyms with what to write instead; results by folder (team); and the documents that
could not be read, and why.
"""

from __future__ import annotations

import heapq
import os
from collections import Counter, defaultdict
from html import escape

AGE_BANDS = [(0, 9, "9 or under"), (9, 11, "10 to 11"), (11, 13, "12 to 13"), (13, 15, "14 to 15"),
             (15, 17, "16 to 17"), (17, 99, "18 or over")]
TOP = 15
HARDEST = 10
MIN_WORDS_FOR_HARDEST = 100
UNREADABLE_SHOWN = 200
TERM_CATEGORIES = (("deficit-label", "Labels that describe people by a problem"),
                   ("jargon", "Jargon and wordy words"), ("acronym", "Acronyms"))


def _norm(words: str) -> str:
    return " ".join(words.lower().split())


class Summary:
    def __init__(self, roots: list[str]):
        self.roots = [os.path.normpath(r) for r in roots]
        self.documents = 0
        self.words = 0
        self.ages: Counter = Counter()
        self.hardest: list[tuple[float, str, int]] = []  # a heap of (reading age, path, words)
        self.terms: dict[str, Counter] = {c: Counter() for c, _ in TERM_CATEGORIES}
        self.docs_with: dict[str, Counter] = {c: Counter() for c, _ in TERM_CATEGORIES}
        self.suggestion: dict[tuple[str, str], Counter] = defaultdict(Counter)
        self.shown_as: dict[tuple[str, str], str] = {}
        self.folders: dict[str, Counter] = defaultdict(Counter)
        self.unreadable: list[tuple[str, str]] = []
        self.unreadable_count = 0

    def folder_of(self, path: str) -> str:
        norm = os.path.normpath(path)
        for root in self.roots:
            if norm == root:
                return os.path.basename(root) or root
            if norm.startswith(root.rstrip(os.sep) + os.sep):
                rel = os.path.relpath(norm, root)
                first = rel.split(os.sep)[0]
                return os.path.join(root, first) if os.sep in rel else root
        return os.path.dirname(norm) or "."

    def add(self, report: dict, row: dict) -> None:
        self.documents += 1
        folder = self.folder_of(report["path"])
        f = self.folders[folder]
        f["documents"] += 1
        if report.get("error"):
            self.unreadable_count += 1
            f["unreadable"] += 1
            if len(self.unreadable) < UNREADABLE_SHOWN:
                self.unreadable.append((report["path"], report["error"]))
            return
        words = row.get("words") or 0
        self.words += words
        f["words"] += words
        age = row.get("reading_age")
        if age is not None and words:
            for lo, hi, label in AGE_BANDS:
                if lo < age <= hi or (lo == 0 and age <= hi):
                    self.ages[label] += 1
                    break
            f["aged"] += 1
            f["age_total_x10"] += round(age * 10)
            if words >= MIN_WORDS_FOR_HARDEST:
                item = (age, report["path"], words)
                if len(self.hardest) < HARDEST:
                    heapq.heappush(self.hardest, item)
                else:
                    heapq.heappushpop(self.hardest, item)
        seen: set[tuple[str, str]] = set()
        for finding in report.get("findings", []):
            cat = finding["category"]
            f[cat] += 1
            if cat not in self.terms or not finding.get("match"):
                continue
            key = _norm(finding["match"])
            self.terms[cat][key] += 1
            self.shown_as.setdefault((cat, key), " ".join(finding["match"].split()))
            if finding.get("suggestions"):
                self.suggestion[(cat, key)][finding["suggestions"][0]] += 1
            if (cat, key) not in seen:
                seen.add((cat, key))
                self.docs_with[cat][key] += 1

    # -- the page -------------------------------------------------------------------------
    def render(self, title: str = "plainspeak audit") -> str:
        out = [_HEAD.format(title=escape(title)), f"<h1>{escape(title)}</h1>"]
        read = self.documents - self.unreadable_count
        out.append(f"<p class=\"lead\">Checked {_n(self.documents, 'document')} "
                   f"({_n(self.words, 'word')}). {_n(self.unreadable_count, 'document')} could not be read.</p>")
        out.append("<h2 id=\"ages\">How hard the documents are to read</h2>")
        out.append("<p>Reading age: roughly the age of a reader who could follow the text. Most guides ask "
                   "for 11 or under for documents for the public.</p>")
        top = max(self.ages.values(), default=0) or 1
        out.append("<table class=\"bars\"><caption>Documents by reading age</caption>"
                   "<thead><tr><th scope=\"col\">Reading age</th><th scope=\"col\">Documents</th>"
                   "<th scope=\"col\"><span class=\"visually-hidden\">Chart</span></th></tr></thead><tbody>")
        for _, _, label in AGE_BANDS:
            n = self.ages.get(label, 0)
            width = round(100 * n / top)
            out.append(f"<tr><th scope=\"row\">{label}</th><td>{n}</td>"
                       f"<td><span class=\"bar\" style=\"width:{width}%\"></span></td></tr>")
        out.append("</tbody></table>")
        out.append("<h2 id=\"hardest\">The hardest documents</h2>")
        if self.hardest:
            out.append("<table><thead><tr><th scope=\"col\">Document</th><th scope=\"col\">Reading age</th>"
                       "<th scope=\"col\">Words</th></tr></thead><tbody>")
            for age, path, words in sorted(self.hardest, reverse=True):
                out.append(f"<tr><td>{escape(path)}</td><td>{age:.0f}</td><td>{words}</td></tr>")
            out.append("</tbody></table>")
        else:
            out.append(f"<p>No document of {MIN_WORDS_FOR_HARDEST} words or more was read.</p>")
        for cat, heading in TERM_CATEGORIES:
            out.append(f"<h2 id=\"{cat}\">{escape(heading)}: the most frequent</h2>")
            common = self.terms[cat].most_common(TOP)
            if not common:
                out.append("<p>None found.</p>")
                continue
            out.append("<table><thead><tr><th scope=\"col\">Words</th><th scope=\"col\">Times</th>"
                       "<th scope=\"col\">Documents</th><th scope=\"col\">Write instead</th></tr></thead><tbody>")
            for key, n in common:
                sug = self.suggestion.get((cat, key))
                instead = sug.most_common(1)[0][0] if sug else ""
                out.append(f"<tr><td>{escape(self.shown_as[(cat, key)])}</td><td>{n}</td>"
                           f"<td>{self.docs_with[cat][key]}</td><td>{escape(instead)}</td></tr>")
            out.append("</tbody></table>")
        out.append("<h2 id=\"folders\">Results by folder</h2>")
        out.append("<table><thead><tr><th scope=\"col\">Folder</th><th scope=\"col\">Documents</th>"
                   "<th scope=\"col\">Average reading age</th><th scope=\"col\">Labels</th>"
                   "<th scope=\"col\">Jargon</th><th scope=\"col\">Acronyms</th>"
                   "<th scope=\"col\">Could not be read</th></tr></thead><tbody>")
        for folder, c in sorted(self.folders.items(), key=lambda kv: -kv[1]["deficit-label"]):
            avg = f"{c['age_total_x10'] / 10 / c['aged']:.0f}" if c["aged"] else "–"
            out.append(f"<tr><td>{escape(folder)}</td><td>{c['documents']}</td><td>{avg}</td>"
                       f"<td>{c['deficit-label']}</td><td>{c['jargon']}</td><td>{c['acronym']}</td>"
                       f"<td>{c['unreadable']}</td></tr>")
        out.append("</tbody></table>")
        out.append("<h2 id=\"unreadable\">Documents that could not be read</h2>")
        if self.unreadable:
            out.append("<ul>")
            out.extend(f"<li>{escape(p)}: {escape(e)}</li>" for p, e in self.unreadable)
            out.append("</ul>")
            if self.unreadable_count > len(self.unreadable):
                out.append(f"<p>And {self.unreadable_count - len(self.unreadable)} more: see documents.csv "
                           f"(column 'error').</p>")
        else:
            out.append("<p>None: every document was read.</p>")
        out.append(f"<p class=\"small\">Read {read} of {self.documents} documents. The full results are in "
                   "documents.csv, documents.parquet and findings.parquet beside this page.</p>")
        out.append("</main></body></html>")
        return "\n".join(out) + "\n"


def _n(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


_HEAD = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{title}</title>
<style>
body {{ font: 1.05rem/1.5 system-ui, sans-serif; color: #1b1b1b; background: #fff; margin: 0; }}
main {{ max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }}
h1 {{ font-size: 1.8rem; }} h2 {{ font-size: 1.3rem; margin-top: 2rem; border-top: 2px solid #ddd; padding-top: 1rem; }}
.lead {{ font-size: 1.2rem; }}
table {{ border-collapse: collapse; width: 100%; margin: .5rem 0; }}
th, td {{ text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #ccc; vertical-align: top; }}
caption {{ text-align: left; font-weight: bold; padding: .3rem 0; }}
.bars td:last-child {{ width: 55%; }}
.bar {{ display: inline-block; height: 1rem; background: #1d5a8a; min-width: 2px; }}
.small {{ font-size: .9rem; color: #444; }}
.visually-hidden {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }}
</style></head><body><main>"""
