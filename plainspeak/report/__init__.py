"""Report formats: from FileReports to text, one module per format and one line each below.

Each format module has a ``Writer`` class (see :class:`plainspeak.report.base.Writer`):
``start()`` gives the text before the first file, ``add(report)`` the text for one file,
``end()`` the rest. Formats that stream give each file's text as soon as it is added, so a
long run prints as it goes and keeps nothing; the others keep what they need (never a
Document) and write it at the end. ``render(name, reports)`` does all three at once.

Writers never read files or change anything. The HTML report shows each document's text:
give it ``documents`` (path -> Document, or a function that reads one).

To add a format: write its module, add one line to :data:`FORMATS`. The command line's
``--format`` choices, its help and ``-o FILE``'s choice by file ending all come from here.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class OutputFormat:
    name: str
    module: str
    help: str  # a few words for --help
    for_people: bool  # read by people (True) or by programs (False)
    streams: bool = False  # each file's part is written as soon as the file is checked
    needs_documents: bool = False  # shows the documents' text: give the writer ``documents``
    endings: tuple[str, ...] = ()  # ``-o report.html`` picks the format with this ending
    needs_rules: bool = False  # lists every rule: give the writer ``rules``

    def writer(self, **options):
        return importlib.import_module(self.module).Writer(**options)


FORMATS: dict[str, OutputFormat] = {f.name: f for f in (
    OutputFormat("text", "plainspeak.report.text", "for people", True, streams=True),
    OutputFormat("concise", "plainspeak.report.concise", "one line a finding", True, streams=True),
    OutputFormat("json", "plainspeak.report.json", "for programs (see docs/json-report.md)", False,
                 endings=(".json",)),
    OutputFormat("jsonl", "plainspeak.report.jsonl", "one JSON file report a line, for big runs", False,
                 streams=True, endings=(".jsonl", ".ndjson")),
    OutputFormat("sarif", "plainspeak.report.sarif", "for GitHub code scanning and review tools", False,
                 endings=(".sarif",), needs_rules=True),
    OutputFormat("github", "plainspeak.report.github", "GitHub Actions annotations", False, streams=True),
    OutputFormat("html", "plainspeak.report.html", "a page to open in a browser (-o report.html)", True,
                 needs_documents=True, endings=(".html", ".htm")),
)}

DEFAULT = "text"


def get(name: str) -> OutputFormat:
    return FORMATS[name]


def for_output(path: str) -> OutputFormat | None:
    """The format a report file's name asks for (``report.html`` -> html), or None."""
    name = os.path.basename(path).lower()
    for f in FORMATS.values():
        if any(name.endswith(e) for e in f.endings):
            return f
    return None


def help_text() -> str:
    """--format's help: every format and what it is for, and how -o FILE picks one."""
    endings = ", ".join(e for f in FORMATS.values() for e in f.endings[:1])
    return ("how to write the report: " + "; ".join(f"{f.name}: {f.help}" for f in FORMATS.values())
            + f". Without it, the ending of the -o file picks the format ({endings}), else {DEFAULT}")


def writer(name: str, **options):
    return FORMATS[name].writer(**options)


def render(name: str, reports, **options) -> str:
    """The whole report at once."""
    w = writer(name, **options)
    parts = [w.start()]
    parts.extend(w.add(r) for r in reports)
    parts.append(w.end())
    return "".join(parts)
