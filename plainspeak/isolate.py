"""Check each file under a time limit and a memory limit, in worker processes.

One hostile file (60,000 brackets, a 10 MB line) must not stop a pre-commit
hook, a web page or an archive run for everyone. So files are read and checked
in worker processes, never in the process that reports:

- each worker has a memory limit (``memory-limit`` megabytes more than it
  needs once loaded, set with ``resource.RLIMIT_AS``); a file that needs more
  gets an error, and the worker is replaced;
- each file has a time limit (``time-limit`` seconds); a worker that takes
  longer is stopped and replaced, and the file gets an error;
- workers are reused from file to file, so loading the rules, the glossary and
  the language pipeline is paid once a worker, not once a file.

Where processes can be forked (Linux), the workers are forks of this process
and share what it has loaded. Elsewhere, and inside a daemonic process (a Dask
worker, a process pool's worker), which may not fork children with
``multiprocessing``, each worker is a new Python process started with
``subprocess`` that loads the same settings itself.

Reports come back in the order of the files, whatever order the workers finish in.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import deque
from multiprocessing.connection import Connection, wait
from typing import Callable, Iterator

from plainspeak import prefetch, schedule
from plainspeak.model import FileReport
from plainspeak.rlimit import end_with, set_memory_limit

DEFAULT_TIME_LIMIT = 30.0  # seconds for one file
DEFAULT_MEMORY_LIMIT = 1024  # megabytes for one file, above what a loaded worker uses
LOAD_TIME_LIMIT = 600.0  # seconds for a started (not forked) worker to load everything

STDIN = "-"


def limits_of(checker) -> tuple[float, int]:
    """(time limit in seconds, memory limit in MB) from the checker's settings; 0 is no limit."""
    cfg = checker.config
    return (float(getattr(cfg, "time_limit", DEFAULT_TIME_LIMIT)),
            int(getattr(cfg, "memory_limit", DEFAULT_MEMORY_LIMIT)))


def limited(checker) -> bool:
    """Whether files are checked in worker processes (some limit is set)."""
    return any(limits_of(checker))


def time_message(seconds: float) -> str:
    return (f"checking took longer than the time limit of {seconds:g} seconds; "
            "the file may be hostile or damaged (setting 'time-limit')")


def memory_message(mb: int) -> str:
    return (f"checking needs more memory than the limit of {mb} MB; "
            "the file may be hostile or damaged (setting 'memory-limit')")


def _can_fork() -> bool:
    import multiprocessing

    return ("fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
            and not multiprocessing.current_process().daemon
            and threading.current_thread() is threading.main_thread())


def read_ahead(checker, files: list[str], workers: int, cache=None) -> None:
    """Read ``files`` ahead while the checker loads, for workers about to be forked (prefetch.py)."""
    if limited(checker) and _can_fork() and getattr(checker, "_limits_pool", None) is None:
        prefetch.start(checker, files, workers, limits_of(checker)[1], cache)


def warm_up(checker, shared: bool = False) -> None:
    """Load everything a check needs (rules, glossary, language pipeline, word lists) by checking
    a short text, so that no file's time limit pays for loading. ``shared``: several forked
    workers will share what is loaded here, so also load the inflection tables that only
    some files need (about a second, which each worker would pay again)."""
    from plainspeak.engine import loading
    from plainspeak.extract import extract_bytes
    from plainspeak.extract.limits import Limits
    with loading():
        checker.checks()
        # the usual limits: the checker's own may be smaller than this text (they are for files)
        checker.check_document(extract_bytes(WARM_UP_TEXT.encode(), "warm-up.md", "markdown", Limits()))
        if shared:
            from plainspeak.inflect import tags_of

            tags_of("required")  # lemminflect's tables of lemmas and of inflections


WARM_UP_TEXT = """# Warm up

IMPORTANT: the service user was given a PIP by the LA. [A link](https://example.org) and more words
to score, in a sentence that goes on for a while so that every check has some work to do.

| a | b |
|---|---|
| 1 | 2 |
"""


# -- the worker side ------------------------------------------------------------------------

def _check_task(checker, task) -> FileReport:
    kind = task[0]
    if kind == "file":
        return checker.check_file(task[1])
    if kind == "document":  # a file read ahead while plainspeak loaded (plainspeak.prefetch)
        return prefetch.check(checker, task)
    _, data, name, fmt = task  # "bytes": a document held in memory (standard input, an upload)
    from plainspeak.extract import extract_bytes
    from plainspeak.model import ExtractError

    checker = checker.for_path(name)
    try:
        document = extract_bytes(data, name, fmt, checker.limits)
    except ExtractError as exc:
        return FileReport(path=name, format=fmt, error=str(exc))
    return checker.check_document(document)


def _serve(checker, rx: Connection, tx: Connection, memory_mb: int) -> None:
    """The worker's loop: check each task it is sent, send back its report, until told to stop."""
    import gc

    gc.freeze()  # what is loaded lives as long as the worker; collect less often (0.6 s a corpus)
    gc.set_threshold(20_000, 20, 20)
    set_memory_limit(memory_mb)
    while True:
        try:
            task = rx.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        out_of_memory = False
        try:
            report = _check_task(checker, task)
        except MemoryError:
            report, out_of_memory = None, True
        except RecursionError:
            report = "the file is nested too deeply to read; it may be damaged"
        except Exception as exc:  # noqa: BLE001 - one file must never end the run with a traceback
            if isinstance(exc, ValueError) and "[E088]" in str(exc):  # spaCy's limit on one text
                report = "the text is too long to check in one piece (the limit is 1,000,000 characters)"
            else:
                report = f"plainspeak could not check this file ({type(exc).__name__}); please report it"
        if out_of_memory:
            report = memory_message(memory_mb)
        try:
            tx.send(report)
        except MemoryError:
            out_of_memory = True
            tx.send(memory_message(memory_mb))
        if out_of_memory:  # memory may be left in pieces: let a fresh worker take over
            return


def _forked_main(checker, conn: Connection, memory_mb: int, parent: int) -> None:
    end_with(parent)
    _serve(checker, conn, conn, memory_mb)


def main() -> None:
    """A started worker (``python -m plainspeak.isolate``): settings come first on standard input."""
    rx = Connection(os.dup(0))
    tx = Connection(os.dup(1))
    devnull = os.open(os.devnull, os.O_RDWR)  # nothing else may write into the reports' pipe
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    config, disable, preview, memory_mb = rx.recv()
    try:
        from plainspeak.engine import Checker

        checker = Checker(config, disable=disable, preview=preview)
        warm_up(checker)
    except Exception as exc:  # noqa: BLE001 - handed to the parent, which says it plainly
        try:
            tx.send(("failed", exc))
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled
            tx.send(("failed", ValueError(str(exc))))
        return
    tx.send(("ready", None))
    _serve(checker, rx, tx, memory_mb)


# -- the parent side ------------------------------------------------------------------------

class _Worker:
    def __init__(self, checker, memory_mb: int, fork: bool):
        self.queue: deque[int] = deque()  # indexes of the files sent, the one being checked first
        self.deadline = 0.0  # when the first of them is out of time
        if fork:
            import multiprocessing

            context = multiprocessing.get_context("fork")
            parent, child = context.Pipe()
            self.process = context.Process(target=_forked_main, args=(checker, child, memory_mb, os.getpid()),
                                           daemon=True)
            self.process.start()
            child.close()
            self.rx = self.tx = parent
            self.popen = None
        else:
            package_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
            self.popen = subprocess.Popen([sys.executable, "-m", "plainspeak.isolate"], env=env,
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True)
            self.tx = Connection(os.dup(self.popen.stdin.fileno()), readable=False)
            self.rx = Connection(os.dup(self.popen.stdout.fileno()), writable=False)
            self.popen.stdin.close()
            self.popen.stdout.close()
            self.process = None
            self.tx.send((checker.config, list(checker._disable), checker.preview, memory_mb))
            if not self.rx.poll(LOAD_TIME_LIMIT):
                self.stop()
                raise RuntimeError("a worker process took too long to start")
            try:
                state, exc = self.rx.recv()
            except EOFError:
                self.stop()
                raise RuntimeError("a worker process could not start") from None
            if state == "failed":
                self.stop()
                raise exc

    def send(self, index: int, task, seconds: float) -> None:
        self.tx.send(task)
        self.queue.append(index)
        if len(self.queue) == 1:
            self.start_clock(seconds)

    def start_clock(self, seconds: float) -> None:
        """The first queued file's time starts now (the worker has just begun it)."""
        self.deadline = time.monotonic() + seconds if seconds > 0 else float("inf")

    def stop(self, kill: bool = False) -> None:
        for conn in {self.rx, self.tx}:
            try:
                if not kill and conn is self.tx:
                    conn.send(None)
            except OSError:
                pass
        for conn in {self.rx, self.tx}:
            conn.close()
        if self.process is not None:
            if kill:
                self.process.kill()
            self.process.join(timeout=None if kill else 5)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()
        if self.popen is not None:
            if kill:
                self.popen.kill()
            try:
                self.popen.wait(timeout=None if kill else 5)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()


class Pool:
    """Worker processes that check files under limits. Kept for the life of a Job, so that
    an editor or a Dask worker pays the start-up once, not once a call. One run at a time."""

    def __init__(self, checker, workers: int = 1, fork: bool | None = None):
        self.checker = checker
        self.time_limit, self.memory_limit = limits_of(checker)
        self.size = max(1, workers)
        self.fork = _can_fork() if fork is None else fork
        self.idle: list[_Worker] = []
        self.lock = threading.Lock()
        self.started = 0  # workers started, replacements included

    def _new_worker(self) -> _Worker:
        if self.fork:
            # loaded before forking: a setup mistake is reported here, plainly, and the
            # workers share what was loaded
            import gc

            if not self.started:
                warm_up(self.checker, shared=self.size > 1)
                prefetch.take(self.checker)  # before forking: the workers hold what was read ahead
            # frozen while forking: the worker's collector never touches (so never copies) what
            # it shares with this process; this process unfreezes at once, so that what it
            # loaded can still be freed when the job ends (an editor makes new jobs). No full
            # collection first: in a large process (an editor's, a test run's) it took 0.2 s a
            # run, and what it would free is only shared, never copied, by the workers.
            gc.freeze()
            try:
                self.started += 1
                return _Worker(self.checker, self.memory_limit, self.fork)
            finally:
                gc.unfreeze()
        self.started += 1
        return _Worker(self.checker, self.memory_limit, self.fork)

    def check(self, tasks: list, workers: int | None = None,
              progress: Callable[[int, int], None] | None = None) -> Iterator[FileReport]:
        """A FileReport for each task, in order. A task is ("file", path),
        ("bytes", data, name, format) or ("stdin",): standard input, read when the files
        before it are done."""
        size = max(1, min(workers or self.size, len(tasks)))
        if not self.lock.acquire(blocking=False):
            # another run is using the workers (another thread, or a run not read to its end):
            # this one gets workers of its own, stopped when it ends
            other = Pool(self.checker, size, self.fork)
            try:
                yield from other._run(tasks, size, progress)
            finally:
                other.close()
            return
        try:
            yield from self._run(tasks, size, progress)
        finally:
            self.lock.release()

    def _run(self, tasks: list, size: int, progress) -> Iterator[FileReport]:
        total = len(tasks)
        plan = schedule.Plan(tasks, size)  # the largest files first, in a window (schedule.py)
        todo = plan.todo
        busy: list[_Worker] = []  # workers with files sent
        ready: dict[int, FileReport] = {}
        spent: dict[int, float] = {}  # seconds a file took to read ahead (plainspeak.prefetch)
        nxt = 0

        def worker_for(kind: str) -> _Worker | None:
            if len(busy) < size:
                return self.idle.pop() if self.idle else self._new_worker()
            if kind != "file":  # a document in memory may fill the pipe: only to a free worker
                return None
            queued = [w for w in busy if len(w.queue) < schedule.QUEUED_PER_WORKER]
            return min(queued, key=lambda w: len(w.queue)) if queued else None

        def give_back(worker: _Worker) -> None:
            """The files sent to a stopped worker that it had not begun go to the others."""
            todo.extendleft(reversed(worker.queue))
            worker.queue.clear()

        try:
            while nxt < total:
                while (i := plan.due(nxt)) is not None:
                    if tasks[i][0] == "stdin":
                        if i != nxt:  # the files before it are written out first: a
                            break     # program that pipes in may wait for them
                        tasks[i] = ("bytes", sys.stdin.buffer.read(), "<stdin>", "markdown")
                    worker = worker_for(tasks[i][0])
                    if worker is None:
                        break
                    todo.popleft()
                    try:
                        task, spent[i] = prefetch.task_for(tasks[i], self.checker.limits, self.time_limit)
                        worker.send(i, task, self.time_limit - spent[i])  # reading ahead took some of its time
                    except OSError:  # the worker has gone: a fresh one takes its files
                        if worker in busy:
                            busy.remove(worker)
                        worker.stop(kill=True)
                        todo.appendleft(i)
                        give_back(worker)
                        continue
                    if worker not in busy:
                        busy.append(worker)
                if busy:
                    timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
                    done = wait([w.rx for w in busy], timeout=None if timeout == float("inf") else timeout)
                    now = time.monotonic()
                    for worker in list(busy):
                        if worker.rx in done:
                            try:
                                answer = worker.rx.recv()
                            except (EOFError, OSError):
                                answer = None
                            i = worker.queue.popleft()
                            if worker.queue:
                                worker.start_clock(self.time_limit - spent.get(worker.queue[0], 0.0))
                            if isinstance(answer, FileReport):
                                ready[i] = answer
                                if not worker.queue:
                                    busy.remove(worker)
                                    self.idle.append(worker)
                                continue
                            if isinstance(answer, str) and answer != memory_message(self.memory_limit):
                                if not worker.queue:  # a plain failure: the worker goes on
                                    busy.remove(worker)
                                    self.idle.append(worker)
                            else:  # out of memory, or gone: fresh workers take the next files
                                busy.remove(worker)
                                worker.stop(kill=True)
                                give_back(worker)
                            message = answer if isinstance(answer, str) else self._died_message()
                            ready[i] = self._error(tasks[i], message)
                        elif now >= worker.deadline:
                            busy.remove(worker)
                            worker.stop(kill=True)
                            i = worker.queue.popleft()
                            give_back(worker)
                            ready[i] = self._error(tasks[i], time_message(self.time_limit))
                while nxt in ready:
                    report = ready.pop(nxt)
                    nxt += 1
                    if progress:
                        progress(nxt, total)
                    yield report
        finally:
            for worker in busy:  # stopped early (the reader went away): nothing half-done is kept
                worker.stop(kill=True)

    def _died_message(self) -> str:
        if self.memory_limit:
            return memory_message(self.memory_limit) + " (the worker stopped)"
        return "checking stopped unexpectedly; the file may be hostile or damaged"

    @staticmethod
    def _error(task, message: str) -> FileReport:
        from plainspeak.extract import format_for

        if task[0] == "file":
            path = task[1]
            name = "<stdin>" if path == STDIN else path
            fmt = "markdown" if path == STDIN else format_for(path)
        else:
            name, fmt = task[2], task[3]
        return FileReport(path=name, format=fmt, error=message)

    def close(self) -> None:
        _stop_all(self.idle)


def _stop_all(workers: list[_Worker]) -> None:
    while workers:
        workers.pop().stop()


def pool_for(checker, workers: int = 1) -> Pool:
    """The checker's pool of workers (made on first use, kept for the checker's life)."""
    pool = getattr(checker, "_limits_pool", None)
    if pool is None or (pool.fork and not _can_fork()):
        if pool is not None:
            pool.close()
        pool = Pool(checker, workers)
        checker._limits_pool = pool
        import weakref

        # the finalizer holds the pool's list of workers, not the pool (which holds the
        # checker): the checker can then be freed, and its workers stop with it
        weakref.finalize(checker, _stop_all, pool.idle)
    pool.size = max(pool.size, workers)
    return pool


def close(checker) -> None:
    """Stop the checker's worker processes, if it has started any, and forget what was read ahead."""
    prefetch.drop(checker)
    pool = getattr(checker, "_limits_pool", None)
    if pool is not None:
        pool.close()


def check_files(checker, files: list[str], workers: int = 1,
                progress: Callable[[int, int], None] | None = None) -> Iterator[FileReport]:
    """FileReports for ``files``, in order, each file checked under the limits."""
    tasks = []
    for path in files:
        if path == STDIN:  # standard input is this process's: read here when its turn comes, checked there
            tasks.append(("stdin",))
        else:
            tasks.append(("file", path))
    yield from pool_for(checker, workers).check(tasks, workers, progress)


def check_bytes(checker, data: bytes, name: str, fmt: str) -> FileReport:
    """Check a document held in memory under the limits."""
    return next(iter(pool_for(checker).check([("bytes", data, name, fmt)])))


if __name__ == "__main__":
    main()
