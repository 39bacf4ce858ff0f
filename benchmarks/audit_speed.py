"""How fast ``plainspeak audit`` is on the speed corpus, with 1 and 2 workers.

Prints documents per second and the peak memory of each worker, for the corpus and for
copies of it (memory per worker must not grow with the number of documents).

    python benchmarks/audit_speed.py [--corpus ../shared/bench-corpus/md] [--copies 1 2]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "bench-corpus" / "md"))
    ap.add_argument("--copies", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    from dask.distributed import Client, LocalCluster

    from plainspeak.audit import audit
    from plainspeak.audit.worker import worker_state

    for copies in args.copies:
        work = Path(tempfile.mkdtemp())
        for i in range(copies):
            shutil.copytree(args.corpus, work / f"copy{i}")
        files = sum(1 for _ in work.rglob("*.md"))
        for n in args.workers:
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address=None, silence_logs=40)
            client = Client(cluster)
            out = Path(tempfile.mkdtemp()) / "results"
            t = time.perf_counter()
            result = audit([str(work)], out, scheduler=cluster.scheduler_address)
            took = time.perf_counter() - t
            peaks = sorted(s["peak_rss_mb"] for s in client.run(worker_state).values())
            print(f"{copies} cop{'y' if copies == 1 else 'ies'} ({files} documents), {n} worker{'s' * (n > 1)}: "
                  f"{took:.1f} s, {result.documents / took:.1f} documents a second, peak memory per worker "
                  + ", ".join(f"{p:.0f} MB" for p in peaks))
            client.close()
            cluster.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
