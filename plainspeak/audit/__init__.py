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
import json
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


def settings_key(job: Job, settings: Settings) -> str:
    """What the results depend on besides each document: plainspeak's version, the settings
    file's content and the command line's choices. Another key starts the audit again."""
    from plainspeak import __version__

    h = hashlib.sha256(__version__.encode())
    if job.config.path:
        path = str(job.config.path).split(" [")[0]
        try:
            h.update(Path(path).read_bytes())
        except OSError:
            h.update(path.encode())
    h.update(json.dumps([settings.select, settings.disable, settings.preview]).encode())
    return h.hexdigest()


def _client(scheduler: str | None, workers: int | None):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise AuditError("the audit needs Dask: install it with  pip install 'plainspeak[audit]'") from None
    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None
        except (OSError, TimeoutError) as exc:
            raise AuditError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
    n = workers or max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                              else (os.cpu_count() or 1), 8))
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None, silence_logs=40)
    return Client(cluster), cluster


def audit(paths: list[str], out: str | Path, *, settings: Settings | None = None, scheduler: str | None = None,
          workers: int | None = None, progress: Callable[[int, int], None] | None = None,
          on_result: Callable[[dict], None] | None = None) -> AuditResult:
    """Audit the documents under ``paths`` into the folder ``out``."""
    from plainspeak.audit.results import Journal, read_journal, write_tables
    from plainspeak.audit.summary import Summary
    from plainspeak.audit.worker import check_one, fingerprint
    from plainspeak.model import CATEGORIES

    settings = settings or Settings()
    job = Job(settings)
    job.checker  # a mistake in the settings or rules stops here, before any worker starts
    config_file = settings.config
    if config_file is None and job.config.path:
        config_file = str(job.config.path).split(" [")[0]
    remote = {"config": os.path.abspath(config_file) if config_file else None, "select": list(settings.select),
              "disable": list(settings.disable), "preview": settings.preview}
    files = [f for f in job.files(paths) if f != "-"]
    if not files:
        raise AuditError(f"no documents to audit in {', '.join(paths)}")
    folder = Path(out)
    key = settings_key(job, settings)
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
        if rec is not None and fp is not None and (rec.get("size"), rec.get("mtime")) == fp:
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


def _run(client, todo: list[str], remote: dict, journal, progress, on_result, done: int, total: int) -> int:
    """Send the files to the workers a window at a time and journal each result as it comes."""
    from dask.distributed import as_completed

    from plainspeak.audit.worker import check_one

    window = max(32, 8 * max(1, len(client.scheduler_info().get("workers", {}))))
    pending = iter(todo)
    by_future = {}

    def submit(path: str):
        fut = client.submit(check_one, os.path.abspath(path), remote, pure=False, key=f"check-{os.urandom(8).hex()}")
        by_future[fut.key] = path
        return fut

    first = [submit(p) for _, p in zip(range(window), pending)]
    unreadable = 0
    ac = as_completed(first)
    for fut in ac:
        path = by_future.pop(fut.key)
        try:
            rec = fut.result()
            rec["report"]["path"] = path
        except Exception as exc:  # noqa: BLE001 - a worker that died, or a task that failed
            name = type(exc).__name__
            reason = ("the worker checking it stopped (killed, or out of memory) more than once"
                      if name == "KilledWorker" else f"it could not be checked ({name})")
            rec = {"report": {"path": path, "format": None, "readability": None, "findings": [],
                              "error": reason, "questions": None}, "sha256": None, "size": None, "mtime": None}
        if rec["report"].get("error"):
            unreadable += 1
        journal.add(rec)
        done += 1
        if on_result:
            on_result(rec)
        if progress:
            progress(done, total)
        nxt = next(pending, None)
        if nxt is not None:
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
