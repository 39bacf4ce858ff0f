"""``plainspeak audit``: a whole organisation's documents, on one computer or a Dask cluster.

    plainspeak audit shared-drive/policies shared-drive/forms --out audit-results

checks every document and writes the results folder (see results.py and summary.py). By
default the work runs on a local Dask cluster (worker processes on this computer, listening
on 127.0.0.1 only); ``--scheduler tcp://HOST:8786`` sends it to an existing cluster started
with ``dask scheduler`` and ``dask worker``, whose workers read the files from shared
storage and send back only the results. Dask retries a file whose worker died; a file that
keeps killing workers is reported with an error, never lost.

Dask comes with the extra ``plainspeak[audit]``.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from plainspeak.run import Job, Settings, SettingsError


class AuditError(Exception):
    """The audit cannot start or finish (no Dask, no scheduler, results folder not writable)."""


@dataclass
class AuditResult:
    documents: int
    checked: int  # checked in this run
    reused: int  # unchanged since the last run: results taken from the results folder
    unreadable: int
    out: Path


AUDIT_FORMAT = "plainspeak-audit-2"


def settings_key(job: Job) -> str:
    """What the results depend on besides each document: the same key as the result cache's
    (plainspeak.cache): plainspeak's code and version, spaCy's version, what the settings say,
    the command line's choices, the limits, the rules and the glossary. Another key starts
    the audit again instead of mixing old and new results."""
    from plainspeak.cache import settings_key as cache_key
    from plainspeak.run import _plain_errors

    with _plain_errors():
        key = cache_key(job.checker)
    return hashlib.sha256(f"{AUDIT_FORMAT}\0{key}".encode()).hexdigest()


def _client(scheduler: str | None, workers: int | None):
    try:
        from dask.distributed import Client
    except ImportError:
        raise AuditError("the audit needs Dask: install it with  pip install 'plainspeak[audit]'") from None
    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except (OSError, TimeoutError) as exc:
            raise AuditError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
    n = workers or max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                              else (os.cpu_count() or 1), 8))
    cluster = local_cluster(n)
    return Client(cluster), cluster


def local_cluster(workers: int):
    """A Dask cluster on this computer only (127.0.0.1), one process and thread per worker."""
    import dask
    from dask.distributed import LocalCluster

    # No dashboard, so no need for the workers' sampling profiler, which costs processor time.
    # The scheduler still serves a few status pages over HTTP: on a free port, not on 8787,
    # so two audits at once do not clash (nor warn that the port is in use).
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                            dashboard_address=None, silence_logs=40,
                            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})


def audit(paths: list[str], out: str | Path, *, settings: Settings | None = None, scheduler: str | None = None,
          workers: int | None = None, progress: Callable[[int, int], None] | None = None,
          on_result: Callable[[dict], None] | None = None) -> AuditResult:
    """Audit the documents under ``paths`` into the folder ``out``."""
    from plainspeak.audit.results import Journal, read_journal, write_tables
    from plainspeak.audit.summary import Summary
    from plainspeak.audit.worker import fingerprint
    from plainspeak.model import CATEGORIES

    settings = settings or Settings()
    job = Job(settings)
    job.checker  # a mistake in the settings or rules stops here, before any worker starts
    config_file = settings.config
    if config_file is None and job.config.path:
        config_file = str(job.config.path).split(" [")[0]
    remote = {"config": os.path.abspath(config_file) if config_file else None, "select": list(settings.select),
              "disable": list(settings.disable), "preview": settings.preview, "cache": settings.cache}
    files = [f for f in job.files(paths) if f != "-"]
    if not files:
        raise AuditError(f"no documents to audit in {', '.join(paths)}")
    folder = Path(out)
    key = settings_key(job)
    remote["key"] = key
    earlier = read_journal(folder, key)
    try:
        journal = Journal(folder, key)
    except OSError as exc:
        raise AuditError(f"{folder}: cannot write the results here ({exc.strerror or exc})") from None
    todo: list[str] = []
    reused = 0
    for f in files:
        rec = earlier.get(f)
        fp = fingerprint(f)
        # A document that could not be checked (damaged, or over a limit on a busy computer) is
        # tried again, as the result cache of `check` does.
        if rec is not None and fp is not None and (rec.get("size"), rec.get("mtime_ns")) == fp \
                and not rec["report"].get("error"):
            journal.add(rec)
            reused += 1
        else:
            todo.append(f)
    done = reused
    if progress:
        progress(done, len(files))
    unreadable = 0
    if todo:
        job.load()  # the glossary too: a mistake in it is reported once, here
        client, cluster = _client(scheduler, workers)
        try:
            unreadable += _run(client, todo, remote, journal, progress, on_result, done, len(files))
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    journal.close()
    rules = [r.code for r in job.checker.all_rules]
    summary = Summary(paths)
    count = write_tables(folder, CATEGORIES, rules, summary)
    (folder / "summary.html").write_text(summary.render(), encoding="utf-8")
    return AuditResult(documents=count, checked=len(todo), reused=reused, unreadable=summary.unreadable_count,
                       out=folder)


BATCH_MOST = 16  # files in one Dask task, at most
BATCHES_PER_WORKER = 4  # the batches are small enough that each worker gets at least this many


def batch_size(files: int, workers: int) -> int:
    """Files per Dask task. A task of several files costs Dask one round trip instead of one a
    file, and lets the worker's checking process take the next file at once; small enough
    that every worker has work until near the end."""
    return max(1, min(BATCH_MOST, files // (max(1, workers) * BATCHES_PER_WORKER)))


def _failed(path: str, exc: BaseException) -> dict:
    name = type(exc).__name__
    reason = ("the worker checking it stopped (killed, or out of memory) more than once"
              if name == "KilledWorker" else f"it could not be checked ({name})")
    return {"report": {"path": path, "format": None, "readability": None, "findings": [], "error": reason,
                       "questions": None}, "sha256": None, "size": None, "mtime_ns": None}


def _run(client, todo: list[str], remote: dict, journal, progress, on_result, done: int, total: int) -> int:
    """Send the files to the workers in small batches, a few batches ahead, and journal each
    result as it comes. A batch whose task failed (its worker died again and again) is sent
    again one file a task, so that only the file that kills workers is reported as failed."""
    from dask.distributed import as_completed

    from plainspeak.audit.worker import check_files

    workers = max(1, len(client.scheduler_info().get("workers", {})))
    size = batch_size(len(todo), workers)
    window = 2 * workers + 2  # tasks in flight: each worker has its next batch waiting
    batches = iter([todo[i:i + size] for i in range(0, len(todo), size)])
    retry: list[list[str]] = []
    by_key: dict[str, list[str]] = {}

    def submit(batch: list[str]):
        fut = client.submit(check_files, [os.path.abspath(p) for p in batch], remote, pure=False,
                            key=f"check-{os.urandom(8).hex()}")
        by_key[fut.key] = batch
        return fut

    def next_batch():
        return retry.pop() if retry else next(batches, None)

    ac = as_completed([submit(b) for b in (next_batch() for _ in range(window)) if b is not None])
    unreadable = 0
    for fut in ac:
        batch = by_key.pop(fut.key)
        try:
            recs = fut.result()
        except Exception as exc:  # noqa: BLE001 - a worker that died, or a task that failed
            if len(batch) > 1:
                retry.extend([p] for p in reversed(batch))
                recs = []
            else:
                recs = [_failed(batch[0], exc)]
        for path, rec in zip(batch, recs):
            rec["report"]["path"] = path
            if rec["report"].get("error"):
                unreadable += 1
            journal.add(rec)
            done += 1
            if on_result:
                on_result(rec)
            if progress:
                progress(done, total)
        while ac.count() < window:
            nxt = next_batch()
            if nxt is None:
                break
            ac.add(submit(nxt))
    return unreadable


def cli(args) -> int:
    """``plainspeak audit``: run from the command line."""
    settings = Settings(config=args.config, select=_split(args.select), disable=_split(args.disable),
                        preview=args.preview or None)
    tty = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if tty:
            sys.stderr.write(f"\rAudited {done}/{total} documents")
            sys.stderr.flush()
        elif done and (done == total or done % 500 == 0):
            print(f"plainspeak: audited {done} of {total} documents", file=sys.stderr)

    try:
        result = audit(args.folders, args.out, settings=settings, scheduler=args.scheduler, workers=args.workers,
                       progress=progress)
    except (SettingsError, AuditError) as exc:
        print(f"plainspeak: {exc}", file=sys.stderr)
        return 2
    if tty:
        sys.stderr.write("\n")
    print(f"Audited {result.documents} documents ({result.checked} checked now, {result.reused} unchanged "
          f"since the last audit); {result.unreadable} could not be read.")
    print(f"Results: {result.out}/summary.html, documents.csv, documents.parquet, findings.parquet")
    return 0


def _split(values) -> list[str]:
    return [x.strip() for v in values or [] for x in v.split(",") if x.strip()]
