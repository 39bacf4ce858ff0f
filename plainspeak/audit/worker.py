"""What runs on a Dask worker: check one file and return only its results.

Each worker process keeps one Job per set of settings, so the rules, the glossary and the
language pipeline load once per worker, not once per file. Workers read the files
themselves (from shared storage, on a cluster); only the results travel back.
"""

from __future__ import annotations

import hashlib
import os
import threading

_JOBS: dict[tuple, object] = {}
_LOCK = threading.Lock()
JOBS_MADE = 0  # how many Jobs this process has made (tests check it stays at one)


def _job(settings: dict):
    global JOBS_MADE
    from plainspeak.run import Job, Settings

    key = (settings.get("config"), tuple(settings.get("select") or ()), tuple(settings.get("disable") or ()),
           settings.get("preview"))
    job = _JOBS.get(key)
    if job is None:
        job = Job(Settings(config=settings.get("config"), select=list(settings.get("select") or []),
                           disable=list(settings.get("disable") or []), preview=settings.get("preview")))
        _JOBS[key] = job
        JOBS_MADE += 1
    return job


def fingerprint(path: str) -> tuple[int, float] | None:
    """A file's size and modification time, to tell whether it changed since the last audit."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime


def check_one(path: str, settings: dict) -> dict:
    """The file's JSON report (as ``check --format json`` writes it), with its size, time
    and content hash for resuming. A file that cannot be read gets its error, never an
    exception."""
    from plainspeak.run import SettingsError

    digest = None
    try:
        with open(path, "rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        pass
    fp = fingerprint(path)
    with _LOCK:  # one file at a time per process: a Job is not shared between threads
        try:
            report = next(iter(_job(settings).check_files([path], jobs=1)))
            data = report.to_dict()
        except SettingsError as exc:
            data = {"path": path, "format": None, "readability": None, "findings": [], "error": str(exc),
                    "questions": None}
    data["path"] = path
    return {"report": data, "sha256": digest, "size": fp[0] if fp else None, "mtime": fp[1] if fp else None}


def worker_state() -> dict:
    """For tests and benchmarks: this worker's process id, Jobs made and peak memory."""
    import resource

    return {"pid": os.getpid(), "jobs_made": JOBS_MADE,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
