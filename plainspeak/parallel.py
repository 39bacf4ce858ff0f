"""Check many files at once: ``plainspeak check --jobs N`` (default ``auto``).

``auto`` uses one process per CPU when there are several files and several CPUs,
and one process otherwise; the output is the same either way.

Each worker process has one Checker and so loads the rules, the glossary and the
spaCy pipeline once, then checks file after file. Where processes are forked
(Linux), the main process loads them before the workers start and the workers
share that copy; elsewhere each worker loads its own. Reports come back in the
same order as the files, whatever order the workers finish in. The largest files
are handed out first, and only a bounded number of files are in flight at a time
(plainspeak.schedule), so memory stays bounded however many files there are.

Standard input ("-") is always read by the main process, so a run that includes
it checks in one process.
"""

from __future__ import annotations

import os
import sys
from typing import Callable, Iterator

_worker_checker = None


# Where workers cannot be forked (macOS, Windows) each one loads the rules, glossary and
# language pipeline itself, which takes about a second: ``auto`` then gives each worker at
# least this many files.
AUTO_FILES_PER_SPAWNED_WORKER = 8


def cpu_count() -> int:
    """The CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _forks() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def job_count(jobs: int | str, files: int) -> int:
    """Worker processes to use: ``jobs`` (0 = one per CPU; "auto" = one per CPU when there are
    several files), never more than there are files."""
    if jobs == "auto":
        jobs = cpu_count()
        if not _forks():
            jobs = min(jobs, files // AUTO_FILES_PER_SPAWNED_WORKER)
    elif jobs <= 0:
        jobs = cpu_count()
    return max(1, min(jobs, files))


def _init_worker(config, disable, preview) -> None:
    global _worker_checker
    from plainspeak.engine import Checker

    _worker_checker = Checker(config, disable=disable, preview=preview)


def _check_one(path: str):
    return _worker_checker.check_file(path)


def _settle_memory() -> None:
    """Once the rules, glossary and language pipeline are loaded, they live for the whole
    run: move them out of the garbage collector's sight, and collect less often. This
    saves about a second of collection on a large run."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def check_files(checker, files: list[str], jobs: int | str = 1,
                progress: Callable[[int, int], None] | None = None) -> Iterator:
    """FileReports for ``files``, in order: unchanged files from the result cache (plainspeak.cache),
    the others checked under the per-file limits (plainspeak.isolate) when they are set.
    ``progress(done, total)`` is called after each file."""
    from plainspeak import cache, isolate

    def check(todo: list[str]) -> Iterator:
        if isolate.limited(checker):
            return isolate.check_files(checker, todo, job_count(jobs, len(todo)))
        return check_in_process(checker, todo, jobs)

    yield from cache.check_files(checker, files, check, progress)


def check_in_process(checker, files: list[str], jobs: int = 1,
                     progress: Callable[[int, int], None] | None = None) -> Iterator:
    """FileReports for ``files``, in order, with no limits. ``checker`` is used as is when one
    process is enough; workers build their own from its settings."""
    total = len(files)
    workers = job_count(jobs, total)
    if workers == 1 or "-" in files:
        for i, path in enumerate(files, 1):
            report = checker.check_file(path)
            if i == 1 and total > 1:
                _settle_memory()
            if progress:
                progress(i, total)
            yield report
        return

    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork where there is one: workers start fast and need nothing pickled but the file names.
    context = multiprocessing.get_context("fork" if _forks() else None)
    global _worker_checker
    if context.get_start_method() == "fork":
        # Load the rules, glossary and pipeline here, once: a setup mistake is reported
        # plainly before any worker starts, and forked workers share what was loaded.
        checker.checks()
        _settle_memory()  # forked workers then share the loaded data without copying it
        _worker_checker = checker
        init, args = None, ()
    else:  # spawn: each worker loads everything once, from the same settings
        init, args = _init_worker, (checker.config, list(checker._disable), checker.preview)
    from plainspeak import schedule

    plan = schedule.Plan([("file", path) for path in files], workers)  # the largest first
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=init,
                             initargs=args) as pool:
        pending: dict = {}
        try:
            for done in range(total):
                while (i := plan.due(done)) is not None:
                    plan.todo.popleft()
                    pending[i] = pool.submit(_check_one, files[i])
                report = pending.pop(done).result()
                if progress:
                    progress(done + 1, total)
                yield report
        finally:
            for future in pending.values():
                future.cancel()


class Progress:
    """A one-line progress bar on standard error: ``Checking [#####     ] 120/400 files``."""

    WIDTH = 30

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        filled = self.WIDTH * done // max(total, 1)
        bar = "#" * filled + " " * (self.WIDTH - filled)
        self.stream.write(f"\rChecking [{bar}] {done}/{total} files")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * (self.WIDTH + 40) + "\r")
            self.stream.flush()
            self.shown = False
