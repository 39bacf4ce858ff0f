"""One record per input format: everything plainspeak knows about a kind of file.

Every other place reads these records: the file endings a folder search picks up
(``files.py``), the formats a rule may name (``formats:`` in ``rules/*.yaml``),
what ``fix`` and ``annotate`` accept, the command line's help, and the advice the
accessibility messages give ("In Word, ..."). To add an input format, write its
reader module in ``plainspeak/extract/`` (a function ``extract(data, path,
limits) -> Document``) and add one record here.

This module imports nothing heavy: the command line's ``--help`` reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class InputFormat:
    name: str  # as in the JSON report ("docx")
    label: str  # as people say it ("Word")
    endings: tuple[str, ...]  # file name endings, lower case, with the dot
    module: str  # the reader: a module with extract(data, path, limits) -> Document
    can_fix: bool = False  # 'plainspeak fix' can rewrite it (plain text sources)
    can_annotate: bool = False  # 'plainspeak annotate' can write comments into a copy
    has_lines: bool = False  # findings have a line and column (else page and paragraph)
    has_properties: bool = False  # the file holds a title and a language in its properties
    # Advice for the accessibility messages, by topic: "heading" (mark a line as a heading),
    # "headings" (use headings at all), "heading-level" (with {level} and {hashes}), "image-alt",
    # "title", "language". A topic a format has no advice for gets the general advice below.
    advice: dict[str, str] = field(default_factory=dict)

    def say(self, topic: str, **fields: object) -> str:
        text = self.advice.get(topic, GENERAL_ADVICE.get(topic, ""))
        return text.format(**fields) if fields else text


GENERAL_ADVICE = {
    "heading": "Mark headings as headings in the program you write with",
    "headings": "Mark headings as headings in the program you write with",
    "heading-level": "Make it a level {level} heading",
    "image-alt": "Add a short description of what it shows, or mark it as decorative",
}

_WORD_HEADING = "In Word, click in the line and choose a heading style, such as Heading 1 or Heading 2, on the Home tab"
_MD_HEADING = "In Markdown, start the line with # for a main heading, ## for the next level, and so on"

FORMATS: dict[str, InputFormat] = {f.name: f for f in (
    InputFormat("markdown", "Markdown", (".md", ".markdown"), "plainspeak.extract.markdown", can_fix=True,
                has_lines=True, advice={
                    "heading": _MD_HEADING, "headings": _MD_HEADING,
                    "heading-level": "Start it with {hashes} instead",
                    "image-alt": "Write a short description of what it shows between the square brackets: "
                                 "![A map of the hostel](map.png)",
                }),
    InputFormat("text", "text", (".txt",), "plainspeak.extract.text", can_fix=True, has_lines=True),
    InputFormat("docx", "Word", (".docx",), "plainspeak.extract.docx", can_annotate=True, has_properties=True,
                advice={
                    "heading": _WORD_HEADING,
                    "headings": "In Word, make each heading with a heading style, such as Heading 1 or "
                                "Heading 2, on the Home tab",
                    "heading-level": "Use the Heading {level} style for it (Home tab, Styles)",
                    "image-alt": "In Word, right-click the picture, choose 'View Alt Text' and describe what it "
                                 "shows. If it is only decoration, tick 'Mark as decorative'",
                    "title": "In Word, choose File, then Info, and type a title in the Title box",
                    "language": "In Word, select all the text, choose Review, then Language, Set Proofing "
                                "Language, and pick English (United Kingdom)",
                }),
    InputFormat("pdf", "PDF", (".pdf",), "plainspeak.extract.pdf", has_properties=True, advice={
        "heading": "Fix the headings in the document the PDF was made from, then save it as a tagged PDF again",
        "headings": "Fix the headings in the document the PDF was made from, then save it as a tagged PDF again",
        "heading-level": "Make it a level {level} heading in the document the PDF was made from",
        "image-alt": "Describe the picture in the document the PDF was made from (in Word: right-click it, "
                     "View Alt Text), then save it as a tagged PDF again",
        "title": "Set the title in the document the PDF was made from (in Word: File, Info, Title) and save the "
                 "PDF again, or set it in File, Properties in Acrobat",
        "language": "Set the language in the document the PDF was made from and save the PDF again, or set it "
                    "in File, Properties, Advanced in Acrobat",
    }),
)}

# File name ending -> format name.
EXTENSIONS: dict[str, str] = {e: f.name for f in FORMATS.values() for e in f.endings}

# Kinds of file we know but cannot read, with what to do instead.
UNSUPPORTED = {
    ".doc": "plainspeak cannot read old Word (.doc) files; save it as .docx and check that",
    ".docm": "plainspeak does not read Word files with macros (.docm); save a copy as .docx",
    ".dotx": "this is a Word template (.dotx); save a document made from it as .docx",
    ".rtf": "plainspeak cannot read .rtf files; save it as .docx",
    ".odt": "plainspeak cannot read .odt files yet; save it as .docx",
}


def endings_text() -> str:
    """".md, .markdown, .txt, .docx and .pdf": every ending plainspeak reads, for help texts."""
    endings = list(EXTENSIONS)
    return ", ".join(endings[:-1]) + " and " + endings[-1]


def labels_text() -> str:
    """"Markdown, text, Word (.docx) and PDF files": what plainspeak reads, in words."""
    names = [f.label if f.label.lower() in (f.name, "pdf") else f"{f.label} ({', '.join(f.endings)})"
             for f in FORMATS.values()]
    return ", ".join(names[:-1]) + " and " + names[-1] + " files"


def unsupported(path: str) -> str:
    """The plain message for a file plainspeak does not read, by its name."""
    import os

    ext = os.path.splitext(path)[1].lower()
    return UNSUPPORTED.get(ext, f"plainspeak does not read '{ext or 'extensionless'}' files")
