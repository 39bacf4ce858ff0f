"""SARIF and GitHub Actions annotations: valid, located and safely escaped."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, run_in_process
from plainspeak.model import FileReport, Finding, Location
from plainspeak.report import FORMATS, render
from plainspeak.report import github, sarif

SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"


def run(*args, cwd=ROOT):
    """In this process (conftest.run_in_process): the same code as `python -m plainspeak`, without a
    new Python process importing spaCy for each command."""
    return run_in_process(*args, cwd=cwd)


def validate(doc: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def finding(match="rough sleepers", line=3, column=12, page=None, paragraph=None, severity="warning",
            message="It names a person by where they sleep.", suggestions=("people sleeping rough",), rule="PS301"):
    return Finding(rule=rule, name="deficit-label", category="deficit-label", severity=severity, message=message,
                   match=match, suggestions=list(suggestions),
                   location=Location(line=line, column=column, page=page, paragraph=paragraph, section="Intro"))


@pytest.fixture(scope="module")
def examples_sarif():
    r = run("check", "--format", "sarif", "examples")
    return r, json.loads(r.stdout)


@pytest.fixture(scope="module")
def examples_json():
    return json.loads(run("check", "--format", "json", "examples").stdout)


def test_schema_file_is_the_official_one():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    assert (SCHEMA.parent / "README.md").read_text().count("oasis-tcs/sarif-spec") == 1


def test_formats_are_registered():
    assert {"sarif", "github"} <= set(FORMATS)
    h = run("check", "--help")
    assert "sarif" in h.stdout and "github" in h.stdout


def test_examples_sarif_is_valid(examples_sarif, examples_json):
    r, doc = examples_sarif
    assert r.returncode == 1  # same exit code as the other formats
    validate(doc)
    assert doc["version"] == "2.1.0"
    (run_,) = doc["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "plainspeak"
    rules = driver["rules"]
    ids = [x["id"] for x in rules]
    assert "PS301" in ids and len(ids) == len(set(ids))
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    expected = [(f["path"], x) for f in examples_json["files"] for x in f["findings"]]
    assert len(run_["results"]) == len(expected) > 0
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for res, (path, x) in zip(run_["results"], expected):
        assert res["ruleId"] == x["rule"] and rules[res["ruleIndex"]]["id"] == x["rule"]
        assert res["level"] == levels[x["severity"]]
        loc = res["locations"][0]
        assert loc["physicalLocation"]["artifactLocation"]["uri"] == path.replace(" ", "%20")
        region = loc["physicalLocation"].get("region")
        if x["location"]["line"] is not None:  # Markdown and text
            assert region["startLine"] == x["location"]["line"]
            assert region["startColumn"] == x["location"]["column"]
        else:  # Word and PDF, or the whole document: no lines; the place is named in words
            assert region is None
            if x["location"]["page"] is not None or x["location"]["paragraph"] is not None:
                place = loc["logicalLocations"][0]["name"]
                assert ("page" in place) or ("paragraph" in place)
                assert res["message"]["text"].lower().startswith(place)
        assert res["partialFingerprints"]["plainspeakFindingHash/v1"]
    assert run_["invocations"][0]["executionSuccessful"] is True


def test_sarif_regions_multiline_and_unreadable_files(tmp_path):
    reports = [
        FileReport(path="docs/a file.md", format="markdown",
                   findings=[finding(), finding(match="rough\nsleepers", line=7, column=40)]),
        FileReport(path="broken.pdf", format="pdf", error="the file is damaged"),
        FileReport(path=str(tmp_path / "p.pdf"), format="pdf",
                   findings=[finding(line=None, column=None, page=2, paragraph=3, severity="info")]),
    ]
    doc = sarif.as_dict(reports)
    validate(doc)
    results = doc["runs"][0]["results"]
    one, two, three = results
    assert one["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/a%20file.md"
    assert one["locations"][0]["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 12, "endColumn": 26}
    assert two["locations"][0]["physicalLocation"]["region"] == {"startLine": 7, "startColumn": 40,
                                                                 "endLine": 8, "endColumn": 9}
    assert three["level"] == "note" and three["message"]["text"].startswith("Page 2, paragraph 3: ")
    assert three["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file:///")
    assert "Try: \"people sleeping rough\"" in one["message"]["text"]
    invocation = doc["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    note = invocation["toolExecutionNotifications"][0]
    assert note["level"] == "error" and "damaged" in note["message"]["text"]
    # The same text found twice gets two fingerprints; the fingerprint does not use the line.
    moved = sarif.as_dict([FileReport(path="docs/a file.md", format="markdown",
                                      findings=[finding(line=30), finding(match="rough\nsleepers", line=70)])])
    fps = [x["partialFingerprints"] for x in results[:2]]
    assert fps == [x["partialFingerprints"] for x in moved["runs"][0]["results"]] and fps[0] != fps[1]


def test_github_annotations_for_markdown_and_word():
    r = run("check", "--format", "github", "examples/strategy.md", "examples/policy.docx")
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    md = [x for x in lines if "file=examples/strategy.md" in x]
    docx = [x for x in lines if "file=examples/policy.docx" in x]
    assert md and docx and len(md) + len(docx) == len(lines)
    assert all(x.startswith(("::error ", "::warning ", "::notice ")) for x in lines)
    assert any(x.startswith("::warning file=examples/strategy.md,line=13,col=1,") for x in md)
    assert all(",line=" not in x and ("::Paragraph " in x or "::Page " in x) for x in docx)


def test_github_escaping():
    # Text from a document must never end the command or start a new one.
    f = finding(match="50% of\r\nrough sleepers", message="Bad: a, b\n::error::injected 100%",
                suggestions=())
    line = github.annotation("docs/odd: name, here.md", f)
    assert "\n" not in line and "\r" not in line
    head, _, message = line.partition("::")[2].partition("::")
    assert head.startswith("warning file=docs/odd%3A name%2C here.md,line=3,col=12,")
    assert "endColumn" not in head  # the match wraps a line
    assert head.endswith("title=PS301 deficit-label")
    assert message == '"50%25 of rough sleepers": Bad: a, b%0A::error::injected 100%25'
    assert github.escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert github.escape_data("a:b,c%d\r\n") == "a:b,c%25d%0D%0A"
    err = render("github", [FileReport(path="x.pdf", format="pdf", error="the file is damaged")])
    assert err == "::error file=x.pdf,title=plainspeak::Could not check this file: the file is damaged\n"
    assert render("github", [FileReport(path="ok.md", format="markdown")]) == ""
