"""Read files ahead, on another processor, while plainspeak loads.

Before the first file is checked, plainspeak loads spaCy, the rules, the glossary and
its word tables: a few seconds on one processor, while the others wait. On a run over
many files with several workers (Linux, ``--jobs`` of 2 or more, at least
:data:`MIN_FILES` files), a helper process uses that time: it reads and extracts the
files (the part of checking that needs none of what is loading), in the order the
workers will be given them, and writes each Document into memory it shares with the
main process. When the workers are about to start, the main process stops the helper
and keeps what it had finished. The workers are forked after that, so they share that
memory too: a worker given such a file checks the Document instead of reading the file
again. On the bench corpus (1,125 Markdown files) the helper read about 770 of them
before the workers started.

Reports are the same as without it:
- a Document is used only if the file's size, change times and inode are as when the
  helper read it, and the file had not changed just before (see cachefiles.settled);
  else the worker reads the file again;
- a file the helper could not read whole (an error, pages it could not read, text
  cut at the size limit, warnings) is read again by the worker, which reports it as
  always; the helper reads with less room for nesting than a worker has, so a file
  nested too deeply for a worker is never read whole by the helper;
- the time spent reading counts towards the file's time limit;
- files the result cache holds are not read, and Documents read with other limits
  than the checker's are not used.
The helper has a worker's memory limit and writes at most :data:`BUDGET_BYTES` of
Documents. It is never waited for: stopping it is immediate, and a Document counts
only once it is written whole (each one carries a checksum). It leaves standard input
and output at once, so a pipe that reads plainspeak's output ends when plainspeak does.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
import time
import zlib

MIN_FILES = 8  # fewer files load faster than it is worth starting a helper for
BUDGET_BYTES = 64 * 1024 * 1024  # Documents written at most (pickled), however many files
NESTING_MARGIN = 150  # the helper has this many fewer levels of nesting than a worker

_USED = struct.Struct("<Q")  # bytes of whole records written after it (one aligned 8-byte write)
_RECORD = struct.Struct("<III")  # lengths of the facts and the Document, and the Document's CRC-32


class _Held:
    """The Documents read ahead for the current run, in the memory the helper wrote."""

    __slots__ = ("run", "limits", "index", "buffer")

    def __init__(self, run: int, limits=None, index: dict | None = None, buffer=None):
        self.run = run
        self.limits = limits
        self.index: dict[str, tuple[tuple, float, int, int]] = index or {}  # path -> stamp, seconds, offset, length
        self.buffer = buffer


# Set in the main process just before workers are forked, so that every worker holds it.
_held = _Held(0)


def start(checker, files: list[str], workers: int, memory_mb: int, cache=None) -> None:
    """Start reading ``files`` ahead for ``checker``'s next run, when that can help: several
    workers and many files. The caller (isolate.read_ahead) knows that the workers will be
    forked after :func:`take`. Files that ``cache`` (a plainspeak.cache.ResultCache) holds are
    left out. ``memory_mb``: the helper's memory limit, as a worker's."""
    drop(checker)
    if workers < 2 or len(files) < MIN_FILES or "-" in files:
        return
    checker._prefetch = _Helper(files, checker.limits, workers, memory_mb, cache)


def take(checker) -> None:
    """In the main process, just before the first workers are forked: stop the helper and hold
    what it finished (nothing if there is no helper)."""
    global _held
    helper = getattr(checker, "_prefetch", None)
    checker._prefetch = None
    index, buffer = helper.take() if helper is not None else ({}, None)
    _held = _Held(_held.run + 1, checker.limits, index, buffer)


def drop(checker=None) -> None:
    """Stop reading ahead for ``checker`` and forget what was read (a run ended, or another began)."""
    global _held
    helper = getattr(checker, "_prefetch", None)
    if helper is not None:
        checker._prefetch = None
        helper.stop()
    _held = _Held(_held.run)


def task_for(task, limits, time_limit: float = 0) -> tuple:
    """(the task to send a worker, seconds already spent on it). The task is ("document", path,
    run) when the file was read ahead under ``limits``, in less than ``time_limit`` seconds
    (0: no limit), and has not changed since; else ``task`` itself."""
    held = _held
    got = held.index.get(task[1]) if task[0] == "file" and held.limits == limits else None
    if got is None or (time_limit > 0 and got[1] >= time_limit):
        return task, 0.0  # (a file that took all its time to read is read again, and stopped)
    try:
        now = _stamp(os.stat(task[1]))
    except OSError:
        return task, 0.0
    return (("document", task[1], held.run), got[1]) if now == got[0] else (task, 0.0)


def check(checker, task):
    """In a worker: the FileReport for a ("document", path, run) task."""
    _, path, run = task
    held = _held
    got = held.index.get(path) if held.run == run else None
    if got is None:  # a worker forked before this run's files were read: read it here
        return checker.check_file(path)
    offset, length = got[2], got[3]
    return checker.for_path(path).check_document(pickle.loads(held.buffer[offset:offset + length]))


def _stamp(st) -> tuple:
    from plainspeak.cachefiles import stamp_of

    return stamp_of(st)


class _Helper:
    def __init__(self, files: list[str], limits, workers: int, memory_mb: int, cache):
        import mmap
        import multiprocessing

        # Anonymous shared memory: pages cost nothing until the helper writes them.
        self.buffer = mmap.mmap(-1, _USED.size + BUDGET_BYTES)
        context = multiprocessing.get_context("fork")
        self.process = context.Process(target=_read_ahead, daemon=True,
                                       args=(files, limits, workers, memory_mb, cache, self.buffer, os.getpid()))
        self.process.start()

    def take(self) -> tuple[dict, object]:
        """Stop the helper; the index of the Documents it finished, and the memory they are in."""
        self._end()
        buffer = self.buffer
        end = _USED.size + _USED.unpack_from(buffer, 0)[0]
        index: dict[str, tuple[tuple, float, int, int]] = {}
        pos = _USED.size
        try:
            while pos + _RECORD.size <= end:
                facts_length, length, crc = _RECORD.unpack_from(buffer, pos)
                start = pos + _RECORD.size + facts_length
                if start + length > end or zlib.crc32(buffer[start:start + length]) != crc:
                    break
                path, stamp, seconds = pickle.loads(buffer[pos + _RECORD.size:start])
                index[path] = (stamp, seconds, start, length)
                pos = start + length
        except (pickle.UnpicklingError, ValueError, EOFError):
            pass  # keep the whole records before it
        return index, buffer

    def stop(self) -> None:
        self._end()
        self.buffer.close()

    def _end(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()


def _read_ahead(files: list[str], limits, workers: int, memory_mb: int, cache, buffer, parent: int) -> None:
    """The helper: read files in the order workers will be given them, until stopped."""
    from plainspeak.rlimit import end_with, set_memory_limit

    end_with(parent)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):  # nothing is written twice, and a pipe reading plainspeak ends with it
        os.dup2(devnull, fd)
    from plainspeak import schedule
    from plainspeak.cachefiles import settled
    from plainspeak.engine import partial_read
    from plainspeak.extract import extract_file

    set_memory_limit(memory_mb)
    sys.setrecursionlimit(max(100, sys.getrecursionlimit() - NESTING_MARGIN))
    first, rest = schedule.order([("file", path) for path in files], workers)
    used = 0
    for i in first + rest:
        path = files[i]
        try:
            if cache is not None:
                found = cache.stamped(path)
                if found is not None and cache.has(found[1]):
                    continue  # the run takes it from the cache
            before = os.stat(path)
            if not settled(before):
                continue
            started = time.monotonic()
            document = extract_file(path, limits)
            seconds = time.monotonic() - started
            if partial_read(document) is not None or document.meta.extra.get("pdf_warnings"):
                continue  # not read whole here: the worker reads it, and says what it could not read
            raw = pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL)
            stamp = _stamp(before)
            if _stamp(os.stat(path)) != stamp:
                continue
            facts = pickle.dumps((path, stamp, seconds), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - the worker reads it again and reports any problem
            continue
        start = _USED.size + used
        end = start + _RECORD.size + len(facts) + len(raw)
        if end > len(buffer):
            return
        _RECORD.pack_into(buffer, start, len(facts), len(raw), zlib.crc32(raw))
        buffer[start + _RECORD.size:end - len(raw)] = facts
        buffer[end - len(raw):end] = raw
        used = end - _USED.size
        _USED.pack_into(buffer, 0, used)  # the record counts from here on
