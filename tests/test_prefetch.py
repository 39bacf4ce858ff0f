"""Reading files ahead while plainspeak loads (plainspeak/prefetch.py) changes no report.

A helper process reads and extracts files while the main process loads spaCy, the rules
and the glossary; workers forked afterwards check what it read. These tests run real
helpers and real workers, and compare reports with a run that reads every file itself.
Loading is quick in a test process (it has loaded the same settings before), so each test
lets the helper finish (or reach the point it tests) before the run takes its Documents."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from plainspeak import cachefiles, isolate, prefetch
from plainspeak.extract.limits import Limits
from plainspeak.run import Job, Settings
from example_documents import build
from conftest import checkout_env

TEXTS = [
    "# Notes {i}\n\nWe met {i} rough sleepers and one heroin user. The LA said the PIP was late.\n",
    "Ask the MARAC about case {i}. We will signpost them to floating support.\n",
    "All good here, number {i}.\n",
    "# Plan {i}\n\nIn order to help, we will utilise the move-on team. Are you happy with this?\n",
]


@pytest.fixture
def settled_now(monkeypatch):
    """Files made by a test are a second old at most: let them count as settled."""
    monkeypatch.setattr(cachefiles, "RACY_NS", 0)


@pytest.fixture
def folder(tmp_path):
    for i in range(16):
        sub = tmp_path / f"group{i // 2 % 2}"
        sub.mkdir(exist_ok=True)
        (sub / f"doc{i:02}.md").write_text(TEXTS[i % len(TEXTS)].format(i=i))
    (tmp_path / "group0" / "letter.docx").write_bytes(build("We spoke to the service user about the PIP.", "docx"))
    (tmp_path / "group1" / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (tmp_path / "group1" / "empty.md").write_bytes(b"")
    # jargon (PS201) is not reported in group1: read-ahead files must be checked with their own settings
    (tmp_path / ".plainspeak.toml").write_text('[[overrides]]\nfiles = ["group1/**"]\ndisable = ["PS201"]\n',
                                               encoding="utf-8")
    return tmp_path


class Spy:
    """Records what the main process sends to workers (kind of task, seconds it may take), and
    which files the workers read themselves (they are forked from this process, so they
    inherit the patched reader and append to a file)."""

    def __init__(self, monkeypatch, tmp_path):
        self.sent: list[tuple[str, str]] = []
        self.seconds: dict[str, float] = {}
        self.log = tmp_path / "worker-reads.txt"
        real = isolate._Worker.send
        spy = self

        def send(worker, index, task, seconds):
            if task[0] in ("file", "document"):
                spy.sent.append((task[0], os.path.basename(task[1])))
                spy.seconds[os.path.basename(task[1])] = seconds
            return real(worker, index, task, seconds)

        monkeypatch.setattr(isolate._Worker, "send", send)
        import plainspeak.engine

        real_extract = plainspeak.engine.extract_file
        log = self.log

        def extract_file(path, limits=None):
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(os.path.basename(path) + "\n")
            return real_extract(path, limits)

        monkeypatch.setattr(plainspeak.engine, "extract_file", extract_file)

    def kinds(self, kind: str) -> set[str]:
        return {name for k, name in self.sent if k == kind}

    def worker_reads(self) -> set[str]:
        return set(self.log.read_text(encoding="utf-8").split()) if self.log.exists() else set()


def let_the_helper_finish(monkeypatch):
    real = prefetch._Helper.take

    def take(self):
        self.process.join(60)  # it reads every file it can, then ends
        return real(self)

    monkeypatch.setattr(prefetch._Helper, "take", take)


def reports(folder, jobs, load_jobs=None, change=None):
    old = os.getcwd()
    os.chdir(folder)
    try:
        job = Job(Settings(cache=False))
        files = job.files(["."])
        job.load(files, jobs=load_jobs)
        if change:
            change()
        out = [json.dumps(r.to_dict(), sort_keys=True) for r in job.check_files(files, jobs=jobs)]
        job.close()
        return out
    finally:
        os.chdir(old)


def test_reports_are_the_same_when_files_are_read_ahead(folder, settled_now, monkeypatch, tmp_path_factory):
    alone = reports(folder, jobs=1)
    let_the_helper_finish(monkeypatch)
    spy = Spy(monkeypatch, tmp_path_factory.mktemp("spy"))
    ahead = reports(folder, jobs=2, load_jobs=2)
    assert ahead == alone and len(alone) == 19
    by_path = {json.loads(r)["path"]: json.loads(r) for r in ahead}
    jargon = {p for p, r in by_path.items() if any(f["rule"] == "PS201" for f in r["findings"])}
    assert jargon and all(p.startswith("./group0") for p in jargon)  # the override was applied
    # every file was read ahead but the broken and the empty one, which a worker read and reported
    assert spy.kinds("file") == {"broken.pdf", "empty.md"}
    assert len(spy.kinds("document")) == 17
    assert spy.worker_reads() == {"broken.pdf", "empty.md"}  # the workers used the Documents
    assert sum(1 for r in by_path.values() if r["error"]) == 2


def test_no_helper_without_several_workers_or_enough_files(folder, settled_now, monkeypatch, tmp_path_factory):
    spy = Spy(monkeypatch, tmp_path_factory.mktemp("spy"))
    reports(folder, jobs=1, load_jobs=1)
    assert not spy.kinds("document")
    job = Job(Settings(cache=False))
    job.load([str(folder / "group0" / "doc00.md")] * 3, jobs=2)
    assert getattr(job.checker, "_prefetch", None) is None
    job.load(job.files([str(folder)]), jobs=2)
    assert getattr(job.checker, "_prefetch", None) is not None
    job.close()
    assert getattr(job.checker, "_prefetch", None) is None


def test_a_file_changed_after_it_was_read_is_read_again(folder, settled_now, monkeypatch, tmp_path_factory):
    target = next(folder.rglob("doc02.md"))
    let_the_helper_finish(monkeypatch)
    spy = Spy(monkeypatch, tmp_path_factory.mktemp("spy"))

    def change():
        prefetch_helper_done.append(True)
        target.write_text("A brand new text about the MARAC.\n")

    prefetch_helper_done: list = []
    real_take = prefetch._Helper.take

    def take(self):  # read all, then change the file, then hand over
        index, buffer = real_take(self)
        change()
        return index, buffer

    monkeypatch.setattr(prefetch._Helper, "take", take)
    ahead = reports(folder, jobs=2, load_jobs=2)
    mine = [json.loads(r) for r in ahead if json.loads(r)["path"].endswith("doc02.md")][0]
    assert prefetch_helper_done and "MARAC" in json.dumps(mine) and "All good" not in json.dumps(mine)
    assert "doc02.md" in spy.kinds("file") and "doc02.md" in spy.worker_reads()
    assert len(spy.kinds("document")) == 16
    assert reports(folder, jobs=1) == ahead


def test_files_changed_just_now_are_not_read_ahead(folder, monkeypatch, tmp_path_factory):
    monkeypatch.setattr(cachefiles, "RACY_NS", 3600 * 10**9)  # every file changed "just now"
    let_the_helper_finish(monkeypatch)
    spy = Spy(monkeypatch, tmp_path_factory.mktemp("spy"))
    reports(folder, jobs=2, load_jobs=2)
    assert not spy.kinds("document") and len(spy.worker_reads()) == 19


def test_a_helper_stuck_on_a_file_is_stopped_at_once_and_the_run_goes_on(folder, settled_now, monkeypatch,
                                                                         tmp_path):
    alone = reports(folder, jobs=1)
    import plainspeak.extract

    real = plainspeak.extract.extract_file
    signal_file = tmp_path / "stuck"
    calls = []

    def stuck(path, limits=None):  # the helper (a fork of this process) gets stuck on its second file
        calls.append(path)
        if len(calls) > 1:
            signal_file.write_text(path)
            time.sleep(600)
        return real(path, limits)

    monkeypatch.setattr(plainspeak.extract, "extract_file", stuck)  # (workers use engine's own name)
    seen = {}
    real_take = prefetch._Helper.take

    def take(self):
        for _ in range(600):  # until it is stuck
            if signal_file.exists():
                break
            time.sleep(0.05)
        got = real_take(self)
        seen["got"], seen["alive"] = got[0], self.process.is_alive()
        return got

    monkeypatch.setattr(prefetch._Helper, "take", take)
    assert reports(folder, jobs=2, load_jobs=2) == alone
    assert signal_file.exists()
    assert len(seen["got"]) == 1 and not seen["alive"]  # what it had finished; then stopped


@pytest.mark.parametrize("budget", [1, 5000])
def test_the_helper_stops_at_its_memory_budget(folder, settled_now, monkeypatch, budget, tmp_path_factory):
    monkeypatch.setattr(prefetch, "BUDGET_BYTES", budget)
    let_the_helper_finish(monkeypatch)
    spy = Spy(monkeypatch, tmp_path_factory.mktemp("spy"))
    kept = {}
    real_take = prefetch._Helper.take

    def take(self):
        index, buffer = real_take(self)
        kept.update(index)
        return index, buffer

    monkeypatch.setattr(prefetch._Helper, "take", take)
    ahead = reports(folder, jobs=2, load_jobs=2)
    assert ahead == reports(folder, jobs=1)
    assert sum(length for _, _, _, length in kept.values()) <= budget
    assert len(spy.kinds("document")) == len(kept) < 17
    if budget > 1:
        assert kept  # a few small Documents fit


def test_files_the_cache_holds_are_not_read_ahead(folder, settled_now, monkeypatch, tmp_path_factory):
    monkeypatch.setenv("PLAINSPEAK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    let_the_helper_finish(monkeypatch)
    old = os.getcwd()
    os.chdir(folder)
    try:
        first = Job(Settings())
        files = first.files(["."])
        first.load(files, jobs=2)
        before = [r.to_dict() for r in first.check_files(files, jobs=2)]
        first.close()
        (folder / "group1" / "doc03.md").write_text("A new text, read ahead alone.\n")
        spy = Spy(monkeypatch, tmp_path_factory.mktemp("spy"))
        second = Job(Settings())
        second.load(files, jobs=2)
        after = [r.to_dict() for r in second.check_files(files, jobs=2)]
        second.close()
    finally:
        os.chdir(old)
    # checked again: the changed file (read ahead), and the broken and the empty file, which
    # are never kept (a worker reads them again and reports the problem)
    assert spy.kinds("document") == {"doc03.md"} and spy.kinds("file") == {"broken.pdf", "empty.md"}
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert [os.path.normpath(after[i]["path"]) for i in changed] == [os.path.join("group1", "doc03.md")]


def test_reading_time_counts_towards_the_time_limit(folder, settled_now, monkeypatch, tmp_path_factory):
    import plainspeak.extract

    real = plainspeak.extract.extract_file

    def slow(path, limits=None):  # in the helper: two files take long to read
        if path.endswith(("doc04.md", "doc05.md")):
            time.sleep(1.5 if path.endswith("doc04.md") else 3.5)
        return real(path, limits)

    (folder / ".plainspeak.toml").write_text("time-limit = 3\n", encoding="utf-8")
    alone = reports(folder, jobs=1)
    monkeypatch.setattr(plainspeak.extract, "extract_file", slow)
    let_the_helper_finish(monkeypatch)
    spy = Spy(monkeypatch, tmp_path_factory.mktemp("spy"))
    assert reports(folder, jobs=2, load_jobs=2) == alone
    assert "doc04.md" in spy.kinds("document") and spy.seconds["doc04.md"] <= 3 - 1.5
    assert "doc05.md" in spy.kinds("file")  # it took all its time to read: a worker reads it again
    assert spy.seconds["doc05.md"] == 3 and "doc05.md" in spy.worker_reads()


def test_documents_read_with_other_limits_are_not_used(folder):
    path = str(folder / "group0" / "doc00.md")
    stamp = cachefiles.stamp_of(os.stat(path))
    try:
        prefetch._held = prefetch._Held(7, Limits(), {path: (stamp, 0.0, 0, 0)}, None)
        assert prefetch.task_for(("file", path), Limits()) == (("document", path, 7), 0.0)
        assert prefetch.task_for(("file", path), Limits(max_text_chars=50)) == (("file", path), 0.0)
        job = Job(Settings(cache=False))
        prefetch.take(job.checker)  # a run with no helper: nothing held from another run is used
        assert prefetch.task_for(("file", path), job.checker.limits) == (("file", path), 0.0)
    finally:
        prefetch.drop()


def test_a_worker_forked_before_the_files_were_read_reads_the_file(folder):
    job = Job(Settings(cache=False))
    path = str(folder / "group0" / "doc00.md")
    stale = prefetch.check(job.checker, ("document", path, prefetch._held.run + 99))
    assert stale.to_dict() == job.checker.check_file(path).to_dict()
    assert stale.findings


def test_the_helper_leaves_standard_output_at_once(tmp_path):
    """A program reading plainspeak's output through a pipe must see it end when plainspeak
    ends, even if plainspeak is killed while the helper still reads."""
    for i in range(400):
        (tmp_path / f"doc{i:03}.md").write_text(TEXTS[i % len(TEXTS)].format(i=i) * 40)
    time.sleep(2.1)  # past cachefiles.RACY_NS: the helper reads the files (and so lives a while)
    proc = subprocess.Popen([sys.executable, "-m", "plainspeak", "check", "--jobs", "2", str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env=checkout_env(PLAINSPEAK_NO_CACHE="1"))
    helper = None
    try:
        for _ in range(3000):  # the first process it starts is the helper (workers start after loading)
            children = psutil.Process(proc.pid).children()
            if children:
                helper = children[0]
                break
            time.sleep(0.01)
        assert helper is not None
        for _ in range(300):  # leaving standard input and output is the helper's first step
            if os.readlink(f"/proc/{helper.pid}/fd/1") == os.devnull:
                break
            time.sleep(0.01)
        assert os.readlink(f"/proc/{helper.pid}/fd/0") == os.readlink(f"/proc/{helper.pid}/fd/1") == os.devnull
    finally:
        proc.kill()
        proc.communicate(timeout=120)
        if helper is not None and helper.is_running():
            helper.kill()
