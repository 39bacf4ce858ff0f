"""How a block points back into the Word XML: shared by the reader and ``plainspeak.annotate``.

Runs and anchors
----------------
``Block.runs`` holds ``RunSpan(start, end, index)``: ``block.text[start:end]``
came from run number ``index`` of the paragraph. The runs of a paragraph
``p`` are, in document order::

    [r for r in p.iter(qn("w:r")) if next(r.iterancestors(qn("w:p"))) is p]

that is every ``w:r`` below the paragraph (inside hyperlinks, fields,
content controls and tracked changes too) except the runs of paragraphs
nested in text boxes.

``Block.anchor`` locates the ``w:p`` element of the block:

* ``"body/N"``: ``list(document.element.body.iter(qn("w:p")))[N]`` (0-based;
  this count includes text-box paragraphs and empty paragraphs).
* ``"header1/N"``, ``"footer2/N"``...: the part named ``/word/header1.xml``
  (the anchor is the part name without ``/word/`` and ``.xml``; a part
  outside ``/word/`` keeps its full path without the leading ``/``), then
  ``list(part.element.iter(qn("w:p")))[N]``.
* ``"footnotes/ID/N"`` and ``"endnotes/ID/N"``: in the footnotes (endnotes)
  part, the ``w:footnote`` (``w:endnote``) whose ``w:id`` is ID, then
  ``list(note.iter(qn("w:p")))[N]``.
"""

from __future__ import annotations

from plainspeak.extract.docx.names import W_P, W_R, W_TXBXCONTENT


def story_paragraphs(root) -> list:
    """The ``w:p`` elements of a story (the body, a header or footer part, a note), in document
    order: ``N`` of an anchor counts in this list."""
    return list(root.iter(W_P))


def paragraph_runs(p) -> list:
    """The runs of paragraph ``p`` as ``RunSpan.index`` counts them: every ``w:r`` below it except
    those of paragraphs nested in it (text boxes)."""
    return [r for r in p.iter(W_R) if next(r.iterancestors(W_P), None) is p]


def body_paragraph(anchor: str | None, paragraphs: list):
    """The body ``w:p`` an anchor names ("body/N"), from ``story_paragraphs(body)``; None for an
    anchor elsewhere (a header, footer or note) or out of range."""
    if not anchor or not anchor.startswith("body/"):
        return None
    try:
        n = int(anchor.split("/", 1)[1])
    except ValueError:
        return None
    return paragraphs[n] if 0 <= n < len(paragraphs) else None


def part_anchor_name(partname: str) -> str:
    """The anchor prefix of a part: "/word/header1.xml" -> "header1"."""
    name = str(partname).lstrip("/")
    if name.startswith("word/"):
        name = name[5:]
    if name.endswith(".xml"):
        name = name[:-4]
    return name


def count_runs(el) -> int:
    """w:r elements below ``el`` that belong to the same paragraph (the reader counts the runs of
    content it does not read with this, so that later run numbers stay right)."""
    n = 0
    stack = list(el)
    while stack:
        c = stack.pop()
        tag = c.tag
        if tag == W_R:
            n += 1
        elif tag == W_P or tag == W_TXBXCONTENT:
            continue
        if len(c):
            stack.extend(c)
    return n
