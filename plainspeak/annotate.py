"""Comments in Word: ``plainspeak annotate policy.docx -o policy-reviewed.docx``.

Writes a copy of a Word file with one comment a finding, anchored on the exact
flagged words, by "plainspeak": what was found, why, and what to write instead.
The original file is never changed.

How a finding finds its words: the Word extractor records for each block the
paragraph it came from (``Block.anchor``, "body/N") and which run each piece of
its text came from (``Block.runs``); ``plainspeak/extract/docx/anchors.py`` is
that contract, and this module uses its functions. A comment in Word covers whole runs, so the
run holding the first flagged character is split just before it and the run
holding the last one just after it; the split runs keep their formatting. Where
a run's text does not line up with the block's text (rare: text the extractor
tidied), the comment covers the whole runs instead.

A finding about a picture (no description, or an unhelpful one) goes on the
picture itself, in its own paragraph: the extractor records where each
picture sits (``DocxImage.anchor`` and ``.run``), even when the picture's
paragraph has no text and the finding belongs to the block after it.

Running it again on a copy that already has plainspeak's comments (by the
author "plainspeak", initials "PS") does not add the same comment twice: a
comment with the same words on the same paragraph is left as it is.

Word keeps comments in the main text only, so findings in headers, footers and
notes, and findings about the whole document, are not written as comments; the
command says how many there were.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from plainspeak.extract.docx.anchors import body_paragraph, paragraph_runs, story_paragraphs
from plainspeak.extract.docx.names import W_P, W_RPR, W_T

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
W_COMMENTRANGESTART = W_P[:-1] + "commentRangeStart"
W_ID = W_P[:-1] + "id"

AUTHOR = "plainspeak"
INITIALS = "PS"


@dataclass
class Result:
    comments: int = 0
    not_placed: list = field(default_factory=list)  # findings with no place in the main text
    already: int = 0  # findings whose comment was already there (an annotated copy annotated again)


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
        runs = paragraph_runs(p)
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
    from plainspeak.report.wording import quoted_match, try_words

    quoted = quoted_match(f)
    text = (f"{quoted}: " if quoted else "") + f.message.strip()
    if f.suggestions:
        text += "\n" + try_words(f.suggestions)
    return text + f"\n[{f.rule} {f.name}]"


def _picture(document, f):
    """The picture a finding is about (a ``DocxImage`` of the same block, no words, and the picture's
    title or description as its match), or None."""
    if f.start != f.end or f.category != "accessibility":
        return None
    for img in document.images:
        if img.block != f.block or getattr(img, "anchor", None) is None:
            continue
        alt = (img.alt or "").strip()
        if (not alt and f.match == (img.title or "")) or (alt and f.match == alt):
            return img
    return None


def _own_comments(word, body) -> set[tuple[int, str]]:
    """(paragraph number, text) of each comment plainspeak wrote before (by its author or initials)."""
    ours = {str(c.comment_id): c.text for c in word.comments if c.author == AUTHOR or c.initials == INITIALS}
    if not ours:
        return set()
    number = {p: i for i, p in enumerate(story_paragraphs(body))}
    out = set()
    for start in body.iter(W_COMMENTRANGESTART):
        text = ours.get(start.get(W_ID))
        p = next(start.iterancestors(W_P), None)
        if text is not None and p is not None:
            out.add((number.get(p, -1), text))
    return out


def annotate(source: str, target: str, document, findings) -> Result:
    """Write ``source`` with a comment for each finding to ``target`` (replaced atomically).

    ``document`` is the extracted plainspeak Document of ``source`` and ``findings`` its findings."""
    import io

    import docx
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    from plainspeak.fileio import write_atomic

    word = docx.Document(source)
    body = word.element.body
    body_paragraphs = story_paragraphs(body)
    number = {p: i for i, p in enumerate(body_paragraphs)}
    before = _own_comments(word, body)
    paragraphs: dict[int, _Paragraph] = {}
    used_pictures: set[int] = set()
    result = Result()
    for f in findings:
        block = document.blocks[f.block] if f.block is not None and 0 <= f.block < len(document.blocks) else None
        picture = _picture(document, f) if block is not None else None
        if picture is not None and id(picture) not in used_pictures:
            used_pictures.add(id(picture))
            p = body_paragraph(picture.anchor, body_paragraphs)
            held = paragraph_runs(p) if p is not None else []
            runs = [held[picture.run]] if picture.run is not None and 0 <= picture.run < len(held) else held
        else:
            p = body_paragraph(block.anchor if block is not None else None, body_paragraphs)
            if p is None:
                result.not_placed.append(f)
                continue
            para = paragraphs.get(f.block)
            if para is None:
                para = paragraphs[f.block] = _Paragraph(p, block)
            runs = para.runs_for(f.start, f.end)
        if p is None or not runs:
            result.not_placed.append(f)
            continue
        text = comment_text(f)
        if (number[p], text) in before:
            result.already += 1
            continue
        holder = Paragraph(p, word._body)
        word.add_comment([Run(runs[0], holder), Run(runs[-1], holder)], text=text, author=AUTHOR, initials=INITIALS)
        result.comments += 1
    buffer = io.BytesIO()
    word.save(buffer)
    write_atomic(target, buffer.getvalue())
    return result
