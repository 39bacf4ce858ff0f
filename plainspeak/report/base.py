"""What every report writer has: ``start()``, ``add(report)`` and ``end()``, each giving text."""

from __future__ import annotations


class Writer:
    """A report written in three parts. Streaming formats give each file's text from ``add``;
    the others keep what they need and give everything from ``end``.

    Options common to all formats (each takes what it uses): ``color`` (text on a terminal),
    ``pretty`` (indented JSON), ``rules`` (all rules, for SARIF), ``documents`` (HTML).

    A format whose text for one file depends only on that file and the options can let the
    result cache keep that text: it gives the text's name (``kind()``: the format and the
    options that change the text), ``part(report)`` (the file's text and a small ``tally``
    of what ``end()`` needs to know) and ``count(tally)``. Then ``add(report)`` is
    ``add_part(*part(report))``, and an unchanged run gives the kept text and tally to
    ``add_part`` without loading or formatting the report again."""

    def __init__(self, **options):
        self.options = options

    def kind(self) -> str | None:
        """The name of this writer's per-file text for the cache, or None: not kept."""
        return None

    def start(self) -> str:
        return ""

    def part(self, report) -> tuple[str, object]:
        """(text, tally) for one file; the same whatever came before."""
        raise NotImplementedError

    def count(self, tally) -> None:
        """Take in one file's tally (for the totals at the end)."""

    def add_part(self, text: str | bytes, tally) -> str | bytes:
        """The text to write for one file, given its part (bytes in, bytes out: UTF-8 text kept
        by the cache, written as it is)."""
        self.count(tally)
        return text

    def add(self, report) -> str:
        return self.add_part(*self.part(report))

    def end(self) -> str:
        return ""
