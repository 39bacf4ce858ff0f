"""The job API (plainspeak.run): runs are lazy and keep nothing per file, baselines are an option
of the run, fix and annotate go through the job, and files read in part say so in every format."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys

import pytest

from conftest import ROOT, run_in_process
from plainspeak.extract.limits import Limits
from plainspeak.model import FileReport, Finding, Location
from plainspeak.report import FORMATS, render
from plainspeak.run import FileError, Job, Settings, SettingsError

HEROIN = "# Notes\n\nWe met two rough sleepers and a heroin user. Ask the MARAC.\n"


def cli(*args, cwd=ROOT, **kw):
    """In this process (conftest.run_in_process): the same code as `python -m plainspeak`, without a
    new Python process importing spaCy for each command."""
    return run_in_process(*args, cwd=cwd, **kw)


@pytest.fixture(scope="module")
def job():
    return Job()


def test_a_run_is_lazy_and_keeps_the_totals(job, tmp_path):
    a, b, c = tmp_path / "a.md", tmp_path / "b.md", tmp_path / "c.pdf"
    a.write_text(HEROIN)
    c.write_bytes(b"%PDF-1.4 garbage")
    run = job.check_files([str(a), str(b), str(c)], jobs=1)
    # Making a run reads no file: b.md, made after the run was made, is found. (Once the run is
    # being read, workers may run ahead of the reader, so the files are read by then.)
    b.write_text("We will utilise the room.\n")
    assert run.done == 0
    it = iter(run)
    first = next(it)
    assert first.path == str(a) and run.done == 1
    second = next(it)
    assert second.error is None and [f.match for f in second.findings] == ["utilise"]
    third = next(it)
    assert third.error and "damaged" in third.error
    assert next(it, None) is None
    assert (run.done, run.errors, len(run)) == (3, 1, 3)
    assert run.found["warning"] == 3 and run.found["info"] == 1
    assert run.failing("warning") and run.failing("info") and not run.failing("error")
    assert not run.failing("never")
    with pytest.raises(RuntimeError):
        list(run)  # a run is read once


def test_baseline_is_an_option_of_the_run(tmp_path):
    doc = tmp_path / "a.md"
    doc.write_text(HEROIN)
    saved = tmp_path / "base.json"
    run = Job(Settings(write_baseline=str(saved))).check([str(doc)], jobs=1)
    assert len(list(run)[0].findings) == 3 and run.saved == 3
    assert len(json.loads(saved.read_text())["findings"]) == 3
    doc.write_text(HEROIN + "\nWe will signpost them.\n")
    run = Job(Settings(baseline=str(saved))).check([str(doc)], jobs=1)
    (report,) = list(run)
    assert [f.match for f in report.findings] == ["signpost"] and run.hidden == 3
    with pytest.raises(SettingsError, match="no such baseline file"):
        Job(Settings(baseline=str(tmp_path / "missing.json")))
    with pytest.raises(SettingsError, match="choose one"):
        Job(Settings(baseline=str(saved), write_baseline=str(saved)))


def test_settings_mistakes_are_one_line(tmp_path):
    with pytest.raises(SettingsError, match="(?i)no rule is called 'ps999'"):
        Job(Settings(disable=["PS999"])).load()
    (tmp_path / "bad.toml").write_text("disabel = []\n")
    with pytest.raises(SettingsError, match="did you mean 'disable'"):
        Job(Settings(config=str(tmp_path / "bad.toml")))


def test_fix_and_annotate_go_through_the_job(job, tmp_path):
    md = tmp_path / "a.md"
    md.write_text("We will utilise the room.\n")
    plan = job.fix_plan(str(md))
    assert [e.new for e in plan.edits] == ["use"] and md.read_text() == "We will utilise the room.\n"
    with pytest.raises(FileError, match=r"b\.docx: fix changes Markdown and text files only"):
        job.fix_plan(str(tmp_path / "b.docx"))
    with pytest.raises(FileError, match=r"missing\.md: cannot read the file"):
        job.fix_plan(str(tmp_path / "missing.md"))
    with pytest.raises(FileError, match=r"a\.md: annotate writes comments into Word"):
        job.annotate(str(md), str(tmp_path / "out.docx"))
    policy = ROOT / "examples" / "policy.docx"
    out = tmp_path / "reviewed.docx"
    result = job.annotate(str(policy), str(out))
    assert result.comments > 0 and out.read_bytes()[:2] == b"PK"
    with pytest.raises(FileError, match="already there; give --force"):
        job.annotate(str(policy), str(out))
    assert job.annotate(str(policy), str(out), force=True).comments == result.comments
    with pytest.raises(FileError, match="choose another name"):
        job.annotate(str(policy), str(policy))


# -- streaming ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt, first", [("jsonl", '{"path":"a.md"'), ("text", "a.md"),
                                        ("concise", "a.md:3:12: PS301"), ("github", "::warning file=a.md")])
def test_streaming_formats_write_each_file_as_it_is_done(tmp_path, fmt, first):
    """The first file's report is out while the run still waits for standard input."""
    (tmp_path / "a.md").write_text(HEROIN)
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "plainspeak", "check", "--format", fmt, "a.md", "-"],
                            cwd=tmp_path, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 240)  # a guard against a hang, not a timing test
        assert ready, "nothing was written before the last file was given"
        line = proc.stdout.readline()
        assert line.startswith(first), line
        assert proc.poll() is None  # still waiting for standard input: the run is not over
        out, err = proc.communicate("We will signpost them.\n", timeout=240)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 1 and "signpost" in out
    if fmt == "jsonl":
        lines = [json.loads(x) for x in (line + out).splitlines()]
        assert [x["path"] for x in lines] == ["a.md", "<stdin>"]
        assert lines[0]["partial"] is None and len(lines[0]["findings"]) == 3


def test_jsonl_lines_are_the_json_reports_files(tmp_path):
    (tmp_path / "a.md").write_text(HEROIN)
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4 garbage")
    whole = json.loads(cli("check", "--format", "json", ".", cwd=tmp_path).stdout)
    r = cli("check", "--format", "jsonl", ".", cwd=tmp_path)
    assert r.returncode == 2 and "b.pdf" in r.stderr
    assert [json.loads(x) for x in r.stdout.splitlines()] == whole["files"]


def test_json_written_file_by_file_is_one_json_document():
    reports = [FileReport(path="a.md", format="markdown", findings=[_finding("")]),
               FileReport(path="b.pdf", format="pdf", error="the file is damaged")]
    from plainspeak.report.json import as_dict

    for pretty in (True, False):
        text = render("json", reports, pretty=pretty)
        assert json.loads(text) == as_dict(reports)
        assert (text.count("\n") > 10) is pretty
    assert json.loads(render("json", []))["files"] == []


# -- output formats ------------------------------------------------------------------------


def _finding(match="heroin users", suggestions=("people who use heroin", "person who uses heroin"), **loc):
    return Finding(rule="PS301", name="deficit-label", category="deficit-label", severity="warning",
                   message="It names someone by the drug they use.", match=match, suggestions=list(suggestions),
                   location=Location(**(loc or {"line": 3, "column": 5})))


def test_concise_carries_the_first_suggestion_and_no_empty_quote():
    text = render("concise", [FileReport(path="a.md", format="markdown", findings=[
        _finding(), _finding(match="", suggestions=(), line=None, column=None)])])
    one, two = text.splitlines()
    assert one == ('a.md:3:5: PS301 warning: "heroin users": It names someone by the drug they use. '
                   "Try: 'people who use heroin'")
    assert two == "a.md:document: PS301 warning: It names someone by the drug they use."
    assert '""' not in text


def test_output_format_is_picked_from_the_file_name(tmp_path):
    (tmp_path / "a.md").write_text(HEROIN)
    r = cli("check", "-o", "report.html", "a.md", cwd=tmp_path)
    assert r.returncode == 1 and r.stdout == ""
    assert (tmp_path / "report.html").read_text().startswith("<!DOCTYPE html>")
    assert r.stderr.strip() == "plainspeak: wrote the html report to report.html"
    r = cli("check", "-o", "out.sarif", "a.md", cwd=tmp_path)
    assert json.loads((tmp_path / "out.sarif").read_text())["version"] == "2.1.0"
    r = cli("check", "-o", "notes.txt", "a.md", cwd=tmp_path)
    assert (tmp_path / "notes.txt").read_text().startswith("a.md\n")
    r = cli("check", "--format", "concise", "-o", "report.json", "a.md", cwd=tmp_path)
    assert (tmp_path / "report.json").read_text().startswith("a.md:3:12: PS301")  # --format wins
    r = cli("check", "-o", str(tmp_path / "no-such-folder" / "r.json"), "a.md", cwd=tmp_path)
    assert r.returncode == 2 and "cannot write the report" in r.stderr and "Traceback" not in r.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_registry_gives_the_choices_and_traits():
    from plainspeak.cli import build_parser
    from plainspeak.report import for_output

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    check = sub.choices["check"]
    (fmt,) = [a for a in check._actions if a.dest == "format"]
    assert list(fmt.choices) == list(FORMATS)
    for f in FORMATS.values():
        assert f.name in fmt.help
        assert f.writer().end() is not None  # every registered module has a Writer
    assert for_output("x/Report.HTML").name == "html" and for_output("r.jsonl").name == "jsonl"
    assert for_output("r.sarif").name == "sarif" and for_output("notes.txt") is None
    assert {f.name for f in FORMATS.values() if f.streams} == {"text", "concise", "jsonl", "github"}
    assert [f.name for f in FORMATS.values() if f.needs_documents] == ["html"]
    assert {f.name for f in FORMATS.values() if f.for_people} == {"text", "concise", "html"}


def test_plural_forms_in_reports():
    one = FileReport(path="a.md", format="markdown", findings=[_finding()],
                     readability={"words": 1, "sentences": 1, "flesch_reading_ease": 100.0,
                                  "flesch_kincaid_grade": -3.4, "reading_age": 1.6})
    text = render("text", [one])
    assert "1 word in 1 sentence." in text and "Reading age about 5 " in text
    assert "Checked 1 file: 1 warning." in text
    page = render("html", [one])
    assert "1 word in 1 sentence." in page and "Reading age about 5." in page and "Checked 1 file: 1 finding." in page


# -- files read in part ---------------------------------------------------------------------


def test_a_pdf_cut_at_the_text_limit_is_reported_as_partial():
    sys.path.insert(0, str(ROOT / "tests"))
    from pdfs import make_pdf

    from plainspeak.engine import Checker

    data = make_pdf(pages=[["A first paragraph of some length."], ["We met two rough sleepers."],
                           ["A third one."]])
    from plainspeak.extract import extract_bytes

    limits = Limits(max_text_chars=40)
    checker = Checker(limits=limits)
    report = checker.check_document(extract_bytes(data, "long.pdf", "pdf", limits))
    assert report.partial["truncated"] is True and report.partial["unreadable_pages"] == []
    assert "limit of 40 characters" in report.partial["message"]
    assert report.to_dict()["partial"] == report.partial
    whole = Checker().check_document(extract_bytes(data, "long.pdf", "pdf"))
    assert whole.partial is None and whole.to_dict()["partial"] is None


@pytest.fixture(scope="module")
def broken_page_pdf(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "tests"))
    from pdfs import raw_pdf, text_lines

    folder = tmp_path_factory.mktemp("partial")
    pages = [text_lines([(72, 700, f"We met rough sleepers on page {n}.")]) for n in (1, 2, 3)]
    (folder / "part.pdf").write_bytes(raw_pdf(pages, page_filters={1: "NoSuchDecode"}))
    return folder


# The reader says why the page could not be read after a colon (its words may change).
EXPECTED = {
    "text": "\n  Only part of this file was checked: page 2 could not be read",
    "concise": "\npart.pdf: note: only part of this file was checked: page 2 could not be read",
    "github": "\n::notice file=part.pdf,title=plainspeak::Only part of this file was checked: page 2 could not be read",
    "html": '<p class="partial">Only part of this file was checked: page 2 could not be read',
}


@pytest.mark.parametrize("fmt", ["json", "jsonl", "text", "concise", "github", "sarif", "html"])
def test_a_file_read_in_part_says_so_in_every_format(broken_page_pdf, fmt):
    r = cli("check", "--format", fmt, "part.pdf", cwd=broken_page_pdf)
    assert r.returncode == 1, r.stderr  # findings on the pages that were read; not an error
    if fmt in ("json", "jsonl"):
        data = json.loads(r.stdout)
        f = data["files"][0] if fmt == "json" else data
        assert f["error"] is None and f["partial"]["unreadable_pages"] == [2]
        assert f["partial"]["message"].startswith("page 2 could not be read")
        assert {x["location"]["page"] for x in f["findings"] if x["rule"] == "PS301"} == {1, 3}
    elif fmt == "sarif":
        data = json.loads(r.stdout)
        invocation = data["runs"][0]["invocations"][0]
        assert invocation["executionSuccessful"] is True
        (note,) = invocation["toolExecutionNotifications"]
        assert note["level"] == "warning" and "page 2 could not be read" in note["message"]["text"]
    else:
        assert EXPECTED[fmt] in "\n" + r.stdout
    # Formats for programs and pages also tell the person running the command.
    shown_here = fmt in ("text", "concise")
    assert ("only part of this file was checked" in r.stderr) is not shown_here
