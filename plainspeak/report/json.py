"""The JSON report: a public contract. See docs/json-report.md.

Later versions may add fields but never remove or rename one. The report is
written file by file, so a run over many files keeps nothing in memory; the
text is the same as one ``json.dumps`` of the whole report.
"""

from __future__ import annotations

import json

from plainspeak import JSON_SCHEMA_VERSION, __version__
from plainspeak.report.base import Writer as _Writer


def as_dict(reports: list) -> dict:
    return {"plainspeak": __version__, "schema": JSON_SCHEMA_VERSION,
            "files": [r.to_dict() for r in reports]}


class Writer(_Writer):
    """Indented for people reading a terminal (``pretty``); compact (and much faster) for programs
    and files. Spacing is not part of the contract."""

    def __init__(self, pretty: bool = True, **options):
        super().__init__(**options)
        self.pretty = pretty
        self.written = 0

    def start(self) -> str:
        head = json.dumps({"plainspeak": __version__, "schema": JSON_SCHEMA_VERSION})[:-1]
        if self.pretty:
            head = json.dumps({"plainspeak": __version__, "schema": JSON_SCHEMA_VERSION}, indent=2)[:-2]
            return head + ',\n  "files": ['
        return head.replace(", ", ",").replace(": ", ":") + ',"files":['

    def kind(self) -> str:
        return f"json:pretty={bool(self.pretty)}"

    def part(self, report) -> tuple[str, None]:
        if self.pretty:
            body = json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
            return "\n".join("    " + line for line in body.split("\n")), None
        return json.dumps(report.to_dict(), ensure_ascii=False, separators=(",", ":")), None

    def add_part(self, text: str | bytes, tally) -> str | bytes:
        self.written += 1
        sep = "" if self.written == 1 else ","
        if self.pretty:
            sep += "\n"
        return sep.encode() + text if isinstance(text, bytes) else sep + text

    def end(self) -> str:
        if self.pretty:
            return ("\n  ]" if self.written else "]") + "\n}\n"
        return "]}\n"


def render(reports: list, **options) -> str:
    from plainspeak.report import render as _render

    return _render("json", reports, **options)
