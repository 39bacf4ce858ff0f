"""The order worker processes get files in (plainspeak.schedule): the largest first, reports
still written in the order of the files, and files queued behind a stopped worker not lost."""

from __future__ import annotations

from pathlib import Path

from plainspeak import isolate, schedule
from plainspeak.config import load
from plainspeak.engine import Checker

GOOD = "The service user was given a PIP.\n"
SLOW = "The service user was given a PIP by the LA, and the GP wrote to them.\n\n" * 25_000


def write(folder: Path, sizes: list[int]) -> list[str]:
    paths = []
    for i, n in enumerate(sizes):
        path = folder / f"f{i:02}.md"
        path.write_text("x" * n, encoding="utf-8")
        paths.append(str(path))
    return paths


def test_the_largest_files_go_first_and_the_others_keep_their_order(tmp_path):
    files = write(tmp_path, [10, 500, 20, 30, 900, 40, 50, 60, 70, 80, 90, 100, 300])
    first, rest = schedule.order([("file", f) for f in files], 2)
    assert first == [4, 1, 12, 11, 10, 9, 8, 7]  # 2 workers x 4, largest first
    assert rest == [0, 2, 3, 5, 6]
    assert sorted(first + rest) == list(range(len(files)))


def test_nothing_moves_with_one_worker_or_with_standard_input(tmp_path):
    files = write(tmp_path, [10, 500, 20, 900])
    tasks = [("file", f) for f in files]
    assert schedule.order(tasks, 1) == ([], [0, 1, 2, 3])
    assert schedule.order([*tasks, ("stdin",)], 2) == ([], [0, 1, 2, 3, 4])


def test_the_largest_files_first_hold_a_bounded_size(tmp_path, monkeypatch):
    monkeypatch.setattr(schedule, "BIGGEST_FIRST_BYTES", 1000)
    files = write(tmp_path, [600, 500, 300, 10, 20, 30])
    first, rest = schedule.order([("file", f) for f in files], 2)
    assert first == [0]  # 600 + 500 is over the bound; the largest is always taken
    assert rest == [1, 2, 3, 4, 5]


def test_a_plan_hands_out_the_largest_first_then_waits_for_the_window(tmp_path, monkeypatch):
    monkeypatch.setattr(schedule, "AHEAD_PER_WORKER", 2)
    files = write(tmp_path, [10, 20, 30, 40, 900, 50, 60, 70, 80, 90, 100, 110])
    plan = schedule.Plan([("file", f) for f in files], 2)  # the 8 largest first, then a window of 4
    handed = []
    while (i := plan.due(0)) is not None:
        handed.append(plan.todo.popleft())
    assert handed == [4, 11, 10, 9, 8, 7, 6, 5, 0, 1, 2, 3]  # 0-3: inside the window of 4
    plan = schedule.Plan([("file", f) for f in files[:6]], 2)
    assert [plan.todo.popleft() for _ in range(6)] == [4, 5, 3, 2, 1, 0] and plan.due(0) is None
    plan = schedule.Plan([("file", f) for f in files], 1)  # one worker: in order, 2 ahead
    assert [plan.todo.popleft() for _ in range(2) if plan.due(0) is not None] == [0, 1]
    assert plan.due(0) is None and plan.due(1) == 2


def test_a_missing_file_or_one_in_memory_has_a_size(tmp_path):
    tasks = [("file", str(tmp_path / "gone.md")), ("bytes", b"x" * 50, "a.md", "markdown"),
             ("file", str(tmp_path / "gone2.md"))]
    first, rest = schedule.order(tasks, 2)
    assert first[0] == 1 and sorted(first + rest) == [0, 1, 2]


def test_reports_come_in_the_order_of_the_files_with_the_largest_checked_first(tmp_path):
    sizes = [1, 40, 3, 2, 30, 1, 5, 1, 20, 2, 1, 3]
    files = []
    for i, n in enumerate(sizes):
        path = tmp_path / f"f{i:02}.md"
        path.write_text(f"# File {i}\n\n" + GOOD * n, encoding="utf-8")
        files.append(str(path))
    checker = Checker()
    checker.use_cache = False
    reports = list(isolate.check_files(checker, files, workers=2))
    assert [r.path for r in reports] == files
    alone = Checker()
    assert [r.to_dict() for r in reports] == [alone.check_file(f).to_dict() for f in files]


def test_files_queued_behind_a_file_out_of_time_are_checked_by_a_new_worker(tmp_path):
    """One worker: the good files wait in its pipe while it checks the slow one. When the slow
    one runs out of time the worker is stopped, and the files it had not begun are not lost."""
    (tmp_path / "a-slow.md").write_text(SLOW, encoding="utf-8")
    for name in ("b-good.md", "c-good.md", "d-good.md"):
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    settings = tmp_path / "limits.toml"
    settings.write_text("time-limit = 0.5\nmemory-limit = 0\n", encoding="utf-8")
    checker = Checker(load(str(settings)))
    checker.use_cache = False
    files = [str(tmp_path / n) for n in ("a-slow.md", "b-good.md", "c-good.md", "d-good.md")]
    reports = list(isolate.check_files(checker, files, workers=1))
    assert [r.path for r in reports] == files
    assert "time limit of 0.5 seconds" in reports[0].error
    for report in reports[1:]:
        assert not report.error and any(f.rule == "PS301" for f in report.findings)
    assert checker._limits_pool.started == 2  # the stopped worker, and the one after it
    isolate.close(checker)
