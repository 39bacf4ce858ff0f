"""How fast ``plainspeak audit`` is on the speed corpus, with 1 and 2 workers, next to ``check``.

For the corpus and for copies of it, and for each number of workers, this prints:

- documents per second of the audit (a local Dask cluster, the result cache off, the
  per-file limits on), and of ``check`` on the same files with as many processes, run
  right after it, so the two are timed under the same load;
- the peak memory of each Dask worker process and of each worker's checking process
  (plainspeak.isolate), which must not grow with the number of documents;
- how many checking processes each worker started (one, if no file went over a limit).

    python benchmarks/audit_speed.py [--corpus ../shared/bench-corpus/md] [--copies 1 2 4] [--workers 1 2]

The machine's load (``uptime``) is printed before and after: figures taken on a busy machine
are slower, so compare the audit and ``check`` of one line, not lines of different runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "load unknown"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "bench-corpus" / "md"))
    ap.add_argument("--copies", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--no-check", action="store_true", help="do not time `check` next to the audit")
    args = ap.parse_args()
    # The workers inherit this: every document is really checked, in every run.
    os.environ["PLAINSPEAK_NO_CACHE"] = "1"
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    import dask
    from dask.distributed import Client, LocalCluster

    from plainspeak.audit import audit
    from plainspeak.audit.worker import _cpu_seconds, worker_state
    from plainspeak.run import Job, Settings

    print(f"before: {uptime()}", flush=True)
    for copies in args.copies:
        work = Path(tempfile.mkdtemp())
        for i in range(copies):
            shutil.copytree(args.corpus, work / f"copy{i}")
        for n in args.workers:
            with dask.config.set({"distributed.worker.profile.enabled": False}):  # as the audit's own cluster
                cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None, silence_logs=40)
            client = Client(cluster)
            out = Path(tempfile.mkdtemp()) / "results"
            t, cpu = time.perf_counter(), _cpu_seconds(os.getpid())
            result = audit([str(work)], out, settings=Settings(cache=False), scheduler=cluster.scheduler_address)
            took, cpu = time.perf_counter() - t, _cpu_seconds(os.getpid()) - cpu
            states = sorted(client.run(worker_state).values(), key=lambda s: s["pid"])
            client.close()
            cluster.close()
            shutil.rmtree(out.parent, ignore_errors=True)
            workers = ", ".join(f"{s['peak_rss_mb']:.0f} MB" for s in states)
            checkers = ", ".join(f"{c['peak_rss_mb']:.0f} MB" for s in states for j in s["jobs"]
                                 for c in j["checkers"])
            started = sum(j["checkers_started"] for s in states for j in s["jobs"])
            cpu_workers = sum(s["cpu_s"] for s in states)
            cpu_checkers = sum(c["cpu_s"] for s in states for j in s["jobs"] for c in j["checkers"])
            line = (f"{copies} cop{'y' if copies == 1 else 'ies'} ({result.documents} documents), {n} worker"
                    f"{'s' * (n > 1)}: audit {took:.0f} s, {result.documents / took:.1f} documents a second")
            if not args.no_check:
                job = Job(Settings(cache=False))
                t, check_cpu = time.perf_counter(), _cpu_seconds(os.getpid())
                job.load()
                count = sum(1 for _ in job.check([str(work)], jobs=n))
                check_took, check_cpu = time.perf_counter() - t, _cpu_seconds(os.getpid()) - check_cpu
                pool = job.checker._limits_pool
                check_children = sum(_cpu_seconds(w.process.pid if w.process else w.popen.pid) or 0
                                     for w in pool.idle)
                line += (f"; check --jobs {n}: {check_took:.0f} s, {count / check_took:.1f} documents a second"
                         f"\n    processor time: check {check_cpu:.0f} s in the main process, {check_children:.0f} s "
                         f"in its checking processes")
                pool.close()
            print(f"{line}\n    processor time: audit {cpu:.0f} s in the main process (with the scheduler), "
                  f"{cpu_workers:.0f} s in the Dask workers, {cpu_checkers:.0f} s in their checking processes"
                  f"\n    peak memory: Dask workers {workers}; checking processes {checkers} "
                  f"({started} started)", flush=True)
        shutil.rmtree(work, ignore_errors=True)
    print(f"after: {uptime()}", flush=True)


if __name__ == "__main__":
    main()
