"""Where a report goes: standard output, or a file written all at once or not at all."""

from __future__ import annotations

import os
import sys
import tempfile


class OutputError(Exception):
    """The report file cannot be written. ``str()`` is one plain line naming the file."""


class Output:
    """Standard output (each part flushed as it comes when the format streams), or a file:
    written to a temporary file beside it, which replaces the target at :meth:`finish`, so an
    interrupted run never leaves half a report and an old report stays until the new one is whole."""

    def __init__(self, path: str | None = None, streams: bool = False):
        self.path, self.streams = path, streams
        self.fh = self.tmp = None

    def _fail(self, exc: OSError) -> OutputError:
        self.abort()
        return OutputError(f"{self.path}: cannot write the report ({exc.strerror or exc})")

    def write(self, text: str) -> None:
        if not text:
            return
        if self.path is None:
            sys.stdout.write(text)
            if self.streams:
                sys.stdout.flush()
            return
        try:
            if self.fh is None:
                target = os.path.realpath(self.path)
                fd, self.tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp",
                                                dir=os.path.dirname(target) or ".")
                self.fh = os.fdopen(fd, "w", encoding="utf-8")
            self.fh.write(text)
        except OSError as exc:
            raise self._fail(exc) from None

    def finish(self) -> None:
        if self.path is None:
            sys.stdout.flush()
            return
        try:
            if self.fh is None:  # an empty report is still a file
                self.write("\n")
                self.fh.seek(0)
                self.fh.truncate()
            self.fh.close()
            os.replace(self.tmp, os.path.realpath(self.path))
        except OSError as exc:
            raise self._fail(exc) from None
        self.fh = self.tmp = None

    def abort(self) -> None:
        """Remove the half-written file, if any."""
        try:
            if self.fh is not None:
                self.fh.close()
        except OSError:
            pass
        if self.tmp and os.path.exists(self.tmp):
            os.unlink(self.tmp)
        self.fh = self.tmp = None
