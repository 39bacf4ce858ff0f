"""The result cache (plainspeak.cache): unchanged files are not checked again; any change to
the file, the settings, the rules or the glossary is a new result; damaged entries and two
runs at once are safe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from plainspeak import cache
from plainspeak.config import load
from plainspeak.engine import Checker
from plainspeak.parallel import check_files

ROOT = Path(__file__).resolve().parents[1]
GOOD = "The service user was given a PIP.\n"


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("PLAINSPEAK_CACHE_DIR", str(folder))
    monkeypatch.delenv("PLAINSPEAK_NO_CACHE", raising=False)
    return folder


@pytest.fixture()
def docs(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.md").write_text(GOOD, encoding="utf-8")
    (folder / "b.md").write_text("# Help\n\nThe LA will assess your needs.\n", encoding="utf-8")
    return folder


def run_checks(checker, folder):
    files = sorted(str(p) for p in folder.iterdir())
    return [r.to_dict() for r in check_files(checker, files)]


def entries(folder: Path) -> list[Path]:
    return [p for p in (folder / "results").rglob("*") if p.is_file()] if folder.exists() else []


def unlimited(text: str = "") -> Checker:
    """A checker that checks in this process, so that the tests can count what it checks."""
    return Checker(load_text(text + "time-limit = 0\nmemory-limit = 0\n"))


def load_text(text: str):
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as fh:
        fh.write(text)
    try:
        return load(fh.name)
    finally:
        os.unlink(fh.name)


class Counting:
    """Wraps a checker's check_file to count the files really checked."""

    def __init__(self, checker):
        self.count = 0
        original = checker.check_file

        def counted(path):
            self.count += 1
            return original(path)

        checker.check_file = counted


def test_an_unchanged_file_is_not_checked_again(cache_dir, docs):
    first = unlimited()
    before = run_checks(first, docs)
    assert len(entries(cache_dir)) == 2
    second = unlimited()
    counter = Counting(second)
    assert run_checks(second, docs) == before
    assert counter.count == 0


def test_a_change_to_the_file_or_the_settings_is_checked_again(cache_dir, docs):
    run_checks(unlimited(), docs)
    (docs / "a.md").write_text(GOOD + "\nThe LA will help.\n", encoding="utf-8")
    checker = unlimited()
    counter = Counting(checker)
    reports = run_checks(checker, docs)
    assert counter.count == 1  # only the changed file
    assert any(f["rule"] == "PS101" and f["match"] == "LA" for f in reports[0]["findings"])
    other = Checker(load_text("time-limit = 0\nmemory-limit = 0\n"), disable=["PS301"])
    counter = Counting(other)
    reports = run_checks(other, docs)
    assert counter.count == 2
    assert not any(f["rule"] == "PS301" for r in reports for f in r["findings"])


def test_a_change_to_your_glossary_is_checked_again(cache_dir, docs, tmp_path):
    glossary = tmp_path / "our-words"
    glossary.mkdir()
    settings = f'glossary = ["{glossary}"]\n'
    assert not any(f["match"] == "needs" for r in run_checks(unlimited(settings), docs) for f in r["findings"])
    (glossary / "needs.yaml").write_text(
        "term: assess your needs\ncategory: jargon\nalternatives:\n  - find out what help you need\n"
        "why: People do not know what an assessment is.\nstatus: approved\n"
        "sources:\n  - organisation: Test\n    document: Test\n", encoding="utf-8")
    checker = unlimited(settings)
    counter = Counting(checker)
    reports = run_checks(checker, docs)
    assert counter.count == 2
    assert any("assess your needs" in f["match"] for f in reports[1]["findings"])


@pytest.mark.parametrize("damage", ["empty", "half", "garbage", "flipped"])
def test_a_damaged_entry_is_checked_again_and_rewritten(cache_dir, docs, damage):
    before = run_checks(unlimited(), docs)
    for entry in entries(cache_dir):
        data = entry.read_bytes()
        entry.write_bytes({"empty": b"", "half": data[: len(data) // 2], "garbage": os.urandom(500),
                           "flipped": data[:-10] + bytes(b ^ 1 for b in data[-10:])}[damage])
    checker = unlimited()
    counter = Counting(checker)
    assert run_checks(checker, docs) == before
    assert counter.count == 2
    again = unlimited()
    counter = Counting(again)
    assert run_checks(again, docs) == before
    assert counter.count == 0  # written again, whole


def test_files_that_cannot_be_read_are_not_kept(cache_dir, tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a word file")
    reports = list(check_files(unlimited(), [str(bad)]))
    assert reports[0].error
    assert entries(cache_dir) == []


def test_the_cache_folder_follows_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.delenv("PLAINSPEAK_CACHE_DIR", raising=False)
    monkeypatch.delenv("PLAINSPEAK_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert cache.results_dir() == tmp_path / "xdg" / "plainspeak" / "results"
    monkeypatch.setenv("PLAINSPEAK_NO_CACHE", "1")
    assert cache.results_dir() is None


def cli(*args, env_cache: Path, extra_env=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLAINSPEAK_CACHE_DIR": str(env_cache), **(extra_env or {})}
    env.pop("PLAINSPEAK_NO_CACHE", None)
    return subprocess.run([sys.executable, "-m", "plainspeak", *args], capture_output=True, text=True,
                          env=env, timeout=600)


PROBE = """
import sys
from plainspeak.cli import main
code = main(sys.argv[1:])
print("spacy" in sys.modules or "plainspeak.engine" in sys.modules, code)
"""


def test_an_unchanged_run_does_not_load_spacy(cache_dir, docs):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLAINSPEAK_CACHE_DIR": str(cache_dir)}
    args = ["check", "--format", "json", "-o", os.devnull, str(docs)]
    first = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env,
                           timeout=600)
    second = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env,
                            timeout=600)
    assert first.stdout.split() == ["True", "1"]  # checked: spaCy was needed (here or in a worker)
    assert second.stdout.split() == ["False", "1"]
    changed = docs / "b.md"
    changed.write_text("# Help\n\nThe LA can help.\n", encoding="utf-8")
    third = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env,
                           timeout=600)
    assert third.stdout.split() == ["True", "1"]


def test_no_cache_checks_everything_and_keeps_nothing(cache_dir, docs):
    out = cli("check", "--no-cache", "--format", "json", str(docs), env_cache=cache_dir)
    assert out.returncode == 1
    assert entries(cache_dir) == []


def test_cache_clear_and_info(cache_dir, docs):
    cli("check", str(docs), env_cache=cache_dir)
    assert len(entries(cache_dir)) == 2
    info = cli("cache", "info", env_cache=cache_dir)
    assert info.returncode == 0 and str(cache_dir) in info.stdout
    out = cli("cache", "clear", env_cache=cache_dir)
    assert out.returncode == 0 and "removed" in out.stdout
    assert entries(cache_dir) == []


def test_two_runs_at_once_agree(cache_dir, docs):
    for i in range(12):
        (docs / f"more-{i}.md").write_text(f"Section {i}. The LA and the GP will help the service user.\n",
                                           encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLAINSPEAK_CACHE_DIR": str(cache_dir)}
    command = [sys.executable, "-m", "plainspeak", "check", "--format", "json", str(docs)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(2)]
    outputs = [r.communicate(timeout=600) for r in runs]
    assert [r.returncode for r in runs] == [1, 1]
    assert outputs[0][0] == outputs[1][0]
    assert len(entries(cache_dir)) == 14
    again = subprocess.run(command, capture_output=True, env=env, timeout=600)
    assert again.stdout == outputs[0][0]
    assert not list((cache_dir / "results").rglob("*.tmp"))  # no half-written entry left behind


# --- Texts kept for unchanged runs, and the index of file digests -------------------------------

def job_for(tmp_path, cache=True):
    from plainspeak.run import Job, Settings

    settings = tmp_path / "settings.toml"
    settings.write_text("time-limit = 0\nmemory-limit = 0\n", encoding="utf-8")
    return Job(Settings(config=str(settings), cache=cache))


def written(job, folder, name, **options):
    """The whole report a run over ``folder`` writes in format ``name``, and its reports."""
    from plainspeak import report as formats

    writer = formats.writer(name, **options)
    run = job.check([str(folder)], jobs=1)
    parts, reports = [writer.start()], []
    for report, text in run.written(writer):
        parts.append(text)
        reports.append(report)
    parts.append(writer.end())
    return "".join(parts), reports


FORMATS = [("text", {}), ("text", {"color": True}), ("json", {"pretty": False}), ("json", {"pretty": True}),
           ("jsonl", {}), ("concise", {}), ("sarif", {})]


def test_an_unchanged_run_writes_the_kept_text_without_loading_anything(cache_dir, docs, tmp_path):
    from plainspeak import report as formats

    checked_now = list(job_for(tmp_path, cache=False).check([str(docs)], jobs=1))
    fresh = [r.to_dict() for r in checked_now]
    for name, options in FORMATS:
        first, _ = written(job_for(tmp_path), docs, name, **options)
        assert first == formats.render(name, checked_now, **options)  # as if no cache
        job = job_for(tmp_path)
        job.load(job.files([str(docs)]))
        second, reports = written(job, docs, name, **options)
        assert job._checker is None  # no rules, glossary or language pipeline were loaded
        assert second == first
        kept = formats.writer(name, **options).kind() is not None
        assert all(isinstance(r, cache.StoredReport) for r in reports) == kept  # sarif lists all: not kept
        assert [r.to_dict() for r in reports] == fresh  # a stored report reads its findings when used


def test_a_damaged_kept_text_is_written_again(cache_dir, docs, tmp_path):
    before, _ = written(job_for(tmp_path), docs, "text")
    texts = [p for p in (cache_dir / "texts").rglob("*") if p.is_file()]
    assert len(texts) == 2
    for p in texts:
        p.write_bytes(p.read_bytes()[:-5] + b"xxxxx")
    again, reports = written(job_for(tmp_path), docs, "text")
    assert again == before
    assert not any(isinstance(r, cache.StoredReport) for r in reports)  # made again from the results
    third, reports = written(job_for(tmp_path), docs, "text")
    assert third == before and all(isinstance(r, cache.StoredReport) for r in reports)


def test_a_stored_report_whose_result_is_gone_is_checked_again(cache_dir, docs, tmp_path):
    before = [r.to_dict() for r in job_for(tmp_path, cache=False).check([str(docs)], jobs=1)]
    written(job_for(tmp_path), docs, "concise")
    job = job_for(tmp_path)
    run = job.check([str(docs)], jobs=1)
    reports = []
    for report, _ in run.written(formats_writer("concise")):
        for entry in entries(cache_dir):
            entry.unlink()  # another run cleared the cache meanwhile
        reports.append(report.to_dict())
    assert reports == before


def formats_writer(name, **options):
    from plainspeak import report as formats

    return formats.writer(name, **options)


def test_a_file_changed_with_the_same_size_and_times_is_read_again(cache_dir, docs, tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "RACY_NS", 0)  # index files however recently they changed
    a = docs / "a.md"
    a.write_text("The LA will call you.\n", encoding="utf-8")
    old = (1_600_000_000, 1_600_000_000)
    os.utime(a, old)  # an old file: its digest goes in the index
    first = [r.to_dict() for r in job_for(tmp_path).check([str(a)], jobs=1)]
    index = cache.FileDigests(cache_dir / "files.index")._load()
    assert os.path.abspath(a) in index
    assert any(f["match"] == "LA" for f in first[0]["findings"])
    a.write_text("The GP will call you.\n", encoding="utf-8")  # the same size; GP needs no spelling out
    os.utime(a, old)  # and the same change time: only its status change time differs
    second = [r.to_dict() for r in job_for(tmp_path).check([str(a)], jobs=1)]
    assert not any(f["match"] in ("LA", "GP") for f in second[0]["findings"])


def test_a_file_changed_just_now_is_not_put_in_the_index(cache_dir, docs, tmp_path, monkeypatch):
    list(job_for(tmp_path).check([str(docs)], jobs=1))  # files written a moment ago
    index = cache.FileDigests(cache_dir / "files.index")._load()
    assert not any(key.startswith(os.path.abspath(docs)) for key in index)
    monkeypatch.setattr(cache, "RACY_NS", 0)  # as if they had been written long ago
    list(job_for(tmp_path).check([str(docs)], jobs=1))
    index = cache.FileDigests(cache_dir / "files.index")._load()
    assert sum(key.startswith(os.path.abspath(docs)) for key in index) == 2


@pytest.mark.parametrize("damage", ["garbage", "half"])
def test_a_damaged_index_is_only_slower(cache_dir, docs, tmp_path, damage, monkeypatch):
    monkeypatch.setattr(cache, "RACY_NS", 0)
    before = [r.to_dict() for r in job_for(tmp_path).check([str(docs)], jobs=1)]
    index = cache_dir / "files.index"
    data = index.read_bytes()
    index.write_bytes(os.urandom(200) if damage == "garbage" else data[: len(data) // 2])
    job = job_for(tmp_path)
    assert [r.to_dict() for r in job.check([str(docs)], jobs=1)] == before
    assert job._checker is None  # the results were still found: the files were read and hashed
    assert cache.FileDigests(index)._load()  # and the index was written again, whole


def test_the_glossary_cache_is_in_the_same_folder_so_clear_removes_it(tmp_path, monkeypatch):
    """One place decides the cache folder, so `plainspeak cache clear` removes the glossary cache
    too, also where the user's cache folder is not ~/.cache (macOS, Windows)."""
    import platformdirs

    from plainspeak.glossary import cache as glossary_cache

    monkeypatch.delenv("PLAINSPEAK_CACHE_DIR", raising=False)
    monkeypatch.delenv("PLAINSPEAK_NO_CACHE", raising=False)
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda *a, **k: str(tmp_path / "elsewhere"))
    assert cache.cache_root() == tmp_path / "elsewhere"
    assert glossary_cache.cache_dir() == cache.cache_root()
    monkeypatch.setenv("PLAINSPEAK_NO_CACHE", "1")
    assert glossary_cache.cache_dir() is None
