#!/usr/bin/env python3
"""plainspeak side by side with other prose linters, on the same files, in the same run.

Run from the repository root:

    python benchmarks/peers.py                      # the shared bench-corpus, 3 rounds
    python benchmarks/peers.py --corpus DIR --rounds 5
    python benchmarks/peers.py --only plainspeak,write-good

Nothing is hard-coded about the other tools: each one that is installed (write-good
and alex from npm, proselint from PyPI; see benchmarks/README.md) is run here, on the
same files, in turns (round 1: A B C, round 2: B C A, ...) so that a busy machine
slows each tool alike, and the median of the rounds is compared. A tool that is not
installed is left out, and the script says so.

It also measures:
- an unchanged second run of plainspeak with its result cache on, with the default
  (text) report on standard output and with ``--format json -o FILE``, beside the time
  ``plainspeak --version`` takes (Python's start-up, which no run can go below);
- plainspeak's peak memory (the resident memory of all its processes together, the
  worker processes counted, cache off) on one and on four copies of the corpus.

Nothing passes or fails: it prints figures and ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "bench-corpus" / "md"


def corpus_files(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*") if p.suffix.lower() in (".md", ".markdown", ".txt")
                  and p.is_file())


def tools(files: list[str], corpus: Path, python: str) -> dict[str, list[str] | None]:
    """The command of each tool over all the files, or None when it is not installed."""
    def found(name: str) -> str | None:
        return shutil.which(name) or (shutil.which(name, path=str(Path(python).parent)))

    wg, alex, pl = found("write-good"), found("alex"), found("proselint")
    return {
        "plainspeak": [python, "-m", "plainspeak", "check", "--no-cache", "--format", "json", "-o",
                       os.devnull, str(corpus)],
        "write-good": [wg, *files] if wg else None,
        "proselint": [pl, "check", *files] if pl else None,
        "alex": [alex, "--quiet", *files] if alex else None,
    }


class TreeMemory(threading.Thread):
    """The most memory (resident) that a process and all its children used together,
    sampled every 50 ms."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.running = True

    def run(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while self.running:
            total = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                break
            self.peak = max(self.peak, total)
            time.sleep(0.05)


def timed(cmd: list[str], env: dict | None = None, stdout=subprocess.DEVNULL) -> dict:
    """Wall seconds, CPU seconds (with children) and peak memory of one run."""
    start = time.perf_counter()
    before = os.times()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, env=env, cwd=REPO)
    memory = TreeMemory(proc.pid)
    memory.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    memory.running = False
    memory.join()
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return {"wall": wall, "cpu": cpu, "rss_mb": memory.peak / 1048576, "rc": proc.returncode,
            "stderr": err.decode("utf-8", "replace")[-300:]}


def env_for(cache_dir: str | None) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    if cache_dir:
        env["PLAINSPEAK_CACHE_DIR"] = cache_dir
    return env


def side_by_side(commands: dict, rounds: int, env: dict) -> dict[str, list[dict]]:
    names = [n for n, c in commands.items() if c]
    runs: dict[str, list[dict]] = {n: [] for n in names}
    for r in range(rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            result = timed(commands[name], env)
            runs[name].append(result)
            print(f"  round {r + 1}: {name:<11} {result['wall']:7.2f} s wall, {result['cpu']:7.2f} s CPU, "
                  f"{result['rss_mb']:6.0f} MB (exit {result['rc']})", flush=True)
    return runs


def unchanged_runs(args, env: dict, tmp: str, figures: dict) -> None:
    """An unchanged second run, cache on: the text report on standard output (to a file) and
    the JSON report with -o, in turns with a bare Python start-up and ``plainspeak --version``."""
    print("\nUnchanged second run, cache on (in turns; the first run of each fills the cache):")
    report = os.path.join(tmp, "report")
    commands = {
        "python": [args.python, "-c", "pass"],
        "--version": [args.python, "-m", "plainspeak", "--version"],
        "text": [args.python, "-m", "plainspeak", "check", str(args.corpus)],
        "json -o": [args.python, "-m", "plainspeak", "check", "--format", "json", "-o", report + ".json",
                    str(args.corpus)],
    }

    def run(name: str) -> dict:
        with open(report + ".txt", "wb") as out:
            return timed(commands[name], env, stdout=out)

    first = {name: run(name) for name in ("text", "json -o")}
    runs: dict[str, list[dict]] = {name: [] for name in commands}
    for r in range(max(9, args.rounds)):  # quick runs: at least nine turns, for a steadier median
        for name in commands:
            runs[name].append(run(name))
    figures["cache"] = {}
    for name, rs in runs.items():
        wall = statistics.median(r["wall"] for r in rs)
        cpu = statistics.median(r["cpu"] for r in rs)
        filled = f"first run {first[name]['wall']:.2f} s; " if name in first else ""
        print(f"  {name:<10} {filled}median {wall:.2f} s wall (min {min(r['wall'] for r in rs):.2f} s), "
              f"{cpu:.2f} s CPU")
        figures["cache"][name] = {"median_wall": wall, "median_cpu": cpu,
                                  "first": first[name]["wall"] if name in first else None}
    print(f"  load average now {os.getloadavg()[0]:.1f}")


def _has_psutil() -> bool:
    try:
        import psutil  # noqa: F401
    except ImportError:
        return False
    return True


def compiled(python: str) -> None:
    """Compile plainspeak's modules, as an installed copy has them. With PYTHONDONTWRITEBYTECODE
    set, a checkout would otherwise compile every module it imports on every run."""
    subprocess.run([python, "-m", "compileall", "-q", str(REPO / "plainspeak")], stdout=subprocess.DEVNULL,
                   check=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of Markdown files")
    ap.add_argument("--rounds", type=int, default=3, help="runs of each tool; the median is compared (default 3)")
    ap.add_argument("--only", help="tools to run, separated by commas (default: every one installed)")
    ap.add_argument("--python", default=sys.executable, help="the Python that runs plainspeak")
    ap.add_argument("--skip", default="", help="parts to skip, separated by commas: peers, cache, memory")
    ap.add_argument("--save", type=Path, help="also write the figures as JSON")
    args = ap.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}; give one with --corpus")
        return 2
    files = corpus_files(args.corpus)
    size = sum(os.path.getsize(f) for f in files)
    print(f"corpus: {args.corpus} ({len(files)} files, {size / 1e6:.1f} MB); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    figures: dict = {"corpus": str(args.corpus), "files": len(files), "bytes": size}
    compiled(args.python)
    tmp = tempfile.mkdtemp(prefix="plainspeak-peers-")
    try:
        cache_dir = os.path.join(tmp, "cache")
        env = env_for(cache_dir)
        commands = tools(files, args.corpus, args.python)
        if args.only:
            keep = set(args.only.split(","))
            commands = {n: c for n, c in commands.items() if n in keep}
        if "peers" not in skip:
            for name, cmd in commands.items():
                if cmd is None:
                    print(f"  {name}: not installed, left out (see benchmarks/README.md)")
            print(f"\nSide by side, {args.rounds} rounds, in turns (plainspeak with --no-cache):")
            runs = side_by_side(commands, args.rounds, env)
            medians = {n: statistics.median(r["wall"] for r in rs) for n, rs in runs.items()}
            cpu = {n: statistics.median(r["cpu"] for r in rs) for n, rs in runs.items()}
            print("\n  tool         median wall   median CPU   plainspeak is faster by (wall, CPU)")
            for name in medians:
                ratio = medians[name] / medians["plainspeak"] if "plainspeak" in medians else float("nan")
                cratio = cpu[name] / cpu["plainspeak"] if "plainspeak" in cpu and cpu["plainspeak"] else float("nan")
                print(f"  {name:<12} {medians[name]:9.2f} s  {cpu[name]:9.2f} s   {ratio:5.2f}x  {cratio:5.2f}x")
            figures["side_by_side"] = {"median_wall": medians, "median_cpu": cpu, "runs": runs}
        if "cache" not in skip:
            unchanged_runs(args, env, tmp, figures)
        if "memory" not in skip and not _has_psutil():
            print("\nPeak memory: left out; it needs psutil (pip install psutil)")
        elif "memory" not in skip:
            print("\nPeak memory: resident memory of all plainspeak processes together, workers counted, "
                  "sampled every 50 ms (--no-cache):")
            four = Path(tmp) / "four"
            for i in range(4):
                shutil.copytree(args.corpus, four / f"copy{i}")
            peaks = {}
            for label, folder in (("1 copy", args.corpus), ("4 copies", four)):
                r = timed([args.python, "-m", "plainspeak", "check", "--no-cache", "--format", "json", "-o",
                           os.devnull, str(folder)], env)
                peaks[label] = r["rss_mb"]
                print(f"  {label:<9} {r['rss_mb']:6.0f} MB peak, {r['wall']:.1f} s (exit {r['rc']})")
            print(f"  4 copies / 1 copy: {peaks['4 copies'] / peaks['1 copy']:.2f}x")
            figures["memory_mb"] = peaks
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.save:
        args.save.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print(f"\nfigures written to {args.save}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
