"""One line a finding: ``path:line:column: CODE severity: message``.

Editors and scripts read this. Where a format has no lines, the place is
written in words: ``policy.docx:paragraph 14: PS301 warning: ...``.
"""

from __future__ import annotations


def place(loc) -> str:
    if loc.line is not None:
        return f"{loc.line}:{loc.column or 1}"
    return loc.page_and_paragraph() or "document"


def render(reports: list, **_options) -> str:
    lines = []
    for r in reports:
        if r.error:
            lines.append(f"{r.path}: error: {r.error}")
            continue
        for f in r.findings:
            match = " ".join(f.match.split())
            lines.append(f"{r.path}:{place(f.location)}: {f.rule} {f.severity}: \"{match}\": {f.message}")
    return "\n".join(lines) + ("\n" if lines else "")
