"""What runs on a Dask worker: check a few files and return only their results.

Each worker process keeps one Job per set of settings, so the rules and the glossary load
once per worker, not once per file. The files are checked under the per-file limits
(plainspeak.isolate): a Dask worker is a daemonic process, so the Job's checking process is
started with ``subprocess``; it loads the language pipeline once and is kept from file to
file and from task to task. A file over the time or memory limit gets the limit's error,
its checking process is replaced, and the Dask worker goes on. Workers read the files
themselves (from shared storage, on a cluster); only the results travel back.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict

_JOBS: "OrderedDict[tuple, object]" = OrderedDict()
_LOCK = threading.Lock()
JOBS_KEPT = 2  # Jobs kept per worker process (each has a checking process of its own)
JOBS_MADE = 0  # how many Jobs this process has made (tests check it stays at one)


def _job(settings: dict):
    """The Job for these settings, made once per worker process. ``settings["key"]`` is the
    client's key of the rules, glossary and code (plainspeak.cache.settings_key): when any of
    them changes between two audits, a long-running worker makes a new Job instead of using
    what it loaded before."""
    global JOBS_MADE
    from plainspeak.run import Job, Settings

    key = (settings.get("config"), tuple(settings.get("select") or ()), tuple(settings.get("disable") or ()),
           settings.get("preview"), settings.get("cache", True), settings.get("key"))
    job = _JOBS.get(key)
    if job is None:
        job = Job(Settings(config=settings.get("config"), select=list(settings.get("select") or []),
                           disable=list(settings.get("disable") or []), preview=settings.get("preview"),
                           cache=settings.get("cache", True)))
        _JOBS[key] = job
        JOBS_MADE += 1
        while len(_JOBS) > JOBS_KEPT:  # an older audit's Job: stop its checking process
            _, old = _JOBS.popitem(last=False)
            old.close()
    _JOBS.move_to_end(key)
    return job


def fingerprint(path: str) -> tuple[int, int] | None:
    """A file's size and modification time (nanoseconds), to tell whether it changed since the
    last audit."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _digest(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except (OSError, ValueError):
        return None


def check_files(paths: list[str], settings: dict) -> list[dict]:
    """A record for each file, in order: its JSON report (as ``check --format json`` writes
    it), with its size, time and content hash for resuming. The files go through the Job's
    pool of checking processes one after another, so each is checked under the per-file
    limits while the next is already waiting. A file that cannot be read gets its error,
    never an exception."""
    from plainspeak.run import SettingsError

    seen = [(fingerprint(p), _digest(p)) for p in paths]
    with _LOCK:  # one batch at a time per process: a Job is not shared between threads
        try:
            reports = [r.to_dict() for r in _job(settings).check_files(list(paths), jobs=1)]
        except SettingsError as exc:
            reports = [{"path": p, "format": None, "readability": None, "findings": [], "error": str(exc),
                        "questions": None} for p in paths]
    out = []
    for path, data, (fp, digest) in zip(paths, reports, seen):
        data["path"] = path
        out.append({"report": data, "sha256": digest, "size": fp[0] if fp else None,
                    "mtime_ns": fp[1] if fp else None})
    return out


def check_one(path: str, settings: dict) -> dict:
    """The record of one file (see :func:`check_files`)."""
    return check_files([path], settings)[0]


def _peak_mb(pid: int) -> float | None:
    """The peak resident memory of a running process (Linux: VmHWM, which, unlike the
    ru_maxrss of a started process, does not count what its parent had when it started)."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _cpu_seconds(pid: int) -> float | None:
    """The processor time a running process has used (Linux)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def worker_state() -> dict:
    """For tests and benchmarks: this Dask worker's process id, the Jobs it made, its peak memory,
    and for each Job it keeps (by settings file): how many checking processes it started
    (plainspeak.isolate; replacements included), whether they were forked, and the process id
    and peak memory of those still running."""
    jobs = []
    for job in _JOBS.values():
        pool = getattr(job._checker, "_limits_pool", None) if job._checker is not None else None
        checkers = []
        for w in (pool.idle if pool is not None else []):
            pid = w.popen.pid if w.popen is not None else w.process.pid
            checkers.append({"pid": pid, "peak_rss_mb": _peak_mb(pid), "cpu_s": _cpu_seconds(pid)})
        jobs.append({"config": job.settings.config, "checkers_started": pool.started if pool else 0,
                     "forked": pool.fork if pool else None, "checkers": checkers})
    return {"pid": os.getpid(), "jobs_made": JOBS_MADE,
            "peak_rss_mb": _peak_mb(os.getpid()), "cpu_s": _cpu_seconds(os.getpid()), "jobs": jobs}
