"""Per-file time and memory limits (plainspeak.isolate): hostile files end in a plain
one-line error, exit code 2, and the other files are still checked."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from conftest import ROOT, run_in_process, run_plainspeak
from plainspeak import isolate
from plainspeak.config import ConfigError, load
from plainspeak.engine import Checker
from plainspeak.run import Job, Settings

GOOD = "The service user was given a PIP.\n"
# Text that takes far longer than half a second to check (about 1.8 MB of sentences), though
# it is within the size plainspeak accepts: the time limit, not a size check, must stop it.
SLOW = "The service user was given a PIP by the LA, and the GP wrote to them.\n\n" * 25_000


def run_cli(*args, cwd=None, env=None, stdin=None):
    """In this process (conftest.run_in_process): the same code as `python -m plainspeak`, without a
    new Python process importing spaCy for each command. The per-file workers are new processes
    either way."""
    return run_in_process(*args, cwd=cwd or ROOT, env=env, stdin=stdin)


def settings_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "limits.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_limits_are_settings_with_defaults(tmp_path):
    cfg = load(str(settings_file(tmp_path, "time-limit = 2.5\nmemory-limit = 300\n")))
    assert (cfg.time_limit, cfg.memory_limit) == (2.5, 300)
    default = load(str(settings_file(tmp_path, "")))
    assert (default.time_limit, default.memory_limit) == (isolate.DEFAULT_TIME_LIMIT, isolate.DEFAULT_MEMORY_LIMIT)
    assert isolate.limited(Checker(default))
    assert not isolate.limited(Checker(load(str(settings_file(tmp_path, "time-limit = 0\nmemory-limit = 0\n")))))


@pytest.mark.parametrize("text", ['time-limit = "soon"\n', "memory-limit = -1\n", "time-limit = true\n"])
def test_a_wrong_limit_is_a_plain_settings_error(tmp_path, text):
    with pytest.raises(ConfigError, match="must be a number of"):
        load(str(settings_file(tmp_path, text)))


def test_a_file_over_the_time_limit_gets_an_error_and_the_others_are_checked(tmp_path):
    (tmp_path / "a-brackets.md").write_text(SLOW, encoding="utf-8")
    (tmp_path / "b-good.md").write_text(GOOD, encoding="utf-8")
    config = settings_file(tmp_path, "time-limit = 0.5\n")
    out = run_cli("check", "--config", str(config), "--no-cache", "--format", "concise",
                  str(tmp_path / "a-brackets.md"), str(tmp_path / "b-good.md"))
    assert out.returncode == 2
    lines = (out.stdout + out.stderr).splitlines()
    errors = [line for line in lines if "a-brackets.md" in line]
    assert errors and all("time limit of 0.5 seconds" in line for line in errors)
    assert any("b-good.md" in line and "PS301" in line for line in lines)  # checked by a new worker
    assert "Traceback" not in out.stderr


def test_a_file_over_the_memory_limit_gets_an_error_and_the_worker_is_replaced(tmp_path):
    (tmp_path / "a-big.txt").write_text("The service user was given a PIP by the LA.\n\n" * 40_000,
                                        encoding="utf-8")
    (tmp_path / "b-good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "c-good.md").write_text(GOOD, encoding="utf-8")
    checker = Checker(load(str(settings_file(tmp_path, "time-limit = 0\nmemory-limit = 60\n"))))
    checker.use_cache = False
    files = [str(tmp_path / n) for n in ("a-big.txt", "b-good.md", "c-good.md")]
    reports = list(isolate.check_files(checker, files))
    assert [r.path for r in reports] == files
    assert reports[0].error and "memory than the limit of 60 MB" in reports[0].error
    assert not reports[1].error and any(f.rule == "PS301" for f in reports[1].findings)
    assert not reports[2].error
    assert checker._limits_pool.started >= 2  # the worker that ran out was replaced


def test_one_hostile_file_alone_does_not_hang(tmp_path):
    """A pre-commit hook passes one file: it is limited too."""
    hostile = tmp_path / "quotes.md"
    hostile.write_text(SLOW, encoding="utf-8")
    config = settings_file(tmp_path, "time-limit = 0.5\n")
    out = run_plainspeak("check", "--config", str(config), "--no-cache", str(hostile), timeout=600)
    assert out.returncode == 2
    assert "quotes.md" in out.stdout + out.stderr
    assert "time limit of 0.5 seconds" in out.stdout + out.stderr
    assert "Traceback" not in out.stderr


def test_a_library_error_never_reaches_the_user(tmp_path):
    """A 10 MB one-line file: findings or a plain error, never spaCy's own text."""
    line = tmp_path / "one-line.md"
    line.write_text(("The service user was given a PIP. " * 300_000)[:10_000_000] + "\n", encoding="utf-8")
    out = run_cli("check", "--no-cache", "--format", "json", str(line))
    assert out.returncode in (1, 2)
    assert "[E0" not in out.stdout + out.stderr and "Traceback" not in out.stderr
    if out.returncode == 2:
        assert "one-line.md" in out.stderr


def test_limits_smaller_than_the_warm_up_text_only_refuse_the_files(tmp_path):
    """The workers load everything by checking a short text first: limits given for files do not
    apply to it, so a checker with a small text limit gives each file its one-line error."""
    from plainspeak.extract.limits import Limits

    (tmp_path / "a.md").write_text("We help people who are homeless to find a home.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("Hi.\n", encoding="utf-8")
    checker = Checker(limits=Limits(max_text_chars=20))
    a, b = isolate.check_files(checker, [str(tmp_path / "a.md"), str(tmp_path / "b.md")], 2)
    isolate.close(checker)
    assert a.error.startswith("the file is too large to check") and b.error is None


def test_standard_input_is_checked_under_the_limits():
    out = run_cli("check", "--no-cache", "--format", "concise", "-", stdin=GOOD)
    assert out.returncode == 1
    assert "<stdin>" in out.stdout and "PS301" in out.stdout


def test_started_workers_give_the_same_reports_as_forked_ones(tmp_path):
    """Where fork is not possible (macOS, Windows, a daemonic process), workers are new processes."""
    path = tmp_path / "good.md"
    path.write_text(GOOD + "\nThe LA will assess your needs.\n", encoding="utf-8")
    checker = Checker()
    forked = isolate.Pool(checker, fork=True)
    started = isolate.Pool(checker, fork=False)
    try:
        a = list(forked.check([("file", str(path))]))[0]
        b = list(started.check([("file", str(path)), ("bytes", GOOD.encode(), "x.md", "markdown")]))
    finally:
        forked.close()
        started.close()
    assert a.to_dict() == b[0].to_dict() == checker.check_file(str(path)).to_dict()
    assert b[1].path == "x.md" and any(f.rule == "PS301" for f in b[1].findings)
    assert started.started == 1  # one worker, reused for both files


def test_check_text_is_limited_and_reuses_its_worker(tmp_path):
    """The editor server and the web page call Job.check_text / check_bytes: limited as well."""
    job = Job(Settings(config=str(settings_file(tmp_path, "time-limit = 0.5\n"))))
    first = job.check_text(GOOD)
    assert any(f.rule == "PS301" for f in first.findings)
    hostile = job.check_text(SLOW, name="pasted.md")
    assert hostile.path == "pasted.md" and "time limit of 0.5 seconds" in hostile.error
    again = job.check_text(GOOD)
    assert again.to_dict()["findings"] == first.to_dict()["findings"]
    assert job.checker._limits_pool.started == 2  # the first worker, and the one after the timeout


def _check_in_daemon(path: str, queue) -> None:
    job = Job(Settings(cache=False))
    reports = list(job.check_files([path]))
    queue.put([(r.path, r.error, sorted(f.rule for f in r.findings)) for r in reports])


def test_a_job_works_inside_a_daemonic_process(tmp_path):
    """Dask workers are daemonic processes, which may not start multiprocessing children:
    the workers are then started as new processes instead."""
    path = tmp_path / "good.md"
    path.write_text(GOOD, encoding="utf-8")
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_check_in_daemon, args=(str(path), queue), daemon=True)
    process.start()
    result = queue.get(timeout=600)
    process.join(60)
    [(name, error, rules)] = result
    assert name == str(path) and error is None and "PS301" in rules


def test_a_jobs_workers_stop_when_the_job_is_dropped(tmp_path):
    """An editor or the web page makes a new Job when a settings file changes: the old Job's
    worker processes must end with it, not live until the program stops."""
    import gc
    import time

    import psutil

    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    me = psutil.Process()

    def living() -> set[int]:
        pids = set()
        for child in me.children():
            try:
                if child.status() != psutil.STATUS_ZOMBIE:
                    pids.add(child.pid)
            except psutil.NoSuchProcess:  # ended while we looked
                pass
        return pids

    before = living()
    for _ in range(3):
        job = Job(Settings(config=str(settings_file(tmp_path, "")), cache=False))
        reports = list(job.check([str(tmp_path / "a.md")], jobs=1))
        assert any(f.rule == "PS301" for f in reports[0].findings)
        started = living() - before
        assert started  # the file was checked in a worker process
        del job, reports
        gc.collect()
        deadline = time.monotonic() + 30  # a guard against waiting for ever, not a timing test
        while living() & started and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not (living() & started)


def test_closing_a_job_stops_its_workers_at_once(tmp_path):
    """An audit worker keeps two Jobs; the older one is closed, not left for the collector."""
    import psutil

    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    me = psutil.Process()
    before = {p.pid for p in me.children()}
    job = Job(Settings(config=str(settings_file(tmp_path, "")), cache=False))
    assert any(f.rule == "PS301" for f in list(job.check([str(tmp_path / "a.md")], jobs=1))[0].findings)
    started = [p for p in me.children() if p.pid not in before]
    assert started
    job.close()  # the job is still referenced: only close() can have stopped them
    gone, alive = psutil.wait_procs(started, timeout=30)
    assert not alive
    assert any(f.rule == "PS301" for f in list(job.check([str(tmp_path / "a.md")], jobs=1))[0].findings)
    job.close()
