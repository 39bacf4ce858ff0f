"""One line a finding: ``path:line:column: CODE severity: message``.

Editors and scripts read this. Where a format has no lines, the place is
written in words: ``policy.docx:paragraph 14: PS301 warning: ...``.
"""

from __future__ import annotations


def place(loc) -> str:
    if loc.line is not None:
        return f"{loc.line}:{loc.column or 1}"
    bits = []
    if loc.page is not None:
        bits.append(f"page {loc.page}")
    if loc.paragraph is not None:
        bits.append(f"paragraph {loc.paragraph}")
    return ", ".join(bits) or "document"


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
