"""plainspeak audit with the per-file limits and the result cache (issues 13 and 16), on a local
Dask cluster and on a real ``dask scheduler`` with two ``dask worker`` processes on 127.0.0.1
(each started once for this file and tests/test_audit.py: conftest's ``local_dask`` and
``dask_processes``).

A hostile file (one that takes longer than ``time-limit``, one that needs more than
``memory-limit``) gets a row with the limit's plain error, the other files are all reported,
and the Dask worker goes on: its checking process (started with ``subprocess``, as a Dask worker
is a daemonic process) is replaced, and the replacement is kept for the files after it."""

from __future__ import annotations

from pathlib import Path

import pytest

from plainspeak import isolate
from plainspeak.audit import audit
from plainspeak.run import Job, Settings

from conftest import AUDIT_GROUP
from test_audit import journal

# One worker process runs this file and tests/test_audit.py, so each Dask cluster is started once
# (the "address" fixture picks one of them at run time, where the grouping in conftest cannot see it).
pytestmark = pytest.mark.xdist_group(AUDIT_GROUP)

GOOD = "# Note {i}\n\nThe service user was given a PIP by the LA. We housed two rough sleepers.\n"
# About 1.8 MB of ordinary sentences: far longer than 2 seconds to check, and within the size
# plainspeak accepts, so that the time limit, not a size check, stops it.
SLOW = "The service user was given a PIP by the LA, and the GP wrote to them.\n\n" * 25_000
# About 1.8 MB: checking it needs far more than 60 MB above what a loaded checking process uses.
BIG = "The service user was given a PIP by the LA.\n\n" * 40_000
GOOD_FILES = 12


@pytest.fixture()
def local_address(local_dask):
    return local_dask


@pytest.fixture()
def separate_address(dask_processes):
    return dask_processes.address


@pytest.fixture(params=["local", "separate"])
def address(request):
    return request.getfixturevalue(f"{request.param}_address")


def archive_with(root: Path, name: str, text: str) -> tuple[list[str], str]:
    """Good Markdown files in two team folders, and one hostile file among them."""
    good = []
    for i in range(GOOD_FILES):
        team = root / ("housing" if i % 2 else "care")
        team.mkdir(parents=True, exist_ok=True)
        p = team / f"note-{i:02}.md"
        p.write_text(GOOD.format(i=i), encoding="utf-8")
        good.append(str(p))
    hostile = root / "care" / name
    hostile.write_text(text, encoding="utf-8")
    return good, str(hostile)


def settings_file(folder: Path, text: str) -> str:
    path = folder / "plainspeak-limits.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def workers_state(address: str, config: str) -> dict[int, dict]:
    """Each Dask worker's process id -> its Job for this settings file (None if it had no file)."""
    from dask.distributed import Client

    from plainspeak.audit.worker import worker_state

    with Client(address, timeout="30s") as client:
        states = client.run(worker_state)
    return {s["pid"]: next((j for j in s["jobs"] if j["config"] == config), None) for s in states.values()}


def assert_worker_went_on(before: dict, after: dict, replaced: int) -> None:
    """The same Dask worker processes before and after; each started one checking process, plus one for
    each hostile file it met, and never one a file; the started ones are not forks."""
    assert sorted(before) == sorted(after)
    jobs = [j for j in after.values() if j is not None]
    assert jobs
    assert all(j["forked"] is False for j in jobs)
    assert sum(j["checkers_started"] for j in jobs) <= len(jobs) + replaced
    assert all(len(j["checkers"]) <= 1 for j in jobs)


def test_a_file_over_the_time_limit(tmp_path, address):
    good, hostile = archive_with(tmp_path / "archive", "slow.md", SLOW)
    config = settings_file(tmp_path, "time-limit = 2\n")
    settings = Settings(config=config, cache=False)
    before = workers_state(address, config)
    result = audit([str(tmp_path / "archive")], tmp_path / "results", settings=settings, scheduler=address)
    got = journal(tmp_path / "results")
    assert result.documents == GOOD_FILES + 1 and result.unreadable == 1
    assert got[hostile]["error"] == isolate.time_message(2)
    assert "time limit of 2 seconds" in got[hostile]["error"]
    # Every other file is reported, the same as `check --format json` with the same settings says.
    expected = {r.path: r.to_dict() for r in Job(settings).check_files(good)}
    for path in good:
        assert got[path]["error"] is None
        assert got[path] == expected[path], path
    rows = (tmp_path / "results" / "documents.csv").read_text(encoding="utf-8")
    assert "time limit of 2 seconds" in rows
    assert_worker_went_on(before, workers_state(address, config), replaced=1)


def test_a_file_over_the_memory_limit(tmp_path, address):
    good, hostile = archive_with(tmp_path / "archive", "big.txt", BIG)
    config = settings_file(tmp_path, "time-limit = 0\nmemory-limit = 60\n")
    settings = Settings(config=config, cache=False)
    before = workers_state(address, config)
    result = audit([str(tmp_path / "archive")], tmp_path / "results", settings=settings, scheduler=address)
    got = journal(tmp_path / "results")
    assert result.documents == GOOD_FILES + 1 and result.unreadable == 1
    assert got[hostile]["error"].startswith(isolate.memory_message(60))
    expected = {r.path: r.to_dict() for r in Job(settings).check_files(good)}
    for path in good:
        assert got[path] == expected[path], path
    assert_worker_went_on(before, workers_state(address, config), replaced=1)


def test_many_files_one_checking_process_a_worker(tmp_path, local_address):
    """Start-up (the language pipeline) is paid once a Dask worker, not once a file."""
    root = tmp_path / "archive"
    root.mkdir()
    for i in range(60):
        (root / f"n{i:02}.md").write_text(GOOD.format(i=i), encoding="utf-8")
    config = settings_file(tmp_path, "time-limit = 30\n")
    result = audit([str(root)], tmp_path / "results", settings=Settings(config=config, cache=False),
                   scheduler=local_address)
    assert result.documents == result.checked == 60 and result.unreadable == 0
    jobs = [j for j in workers_state(local_address, config).values() if j is not None]
    assert jobs and all(j["checkers_started"] == 1 and len(j["checkers"]) == 1 for j in jobs)


def test_a_second_run_reuses_results_until_the_glossary_changes(tmp_path, local_address):
    """Resuming: unchanged documents are not sent to the workers again; a change to your
    glossary (which the result cache's key covers) starts the audit again, with the new words."""
    root = tmp_path / "archive"
    root.mkdir()
    for i in range(6):
        (root / f"n{i}.md").write_text("# Help\n\nThe LA will assess your needs.\n" + GOOD.format(i=i),
                                       encoding="utf-8")
    words = tmp_path / "our-words"
    words.mkdir()
    config = settings_file(tmp_path, f'glossary = ["{words}"]\n')
    settings = Settings(config=config)
    out = tmp_path / "results"
    first = audit([str(root)], out, settings=settings, scheduler=local_address)
    assert (first.checked, first.reused) == (6, 0)
    again = audit([str(root)], out, settings=settings, scheduler=local_address)
    assert (again.checked, again.reused) == (0, 6)
    assert journal(out) == {r.path: r.to_dict() for r in Job(Settings(config=config)).check([str(root)])}
    assert not any("assess your needs" in f["match"] for r in journal(out).values() for f in r["findings"])

    (words / "needs.yaml").write_text(
        "term: assess your needs\ncategory: jargon\nalternatives:\n  - find out what help you need\n"
        "why: People do not know what an assessment is.\nstatus: approved\n"
        "sources:\n  - organisation: Test\n    document: Test\n", encoding="utf-8")
    changed = audit([str(root)], out, settings=settings, scheduler=local_address)
    assert (changed.checked, changed.reused) == (6, 0)
    got = journal(out)
    assert got == {r.path: r.to_dict() for r in Job(Settings(config=config)).check([str(root)])}
    assert all(any("assess your needs" in f["match"] for f in r["findings"]) for r in got.values())
