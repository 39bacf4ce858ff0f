"""plainspeak audit (issue 16), on real Dask clusters: a local one, and a real ``dask
scheduler`` with two ``dask worker`` processes on 127.0.0.1. The results must be the same as
``check --format json`` on the same files, and no file may be lost when a worker dies.

The two clusters are started once for this file and tests/test_audit_limits.py (conftest's
``local_dask`` and ``dask_processes``); the audit command's own cluster is started by
test_command_line."""

from __future__ import annotations

import csv
import json
import signal
import time
from pathlib import Path

import pytest

import pyarrow.parquet as pq

from plainspeak.audit import audit
from plainspeak.run import Job

from conftest import AUDIT_GROUP, run_in_process

pytestmark = pytest.mark.xdist_group(AUDIT_GROUP)  # one worker process starts the clusters once

LABELS = "We housed three heroin users and some rough sleepers. The MARAC met on Monday.\n"


def make_archive(root: Path) -> list[Path]:
    """Mixed Word, PDF and Markdown files in two team folders, and three damaged files."""
    from docx import Document as WordDocument
    from fpdf import FPDF

    a, b = root / "housing-team", root / "care-team"
    a.mkdir(parents=True)
    b.mkdir()
    files = []
    for i in range(3):
        p = a / f"note-{i}.md"
        p.write_text(f"# Note {i}\n\n{LABELS}\nWe utilise floating support to signpost people.\n", encoding="utf-8")
        files.append(p)
    # A damaged file whose name must be escaped on the summary page's list of unreadable files.
    (a / "<i>odd & co.pdf").write_bytes(b"not a pdf at all")
    for i in range(2):
        d = WordDocument()
        d.add_heading(f"Policy {i}", 1)
        d.add_paragraph(LABELS)
        p = b / f"policy-{i}.docx"
        d.save(str(p))
        files.append(p)
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, "Minutes\n\nWe talked about service users and the homeless. The SWEP was opened.")
    p = b / "minutes.pdf"
    pdf.output(str(p))
    files.append(p)
    (b / "broken.pdf").write_bytes(b"%PDF-1.7\nthis is not really a PDF\n")
    (b / "broken.docx").write_bytes(b"PK\x03\x04 not a real zip")
    (a / "empty.md").write_text("", encoding="utf-8")
    return files


def check_reports(paths: list[str]) -> dict[str, dict]:
    """What `check --format json` says of each file."""
    return {r.path: r.to_dict() for r in Job().check(paths)}


def journal(out: Path) -> dict[str, dict]:
    with open(out / "files.jsonl", encoding="utf-8") as fh:
        return {rec["report"]["path"]: rec["report"] for rec in map(json.loads, fh)}


def assert_same_as_check(out: Path, paths: list[str]) -> None:
    expected = check_reports(paths)
    got = journal(out)
    assert sorted(got) == sorted(expected)
    for path, report in expected.items():
        assert got[path] == report, path
    with open(out / "documents.csv", encoding="utf-8") as fh:
        rows = {r["path"]: r for r in csv.DictReader(fh)}
    assert sorted(rows) == sorted(expected)
    for path, report in expected.items():
        row = rows[path]
        assert row["error"] == (report["error"] or "")
        labels = sum(f["category"] == "deficit-label" for f in report["findings"])
        assert int(row["deficit-label"]) == labels
        if report["readability"]:
            assert int(row["words"]) == report["readability"]["words"]
    docs = pq.read_table(out / "documents.parquet").to_pylist()
    assert sorted(d["path"] for d in docs) == sorted(expected)
    findings = pq.read_table(out / "findings.parquet").to_pylist()
    assert len(findings) == sum(len(r["findings"]) for r in expected.values())
    first = next(f for f in findings if f["category"] == "deficit-label")
    assert first["words"] and first["suggestions"] and first["rule"].startswith("PS3")


def test_local_cluster_matches_check_and_resumes(tmp_path, local_dask):
    archive = tmp_path / "archive"
    make_archive(archive)
    out = tmp_path / "results"
    paths = [str(archive)]
    result = audit(paths, out, scheduler=local_dask)
    assert result.documents == 10 and result.checked == 10 and result.reused == 0
    assert result.unreadable == 4  # the three damaged files and the empty one
    assert_same_as_check(out, paths)

    page = (out / "summary.html").read_text(encoding="utf-8")
    assert "Checked 10 documents" in page
    assert "heroin users" in page and "people who use heroin" in page
    assert "&lt;i&gt;odd &amp; co.pdf" in page and "<i>odd" not in page
    assert "broken.pdf" in page and "housing-team" in page and "care-team" in page
    assert "http://" not in page.split("</style>")[0] and "<script" not in page

    # Resuming is the point here, not starting a cluster (audit's own is tested by test_command_line).
    again = audit(paths, out, scheduler=local_dask)
    # The documents that could not be read are tried again (as `check`'s cache does); the rest are kept.
    assert (again.checked, again.reused, again.unreadable) == (4, 6, 4)
    assert_same_as_check(out, paths)
    changed = archive / "housing-team" / "note-0.md"
    changed.write_text("# Note\n\nAll plain now.\n", encoding="utf-8")
    third = audit(paths, out, scheduler=local_dask)
    assert (third.checked, third.reused) == (5, 5)
    assert journal(out)[str(changed)]["findings"] == check_reports([str(changed)])[str(changed)]["findings"]


def test_command_line(tmp_path):
    archive = tmp_path / "archive"
    make_archive(archive)
    # In this process (the command's code, output and exit code are the point, not a new Python).
    run = run_in_process("audit", archive, "--out", tmp_path / "r", "--workers", "1", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "Audited 10 documents (10 checked now, 0 unchanged since the last audit); 4 could not be read." \
        in run.stdout
    bad = run_in_process("audit", archive, "--out", tmp_path / "r2", "--scheduler", "tcp://127.0.0.1:9",
                         cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.startswith("plainspeak: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert "Traceback" not in bad.stderr


def worker_states(address: str) -> dict[int, dict]:
    """Each Dask worker's state (plainspeak.audit.worker.worker_state), by its process id."""
    from dask.distributed import Client

    from plainspeak.audit.worker import worker_state

    with Client(address, timeout="30s") as client:
        return {s["pid"]: s for s in client.run(worker_state).values()}


def test_separate_scheduler_and_two_workers(tmp_path, dask_processes):
    address = dask_processes.address
    archive = tmp_path / "archive"
    make_archive(archive)
    out = tmp_path / "results"
    before = worker_states(address)
    result = audit([str(archive)], out, scheduler=address)
    assert result.documents == 10
    assert_same_as_check(out, [str(archive)])
    after = worker_states(address)
    assert sorted(after) == sorted(before)
    # Each worker loaded the rules, glossary and language pipeline once, however many files it had:
    # one Job (or the one it kept from an earlier audit with the same settings), and one checking
    # process, started (not forked: a Dask worker is a daemonic process).
    assert all(after[pid]["jobs_made"] - before[pid]["jobs_made"] <= 1 for pid in after)
    jobs = [j for s in after.values() for j in s["jobs"] if j["config"] is None]  # these settings
    assert jobs and all(j["checkers_started"] <= 1 and j["forked"] is False for j in jobs)


def test_a_worker_killed_during_the_run_loses_no_file(tmp_path, dask_processes):
    address, workers = dask_processes.address, dask_processes.workers
    archive = tmp_path / "archive"
    files = make_archive(archive)
    for i in range(20):  # more work, so that the kill lands while files are still waiting
        (archive / "housing-team" / f"extra-{i}.md").write_text(f"# Extra {i}\n\n{LABELS}", encoding="utf-8")
    killed = []

    def on_result(_record):
        if not killed:
            workers[0].send_signal(signal.SIGKILL)
            killed.append(time.time())

    result = audit([str(archive)], tmp_path / "results", scheduler=address, on_result=on_result)
    assert killed and workers[0].wait(timeout=30) == -signal.SIGKILL
    got = journal(tmp_path / "results")
    assert len(got) == 30 == result.documents
    readable = {str(p) for p in files} | {str(archive / "housing-team" / f"extra-{i}.md") for i in range(20)}
    for path in readable:
        assert path in got
        assert got[path]["error"] is None, f"{path}: {got[path]['error']}"
