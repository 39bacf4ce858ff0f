"""One line a finding: ``path:line:column: CODE severity: "words": message Try: "instead".``

Editors, pre-commit hooks and scripts read this. Where a format has no lines, the place
is written in words: ``policy.docx:paragraph 14: PS301 warning: ...``. A finding about
the whole document has no words to quote, so it has no quote. A file that could not be
read is ``path: error: why``; a file read only in part is ``path: note: what was not read``.
"""

from __future__ import annotations

from plainspeak.report import wording
from plainspeak.report.base import Writer as _Writer

place = wording.place  # kept for callers of the old name


def line(path: str, f) -> str:
    quoted = wording.quoted_match(f)
    text = f"{path}:{wording.place(f.location)}: {f.rule} {f.severity}: "
    text += f"{quoted}: " if quoted else ""
    text += wording.one_line(f.message)
    tries = wording.try_words(f.suggestions[:1], left="'", right="'", end="")
    return text + (f" {tries}" if tries else "")


class Writer(_Writer):
    def kind(self) -> str:
        return "concise"

    def part(self, r) -> tuple[str, None]:
        if r.error:
            return f"{r.path}: error: {r.error}\n", None
        lines = []
        if r.partial:
            lines.append(f"{r.path}: note: only part of this file was checked: {wording.partial_words(r.partial)}")
        lines.extend(line(r.path, f) for f in r.findings)
        return "".join(x + "\n" for x in lines), None


def render(reports: list, **options) -> str:
    from plainspeak.report import render as _render

    return _render("concise", reports, **options)
