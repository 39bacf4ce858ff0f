"""Read files ahead, on another processor, while plainspeak loads.

Before the first file is checked, plainspeak loads spaCy, the rules, the glossary and
its word tables: a few seconds on one processor, while the others wait. On a run over
many files with several workers, a helper process uses that time: it reads and
extracts the files (the part of checking that needs none of what is loading), in the
order the workers will be given them, and keeps each Document. When the workers are
about to start, the helper hands over what it has read and stops. The workers are
forked after that, so each one already holds those Documents: a worker given such a
file checks the Document instead of reading the file again. On the bench corpus
(1,125 Markdown files) the helper read 770 of them before the workers started.

It changes nothing in the reports:
- a file is used only if it is the same file as when the helper read it (same size,
  change times and inode), and had not changed just before (see cachefiles.settled);
  else the worker reads it again;
- a file the helper could not read is read again by the worker, which reports the
  problem as it always does;
- files that the result cache holds are not read;
- the helper reads under the same memory limit as a worker and stops at
  :data:`BUDGET_BYTES` of Documents. A thread reads while another waits to be asked,
  so it answers at once, even in the middle of a file that takes long to read.
"""

from __future__ import annotations

import os
import pickle
import sys

MIN_FILES = 8  # fewer files load faster than it is worth starting a helper for
BUDGET_BYTES = 64 * 1024 * 1024  # Documents kept at most (pickled), however many files
ANSWER_SECONDS = 0.5  # how long to wait for the helper to answer when asked (it answers at once)

# The Documents read ahead for the current run: (run number, {path: (stamp, pickled Document)}).
# Set in the main process just before workers are forked, so that every worker holds it.
_held: tuple[int, dict[str, tuple[tuple, bytes]]] = (0, {})


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
    """In the main process, just before the first workers are forked: hold what the helper read."""
    global _held
    helper = getattr(checker, "_prefetch", None)
    checker._prefetch = None
    if helper is not None:
        _held = (_held[0] + 1, helper.take())


def drop(checker) -> None:
    """Stop reading ahead for ``checker`` and forget what was read (a run ended, or another began)."""
    global _held
    helper = getattr(checker, "_prefetch", None)
    checker._prefetch = None
    if helper is not None:
        helper.stop()
    _held = (_held[0], {})


def task_for(task):
    """The task to send a worker: ("document", path, run) when the file was read ahead and has
    not changed since, else ``task`` itself."""
    run, docs = _held
    if task[0] != "file" or task[1] not in docs:
        return task
    stamp, _ = docs[task[1]]
    try:
        now = _stamp(os.stat(task[1]))
    except OSError:
        return task
    return ("document", task[1], run) if now == stamp else task


def check(checker, task):
    """In a worker: the FileReport for a ("document", path, run) task."""
    _, path, run = task
    held_run, docs = _held
    got = docs.get(path) if held_run == run else None
    if got is None:  # a worker forked before this run's files were read: read it here
        return checker.check_file(path)
    return checker.for_path(path).check_document(pickle.loads(got[1]))


def _stamp(st) -> tuple:
    from plainspeak.cachefiles import stamp_of

    return stamp_of(st)


class _Helper:
    def __init__(self, files: list[str], limits, workers: int, memory_mb: int, cache):
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_read_ahead, args=(files, limits, workers, memory_mb, cache, child),
                                       daemon=True)
        self.process.start()
        child.close()

    def take(self) -> dict[str, tuple[tuple, bytes]]:
        """What the helper has read; it stops. Nothing if it does not answer in time (gone)."""
        docs: dict[str, tuple[tuple, bytes]] = {}
        try:
            self.conn.send("stop")
            while self.conn.poll(ANSWER_SECONDS):
                item = self.conn.recv()
                if item == "done":
                    continue
                if item is None:
                    break
                path, stamp, raw = item
                docs[path] = (stamp, raw)
            else:
                docs = {}  # no answer: what came may be only part of it
        except (EOFError, OSError, pickle.UnpicklingError):
            docs = {}
        self.stop()
        return docs

    def wait(self, seconds: float) -> bool:
        """Wait until the helper has read all it will read, at most ``seconds``; whether it has."""
        return self.conn.poll(seconds)

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()


def _read_ahead(files: list[str], limits, workers: int, memory_mb: int, cache, conn) -> None:
    """The helper: a thread reads files in the order workers will be given them, while this
    thread waits to be asked for them. So the helper answers at once, even in the middle of a
    file that takes long to read (the thread lets it run every few milliseconds)."""
    import threading

    devnull = open(os.devnull, "w")
    sys.stdout = sys.stderr = devnull  # nothing of the main process's output is written twice
    from plainspeak.rlimit import set_memory_limit

    set_memory_limit(memory_mb)
    read: list[tuple[str, tuple, bytes]] = []
    stop = threading.Event()
    sending = threading.Lock()

    def reader() -> None:
        _read(files, limits, workers, cache, read, stop)
        with sending:
            if not stop.is_set():
                conn.send("done")  # all read: say so (the helper still waits to be asked)

    threading.Thread(target=reader, daemon=True).start()
    try:
        conn.recv()  # "stop"
        stop.set()
        with sending:
            for item in list(read):
                conn.send(item)
            conn.send(None)
    except (EOFError, OSError):
        pass


def _read(files: list[str], limits, workers: int, cache, read: list, stop) -> None:
    from plainspeak import schedule
    from plainspeak.cachefiles import settled
    from plainspeak.extract import extract_file

    first, rest = schedule.order([("file", path) for path in files], workers)
    size = 0
    for i in first + rest:
        if size > BUDGET_BYTES or stop.is_set():
            return
        path = files[i]
        try:
            if cache is not None:
                found = cache.stamped(path)
                if found is not None and cache.has(found[1]):
                    continue  # the run takes it from the cache
            before = os.stat(path)
            if not settled(before):
                continue
            raw = pickle.dumps(extract_file(path, limits), protocol=pickle.HIGHEST_PROTOCOL)
            stamp = _stamp(before)
            if _stamp(os.stat(path)) != stamp:
                continue
        except Exception:  # noqa: BLE001 - the worker reads it again and reports any problem
            continue
        read.append((path, stamp, raw))
        size += len(raw)
