"""Baselines: --write-baseline saves today's findings; --baseline then shows only new ones."""

from __future__ import annotations

import json

from conftest import run_in_process
from plainspeak import baseline
from plainspeak.model import FileReport, Finding, Location


def run(*args, cwd):
    """In this process (conftest.run_in_process): the same code as `python -m plainspeak`, without a
    new Python process importing spaCy for each command."""
    return run_in_process(*args, cwd=cwd)


def matches(r) -> list[tuple[str, int]]:
    data = json.loads(r.stdout)
    return [(x["match"], x["location"]["line"]) for f in data["files"] for x in f["findings"]]


OLD = "# Notes\n\nWe met two rough sleepers.\n\nThe MARAC met on Tuesday.\n"


def test_baseline_hides_known_findings_and_survives_edits(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    note = docs / "notes.md"
    note.write_text(OLD)
    w = run("check", "--write-baseline", ".plainspeak-baseline.json", "docs", cwd=tmp_path)
    assert w.returncode == 0 and w.stdout == ""
    assert "saved 2 findings to .plainspeak-baseline.json" in w.stderr
    saved = json.loads((tmp_path / ".plainspeak-baseline.json").read_text())
    assert saved["plainspeak-baseline"] == 1
    assert {(e["path"], e["rule"], e["match"], e["occurrence"]) for e in saved["findings"]} == {
        ("docs/notes.md", "PS301", "rough sleepers", 0), ("docs/notes.md", "PS101", "marac", 0)}

    r = run("check", "--baseline", ".plainspeak-baseline.json", "docs", cwd=tmp_path)
    assert r.returncode == 0 and "nothing found" in r.stdout
    assert "left out 2 findings already in .plainspeak-baseline.json" in r.stderr

    # Text added above moves the old findings down: they are still known.
    note.write_text("# Notes\n\nA new first paragraph.\n\nAnd another one.\n\n" + OLD.split("\n", 2)[2])
    r = run("check", "--format", "json", "--baseline", ".plainspeak-baseline.json", "docs", cwd=tmp_path)
    assert r.returncode == 0 and matches(r) == [] and r.stderr == ""

    # A second "rough sleepers" (in a new section: labels are reported once a section) and a
    # new finding are reported; the old ones are not.
    note.write_text(note.read_text() + "\n# More\n\nTwo more Rough  Sleepers came in. We will signpost them.\n")
    r = run("check", "--format", "json", "--baseline", ".plainspeak-baseline.json", "docs", cwd=tmp_path)
    assert r.returncode == 1
    found = matches(r)
    assert ("Rough  Sleepers", 13) in found and ("rough sleepers", 7) not in found
    assert all(line == 13 for _, line in found)

    # The paths in the baseline are relative to its own folder: it works from anywhere.
    other = tmp_path / "elsewhere"
    other.mkdir()
    r = run("check", "--format", "json", "--baseline", tmp_path / ".plainspeak-baseline.json", docs, cwd=other)
    assert ("rough sleepers", 7) not in matches(r) and ("Rough  Sleepers", 13) in matches(r)


def test_fingerprints_ignore_lines_case_and_spacing():
    def report(*found):
        return FileReport(path="a.md", format="markdown", findings=[
            Finding(rule="PS301", name="deficit-label", category="deficit-label", severity="warning",
                    message="m", match=m, suggestions=[], location=Location(line=line, column=1))
            for m, line in found])

    a = baseline.fingerprints(report(("rough sleepers", 3), ("rough sleepers", 9)), base=".")
    b = baseline.fingerprints(report(("Rough\nSleepers", 30), ("ROUGH  sleepers", 90)), base=".")
    assert a == b and a[0] != a[1]
    c = baseline.fingerprints(FileReport(path="b.md", format="markdown",
                                         findings=report(("rough sleepers", 3)).findings), base=".")
    assert c[0] != a[0]  # another file


def test_bad_baselines_are_plain_errors(tmp_path):
    (tmp_path / "a.md").write_text("We met two rough sleepers.\n")
    r = run("check", "--baseline", "missing.json", "a.md", cwd=tmp_path)
    assert r.returncode == 2 and "no such baseline file" in r.stderr and "Traceback" not in r.stderr
    (tmp_path / "bad.json").write_text("{not json")
    r = run("check", "--baseline", "bad.json", "a.md", cwd=tmp_path)
    assert r.returncode == 2 and "cannot read this baseline file" in r.stderr
    (tmp_path / "other.json").write_text('{"files": []}')
    r = run("check", "--baseline", "other.json", "a.md", cwd=tmp_path)
    assert r.returncode == 2 and "not a plainspeak baseline file" in r.stderr
    r = run("check", "--baseline", "x.json", "--write-baseline", "y.json", "a.md", cwd=tmp_path)
    assert r.returncode == 2 and "not allowed with" in r.stderr


def test_write_baseline_reports_unreadable_files(tmp_path):
    (tmp_path / "a.md").write_text("We met two rough sleepers.\n")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4 garbage")
    r = run("check", "--write-baseline", "base.json", ".", cwd=tmp_path)
    assert r.returncode == 2 and "b.pdf" in r.stderr
    assert len(json.loads((tmp_path / "base.json").read_text())["findings"]) == 1
