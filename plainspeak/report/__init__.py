"""Report formatters: pure functions from FileReports to text.

Each module has ``render(reports, **options) -> str``. They never read files
or change anything, so the same reports can be shown in several ways.
"""

from __future__ import annotations

import importlib

FORMATS = {
    "text": "plainspeak.report.text",  # for people
    "concise": "plainspeak.report.concise",  # one line a finding, for editors and scripts
    "json": "plainspeak.report.json",  # the public contract, see docs/json-report.md
    "sarif": "plainspeak.report.sarif",  # SARIF 2.1.0, for GitHub code scanning and review tools
    "github": "plainspeak.report.github",  # GitHub Actions annotations on pull requests
    "html": "plainspeak.report.html",  # one self-contained page for people, opened in a browser
}


def render(fmt: str, reports: list, **options) -> str:
    return importlib.import_module(FORMATS[fmt]).render(reports, **options)
