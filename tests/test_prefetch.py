"""Reading files ahead while plainspeak loads (plainspeak/prefetch.py) changes no report.

A helper process reads and extracts files while the main process loads spaCy, the rules
and the glossary; workers forked afterwards check what it read. These tests run real
helpers and real workers, and compare reports with a run that reads every file itself."""

from __future__ import annotations

import json
import os
import time

import pytest

from plainspeak import cachefiles, prefetch
from plainspeak.run import Job, Settings
from example_documents import build

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
        sub = tmp_path / f"group{i % 2}"
        sub.mkdir(exist_ok=True)
        (sub / f"doc{i:02}.md").write_text(TEXTS[i % len(TEXTS)].format(i=i))
    (tmp_path / "group0" / "letter.docx").write_bytes(build("We spoke to the service user about the PIP.", "docx"))
    (tmp_path / "group1" / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (tmp_path / "group1" / "empty.md").write_bytes(b"")
    (tmp_path / "plainspeak.toml").write_text(
        '[[overrides]]\nfiles = ["group1/**"]\ndisable = ["PS201"]\n', encoding="utf-8")
    return tmp_path


class Spy:
    """Counts the tasks the main process sends to workers, by kind."""

    def __init__(self, monkeypatch):
        self.sent: list[str] = []
        real = prefetch.task_for

        def task_for(task):
            out = real(task)
            self.sent.append(out[0])
            return out

        monkeypatch.setattr(prefetch, "task_for", task_for)


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


def test_reports_are_the_same_when_files_are_read_ahead(folder, settled_now, monkeypatch):
    alone = reports(folder, jobs=1)
    spy = Spy(monkeypatch)
    ahead = reports(folder, jobs=2, load_jobs=2)
    assert ahead == alone
    assert len(alone) == 19
    # most files were read ahead; the broken and the empty file were read again by a worker
    assert spy.sent.count("document") >= 10
    assert spy.sent.count("file") >= 2
    errors = [json.loads(r)["error"] for r in ahead if json.loads(r)["error"]]
    assert len(errors) == 2


def test_no_helper_without_several_workers_or_enough_files(folder, settled_now, monkeypatch):
    spy = Spy(monkeypatch)
    reports(folder, jobs=1, load_jobs=1)
    assert "document" not in spy.sent
    job = Job(Settings(cache=False))
    job.load([str(folder / "group0" / "doc00.md")] * 3, jobs=2)
    assert getattr(job.checker, "_prefetch", None) is None
    job.load(job.files([str(folder)]), jobs=2)
    assert getattr(job.checker, "_prefetch", None) is not None
    prefetch.drop(job.checker)


def test_a_file_changed_after_it_was_read_is_read_again(folder, settled_now, monkeypatch):
    target = folder / "group0" / "doc02.md"

    def change():
        time.sleep(0.3)  # the helper has read it by now (it is among the largest: read first)
        target.write_text("A brand new text about the MARAC.\n")

    spy = Spy(monkeypatch)
    ahead = reports(folder, jobs=2, load_jobs=2, change=change)
    mine = [json.loads(r) for r in ahead if json.loads(r)["path"].endswith("doc02.md")][0]
    assert "MARAC" in json.dumps(mine) and "All good" not in json.dumps(mine)
    assert spy.sent.count("document") >= 10
    assert reports(folder, jobs=1) == ahead


def test_files_changed_just_now_are_not_read_ahead(folder, monkeypatch):
    monkeypatch.setattr(cachefiles, "RACY_NS", 3600 * 10**9)  # every file changed "just now"
    spy = Spy(monkeypatch)
    reports(folder, jobs=2, load_jobs=2)
    assert "document" not in spy.sent


def test_a_helper_stuck_on_a_file_answers_at_once_and_the_run_goes_on(folder, settled_now, monkeypatch):
    alone = reports(folder, jobs=1)
    import plainspeak.extract

    real = plainspeak.extract.extract_file
    calls = []

    def stuck(path, limits=None):  # the helper (a fork of this process) gets stuck on its second file
        calls.append(path)
        if len(calls) > 1:
            time.sleep(120)
        return real(path, limits)

    monkeypatch.setattr(plainspeak.extract, "extract_file", stuck)
    seen = {}
    real_take = prefetch._Helper.take

    def take(self):
        self.wait(0.5)  # it will not finish: give it time to read the first file and start the second
        got = real_take(self)
        seen["got"], seen["alive"] = got, self.process.is_alive()
        return got

    monkeypatch.setattr(prefetch._Helper, "take", take)
    spy = Spy(monkeypatch)
    old = os.getcwd()
    os.chdir(folder)
    try:
        job = Job(Settings(cache=False))
        files = job.files(["."])
        job.load(files, jobs=2)
        monkeypatch.setattr(plainspeak.extract, "extract_file", real)  # (workers use engine's own import)
        out = [json.dumps(r.to_dict(), sort_keys=True) for r in job.check_files(files, jobs=2)]
        job.close()
    finally:
        os.chdir(old)
    assert out == alone
    assert len(seen["got"]) == 1 and not seen["alive"]  # what it had read, at once; then stopped
    assert spy.sent.count("document") == 1


def test_the_helper_stops_at_its_memory_budget(folder, settled_now, monkeypatch):
    monkeypatch.setattr(prefetch, "BUDGET_BYTES", 1)
    spy = Spy(monkeypatch)
    ahead = reports(folder, jobs=2, load_jobs=2)
    assert spy.sent.count("document") == 1  # one file read, and then over the budget: it stops
    assert ahead == reports(folder, jobs=1)


def test_files_the_cache_holds_are_not_read_ahead(folder, settled_now, monkeypatch, tmp_path_factory):
    monkeypatch.setenv("PLAINSPEAK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    old = os.getcwd()
    os.chdir(folder)
    try:
        first = Job(Settings())
        files = first.files(["."])
        first.load(files, jobs=2)
        before = [r.to_dict() for r in first.check_files(files, jobs=2)]
        first.close()
        (folder / "group1" / "doc03.md").write_text("A new text, read ahead alone.\n")
        spy = Spy(monkeypatch)
        second = Job(Settings())
        second.load(files, jobs=2)
        assert second.checker._prefetch.wait(30)  # loading was quick here: let it finish reading
        after = [r.to_dict() for r in second.check_files(files, jobs=2)]
        second.close()
    finally:
        os.chdir(old)
    # checked again: the changed file (read ahead), and the broken and the empty file, which
    # are never kept (a worker reads them again and reports the problem)
    assert sorted(spy.sent) == ["document", "file", "file"]
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert [os.path.normpath(after[i]["path"]) for i in changed] == [os.path.join("group1", "doc03.md")]


def test_a_worker_forked_before_the_files_were_read_reads_the_file(folder):
    job = Job(Settings(cache=False))
    path = str(folder / "group0" / "doc00.md")
    stale = prefetch.check(job.checker, ("document", path, prefetch._held[0] + 99))
    assert stale.to_dict() == job.checker.check_file(path).to_dict()
    assert stale.findings
