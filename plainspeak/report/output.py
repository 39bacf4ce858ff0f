"""Where a report goes: standard output, or a file written all at once or not at all."""

from __future__ import annotations

import os
import sys


HOLD_BYTES = 1 << 20  # bytes held at most before they are written


def _takes_bytes(stream) -> bool:
    """Whether UTF-8 bytes can go straight to ``stream``'s buffer: it writes UTF-8 and does
    not change line endings (it does on Windows)."""
    return (os.linesep == "\n" and getattr(stream, "buffer", None) is not None
            and (getattr(stream, "encoding", None) or "").lower().replace("_", "-") in ("utf-8", "utf8"))


class OutputError(Exception):
    """The report file cannot be written. ``str()`` is one plain line naming the file."""


class Output:
    """Standard output (each part flushed as it comes when the format streams), or a file:
    written to a temporary file beside it, which replaces the target at :meth:`finish`, so an
    interrupted run never leaves half a report and an old report stays until the new one is whole."""

    def __init__(self, path: str | None = None, streams: bool = False):
        self.path, self.streams = path, streams
        self.fh = self.tmp = None
        self._text_waiting = False  # text written to the stream but still in its text layer
        self._held: list[bytes] = []  # bytes not yet written (see write's ``soon``)
        self._held_size = 0

    def _fail(self, exc: OSError) -> OutputError:
        self.abort()
        return OutputError(f"{self.path}: cannot write the report ({exc.strerror or exc})")

    def write(self, text: str | bytes, soon: bool = False) -> None:
        """Write ``text``; bytes are UTF-8 text (kept by the cache), written as they are.
        ``soon``: more comes at once (the next file's report is in the cache), so bytes may be
        held and written together, with one write, instead of one write a file."""
        if not text:
            return
        if self.path is None:
            stream = sys.stdout
        else:
            try:
                if self.fh is None:
                    import tempfile

                    target = os.path.realpath(self.path)
                    fd, self.tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp",
                                                    dir=os.path.dirname(target) or ".")
                    self.fh = os.fdopen(fd, "w", encoding="utf-8")
            except OSError as exc:
                raise self._fail(exc) from None
            stream = self.fh
        try:
            if isinstance(text, bytes) and _takes_bytes(stream):
                self._held.append(text)
                self._held_size += len(text)
                if self._held_size < HOLD_BYTES and soon:
                    return
                self._drain(stream)
            else:
                self._drain(stream)
                stream.write(text if isinstance(text, str) else text.decode("utf-8"))
                self._text_waiting = True
            if self.streams and self.path is None:
                stream.flush()
                self._text_waiting = False
        except OSError as exc:
            if self.path is None:
                raise
            raise self._fail(exc) from None

    def _drain(self, stream) -> None:
        """Write the bytes held, after the text written before them."""
        if not self._held:
            return
        if self._text_waiting:
            stream.flush()
            self._text_waiting = False
        data = self._held[0] if len(self._held) == 1 else b"".join(self._held)
        self._held, self._held_size = [], 0
        stream.buffer.write(data)

    def finish(self) -> None:
        if self.path is None:
            self._drain(sys.stdout)
            sys.stdout.flush()
            return
        try:
            if self.fh is not None:
                self._drain(self.fh)
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
        """Remove the half-written file, if any. On standard output, what is held is written:
        a stopped run shows the files it did, as when each was written at once."""
        if self.path is None and self._held:
            try:
                self._drain(sys.stdout)
                sys.stdout.flush()
            except (OSError, ValueError):
                pass
        self._held, self._held_size = [], 0
        try:
            if self.fh is not None:
                self.fh.close()
        except OSError:
            pass
        if self.tmp and os.path.exists(self.tmp):
            os.unlink(self.tmp)
        self.fh = self.tmp = None
