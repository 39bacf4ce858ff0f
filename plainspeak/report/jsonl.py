"""JSON Lines: one file report a line, written as each file is checked (for big runs).

Each line is one object of the JSON report's ``files`` list (see docs/json-report.md),
compact, with nothing before or after, so ``head``, ``grep`` and stream readers work.
"""

from __future__ import annotations

import json

from plainspeak.report.base import Writer as _Writer


class Writer(_Writer):
    def kind(self) -> str:
        return "jsonl"

    def part(self, report) -> tuple[str, None]:
        return json.dumps(report.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n", None
