"""Check kind ``accessibility``: the structure of a document, mapped to WCAG 2.2.

One object serves every rule of this kind. Each rule picks what it looks for
with ``options: {test: ...}``:

=====================  ============================================================
``image-alt``          a picture with no description (alt text)
``image-alt-unhelpful`` alt text that says nothing: a file name, "image", "picture"
``heading-order``      a heading that skips a level (level 4 straight after level 2)
``no-headings``        a long document with no headings at all
``fake-heading``       a short bold or large line that looks like a heading but is
                       not marked as one (DOCX; a line of only **bold** in Markdown)
``empty-heading``      a heading with no words
``vague-link``         link text that says nothing on its own ("click here")
``web-address-link``   a long web address used as link text
``table-header``       a table with no header row marked (DOCX)
``layout-table``       a one-row or one-column table holding long paragraphs
``capitals``           several words in a row written in capitals
``underline``          underlined text that is not a link
``title``              no document title (DOCX, PDF; Markdown front matter)
``language``           no document language (DOCX, PDF; Markdown front matter)
``pdf-tagged``         a PDF with no tags (no structure for screen readers)
``scanned-page``       PDF pages that are only a picture of text
``small-text``         text smaller than ``min-size`` points (DOCX)
=====================  ============================================================

The document is walked once; what needs the whole document (how big body
text is, whether there are any headings) is gathered on the way and decided
at the end. Everything here is worked out from what the extractors record:
blocks, their ``facts``, links, images, tables and ``Document.meta``.
"""

from __future__ import annotations

import re
from collections import Counter

from plainspeak.checks import Context, make_finding, rule_options
from plainspeak.checks.accessibility_text import (  # noqa: F401 - caps_runs, front_matter: public here too
    _IMAGE_FILE, _USELESS_ALT, _AUTO_ALT, _URL_TEXT, _EMAIL, _HAS_WORD, _CAPS_HINT, _TITLE_JUNK,
    _UNDERLINE_TAG, _NOT_HEADING_STYLES, _SENTENCE_END, _norm, _words, _lead, _quote, _points, _pages, _runs,
    caps_runs, _format, front_matter, _NO_TEXT,
)
from plainspeak.checks.options import CHOICE, NUMBER, WHOLE, WORDS, Declaration, Option
from plainspeak.model import CAPTION, HEADING, LIST_ITEM, PARAGRAPH, TABLE_CELL, TEXT_BOX, Document, Finding, Location
from plainspeak.language.pipeline import Analysis
from plainspeak.rules import Rule

TESTS = (
    "image-alt", "image-alt-unhelpful", "heading-order", "no-headings", "fake-heading", "empty-heading",
    "vague-link", "web-address-link", "table-header", "layout-table", "capitals", "underline",
    "title", "language", "pdf-tagged", "scanned-page", "small-text",
)

# Blocks that are the body of the document (not headers, footers or notes).
_BODY = (PARAGRAPH, HEADING, LIST_ITEM, TABLE_CELL, CAPTION, TEXT_BOX)
_PROSE = (PARAGRAPH, LIST_ITEM, TABLE_CELL, CAPTION, TEXT_BOX)

DEFAULT_VAGUE = (
    "click here", "click", "here", "click this", "click this link", "click on this link", "click on this",
    "press here", "tap here", "go here", "see here", "this link", "link", "this", "this page", "read more",
    "read more here", "more", "learn more", "find out more", "find out more here", "more info",
    "more information", "more details",
)

OPTIONS = Declaration(selector="test", options=(
    Option("test", CHOICE, choices=TESTS, settable=False, help="which accessibility test the rule runs"),
    Option("min-words", WHOLE, 300, "a document with at least this many words of text and no headings is reported",
           when=("no-headings",), minimum=1),
    Option("max-words", WHOLE, 10, "a line of at most this many words can look like a heading",
           when=("fake-heading",), minimum=1),
    Option("larger-by", NUMBER, 2, "Word: text this many points bigger than the body text looks like a heading",
           when=("fake-heading",), minimum=0.5),
    Option("vague", WORDS, DEFAULT_VAGUE, "link text that says nothing on its own (compared without case or "
           "punctuation)", when=("vague-link",)),
    Option("max-length", WHOLE, 35, "web addresses without http:// shorter than this are fine as link text",
           when=("web-address-link",), minimum=1),
    Option("min-words", WHOLE, 30, "a one-row or one-column table with a cell of at least this many words looks "
           "like layout", when=("layout-table",), minimum=1),
    Option("min-words", WHOLE, 5, "this many words or more in a row written in capitals are reported",
           when=("capitals",), minimum=1),
    Option("min-size", NUMBER, 11, "Word: text smaller than this many points is reported",
           when=("small-text",), minimum=1),
))


class AccessibilityCheck:
    def __init__(self, rules: list[Rule], context: Context):
        self.context = context
        self.rules: dict[str, Rule] = {}
        self.options: dict[str, dict] = {}  # test -> the rule's options, with the declared defaults
        for r in rules:
            opts = rule_options(r)
            self.rules[opts["test"]] = r
            self.options[opts["test"]] = opts
        self.vague = frozenset(_norm(w) for w in self._opt("vague-link", "vague"))
        self._links_in: dict[int, list[tuple[int, int]]] | None = None

    # -- helpers ------------------------------------------------------------------------
    def _opt(self, test: str, key: str):
        """An option of the rule running ``test``, or its declared default if that rule is off."""
        opts = self.options.get(test)
        return opts[key] if opts is not None else OPTIONS.defaults(test)[key]

    def _make(self, test: str, location: Location, match: str = "", block: int | None = None,
              start: int = 0, end: int = 0, suggestions: list[str] | None = None, **fields) -> Finding:
        rule = self.rules[test]
        fields.setdefault("match", match)
        return make_finding(rule, message=rule.format_message(**fields), match=match,
                            suggestions=suggestions or (), location=location, block=block, start=start, end=end,
                            settings=self.context.severity)

    def _at(self, test: str, doc: Document, bi: int, start: int, end: int, **fields) -> Finding:
        block = doc.blocks[bi]
        return self._make(test, doc.locate(block, start), doc.exact_text(block, start, end), bi, start, end,
                          **fields)

    # -- the walk -----------------------------------------------------------------------
    def run(self, analysis: Analysis) -> list[Finding]:
        if not self.rules:
            return []
        doc = analysis.document
        on = self.rules
        found: list[Finding] = []
        fmt = doc.format
        docx = fmt == "docx"
        markdown = fmt == "markdown"

        caps_min = int(self._opt("capitals", "min-words"))
        min_size = float(self._opt("small-text", "min-size"))
        previous_heading: tuple[int, str] | None = None
        first_heading: str | None = None
        any_heading = only_title = False
        prose_words = 0
        sizes: Counter = Counter()  # font size -> characters of body text (DOCX)
        bold_chars = body_chars = 0
        small: list[int] = []  # DOCX blocks with small text
        small_chars = 0
        fake_candidates: list[int] = []
        cell_words: dict[tuple[int, int, int], int] = {}
        md_tags = markdown and "underline" in on and bool(doc.source) and _UNDERLINE_TAG.search(doc.source) is not None
        self._links_in = None
        if md_tags:
            self._links_in = {}
            for link in doc.links:
                self._links_in.setdefault(link.block, []).append((link.start, link.end))

        for bi, block in enumerate(doc.blocks):
            text = block.text
            kind = block.kind
            facts = block.facts
            if kind == HEADING:
                if facts.get("title"):
                    only_title = True  # Word's Title style: the top of the outline, not a section heading
                else:
                    any_heading = True
                if not _HAS_WORD.search(text):
                    if "empty-heading" in on:
                        found.append(self._at("empty-heading", doc, bi, 0, len(text), fix=self._heading_fix(fmt)))
                    continue
                if first_heading is None:
                    first_heading = " ".join(text.split())
                level = block.level
                # An untagged PDF's heading levels are guessed from font sizes, so a "skipped level"
                # there could be our guess, not the author's: only Word, Markdown and tagged PDFs.
                if level is not None and (fmt != "pdf" or doc.meta.extra.get("structure") == "tags"):
                    if ("heading-order" in on and previous_heading is not None
                            and level > previous_heading[0] + 1):
                        found.append(self._at(
                            "heading-order", doc, bi, 0, len(text), level=level, previous=previous_heading[0],
                            previous_text=_quote(previous_heading[1]), expected=previous_heading[0] + 1,
                            fix=self._level_fix(fmt, previous_heading[0] + 1),
                        ))
                    previous_heading = (level, text)
            elif kind in _PROSE:
                prose_words += _words(text)
            if kind == TABLE_CELL and block.table is not None:
                key = (block.table, block.row or 0, block.column or 0)
                cell_words[key] = cell_words.get(key, 0) + _words(text)

            if kind not in _BODY:
                continue
            # Formatting facts (DOCX; the PDF extractor records size and bold too).
            if docx:
                n = len(text)
                body_chars += n
                size = facts.get("font_size")
                if kind in (PARAGRAPH, LIST_ITEM) and size:
                    sizes[size] += n
                if kind == PARAGRAPH and facts.get("bold"):
                    bold_chars += n
                if size and size < min_size and _HAS_WORD.search(text):
                    small.append(bi)
                    small_chars += n
                if kind == PARAGRAPH and "heading_level" not in facts and "list_item" not in facts:
                    fake_candidates.append(bi)
                if facts.get("underline_not_link") and "underline" in on:
                    # Word tells us the paragraph has some underlined words, not which ones.
                    found.append(self._at("underline", doc, bi, 0, _lead(text),
                                          what="Some words in this paragraph are"))
            elif markdown:
                if kind == PARAGRAPH and "fake-heading" in on and self._markdown_bold_line(doc, bi):
                    found.append(self._at("fake-heading", doc, bi, 0, len(text), look="bold",
                                          fix=self._heading_fix(fmt)))
                if md_tags:
                    found.extend(self._markdown_underline(doc, bi))
            if "capitals" in on:
                if facts.get("all_caps") and _words(text) >= caps_min:
                    found.append(self._at("capitals", doc, bi, 0, _lead(text), count=_words(text)))
                elif _CAPS_HINT.search(text):
                    for s, e in caps_runs(text, caps_min):
                        found.append(self._at("capitals", doc, bi, s, e, count=_words(text[s:e])))

        if "empty-heading" in on:
            for loc, written in doc.empty_headings:  # headings with no words, found by the extractors
                found.append(self._make("empty-heading", loc, match=written, fix=self._heading_fix(fmt)))
        if "no-headings" in on and not any_heading:
            min_words = int(self._opt("no-headings", "min-words"))
            if prose_words >= min_words:
                found.append(self._make("no-headings", Location(), words=prose_words,
                                        apart=" apart from its title" if only_title else "",
                                        fix=self._heading_fix(fmt, whole=True)))
        if docx and "fake-heading" in on and fake_candidates:
            found.extend(self._docx_fake_headings(doc, fake_candidates, sizes, bold_chars, body_chars))
        if docx and "small-text" in on and small:
            found.extend(self._small_text(doc, small, small_chars, body_chars, min_size))
        if "image-alt" in on or "image-alt-unhelpful" in on:
            found.extend(self._images(doc))
        if "vague-link" in on or "web-address-link" in on:
            found.extend(self._links(doc))
        if "table-header" in on or "layout-table" in on:
            found.extend(self._tables(doc, cell_words))
        found.extend(self._document(doc, first_heading))
        return found

    # -- advice that depends on the format ---------------------------------------------
    @staticmethod
    def _heading_fix(fmt: str, whole: bool = False) -> str:
        return _format(fmt).say("headings" if whole else "heading")

    @staticmethod
    def _level_fix(fmt: str, level: int) -> str:
        return _format(fmt).say("heading-level", level=level, hashes="#" * level)

    # -- Markdown helpers ----------------------------------------------------------------
    @staticmethod
    def _block_source_span(doc: Document, bi: int) -> tuple[int, int] | None:
        block = doc.blocks[bi]
        if not block.text or not block.segments:
            return None
        s = block.source_offset(0)
        e = block.source_offset(len(block.text) - 1)
        if s is None or e is None:
            return None
        return s, e + 1

    def _markdown_bold_line(self, doc: Document, bi: int) -> bool:
        """A paragraph that is only **bold text**, short, on one line, with more text after it."""
        block = doc.blocks[bi]
        text = block.text
        if block.facts.get("quote") or "\n" in text or _words(text) > int(self._opt("fake-heading", "max-words")):
            return False
        if _SENTENCE_END.search(text) or bi + 1 >= len(doc.blocks) or doc.blocks[bi + 1].kind == HEADING:
            return False
        span = self._block_source_span(doc, bi)
        src = doc.source or ""
        if span is None:
            return False
        s, e = span
        for mark in ("**", "__"):
            if src[max(s - 2, 0):s] == mark and src[e:e + 2] == mark:
                line_start = src.rfind("\n", 0, s - 2) + 1
                line_end = src.find("\n", e + 2)
                line_end = len(src) if line_end == -1 else line_end
                return not src[line_start:s - 2].strip() and not src[e + 2:line_end].strip()
        return False

    def _markdown_underline(self, doc: Document, bi: int) -> list[Finding]:
        span = self._block_source_span(doc, bi)
        if span is None:
            return []
        src = doc.source or ""
        s, e = span
        out = []
        text = doc.blocks[bi].text
        links = [(link.start, link.end) for link in doc.links if link.block == bi] if self._links_in is None \
            else self._links_in.get(bi, [])
        for m in _UNDERLINE_TAG.finditer(src, max(s - 10, 0), min(e + 10, len(src))):
            inner = " ".join(re.sub(r"<[^>]*>|[*_`]", "", m.group(2)).split())
            if not inner:
                continue
            at = text.find(inner)
            if at == -1:
                continue
            if any(ls <= at < le for ls, le in links):
                continue
            out.append(self._at("underline", doc, bi, at, at + len(inner), what="This text is"))
        return out

    # -- DOCX helpers --------------------------------------------------------------------
    def _docx_fake_headings(self, doc: Document, candidates: list[int], sizes: Counter, bold_chars: int,
                            body_chars: int) -> list[Finding]:
        body_size = sizes.most_common(1)[0][0] if sizes else None
        mostly_bold = body_chars > 0 and bold_chars > body_chars / 2
        max_words = int(self._opt("fake-heading", "max-words"))
        bigger = float(self._opt("fake-heading", "larger-by"))
        out = []
        blocks = doc.blocks
        for bi in candidates:
            block = blocks[bi]
            text = block.text
            facts = block.facts
            if "\n" in text or len(text) > 100 or _words(text) > max_words or _SENTENCE_END.search(text):
                continue
            if not _HAS_WORD.search(text) or _NOT_HEADING_STYLES.match(facts.get("style") or ""):
                continue
            size = facts.get("font_size")
            large = body_size is not None and size is not None and size >= body_size + bigger
            bold = bool(facts.get("bold")) and not mostly_bold
            if not (large or bold):
                continue
            nxt = blocks[bi + 1] if bi + 1 < len(blocks) else None
            if nxt is None or nxt.kind not in (PARAGRAPH, LIST_ITEM, TABLE_CELL) or nxt.paragraph is None:
                continue
            look = "bold and larger" if (large and facts.get("bold")) else ("larger" if large else "bold")
            out.append(self._at("fake-heading", doc, bi, 0, len(text), look=look, fix=self._heading_fix("docx")))
        return out

    def _small_text(self, doc: Document, small: list[int], small_chars: int, body_chars: int,
                    min_size: float) -> list[Finding]:
        blocks = doc.blocks
        smallest = min(blocks[bi].facts["font_size"] for bi in small)
        if body_chars and small_chars >= body_chars / 2:
            bi = small[0]
            return [self._at("small-text", doc, bi, 0, _lead(blocks[bi].text), size=_points(smallest),
                             min=_points(min_size), scope="Most of the text in this document")]
        out = []
        # One finding for each stretch of small paragraphs that follow each other.
        groups: list[list[int]] = []
        for bi in small:
            if groups and all(blocks[k].kind not in _BODY or k in groups[-1] for k in range(groups[-1][-1] + 1, bi)):
                groups[-1].append(bi)
            else:
                groups.append([bi])
        for group in groups:
            bi = group[0]
            size = min(blocks[k].facts["font_size"] for k in group)
            more = len(group) - 1
            scope = ("The text here" if not more else "The text here and in the next paragraph" if more == 1
                     else f"The text here and in the next {more} paragraphs")
            out.append(self._at("small-text", doc, bi, 0, _lead(blocks[bi].text), size=_points(size),
                                min=_points(min_size), scope=scope))
        return out

    # -- images, links, tables -----------------------------------------------------------
    def _image_location(self, doc: Document, img) -> Location:
        if img.line is None and img.paragraph is None and img.page is None and img.block is not None \
                and img.block < len(doc.blocks):
            # A picture in a header, footer or text box: the place of the text it sits with.
            return doc.locate(doc.blocks[img.block])
        column = None
        if img.line is not None and doc.source and doc._line_starts:
            line_start = doc._line_starts[img.line - 1] if img.line - 1 < len(doc._line_starts) else 0
            line_end = doc.source.find("\n", line_start)
            at = doc.source.find("![" + (img.alt or ""), line_start, None if line_end == -1 else line_end)
            if at != -1:
                column = at - line_start + 1
        return Location(line=img.line, column=column, page=img.page, paragraph=img.paragraph, section=img.section)

    def _images(self, doc: Document) -> list[Finding]:
        out = []
        fmt = doc.format
        for img in doc.images:
            if img.decorative:
                continue
            alt = (img.alt or "").strip()
            name = (img.target or "").rsplit("/", 1)[-1]
            block = img.block if img.block is not None and img.block < len(doc.blocks) else None
            if not alt:
                if "image-alt" not in self.rules:
                    continue
                fix = _format(fmt).say("image-alt")
                # Markdown: the file name as written. Word: its title if it has one; the name of the
                # picture inside the file (image1.png) would mean nothing to the reader.
                match = (img.target or "") if fmt == "markdown" else (img.title or "")
                out.append(self._make("image-alt", self._image_location(doc, img), match=match, block=block,
                                      fix=fix))
                continue
            if "image-alt-unhelpful" not in self.rules:
                continue
            low = _norm(alt)
            reason = None
            if _AUTO_ALT.search(alt):
                reason = "was written by a computer, not a person, and may be wrong or miss what matters"
            elif _IMAGE_FILE.match(alt) or (name and alt.lower() == name.lower()):
                reason = "is a file name, which tells people nothing about the picture"
            elif low in _USELESS_ALT or (not _HAS_WORD.search(alt)):
                reason = "only says it is a picture; screen readers already say that"
            if reason:
                out.append(self._make("image-alt-unhelpful", self._image_location(doc, img), match=alt, block=block,
                                      reason=reason))
        return out

    def _links(self, doc: Document) -> list[Finding]:
        out = []
        max_len = int(self._opt("web-address-link", "max-length"))
        for link in doc.links:
            if link.block is None or link.block >= len(doc.blocks) or link.end <= link.start:
                continue
            text = link.text.strip()
            if "vague-link" in self.rules and _norm(text) in self.vague:
                out.append(self._at("vague-link", doc, link.block, link.start, link.end, target=link.target))
            elif ("web-address-link" in self.rules and not _EMAIL.match(text) and _URL_TEXT.match(text)
                  and (len(text) > max_len or re.match(r"(?i)https?://", text))):
                out.append(self._at("web-address-link", doc, link.block, link.start, link.end))
        return out

    def _tables(self, doc: Document, cell_words: dict) -> list[Finding]:
        out = []
        longest: dict[int, int] = {}
        for (ti, _r, _c), n in cell_words.items():
            longest[ti] = max(longest.get(ti, 0), n)
        min_words = int(self._opt("layout-table", "min-words"))
        for ti, table in enumerate(doc.tables):
            fb = table.first_block
            if fb is None or fb >= len(doc.blocks):
                continue
            first = doc.blocks[fb].text
            size = f"{table.rows} row{'s' if table.rows != 1 else ''} and {table.columns} column{'s' if table.columns != 1 else ''}"
            if (table.rows == 1 or table.columns == 1) and longest.get(ti, 0) >= min_words:
                if "layout-table" in self.rules:
                    out.append(self._at("layout-table", doc, fb, 0, _lead(first), size=size))
            elif (table.header_row is False and table.rows >= 2 and table.columns >= 2
                  and "table-header" in self.rules):
                fix = ("In Word, click in the top row, choose the Table Layout tab and turn on 'Repeat Header Rows'"
                       if doc.format == "docx" else
                       "Mark the top row as a header row in the document the PDF was made from, then save it "
                       "as a tagged PDF again")
                out.append(self._at("table-header", doc, fb, 0, _lead(first), size=size, fix=fix))
        return out

    # -- the document as a whole -----------------------------------------------------------
    def _document(self, doc: Document, first_heading: str | None = None) -> list[Finding]:
        out = []
        meta = doc.meta
        fmt = doc.format
        on = self.rules
        fm = front_matter(doc.source) if fmt == "markdown" else None
        if "title" in on:
            title = (meta.title or "").strip()
            if _format(fmt).has_properties:
                where = _format(fmt).say("title")
                suggestions = []
                if first_heading and not _TITLE_JUNK.match(first_heading):
                    where += f". The first heading, '{_quote(first_heading, 60)}', may make a good title"
                    suggestions = [first_heading]
                if not title:
                    out.append(self._make("title", Location(), problem="This document has no title set in its "
                                          "properties", fix=where, suggestions=suggestions))
                elif _TITLE_JUNK.match(title):
                    out.append(self._make("title", Location(), match=title,
                                          problem=f"This document's title is '{_quote(title)}', which looks like a "
                                                  "file name or a placeholder", fix=where, suggestions=suggestions))
            elif fm is not None and not re.search(r"(?m)^title\s*:\s*\S", fm):
                out.append(self._make("title", Location(line=1, column=1),
                                      problem="The front matter at the top of this file has no title",
                                      fix="Add a line such as 'title: Housing advice' between the --- lines"))
        if "language" in on:
            if _format(fmt).has_properties and not (meta.language or "").strip():
                where = _format(fmt).say("language")
                out.append(self._make("language", Location(), problem="This document does not say which language "
                                      "it is written in", fix=where))
            elif fm is not None and not re.search(r"(?m)^lang(?:uage)?\s*:\s*\S", fm):
                out.append(self._make("language", Location(line=1, column=1),
                                      problem="The front matter at the top of this file does not say which "
                                              "language the document is written in",
                                      fix="Add a line such as 'lang: en-GB' between the --- lines"))
        if fmt != "pdf":
            return out
        scanned = sorted(meta.scanned_pages)
        if "pdf-tagged" in on and meta.tagged is False:
            out.append(self._make("pdf-tagged", Location()))
        if "scanned-page" in on:
            for kind, pages in (("scan", scanned), ("outlines", meta.extra.get("outline_pages") or []),
                                ("picture", meta.extra.get("picture_pages") or [])):
                what, problem, fix = _NO_TEXT[kind]
                every = meta.pages is not None and len(pages) >= meta.pages
                for run in _runs(pages):
                    where = "Every page of this PDF" if every else _pages(run).capitalize()
                    verb = "is" if (every or len(run) == 1) else "are"
                    out.append(self._make("scanned-page", Location(page=run[0]), where=where, verb=verb,
                                          pages=_pages(run), what=what, problem=problem, fix=fix))
        return out
