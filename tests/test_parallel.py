"""--jobs: the same reports, in the same order, as checking one file at a time.
The progress bar shows only on a terminal, and never with a machine format."""

from __future__ import annotations

import os

import pytest

from plainspeak import parallel
from conftest import run_in_process
from plainspeak.parallel import Progress, job_count

TEXTS = [
    "# Notes {i}\n\nWe met {i} rough sleepers and one heroin user.\n",
    "Ask the MARAC about case {i}. We will signpost them to floating support.\n",
    "All good here, number {i}.\n",
    "# Plan {i}\n\nIn order to help, we will utilise the move-on team.\n",
]


def run(*args, cwd, **kw):
    """In this process (conftest.run_in_process): the same code as `python -m plainspeak`, without a
    new Python process importing spaCy for each command."""
    return run_in_process(*args, cwd=cwd, **kw)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("many")
    for i in range(24):
        sub = root / f"group{i % 3}"
        sub.mkdir(exist_ok=True)
        (sub / f"doc{i:02}.md").write_text(TEXTS[i % len(TEXTS)].format(i=i))
    (root / "group1" / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    return root


@pytest.mark.parametrize("fmt", ["json", "concise", "sarif"])
def test_jobs_give_identical_output(corpus, fmt):
    one = run("check", "--format", fmt, "--jobs", "1", ".", cwd=corpus)
    two = run("check", "--format", fmt, "--jobs", "2", ".", cwd=corpus)
    assert one.returncode == two.returncode == 2  # the broken PDF
    assert one.stdout == two.stdout and one.stdout
    assert one.stderr == two.stderr
    if fmt == "json":
        import json

        paths = [f["path"] for f in json.loads(two.stdout)["files"]]
        assert paths == sorted(paths) and len(paths) == 25  # the order files were found in


def test_jobs_zero_means_one_per_cpu_and_bad_values_fail(corpus):
    assert job_count(0, 100) >= 1 and job_count(8, 3) == 3 and job_count(2, 0) == 1
    r = run("check", "--format", "concise", "--jobs", "0", "group0", cwd=corpus)
    assert r.returncode == 1 and r.stdout
    for bad in ("-1", "two"):
        r = run("check", "--jobs", bad, ".", cwd=corpus)
        assert r.returncode == 2 and "--jobs" in r.stderr


def test_stdin_with_jobs_is_checked_in_one_process(corpus):
    r = run("check", "--format", "concise", "--jobs", "2", "-", "group0", cwd=corpus,
            input="We met two rough sleepers.\n")
    assert r.stdout.startswith("<stdin>:1:12: PS301")


def test_no_progress_bar_when_piped(corpus):
    r = run("check", "--jobs", "2", ".", cwd=corpus)
    assert "Checking [" not in r.stderr and "\r" not in r.stderr


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize("fmt, shown", [("text", True), ("concise", True), ("json", False), ("sarif", False)])
def test_progress_bar_only_on_a_terminal_and_not_for_machine_formats(corpus, fmt, shown):
    """Standard error is a real terminal (a pseudo-terminal); the command runs in this process."""
    import select
    import threading

    leader, follower = os.openpty()
    chunks, done = [], threading.Event()

    def read_terminal():  # what the terminal shows, read as the command writes it
        while True:
            ready, _, _ = select.select([leader], [], [], 0.1)
            if ready:
                try:
                    chunks.append(os.read(leader, 65536))
                except OSError:  # the terminal closed
                    return
            elif done.is_set():  # the command is over and everything it wrote is read
                return

    reader = threading.Thread(target=read_terminal, daemon=True)
    reader.start()
    try:
        with open(follower, "w", encoding="utf-8", closefd=False) as terminal:
            assert terminal.isatty()
            proc = run("check", "--format", fmt, "--jobs", "2", ".", cwd=corpus, stderr=terminal)
    finally:
        done.set()
        reader.join(60)
        os.close(follower)
        os.close(leader)
    err = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 2
    assert ("Checking [" in err) is shown, err
    if shown:
        assert "25/25 files" in err
    assert "Checking [" not in proc.stdout


def test_progress_draws_and_clears():
    import io

    out = io.StringIO()
    bar = Progress(out)
    bar(5, 10)
    bar(10, 10)
    bar.close()
    text = out.getvalue()
    assert "\rChecking [" + "#" * 15 + " " * 15 + "] 5/10 files" in text
    assert "10/10 files" in text and text.endswith("\r")


def test_check_files_keeps_the_order_given(tmp_path):
    """check_files keeps the order of the files given, with one worker or two."""
    from plainspeak.engine import Checker
    from plainspeak.parallel import check_files

    files = []
    for i in range(6):
        p = tmp_path / f"f{5 - i}.md"  # names not in creation order
        p.write_text(TEXTS[i % len(TEXTS)].format(i=i))
        files.append(str(p))
    checker = Checker()
    one = [(r.path, [f.match for f in r.findings]) for r in check_files(checker, files, 1)]
    two = [(r.path, [f.match for f in r.findings]) for r in check_files(Checker(), files, 2)]
    assert one == two and [p for p, _ in one] == files


@pytest.mark.parametrize("fmt", ["json", "text", "concise"])
def test_auto_is_the_default_and_gives_the_same_output_as_one_job(corpus, fmt):
    one = run("check", "--format", fmt, "--jobs", "1", ".", cwd=corpus)
    auto = run("check", "--format", fmt, ".", cwd=corpus)
    assert one.returncode == auto.returncode == 2  # the broken PDF
    assert one.stdout == auto.stdout and one.stdout and one.stderr == auto.stderr


def test_auto_uses_one_process_per_cpu_for_several_files(monkeypatch):
    from plainspeak.cli import build_parser

    args = build_parser().parse_args(["check", "x.md"])
    assert args.jobs == "auto"
    assert build_parser().parse_args(["check", "--jobs", "AUTO", "x.md"]).jobs == "auto"
    monkeypatch.setattr(parallel, "cpu_count", lambda: 4)
    assert [job_count("auto", n) for n in (0, 1, 3, 100)] == [1, 1, 3, 4]
    monkeypatch.setattr(parallel, "cpu_count", lambda: 1)
    assert job_count("auto", 100) == 1
    monkeypatch.setattr(parallel, "cpu_count", lambda: 4)
    monkeypatch.setattr(parallel, "_forks", lambda: False)  # each worker would load everything itself
    assert [job_count("auto", n) for n in (4, 10, 16, 100)] == [1, 1, 2, 4]


def _check_with_pid(path: str):
    report = parallel._worker_checker.check_file(path)
    report.path = f"{report.path}@{os.getpid()}"
    return report


@pytest.mark.skipif(not parallel._forks(), reason="the probe is inherited by forked workers only")
def test_auto_really_checks_in_several_processes(tmp_path, monkeypatch, checker):
    files = []
    for i in range(8):
        p = tmp_path / f"f{i}.md"
        p.write_text(TEXTS[i % len(TEXTS)].format(i=i))
        files.append(str(p))
    monkeypatch.setattr(parallel, "cpu_count", lambda: 2)
    monkeypatch.setattr(parallel, "_check_one", _check_with_pid)
    # the pool without per-file limits (plainspeak.isolate has its own workers) and without the cache
    from plainspeak.config import Config
    from plainspeak.engine import Checker

    checker = Checker(Config(time_limit=0, memory_limit=0))
    checker.use_cache = False
    reports = list(parallel.check_files(checker, files, "auto"))
    assert [r.path.split("@")[0] for r in reports] == files
    pids = {r.path.split("@")[1] for r in reports}
    assert len(pids) == 2 and str(os.getpid()) not in pids
