"""The result cache (plainspeak.cache): unchanged files are not checked again; any change to
the file, the settings, the rules or the glossary is a new result; damaged entries and two
runs at once are safe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from plainspeak import cache, cachefiles
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


def test_a_checker_given_its_own_limits_or_rules_keeps_no_results(cache_dir, docs):
    """The key is made from the settings; limits and rules given in code are not in them, so
    such a checker neither reads nor writes results."""
    from plainspeak.extract.limits import Limits
    from plainspeak.rules import load_rules

    run_checks(unlimited(), docs)  # the results of the usual limits, kept
    small = Checker(load_text("time-limit = 0\nmemory-limit = 0\n"), limits=Limits(max_text_chars=10))
    counter = Counting(small)
    reports = run_checks(small, docs)
    assert counter.count == 2 and all("too large" in r["error"] for r in reports)
    rules = [r for r in load_rules() if r.code != "PS301"]
    fewer = Checker(load_text("time-limit = 0\nmemory-limit = 0\n"), rules=rules)
    counter = Counting(fewer)
    reports = run_checks(fewer, docs)
    assert counter.count == 2 and not any(f["rule"] == "PS301" for r in reports for f in r["findings"])


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


def test_a_link_inside_your_glossary_folder_is_not_followed(cache_dir, tmp_path):
    """The glossary is read without following folder links, so the key does not follow them
    either: what lies behind a link (here a folder elsewhere) changes no result."""
    glossary, elsewhere = tmp_path / "our-words", tmp_path / "elsewhere"
    glossary.mkdir()
    elsewhere.mkdir()
    (glossary / "linked").symlink_to(elsewhere, target_is_directory=True)
    settings = load_text(f'glossary = ["{glossary}"]\n')
    before = cache.settings_key(settings)
    (elsewhere / "not-read.yaml").write_text("term: x\n", encoding="utf-8")
    assert cache.settings_key(settings) == before
    (glossary / "read.yaml").write_text("term: x\n", encoding="utf-8")
    assert cache.settings_key(settings) != before


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
    """``plainspeak ARGS`` with its cache in ``env_cache``, in this process (what the command
    prints and keeps is the point, not a new Python)."""
    from conftest import run_in_process

    assert "PLAINSPEAK_NO_CACHE" not in os.environ
    return run_in_process(*args, env={"PLAINSPEAK_CACHE_DIR": str(env_cache), **(extra_env or {})})


PROBE = """
import sys
from plainspeak.cli import main
code = main(sys.argv[1:])
print("spacy" in sys.modules or "plainspeak.engine" in sys.modules, code)
"""


def test_an_unchanged_run_does_not_load_spacy(cache_dir, docs):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLAINSPEAK_CACHE_DIR": str(cache_dir)}
    args = ["check", "--format", "json", "-o", os.devnull, str(docs)]
    assert cli(*args, env_cache=cache_dir).returncode == 1  # fills the cache (in this process)
    second = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env,
                            timeout=600)
    assert second.stdout.split() == ["False", "1"]
    changed = docs / "b.md"
    changed.write_text("# Help\n\nThe LA can help.\n", encoding="utf-8")
    third = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env,
                           timeout=600)
    assert third.stdout.split() == ["True", "1"]  # checked: spaCy was needed (here or in a worker)


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
    for p in (cache_dir / "packs").iterdir():
        p.unlink()  # no pack either: the texts kept one a file are used
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
    monkeypatch.setattr(cachefiles, "RACY_NS", 0)  # index files however recently they changed
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
    monkeypatch.setattr(cachefiles, "RACY_NS", 0)  # as if they had been written long ago
    list(job_for(tmp_path).check([str(docs)], jobs=1))
    index = cache.FileDigests(cache_dir / "files.index")._load()
    assert sum(key.startswith(os.path.abspath(docs)) for key in index) == 2


@pytest.mark.parametrize("damage", ["garbage", "half"])
def test_a_damaged_index_is_only_slower(cache_dir, docs, tmp_path, damage, monkeypatch):
    monkeypatch.setattr(cachefiles, "RACY_NS", 0)
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


# --- Packs: the texts of a whole run in one file (plainspeak.cachepack) --------------------------

def packs(cache_dir: Path) -> list[Path]:
    folder = cache_dir / "packs"
    return sorted(folder.iterdir()) if folder.exists() else []


def pack_paths(pack: Path, kind: str = "text:color=False") -> list[str] | None:
    """The files a pack holds, in order, or None when it cannot be read."""
    from plainspeak.cachepack import PATH, PackReader

    reader = PackReader.open(str(pack), kind)
    if reader is None:
        return None
    try:
        return [e[PATH] for e in reader.entries]
    finally:
        reader.close()


def many(docs: Path, n: int = 12) -> list[str]:
    for i in range(n):
        (docs / f"more-{i:02}.md").write_text(f"Section {i}. The LA and the GP will help the service user.\n",
                                             encoding="utf-8")
    return sorted(str(p) for p in docs.iterdir())


def counted_job(tmp_path):
    job = job_for(tmp_path)
    return job, Counting(job.checker)


def test_an_unchanged_run_reads_one_pack_and_no_other_cache_file(cache_dir, docs, tmp_path, monkeypatch):
    monkeypatch.setattr(cachefiles, "RACY_NS", 0)  # trust the files' times at once
    files = many(docs)
    first, _ = written(job_for(tmp_path), docs, "text")
    assert len(packs(cache_dir)) == 1 and pack_paths(packs(cache_dir)[0]) == files
    opened = []
    real_open = open

    def watched(path, *args, **kwargs):
        opened.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", watched)
    job = job_for(tmp_path)
    job.load(job.files([str(docs)]), kind="text:color=False")
    second, reports = written(job, docs, "text")
    monkeypatch.undo()
    assert second == first
    assert job._checker is None and all(isinstance(r, cache.StoredReport) for r in reports)
    assert [p for p in opened if p.startswith(str(cache_dir))] == [str(packs(cache_dir)[0])]


@pytest.mark.parametrize("damage", ["half", "empty", "garbage", "text", "index", "end"])
def test_a_damaged_or_half_written_pack_is_ignored_and_written_again(cache_dir, docs, tmp_path, damage):
    files = many(docs)
    before, _ = written(job_for(tmp_path), docs, "json", pretty=False)
    [pack] = packs(cache_dir)
    data = pack.read_bytes()
    flip = {"text": 40, "index": len(data) - 100, "end": len(data) - 3}
    if damage in flip:
        at = flip[damage]
        data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]
    pack.write_bytes({"half": data[: len(data) // 2], "empty": b"", "garbage": os.urandom(len(data))}.get(damage, data))
    again, reports = written(job_for(tmp_path), docs, "json", pretty=False)
    assert again == before  # the per-file cache answered instead
    assert pack_paths(pack, "json:pretty=False") == files  # and the pack was written again, whole
    third, reports = written(job_for(tmp_path), docs, "json", pretty=False)
    assert third == before and all(isinstance(r, cache.StoredReport) for r in reports)


def test_one_file_changed_among_many(cache_dir, docs, tmp_path, monkeypatch):
    monkeypatch.setattr(cachefiles, "RACY_NS", 0)  # trust the files' times at once
    files = many(docs)
    written(job_for(tmp_path), docs, "text")
    (docs / "more-05.md").write_text("The LA will call you about your PIP.\n", encoding="utf-8")
    job, counter = counted_job(tmp_path)
    second, reports = written(job, docs, "text")
    assert counter.count == 1  # only the changed file was checked
    assert second == written(job_for(tmp_path, cache=False), docs, "text")[0]
    assert "PIP" in second
    assert pack_paths(packs(cache_dir)[0]) == files
    job, counter = counted_job(tmp_path)
    third, reports = written(job, docs, "text")
    assert third == second and counter.count == 0
    assert all(isinstance(r, cache.StoredReport) for r in reports)


def test_a_file_touched_but_not_changed_is_still_found(cache_dir, docs, tmp_path, monkeypatch):
    monkeypatch.setattr(cachefiles, "RACY_NS", 0)
    many(docs)
    first, _ = written(job_for(tmp_path), docs, "text")
    os.utime(docs / "a.md", (1_700_000_000, 1_700_000_000))
    job, counter = counted_job(tmp_path)
    second, reports = written(job, docs, "text")
    assert second == first and counter.count == 0
    assert all(isinstance(r, cache.StoredReport) for r in reports)


def test_one_file_deleted(cache_dir, docs, tmp_path):
    files = many(docs)
    written(job_for(tmp_path), docs, "text")
    (docs / "more-03.md").unlink()
    job, counter = counted_job(tmp_path)
    second, reports = written(job, docs, "text")
    assert counter.count == 0
    assert second == written(job_for(tmp_path, cache=False), docs, "text")[0]
    assert "more-03" not in second
    assert pack_paths(packs(cache_dir)[0]) == [f for f in files if not f.endswith("more-03.md")]


def test_a_file_that_cannot_be_read_is_not_packed_and_does_not_rewrite_the_pack(cache_dir, docs, tmp_path, monkeypatch):
    monkeypatch.setattr(cachefiles, "RACY_NS", 0)  # trust the files' times at once
    (docs / "bad.docx").write_bytes(b"not a word file")
    first, _ = written(job_for(tmp_path), docs, "concise")
    [pack] = packs(cache_dir)
    assert pack_paths(pack, "concise") == [str(docs / "a.md"), str(docs / "b.md")]
    made = pack.stat().st_mtime_ns, pack.stat().st_ino
    second, _ = written(job_for(tmp_path), docs, "concise")
    assert second == first and "bad.docx: error:" in second
    assert (pack.stat().st_mtime_ns, pack.stat().st_ino) == made


def test_each_format_and_folder_has_its_own_pack(cache_dir, docs, tmp_path, monkeypatch):
    monkeypatch.setattr(cachefiles, "RACY_NS", 0)  # trust the files' times at once
    other = tmp_path / "other"
    other.mkdir()
    (other / "c.md").write_text(GOOD, encoding="utf-8")
    for folder in (docs, other):
        for name, options in (("text", {}), ("json", {"pretty": False})):
            written(job_for(tmp_path), folder, name, **options)
    assert len(packs(cache_dir)) == 4
    before = {p.name: p.read_bytes() for p in packs(cache_dir)}
    job, counter = counted_job(tmp_path)
    written(job, docs, "text")
    assert counter.count == 0
    assert {p.name: p.read_bytes() for p in packs(cache_dir)} == before  # nothing written again


def test_two_runs_at_once_keep_one_whole_pack(cache_dir, docs):
    files = many(docs, 30)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLAINSPEAK_CACHE_DIR": str(cache_dir)}
    command = [sys.executable, "-m", "plainspeak", "check", "--jobs", "1", str(docs)]
    subprocess.run(command, capture_output=True, env=env, timeout=600)  # the results, for both
    for p in packs(cache_dir):
        p.unlink()
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(4)]
    outputs = [r.communicate(timeout=600)[0] for r in runs]
    assert len(set(outputs)) == 1
    [pack] = packs(cache_dir)
    assert pack_paths(pack) == files
    assert not list((cache_dir / "packs").glob("*.tmp"))
    again = subprocess.run(command, capture_output=True, env=env, timeout=600)
    assert again.stdout == outputs[0]


@pytest.mark.parametrize("args", [[], ["--format", "json", "-o", "REPORT"], ["--format", "jsonl"],
                                  ["--format", "concise"]])
def test_the_report_is_the_same_byte_for_byte_with_and_without_the_cache(cache_dir, docs, tmp_path, args):
    many(docs, 5)
    (docs / "accents.md").write_text("Café staff — “quotes” — help the service user.\n", encoding="utf-8")
    (docs / "bad.docx").write_bytes(b"not a word file")

    target = tmp_path / "report.json"
    line = [a.replace("REPORT", str(target)) for a in args]

    def report():
        """What a new process writes, as users run it (the cached bytes go to its standard output)."""
        out = subprocess.run([sys.executable, "-m", "plainspeak", "check", *line, str(docs)],
                             capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT),
                                                       "PLAINSPEAK_CACHE_DIR": str(cache_dir)}, timeout=600)
        assert out.returncode == 2, out.stderr  # the .docx cannot be read
        return target.read_bytes() if "REPORT" in args else out.stdout

    # The report without the cache, from the same code in this process.
    off = cli("check", *line, "--no-cache", str(docs), env_cache=cache_dir)
    assert off.returncode == 2, off.stderr
    off = target.read_bytes() if "REPORT" in args else off.stdout.encode("utf-8")
    assert not packs(cache_dir)
    assert report() == off  # the first run fills the cache
    assert packs(cache_dir)
    assert report() == off  # the second reads the pack


def test_a_pack_is_read_a_window_at_a_time(tmp_path, monkeypatch):
    """Texts are read in windows of at most WINDOW bytes (or one text, if longer), never the
    whole pack at once; each text is checked against its checksum."""
    from plainspeak import cachepack

    monkeypatch.setattr(cachepack, "WINDOW", 64)
    texts = [("é" * n).encode() for n in (10, 100, 3, 0, 40, 200)]
    path = str(tmp_path / "packs" / "p")
    writer = cachepack.PackWriter(path, "k")
    for i, data in enumerate(texts):
        writer.add((f"f{i}", None, bytes(32), b"", 0, 0, 0), data)
    writer.finish()
    reader = cachepack.PackReader.open(path, "k")
    reads = []
    real = reader.fh.read
    reader.fh = type("Watched", (), {"seek": reader.fh.seek, "close": reader.fh.close,
                                     "read": lambda self, n: reads.append(n) or real(n)})()
    assert [reader.text(e) for e in reader.entries] == texts
    assert max(reads) == max(64, max(len(t) for t in texts))
    assert cachepack.PackReader.open(path, "another kind") is None


def test_a_pyproject_without_plainspeak_settings_is_read_once_until_it_changes(cache_dir, tmp_path, monkeypatch):
    import tomllib

    from plainspeak import config

    monkeypatch.setattr(cachefiles, "RACY_NS", 0)
    project = tmp_path / "project"
    project.mkdir()
    py = project / "pyproject.toml"
    py.write_text('[project]\nname = "plainspeak-user"\n', encoding="utf-8")
    assert config.find(project) is None
    read = []
    real = tomllib.loads
    monkeypatch.setattr(tomllib, "loads", lambda text: read.append(text) or real(text))
    assert config.find(project) is None and read == []  # the answer was kept
    py.write_text('[project]\nname = "x"\n\n[tool.plainspeak]\nfail-on = "error"\n', encoding="utf-8")
    assert config.find(project) == py.resolve() and len(read) == 1  # changed: read again
    assert config.load(start=project).fail_on == "error"
    monkeypatch.setenv("PLAINSPEAK_NO_CACHE", "1")
    py.write_text('[project]\nname = "y"\n', encoding="utf-8")
    assert config.find(project) is None  # with the cache off, read every time


def test_a_run_over_one_file_neither_reads_nor_replaces_its_folders_pack(cache_dir, docs, tmp_path, monkeypatch):
    monkeypatch.setattr(cachefiles, "RACY_NS", 0)
    files = many(docs)
    written(job_for(tmp_path), docs, "text")
    [big] = packs(cache_dir)
    before = big.read_bytes()
    from plainspeak import cachepack

    opened = []
    real_open = cachepack.PackReader.open.__func__
    monkeypatch.setattr(cachepack.PackReader, "open",
                        classmethod(lambda cls, path, kind: opened.append(path) or real_open(cls, path, kind)))
    job = job_for(tmp_path)
    run = job.check([files[0]], jobs=1)
    list(run.written(formats_writer("text")))
    assert str(big) not in opened
    assert big.read_bytes() == before
    assert len(packs(cache_dir)) == 2
