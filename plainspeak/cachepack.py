"""Pack files: the report texts of a whole run in one cache file.

An unchanged run used to open one cache file per document. A pack holds, for
one set of settings, one report format and one group of files (see
:meth:`plainspeak.cache.ResultCache.pack_path`), each file's report text with
what is needed to trust it: the file's size, change times and inode when it
was read, its result key, its few totals, and a checksum of the text. A run
reads the pack's index with one open and reads the texts in order, a window of
at most :data:`WINDOW` bytes at a time, so memory does not grow with the size
of the reports (only the index, a few hundred bytes a file, is held).

Layout::

    MAGIC | text | text | ... | index | index length (8 bytes) | SHA-256 of index | END

The index is ``marshal`` data (Python's own fast format for plain values) and
is trusted only when its checksum matches; each text has its own CRC-32. A
pack is written to a temporary file and moved into place in one step, so two
runs at once each see a whole pack (the last one written wins) and a run that
stops half-way leaves the old pack as it was. A pack that is not whole or not
right is ignored; the run falls back to the per-document cache and writes the
pack again.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib

from plainspeak.cachefiles import quick_sha256, stamp_of

MAGIC = b"plainspeak-pack-1\n"
END = b"PSPKEND1"
TRAILER = 8 + 32 + len(END)
WINDOW = 1 << 20  # bytes read at a time
# What the index was written with: marshal data may change between Python versions.
STAMP_OF_FORMAT = (2, marshal.version, sys.version_info[:2])

# An entry of the index (a tuple, in the order of the run's files): the file's path, its stamp
# (marshal bytes of its size, times and inode; None when it changed too recently to trust them),
# its result key (32 bytes), the report's format, partial read, findings by severity and tally
# (marshal bytes, read only when used), and where its text is. About half a kilobyte a file.
PATH, STAMP, KEY, META, OFFSET, LENGTH, CRC = range(7)


class PackReader:
    """A pack opened for reading: ``entries`` (the index) and the text of each entry."""

    def __init__(self, fh, kind: str, entries: list):
        self.fh, self.kind, self.entries = fh, kind, entries
        self._start = 0
        self._window = b""

    @classmethod
    def open(cls, path: str, kind: str) -> "PackReader | None":
        """The pack at ``path`` for report format ``kind``, or None when it is missing, not
        whole or not right."""
        try:
            fh = open(path, "rb", buffering=0)
        except OSError:
            return None
        try:
            size = os.fstat(fh.fileno()).st_size
            if size < len(MAGIC) + TRAILER:
                raise ValueError("too short")
            fh.seek(size - TRAILER)
            tail = fh.read(TRAILER)
            if len(tail) != TRAILER or not tail.endswith(END):
                raise ValueError("not whole")
            length, digest = int.from_bytes(tail[:8], "little"), tail[8:40]
            where = size - TRAILER - length
            if where < len(MAGIC):
                raise ValueError("bad length")
            fh.seek(where)
            index = fh.read(length)
            if len(index) != length or quick_sha256(index).digest() != digest:
                raise ValueError("damaged index")
            fh.seek(0)
            if fh.read(len(MAGIC)) != MAGIC:
                raise ValueError("not a pack")
            made_with, pack_kind, entries = marshal.loads(index)
            if made_with != STAMP_OF_FORMAT or pack_kind != kind or not isinstance(entries, list):
                raise ValueError("another format")
            return cls(fh, kind, entries)
        except (OSError, ValueError, EOFError, TypeError):
            fh.close()
            return None

    def raw(self, entry) -> bytes | None:
        """The stored bytes of ``entry``'s text (None when they cannot be read whole)."""
        offset, length = entry[OFFSET], entry[LENGTH]
        start = offset - self._start
        if start < 0 or start + length > len(self._window):
            try:
                self.fh.seek(offset)
                self._window = self.fh.read(max(length, WINDOW))
            except (OSError, ValueError):
                self._window = b""
            self._start, start = offset, 0
            if len(self._window) < length:
                return None
        return self._window[start:start + length]

    def text(self, entry) -> bytes | None:
        """``entry``'s text (UTF-8), or None when it is damaged."""
        data = self.raw(entry)
        if data is None or zlib.crc32(data) != entry[CRC]:
            return None
        return data

    def close(self) -> None:
        self.fh.close()
        self._window = b""


class PackWriter:
    """A new pack, written to a temporary file beside ``path``; :meth:`finish` moves it into
    place in one step. Any error writing it (a full disk, a read-only folder) drops the pack:
    the run goes on without it."""

    def __init__(self, path: str, kind: str):
        self.path, self.kind = path, kind
        self.entries: list[tuple] = []
        self.offset = len(MAGIC)
        self.fh = None
        self.tmp = f"{path}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            self.fh = open(self.tmp, "xb")
            self.fh.write(MAGIC)
        except OSError:
            self.abort()

    def add(self, entry: tuple, data: bytes, crc: int | None = None) -> None:
        """Add a file's entry (its OFFSET, LENGTH and CRC are set here) with its text ``data``."""
        if self.fh is None:
            return
        try:
            self.fh.write(data)
        except OSError:
            self.abort()
            return
        entry = (*entry[:OFFSET], self.offset, len(data), zlib.crc32(data) if crc is None else crc)
        self.entries.append(entry)
        self.offset += len(data)

    def finish(self) -> None:
        if self.fh is None:
            return
        try:
            index = marshal.dumps((STAMP_OF_FORMAT, self.kind, self.entries))
            self.fh.write(index + len(index).to_bytes(8, "little") + quick_sha256(index).digest() + END)
            self.fh.close()
            self.fh = None
            os.replace(self.tmp, self.path)
        except (OSError, ValueError):  # ValueError: a value marshal cannot write
            self.abort()

    def abort(self) -> None:
        if self.fh is not None:
            try:
                self.fh.close()
            except OSError:
                pass
            self.fh = None
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


def _stamp_bytes(stamp) -> bytes | None:
    """A stamp as bytes that are the same for the same stamp (marshal's version 2 has no
    references, whose use depends on how Python shares the values)."""
    return marshal.dumps(stamp, 2) if isinstance(stamp, tuple) else stamp


class PackRun:
    """The pack of one run over ``files``: which of them the pack still holds (``entries``,
    one a file, None where it holds nothing that can be used) and, as soon as anything differs,
    the new pack, written in the order of ``files``.

    ``stamped(path)`` gives ``(stamp or None, key)`` of a file as it is now (reading and hashing
    it); it is asked only for a file whose size or times changed, so a file touched but not
    changed is still found."""

    def __init__(self, path: str, kind: str, files: list[str], stamped):
        self.path, self.kind, self.files = path, kind, files
        self.reader = PackReader.open(path, kind)
        self.entries: list = [None] * len(files)
        self.moved: set[int] = set()  # entries found by their content, whose stamp changed
        self.writer: PackWriter | None = None
        self.done: list[int] = []  # files kept from the old pack while no new pack is written
        self.current: tuple | None = None  # (index, stamp) of the file being reported
        if self.reader is not None:
            self._match(stamped)

    def _match(self, stamped) -> None:
        entries = self.reader.entries
        lookup = None
        for i, path in enumerate(self.files):
            entry = entries[i] if i < len(entries) and entries[i][PATH] == path else None
            if entry is None:
                if lookup is None:
                    lookup = {e[PATH]: e for e in entries}
                entry = lookup.get(path)
                if entry is None:
                    continue
            try:
                stamp = _stamp_bytes(stamp_of(os.stat(path)))
            except OSError:
                continue
            if entry[STAMP] == stamp:
                self.entries[i] = entry
                continue
            found = stamped(path)
            if found is not None and bytes.fromhex(found[1]) == entry[KEY]:
                self.entries[i] = (path, _stamp_bytes(found[0]), *entry[KEY:])
                self.moved.add(i)

    def key(self, i: int) -> str:
        return self.entries[i][KEY].hex()

    def stamp(self, i: int) -> bytes | None:
        return self.entries[i][STAMP]

    def text(self, i: int) -> tuple | None:
        """(summary, text, tally) of file ``i`` from the pack, or None when its text is damaged."""
        entry = self.entries[i]
        data = self.reader.text(entry)
        if data is None:
            return None
        try:
            fmt, partial, counts, tally = marshal.loads(entry[META])
        except (ValueError, EOFError, TypeError):
            return None
        return (self.files[i], fmt, None, partial, counts), data, tally

    def keep(self, i: int, data: bytes) -> None:
        """File ``i`` was reported from the pack: keep it in the new pack, if one is written."""
        entry = self.entries[i]
        if self.writer is None and i not in self.moved:
            self.done.append(i)
        else:
            self._writer().add(entry, data, entry[CRC])

    def add(self, i: int, stamp, key: str, summary: tuple, text: str | bytes, tally) -> None:
        """File ``i``'s text, from somewhere else than the pack: the pack is written again."""
        if summary[2]:  # a file that could not be read is read again next time
            return
        if isinstance(text, str):
            try:
                text = text.encode("utf-8")
            except UnicodeEncodeError:  # a name that is not text (a damaged file name): not kept
                return
        try:
            meta = marshal.dumps((summary[1], summary[3], summary[4], tally))
        except ValueError:  # a value marshal cannot write: not kept
            return
        self._writer().add((self.files[i], _stamp_bytes(stamp), bytes.fromhex(key), meta, 0, 0, 0), text)

    def _writer(self) -> PackWriter:
        if self.writer is None:
            self.writer = PackWriter(self.path, self.kind)
            for j in self.done:  # what came from the old pack so far
                entry = self.entries[j]
                data = self.reader.raw(entry)
                if data is not None:
                    self.writer.add(entry, data, entry[CRC])
            self.done = []
        return self.writer

    def finish(self) -> None:
        """The run is over: write the new pack if anything differs from the old one."""
        if self.writer is None and self.reader is not None and len(self.reader.entries) != len(self.done):
            self._writer()  # files gone from the run (deleted, or left out): the pack is smaller now
        if self.writer is not None:
            self.writer.finish()
        self.close()

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.abort()
        self.close()

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()
            self.reader = None
