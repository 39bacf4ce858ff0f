"""What every report writer has: ``start()``, ``add(report)`` and ``end()``, each giving text."""

from __future__ import annotations


class Writer:
    """A report written in three parts. Streaming formats give each file's text from ``add``;
    the others keep what they need and give everything from ``end``.

    Options common to all formats (each takes what it uses): ``color`` (text on a terminal),
    ``pretty`` (indented JSON), ``rules`` (all rules, for SARIF), ``documents`` (HTML)."""

    def __init__(self, **options):
        self.options = options

    def start(self) -> str:
        return ""

    def add(self, report) -> str:
        raise NotImplementedError

    def end(self) -> str:
        return ""
