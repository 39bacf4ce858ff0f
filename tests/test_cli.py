"""The command line, end to end: formats, exit codes, bad input, no changes to documents."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, checkout_env, run_in_process, run_plainspeak

EXAMPLES = ROOT / "examples"


def run(*args, stdin: str | None = None, cwd=None):
    """The command in this process (conftest.run_in_process): the same code, without a new
    Python process importing spaCy each time. ``examples_json`` runs a real new process."""
    return run_in_process(*args, stdin=stdin, cwd=cwd or ROOT)


@pytest.fixture(scope="module")
def examples_json():
    r = run_plainspeak("check", "--format", "json", EXAMPLES)
    return r, json.loads(r.stdout)


def test_version_and_help_are_light():
    code = ("import sys; from plainspeak.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('spacy', 'docx', 'pypdf', 'markdown_it', 'yaml') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=checkout_env())
    assert "plainspeak 0." in r.stdout and "HEAVY []" in r.stdout
    h = run("check", "--help")
    assert h.returncode == 0 and "--fail-on" in h.stdout


def test_examples_report_every_format(examples_json):
    r, data = examples_json
    assert r.returncode == 1  # the examples have findings at warning level
    assert data["schema"] == 1 and data["plainspeak"]
    formats = {f["format"] for f in data["files"]}
    assert {"markdown", "docx", "pdf"} <= formats
    for f in data["files"]:
        assert f["error"] is None, f
        assert set(f) >= {"path", "format", "readability", "findings", "error"}
        assert f["readability"]["words"] > 100
        assert set(f["readability"]) >= {"words", "sentences", "flesch_reading_ease", "flesch_kincaid_grade"}
        for x in f["findings"]:
            assert set(x) >= {"rule", "name", "category", "severity", "message", "match", "suggestions", "location"}
            assert x["category"] in ("acronym", "jargon", "deficit-label", "readability", "accessibility", "strengths", "directive")
            assert set(x["location"]) == {"line", "column", "page", "paragraph", "section"}


def test_locations_hold_the_match(examples_json):
    """The line, column, page or paragraph reported really holds the matched text."""
    _, data = examples_json
    for f in data["files"]:
        # Findings about the whole document or a picture have no words to find.
        f["findings"] = [x for x in f["findings"] if x["match"].strip() and x["category"] != "accessibility"]
        path = ROOT / f["path"] if not Path(f["path"]).is_absolute() else Path(f["path"])
        if f["format"] == "markdown":
            lines = path.read_text(encoding="utf-8").split("\n")
            for x in f["findings"]:
                loc = x["location"]
                line = lines[loc["line"] - 1]
                first = x["match"].split("\n")[0]
                assert line[loc["column"] - 1:].startswith(first), x
        elif f["format"] == "pdf":
            from pypdf import PdfReader

            pages = [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]
            for x in f["findings"]:
                first_word = x["match"].split()[0].rstrip("-")
                assert first_word in pages[x["location"]["page"] - 1], x
        elif f["format"] == "docx":
            from plainspeak.extract import extract_file

            doc = extract_file(str(path))
            by_para = {b.paragraph: b.text for b in doc.blocks if b.paragraph}
            for x in f["findings"]:
                p = x["location"]["paragraph"]
                if p is not None:
                    assert x["match"] in by_para[p], x


def test_text_report_is_plain_and_located():
    r = run("check", EXAMPLES / "strategy.md")
    assert r.returncode == 1
    assert "Line 13, column 1 (section 'Foreword')" in r.stdout
    assert '"rough sleepers"' in r.stdout and "Try:" in r.stdout
    assert "Readability:" in r.stdout and "Checked 1 file" in r.stdout


def test_concise_format():
    r = run("check", "--format", "concise", EXAMPLES / "strategy.md")
    first = r.stdout.splitlines()[0]
    assert first.startswith(str(EXAMPLES / "strategy.md") + ":") and " PS" in first


def test_fail_on_levels(tmp_path):
    f = tmp_path / "a.md"
    f.write_text("We will utilise the room.\n")  # only an info finding
    assert run("check", f).returncode == 0
    assert run("check", "--fail-on", "info", f).returncode == 1
    f.write_text("Ask the MARAC.\n")  # a warning
    assert run("check", f).returncode == 1
    assert run("check", "--fail-on", "error", f).returncode == 0
    assert run("check", "--fail-on", "never", f).returncode == 0
    f.write_text("All good here.\n")
    assert run("check", f).returncode == 0


def test_stdin_is_markdown():
    r = run("check", "--format", "json", "-", stdin="# Title\n\nWe met two rough sleepers.\n")
    data = json.loads(r.stdout)
    assert data["files"][0]["path"] == "<stdin>" and data["files"][0]["format"] == "markdown"
    assert [x["match"] for x in data["files"][0]["findings"]] == ["rough sleepers"]


BAD = {
    "not-a-zip.docx": (b"this is plain text, not a Word file", "docx"),
    "empty.pdf": (b"", "empty"),
    "fake.pdf": (b"<html>not a pdf</html>", "PDF"),
    "truncated.pdf": (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "PDF"),
    "ole.docx": (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600, "password"),
    "binary.txt": (b"\x00\x01\x02\x03" * 10, "not a text file"),
    "old.doc": (b"whatever", ".doc"),
}


def test_bad_files_get_one_line_errors_and_the_rest_is_checked(tmp_path):
    for name, (data, _) in BAD.items():
        (tmp_path / name).write_bytes(data)
    good = tmp_path / "good.md"
    good.write_text("We met two rough sleepers.\n")
    files = [tmp_path / n for n in BAD] + [good, tmp_path / "missing.md"]
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.exists()}
    r = run("check", "--format", "json", *files)
    assert r.returncode == 2
    data = json.loads(r.stdout)
    by_name = {Path(f["path"]).name: f for f in data["files"]}
    assert by_name["good.md"]["error"] is None and by_name["good.md"]["findings"]
    for name, (_, words) in BAD.items():
        err = by_name[name]["error"]
        assert err and words.lower() in err.lower(), (name, err)
        assert "\n" not in err and "Traceback" not in err
    assert by_name["missing.md"]["error"] == "no such file"
    errors = r.stderr.strip().splitlines()
    assert len(errors) == len(BAD) + 1
    assert all(line.startswith("plainspeak: ") and str(tmp_path) in line for line in errors)
    assert "Traceback" not in r.stderr
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in before}
    assert before == after  # never modify a document


def test_text_report_names_the_unreadable_file(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    r = run("check", bad)
    assert r.returncode == 2 and "broken.pdf" in r.stdout and "Could not check this file" in r.stdout


def test_folders_skip_hidden_vendor_and_venv(tmp_path):
    for rel in ("a.md", "sub/b.txt", ".git/c.md", "node_modules/d.md", ".hidden/e.md", "venv/f.md",
                "env2/g.md", "sub/h.py", "sub/~$lock.docx"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("Hello there.\n")
    (tmp_path / "env2" / "pyvenv.cfg").write_text("home = /usr\n")
    r = run("check", "--format", "json", tmp_path)
    names = sorted(Path(f["path"]).relative_to(tmp_path).as_posix() for f in json.loads(r.stdout)["files"])
    assert names == ["a.md", "sub/b.txt"]


def test_usage_errors_exit_2(tmp_path):
    assert run("check", "--format", "yaml", "x.md").returncode == 2
    r = run("check", "--disable", "PS999", EXAMPLES / "strategy.md")
    assert r.returncode == 2 and "no rule is called 'ps999'" in r.stderr.lower()
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    r = run("check", empty)
    assert r.returncode == 2 and "no files to check" in r.stderr


def test_bad_config_exit_2(tmp_path):
    (tmp_path / ".plainspeak.toml").write_text('disabel = ["PS202"]\n')
    (tmp_path / "a.md").write_text("Hello.\n")
    r = run("check", "a.md", cwd=tmp_path)
    assert r.returncode == 2 and "did you mean 'disable'" in r.stderr


def test_config_disables_rules_and_allows_acronyms(tmp_path):
    (tmp_path / ".plainspeak.toml").write_text('disable = ["deficit-label"]\nallow-acronyms = ["MARAC"]\n')
    (tmp_path / "a.md").write_text("The MARAC met two rough sleepers.\n")
    r = run("check", "--format", "json", "a.md", cwd=tmp_path)
    assert json.loads(r.stdout)["files"][0]["findings"] == [] and r.returncode == 0


def test_rules_and_explain():
    r = run("rules")
    assert r.returncode == 0 and "PS301  deficit-label" in r.stdout
    e = run("explain", "deficit-label")
    assert e.returncode == 0
    for heading in ("Why it matters", "Example it finds", "Write instead", "Sources"):
        assert heading in e.stdout
    assert run("explain", "PS999").returncode == 2


def test_output_file(tmp_path):
    out = tmp_path / "report.json"
    r = run("check", "--format", "json", "-o", out, EXAMPLES / "strategy.md")
    assert r.stdout == "" and json.loads(out.read_text())["files"][0]["format"] == "markdown"


def test_select_and_disable_by_kind_and_code_start(tmp_path):
    f = tmp_path / "a.md"
    f.write_text("The MARAC met two rough sleepers. We will signpost them.\n")

    def rules(*args):
        r = run("check", "--format", "json", *args, f)
        return sorted({x["rule"] for x in json.loads(r.stdout)["files"][0]["findings"]})

    assert rules("--select", "deficit-label") == ["PS301"]
    assert rules("--select", "PS1,jargon") == ["PS101", "PS201"]
    assert rules("--disable", "PS3,acronym") == ["PS201"]
    r = run("check", "--select", "nonsense", f)
    assert r.returncode == 2 and "no rule is called 'nonsense'" in r.stderr
