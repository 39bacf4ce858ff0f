"""In what order worker processes get the files (plainspeak.isolate, plainspeak.parallel).

Reports are written in the order of the files, so a report that is ready waits for
the ones before it. Two things would leave a worker idle on a large run:

- one big file (a 400 KB changelog) late in the list: the other workers run ahead
  until the window below is full, then wait for it; and at the end of a run, one
  worker checks the last big file while the others have nothing to do. So the
  largest few files are handed out first, and their reports wait (a bounded number)
  until it is their turn to be written.
- a worker that finishes a file and waits while the main process, busy writing a
  report, hands it the next one. So each worker has a second file waiting in its pipe.

Everything is bounded by a count of files, so memory does not grow with the number of
files in a run.
"""

from __future__ import annotations

import os
from collections import deque

AHEAD_PER_WORKER = 32  # files handed out past the next report to write, per worker
QUEUED_PER_WORKER = 2  # files sent to one worker at once (the one it checks, the next)
BIGGEST_FIRST_PER_WORKER = 4  # the largest files handed out first, per worker ...
BIGGEST_FIRST_BYTES = 16 * 1024 * 1024  # ... as long as they hold no more than this together


def order(tasks: list, workers: int) -> tuple[list[int], list[int]]:
    """(the largest files, to hand out first; the others, in order) as indexes of ``tasks``,
    which are ("file", path), ("bytes", data, ...) or ("stdin",). With one worker, or with
    standard input among them (a program that pipes in may wait for the files before it),
    nothing moves."""
    rest = list(range(len(tasks)))
    if workers < 2 or len(tasks) <= workers or any(t[0] == "stdin" for t in tasks):
        return [], rest
    sizes = [_size(t) for t in tasks]
    first: list[int] = []
    held = 0
    for i in sorted(rest, key=lambda i: -sizes[i])[:workers * BIGGEST_FIRST_PER_WORKER]:
        if first and held + sizes[i] > BIGGEST_FIRST_BYTES:
            break
        first.append(i)
        held += sizes[i]
    chosen = set(first)
    return first, [i for i in rest if i not in chosen]


class Plan:
    """The files still to hand out, in the order to hand them out: the largest first (see
    :func:`order`), then the others, each once fewer than ``AHEAD_PER_WORKER`` files per
    worker lie between it and the next report to write. ``todo`` is open to put files back
    at the front (those a stopped worker had not begun)."""

    def __init__(self, tasks: list, workers: int):
        first, rest = order(tasks, workers)
        self.todo = deque(first + rest)
        self.first = set(first)  # handed out whatever the window
        self.ahead = workers * AHEAD_PER_WORKER

    def due(self, written: int) -> int | None:
        """The index of the next file to hand out when ``written`` reports are written, or
        None when there is none or it must wait."""
        todo = self.todo
        if todo and (todo[0] < written + self.ahead or todo[0] in self.first):
            return todo[0]
        return None


def _size(task) -> int:
    if task[0] == "bytes":
        return len(task[1])
    try:
        return os.stat(task[1]).st_size
    except (OSError, ValueError, TypeError):
        return 0
