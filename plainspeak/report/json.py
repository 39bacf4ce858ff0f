"""The JSON report: a public contract. See docs/json-report.md.

Later versions may add fields but never remove or rename one.
"""

from __future__ import annotations

import json

from plainspeak import JSON_SCHEMA_VERSION, __version__


def as_dict(reports: list) -> dict:
    return {"plainspeak": __version__, "schema": JSON_SCHEMA_VERSION,
            "files": [r.to_dict() for r in reports]}


def render(reports: list, pretty: bool = True, **_options) -> str:
    """Indented for people reading a terminal; compact (and much faster) for programs and files.
    Spacing is not part of the contract."""
    if pretty:
        return json.dumps(as_dict(reports), ensure_ascii=False, indent=2) + "\n"
    return json.dumps(as_dict(reports), ensure_ascii=False, separators=(",", ":")) + "\n"
