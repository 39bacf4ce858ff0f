"""Comments in Word: ``plainspeak annotate policy.docx -o policy-reviewed.docx``.

Writes a copy of a Word file with one comment a finding, anchored on the exact
flagged words, by "plainspeak": what was found, why, and what to write instead.
The original file is never changed.

How a finding finds its words: the Word extractor records for each block the
paragraph it came from (``Block.anchor``, "body/N") and which run each piece of
its text came from (``Block.runs``). A comment in Word covers whole runs, so the
run holding the first flagged character is split just before it and the run
holding the last one just after it; the split runs keep their formatting. Where
a run's text does not line up with the block's text (rare: text the extractor
tidied), the comment covers the whole runs instead.

Word keeps comments in the main text only, so findings in headers, footers and
notes, and findings about the whole document, are not written as comments; the
command says how many there were.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from docx.oxml.ns import qn

W_R = qn("w:r")
W_P = qn("w:p")
W_T = qn("w:t")
W_RPR = qn("w:rPr")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

AUTHOR = "plainspeak"
INITIALS = "PS"


@dataclass
class Result:
    comments: int = 0
    not_placed: list = field(default_factory=list)  # findings with no place in the main text


def _paragraph_runs(p) -> list:
    """The runs of paragraph ``p``, as the extractor counts them (see plainspeak.extract.docx)."""
    return [r for r in p.iter(W_R) if next(r.iterancestors(W_P), None) is p]


def _text_parts(r) -> list | None:
    """The w:t children of a run, if its content is only text (else None: the run cannot be split)."""
    parts = []
    for child in r:
        if child.tag == W_RPR:
            continue
        if child.tag != W_T:
            return None
        parts.append(child)
    return parts


def _split_run(r, k: int):
    """Split run ``r`` after its first ``k`` characters; returns the new right-hand run (after ``r``)."""
    right = copy.deepcopy(r)
    left_parts, right_parts = _text_parts(r), _text_parts(right)
    done = 0
    for lt, rt in zip(left_parts, right_parts):
        text = lt.text or ""
        if done + len(text) <= k:  # wholly on the left
            right.remove(rt)
        elif done >= k:  # wholly on the right
            r.remove(lt)
        else:
            cut = k - done
            lt.text, rt.text = text[:cut], text[cut:]
            lt.set(XML_SPACE, "preserve")
            rt.set(XML_SPACE, "preserve")
        done += len(text)
    r.addnext(right)
    return right


class _Paragraph:
    """The runs of one paragraph, mapped to offsets of its block's text; splits keep the map right."""

    def __init__(self, p, block):
        self.p = p
        runs = _paragraph_runs(p)
        # (start, end, run element, splittable)
        self.segments = []
        for span in block.runs:
            if 0 <= span.index < len(runs):
                r = runs[span.index]
                parts = _text_parts(r)
                ok = parts is not None and sum(len(t.text or "") for t in parts) == span.end - span.start
                self.segments.append([span.start, span.end, r, ok])
        self.all_runs = runs

    def split_at(self, k: int) -> None:
        for i, (s, e, r, ok) in enumerate(self.segments):
            if s < k < e and ok:
                right = _split_run(r, k - s)
                self.segments[i:i + 1] = [[s, k, r, True], [k, e, right, True]]
                return

    def runs_for(self, start: int, end: int) -> list:
        if end <= start:  # a finding about the paragraph as a whole, such as a picture
            return self.all_runs
        self.split_at(start)
        self.split_at(end)
        return [r for s, e, r, _ in self.segments if s < end and e > start]


def comment_text(f) -> str:
    match = " ".join(f.match.split())
    text = (f"\"{match}\": " if match else "") + f.message.strip()
    if f.suggestions:
        text += "\nTry: " + ", ".join(f"\"{s}\"" for s in f.suggestions[:4]) + "."
    return text + f"\n[{f.rule} {f.name}]"


def annotate(source: str, target: str, document, findings) -> Result:
    """Write ``source`` with a comment for each finding to ``target`` (replaced atomically).

    ``document`` is the extracted plainspeak Document of ``source`` and ``findings`` its findings."""
    import docx
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    word = docx.Document(source)
    body_paragraphs = list(word.element.body.iter(W_P))
    paragraphs: dict[int, _Paragraph] = {}
    result = Result()
    for f in findings:
        block = document.blocks[f.block] if f.block is not None and 0 <= f.block < len(document.blocks) else None
        anchor = block.anchor if block is not None else None
        if not anchor or not anchor.startswith("body/"):
            result.not_placed.append(f)
            continue
        n = int(anchor.split("/", 1)[1])
        if not 0 <= n < len(body_paragraphs):
            result.not_placed.append(f)
            continue
        para = paragraphs.get(f.block)
        if para is None:
            para = paragraphs[f.block] = _Paragraph(body_paragraphs[n], block)
        runs = para.runs_for(f.start, f.end)
        if not runs:
            result.not_placed.append(f)
            continue
        holder = Paragraph(para.p, word._body)
        word.add_comment([Run(runs[0], holder), Run(runs[-1], holder)], text=comment_text(f),
                         author=AUTHOR, initials=INITIALS)
        result.comments += 1
    import io

    from plainspeak.fileio import write_atomic

    buffer = io.BytesIO()
    word.save(buffer)
    write_atomic(target, buffer.getvalue())
    return result
