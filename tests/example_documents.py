"""Rule examples in their own format: a Word or PDF file built from an example's text.

A rule example may say ``format: docx`` or ``format: pdf`` (see rules/README or
plainspeak/rules.py). Its text is written like Markdown, and built into a real file:

- front matter sets the document's properties: ``title``, ``lang`` (``none``: no
  language at all; the default is en-GB) and, for PDF, ``tagged`` (default true);
- ``# Heading`` lines are headings; other lines are paragraphs (one a line);
- Word: ``| a | b |`` lines are a table; a ``|---|---|`` line under the first row marks it
  as the header row (Word's "Repeat Header Rows"), and a table without one has none;
- PDF: ``![alt](picture)`` is a picture on a page of its own with no text (a scanned page);
  a ``---`` line starts a new page.
"""

from __future__ import annotations

import io
import re

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def _split(text: str) -> tuple[dict[str, str], list[str]]:
    props: dict[str, str] = {}
    m = _FRONT.match(text)
    if m:
        for line in m.group(1).splitlines():
            key, _, value = line.partition(":")
            props[key.strip()] = value.strip()
        text = text[m.end():]
    return props, [line for line in text.splitlines() if line.strip()]


def build(text: str, fmt: str) -> bytes:
    if fmt in ("markdown", "text"):
        return text.encode("utf-8")
    if fmt == "docx":
        return _docx(*_split(text))
    if fmt == "pdf":
        return _pdf(*_split(text))
    raise ValueError(f"no builder for {fmt!r} examples")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _docx(props: dict[str, str], lines: list[str]) -> bytes:
    import docx
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement

    d = docx.Document()
    lang = props.get("lang", "en-GB")
    for el in list(d.styles.element.iter(qn("w:lang"))):
        if lang == "none":
            el.getparent().remove(el)
        else:
            el.set(qn("w:val"), lang)
    if lang != "none":
        d.core_properties.language = lang
    if props.get("title"):
        d.core_properties.title = props["title"]
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("|"):
            rows = []
            header = False
            while i < len(lines) and lines[i].startswith("|"):
                if re.fullmatch(r"\|?[\s:|-]+\|?", lines[i]):
                    header = len(rows) == 1
                else:
                    rows.append(_cells(lines[i]))
                i += 1
            table = d.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
            if header:
                tr_pr = table.rows[0]._tr.get_or_add_trPr()
                tr_pr.append(OxmlElement("w:tblHeader"))
            continue
        m = re.match(r"(#{1,6}) (.*)", line)
        if m:
            d.add_heading(m.group(2), level=len(m.group(1)))
        else:
            d.add_paragraph(line)
        i += 1
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _pdf(props: dict[str, str], lines: list[str]) -> bytes:
    from pdfs import H, Picture, make_pdf

    pages: list[list] = [[]]
    for line in lines:
        picture = re.fullmatch(r"!\[(.*?)\]\((.*?)\)", line)
        heading = re.match(r"(#{1,3}) (.*)", line)
        if line == "---":
            pages.append([])
        elif picture:
            if pages[-1]:
                pages.append([])
            pages[-1].append(Picture(150, 200, alt_text=picture.group(1) or None))
            pages.append([])
        elif heading:
            pages[-1].append(H(heading.group(2), len(heading.group(1))))
        else:
            pages[-1].append(line)
    pages = [p for p in pages if p]
    lang = props.get("lang", "en-GB")
    return make_pdf(pages=pages, title=props.get("title") or None, lang=None if lang == "none" else lang,
                    tagged=props.get("tagged", "true").lower() != "false")
