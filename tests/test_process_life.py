"""A killed plainspeak leaves no process behind.

A pre-commit hook or a CI job may kill plainspeak (a timeout, the out-of-memory killer).
Its forked workers wait for their next file from it; they must end with it, not wait
forever holding their memory. These tests start the real command and kill it."""

from __future__ import annotations

import subprocess
import sys

import psutil

from conftest import checkout_env

TEXT = ("# Notes {i}\n\nWe met {i} rough sleepers and one heroin user. The LA said the PIP was late.\n"
        "Ask the MARAC about it. We will signpost them to floating support.\n") * 20


def test_workers_end_when_plainspeak_is_killed(tmp_path):
    for i in range(300):
        (tmp_path / f"doc{i:03}.md").write_text(TEXT.format(i=i))
    proc = subprocess.Popen([sys.executable, "-m", "plainspeak", "check", "--jobs", "2", "--format", "concise",
                             str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env=checkout_env(PLAINSPEAK_NO_CACHE="1"))
    try:
        first = proc.stdout.readline()  # a file is checked: the workers are running
        assert b"doc000.md" in first
        workers = psutil.Process(proc.pid).children(recursive=True)
        assert len(workers) == 2
    finally:
        proc.kill()
        proc.wait()
    gone, alive = psutil.wait_procs(workers, timeout=60)
    for p in alive:
        p.kill()
    assert not alive, "workers were left running after plainspeak was killed"
