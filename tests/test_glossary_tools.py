"""The glossary tools: list, search, show, add, export, import, and the extra checks of ``glossary check``.

End to end through ``python -m plainspeak`` (as reviewers run them) and in
process (quicker, and for the questions ``add`` asks). Every test works on a
glossary in a temporary folder, never on the bundled one.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, check_markdown, checkout_env, run_in_process
from plainspeak.cli import build_parser, main
from plainspeak.glossary import load_entries, load_glossary, parse_entry
from plainspeak.glossary.commands import run as run_glossary
from plainspeak.glossary.files import entry_to_yaml, slug
from plainspeak.glossary.lint import check_glossary, problems_in
from plainspeak.glossary.spreadsheet import COLUMNS
from plainspeak.yamlfile import load_yaml


def cli(*args, cwd=None, stdin: str | None = None):
    """In this process (conftest.run_in_process): the same code as `python -m plainspeak`, without a
    new Python process importing spaCy for each command."""
    return run_in_process(*args, cwd=cwd or ROOT, stdin=stdin)


def entry_text(term: str, category: str = "jargon", alternatives=("plain words",), status: str = "approved",
               flag: str | None = None, passing: str | None = None, forms=(), why: str = "It is unclear.") -> str:
    forms_text = "".join(f"\n  - {f}" for f in forms)
    return (f"term: {term}\n" + (f"forms:{forms_text}\n" if forms else "")
            + f"category: {category}\nalternatives:\n" + "".join(f"  - {a}\n" for a in alternatives)
            + f"why: {why}\nstatus: {status}\nsources:\n  - organisation: Test\n    document: Test guide\n"
            + "    url: https://example.org/\nreviewed-by: \"\"\nexamples:\n"
            + f"  flag:\n    - {flag or f'We say {term} here.'}\n"
            + (f"  pass:\n    - {passing}\n" if passing else ""))


@pytest.fixture
def glossary(tmp_path) -> Path:
    """A small glossary folder: three approved entries, one proposed, one retired."""
    g = tmp_path / "glossary"
    files = {
        "jargon/test-word.yaml": entry_text("test word", alternatives=["plain word"],
                                            passing="We say plain word here."),
        "jargon/zorble.yaml": entry_text("zorble", alternatives=["meeting", "get-together"], forms=["zorbles"],
                                         why="Nobody outside the team knows what a zorble is."),
        "deficit-label/grumbler.yaml": entry_text("grumbler", "deficit-label", ["person who has a complaint"]),
        "jargon/quobble.yaml": entry_text("quobble", alternatives=["plan"], status="proposed"),
        "plain-english/flonk.yaml": entry_text("flonk", "plain-english", ["send"], status="retired"),
    }
    for name, text in files.items():
        (g / name).parent.mkdir(parents=True, exist_ok=True)
        (g / name).write_text(text, encoding="utf-8")
    return g


def in_process(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


# -- list, search, show ---------------------------------------------------------------------

def test_list_end_to_end(glossary):
    r = cli("glossary", "list", "--folder", glossary)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == 5
    assert lines[0].split() == ["flonk", "plain-english", "retired"]
    assert any(line.split() == ["test", "word", "jargon", "approved"] for line in lines)


def test_list_filters(glossary, capsys):
    code, out, _ = in_process(capsys, "glossary", "list", "--folder", glossary, "--category", "jargon")
    assert code == 0 and [line.split()[0] for line in out.splitlines()] == ["quobble", "test", "zorble"]
    code, out, _ = in_process(capsys, "glossary", "list", "--folder", glossary, "--status", "proposed")
    assert code == 0 and out.split() == ["quobble", "jargon", "proposed"]
    code, out, _ = in_process(capsys, "glossary", "list", "--folder", glossary, "--category", "acronym")
    assert code == 0 and out == ""


def test_list_bad_filter_is_a_usage_error(glossary):
    r = cli("glossary", "list", "--folder", glossary, "--status", "aproved")
    assert r.returncode == 2 and "invalid choice" in r.stderr


def test_list_default_is_the_bundled_glossary(capsys):
    code, out, _ = in_process(capsys, "glossary", "list", "--category", "jargon")
    assert code == 0 and any(line.split()[0] == "signpost" for line in out.splitlines())


def test_search_end_to_end(glossary):
    r = cli("glossary", "search", "ZORBLE", "--folder", glossary)
    assert r.returncode == 0
    assert r.stdout.split()[:3] == ["zorble", "jargon", "approved"]
    assert "found in: term, forms, why" in r.stdout
    r = cli("glossary", "search", "nothing-like-this", "--folder", glossary)
    assert r.returncode == 1 and "No entries mention" in r.stdout


def test_search_looks_in_alternatives_and_why(glossary, capsys):
    code, out, _ = in_process(capsys, "glossary", "search", "get-together", "--folder", glossary)
    assert code == 0 and "zorble" in out and "found in: alternatives" in out
    code, out, _ = in_process(capsys, "glossary", "search", "outside the team", "--folder", glossary)
    assert code == 0 and "found in: why" in out


def test_show_end_to_end(glossary):
    r = cli("glossary", "show", "Zorble", "--folder", glossary)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert out.startswith("zorble\n")
    for text in ("Category:      jargon", "Other forms:   zorbles", "  - meeting", "  - get-together",
                 "Why:           Nobody outside", "Test, Test guide, https://example.org/", "Reviewed by:   nobody yet",
                 "Should be pointed out:", "We say zorble here.", "zorble.yaml"):
        assert text in out, text


def test_show_finds_forms_and_file_names_and_suggests(glossary, capsys):
    code, out, _ = in_process(capsys, "glossary", "show", "zorbles", "--folder", glossary)
    assert code == 0 and out.startswith("zorble\n")
    code, out, _ = in_process(capsys, "glossary", "show", "test-word", "--folder", glossary)
    assert code == 0 and out.startswith("test word\n")
    code, out, _ = in_process(capsys, "glossary", "show", "tset word", "--folder", glossary)
    assert code == 1 and "did you mean 'test word'?" in out
    code, out, _ = in_process(capsys, "glossary", "show", "quobble", "--folder", glossary)
    assert "proposed (waiting for review; used only with --preview)" in out


def test_bad_files_are_skipped_with_a_message(glossary, capsys):
    (glossary / "jargon" / "broken.yaml").write_text("term: broken\ncategory: jargon\nalternatives: fix\n")
    code, out, err = in_process(capsys, "glossary", "list", "--folder", glossary)
    assert code == 0 and "skipped" in err and "broken.yaml, line 1: 'why' is missing" in err
    assert len(out.splitlines()) == 5


def test_missing_folder_is_a_usage_error(tmp_path, capsys):
    code, _, err = in_process(capsys, "glossary", "list", "--folder", tmp_path / "nope")
    assert code == 2 and "no such glossary folder" in err


# -- add ------------------------------------------------------------------------------------

ADD_FLAGS = ["--term", "hard to reach", "--category", "jargon",
             "--alternative", "people we have not yet reached", "--alternative", "people services have not reached",
             "--why", "It blames people for what services have not done.", "--fine-when", "Quoting a report.",
             "--source-organisation", "Test Org", "--source-document", "A guide: words that work",
             "--source-url", "https://example.org/guide", "--flag-example", "These are hard to reach groups.",
             "--pass-example", "We have not yet reached these groups.", "--proposed-by", "Sam (lived experience panel)"]


def test_add_with_flags_end_to_end(tmp_path):
    folder = tmp_path / "org"
    r = cli("glossary", "add", "--folder", folder, *ADD_FLAGS)
    assert r.returncode == 0, r.stdout + r.stderr
    path = folder / "jargon" / "hard-to-reach.yaml"
    assert "Wrote" in r.stdout and "hard-to-reach.yaml" in r.stdout
    text = path.read_text(encoding="utf-8")
    assert text.startswith("term: hard to reach\ncategory: jargon\nalternatives:\n  - people we have not yet reached\n")
    assert 'document: "A guide: words that work"' in text and "status: proposed" in text
    assert 'reviewed-by: ""' in text and "proposed-by: Sam (lived experience panel)" in text
    e = parse_entry(load_yaml(text, str(path)), str(path))
    assert e.status == "proposed" and e.alternatives[1] == "people services have not reached"
    assert e.flag_examples == ["These are hard to reach groups."] and e.sources[0].url == "https://example.org/guide"
    # The new file passes 'glossary check' on its own folder.
    assert cli("glossary", "check", folder).returncode == 0
    # It refuses to overwrite.
    before = path.read_bytes()
    r = cli("glossary", "add", "--folder", folder, *ADD_FLAGS)
    assert r.returncode == 1 and "already exists" in r.stdout and path.read_bytes() == before


def test_add_validates_before_writing(tmp_path, capsys):
    folder = tmp_path / "org"
    flags = [*ADD_FLAGS]
    flags[flags.index("people services have not reached")] = "service users"  # a bundled deficit label
    code, out, _ = in_process(capsys, "glossary", "add", "--folder", folder, *flags)
    assert code == 1
    assert "hard-to-reach.yaml, line 5: the alternative 'service users' would itself be flagged" in out
    assert "Nothing was written" in out and not folder.exists()


def test_add_reports_an_example_that_does_not_flag(tmp_path, capsys):
    flags = [*ADD_FLAGS]
    flags[flags.index("These are hard to reach groups.")] = "Nothing to see."
    code, out, _ = in_process(capsys, "glossary", "add", "--folder", tmp_path, *flags)
    assert code == 1 and "the 'flag' example does not find 'hard to reach'" in out
    assert not (tmp_path / "jargon").exists()


def test_add_catches_a_term_that_spoils_another_entry(glossary, capsys):
    code, out, _ = in_process(capsys, "glossary", "add", "--folder", glossary, "--term", "plain", "--category",
                              "jargon", "--alternative", "simple", "--why", "Test.", "--source-organisation", "T",
                              "--source-document", "D", "--flag-example", "It is plain.", "--no-input")
    assert code == 1
    assert "clashes with another one" in out and "the alternative 'plain word' would itself be flagged" in out
    assert not (glossary / "jargon" / "plain.yaml").exists()


def test_add_needs_the_required_answers_without_a_terminal(tmp_path):
    r = cli("glossary", "add", "--folder", tmp_path, "--term", "x", stdin="")
    assert r.returncode == 2
    assert "needs --category, --alternative, --why, --source-organisation, --source-document, --flag-example" \
        in r.stderr
    r = cli("glossary", "add", "--folder", tmp_path, *[("jargn" if a == "jargon" else a) for a in ADD_FLAGS])
    assert r.returncode == 2 and "did you mean 'jargon'?" in r.stderr


def test_add_asks_the_questions_one_at_a_time(tmp_path, capsys):
    answers = iter([
        "zibbly wob",                       # term
        "jargn", "jargon",                  # category: a typo is asked again
        "", "simple words", "easy words", "",  # alternatives: an empty first answer is asked again
        "It is hard to understand.",        # why
        "",                                 # fine-when (skipped)
        "Test Org", "Test guide",           # source
        "https://example.org/",             # url
        "We had a zibbly wob today.", "",   # flag examples
        "We had a chat today.", "",         # pass examples
        "Alex",                             # proposed by
    ])
    asked = []

    def ask(prompt):
        asked.append(prompt)
        return next(answers)

    args = build_parser().parse_args(["glossary", "add", "--folder", str(tmp_path)])
    assert run_glossary(args, ask=ask) == 0
    out = capsys.readouterr().out
    assert "did you mean 'jargon'?" in out and "this one is needed" in out
    assert asked[0].startswith("What is the word or phrase")
    e = load_entries([tmp_path])[0][0]
    assert (e.term, e.category, e.alternatives, e.fine_when) == \
        ("zibbly wob", "jargon", ["simple words", "easy words"], None)
    assert e.proposed_by == "Alex" and e.status == "proposed" and e.pass_examples == ["We had a chat today."]


def test_add_stopped_part_way_writes_nothing(tmp_path, capsys):
    def ask(prompt):
        raise EOFError

    args = build_parser().parse_args(["glossary", "add", "--folder", str(tmp_path), "--term", "x"])
    assert run_glossary(args, ask=ask) == 2
    assert "Nothing was written" in capsys.readouterr().err and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("term, name", [("rough sleeper", "rough-sleeper"), ("A&E", "a-and-e"),
                                        ("DoLS", "dols"), ("Café culture", "cafe-culture"), ("s42", "s42")])
def test_slug(term, name):
    assert slug(term) == name


def test_tidy_yaml_round_trips_awkward_text(tmp_path):
    from plainspeak.glossary import Entry, Source

    e = Entry(term="yes", category="jargon", alternatives=["no: really", "#hash", "- dash", "it's \"quoted\""],
              why="Colons: here # and there", sources=[Source("O'Brien & Co", "Guide: 2", None)],
              flag_examples=["On: yes"], reviewed_by="")
    text = entry_to_yaml(e)
    back = parse_entry(load_yaml(text, "x.yaml"), "x.yaml")
    assert (back.term, back.alternatives, back.why, back.sources[0].organisation, back.flag_examples) == \
        (e.term, e.alternatives, e.why, e.sources[0].organisation, e.flag_examples)


def test_bundled_files_come_out_the_same_when_made_tidy():
    """The tidy writer keeps every field of every bundled entry."""
    from plainspeak.data import bundled

    entries, _ = load_entries([bundled("glossary")])
    for e in entries:
        back = parse_entry(load_yaml(entry_to_yaml(e), e.path), e.path)
        for field in ("term", "forms", "category", "alternatives", "why", "fine_when", "severity", "locale",
                      "status", "proposed_by", "reviewed_by", "flag_examples", "pass_examples", "safe_fix"):
            assert getattr(back, field) == getattr(e, field), (e.path, field)
        assert back.sources == e.sources


# -- export and import ----------------------------------------------------------------------

def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, rows: list[dict], columns=COLUMNS) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns)
        w.writeheader()
        w.writerows(rows)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_export_end_to_end(glossary, tmp_path):
    out = tmp_path / "review.csv"
    r = cli("glossary", "export", "--csv", out, "--folder", glossary)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # spreadsheets read UTF-8 with this mark
    rows = read_csv(out)
    assert len(rows) == 5 and list(rows[0]) == list(COLUMNS)
    z = next(r for r in rows if r["term"] == "zorble")
    assert z["file"] == "jargon/zorble.yaml" and z["alternatives"] == "meeting | get-together"
    assert z["source organisations"] == "Test" and z["source addresses"] == "https://example.org/"
    assert z["flag examples"] == "We say zorble here." and z["status"] == "approved"


def test_export_then_import_changes_nothing(glossary, tmp_path, capsys):
    out = tmp_path / "review.csv"
    assert in_process(capsys, "glossary", "export", "--csv", out, "--folder", glossary)[0] == 0
    before = snapshot(glossary)
    code, text, _ = in_process(capsys, "glossary", "import", "--csv", out, "--folder", glossary)
    assert code == 0 and "0 added, 0 changed, 5 unchanged. Nothing was written." in text
    assert snapshot(glossary) == before


def test_import_reports_added_changed_unchanged_then_writes(glossary, tmp_path):
    out = tmp_path / "review.csv"
    assert cli("glossary", "export", "--csv", out, "--folder", glossary).returncode == 0
    rows = read_csv(out)
    z = next(r for r in rows if r["term"] == "zorble")
    z["alternatives"] = "meeting | team meeting"
    z["reviewed-by"] = "Lived experience panel, May"
    rows.append({**{k: "" for k in COLUMNS}, "term": "blibber", "category": "jargon", "alternatives": "talk",
                 "why": "Nobody knows it.", "source organisations": "Test", "source documents": "Guide",
                 "flag examples": "We will blibber later.", "pass examples": "We will talk later."})
    write_csv(out, rows)
    before = snapshot(glossary)
    r = cli("glossary", "import", "--csv", out, "--folder", glossary, "--dry-run")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "changed    " in r.stdout and "zorble.yaml: alternatives, reviewed-by" in r.stdout
    assert "added      " in r.stdout and "blibber.yaml" in r.stdout
    assert "1 added, 1 changed, 4 unchanged. Nothing was written (dry run)." in r.stdout
    assert snapshot(glossary) == before
    r = cli("glossary", "import", "--csv", out, "--folder", glossary)
    assert r.returncode == 0 and "Wrote 2 files." in r.stdout
    entries = {e.term: e for e in load_entries([glossary])[0]}
    assert entries["zorble"].alternatives == ["meeting", "team meeting"]
    assert entries["zorble"].reviewed_by == "Lived experience panel, May"
    assert entries["blibber"].status == "proposed"  # new rows are proposed unless the row says otherwise
    assert (glossary / "jargon" / "blibber.yaml").is_file()
    assert not [p for p in glossary.rglob("*") if p.name.endswith(".tmp")]
    assert cli("glossary", "check", glossary).returncode == 0


def test_import_writes_nothing_when_any_row_is_wrong(glossary, tmp_path, capsys):
    out = tmp_path / "review.csv"
    assert in_process(capsys, "glossary", "export", "--csv", out, "--folder", glossary)[0] == 0
    rows = read_csv(out)
    rows[0]["reviewed-by"] = "Someone"  # a good change ...
    rows[1]["category"] = "jargn"  # ... and three bad ones
    rows[2]["alternatives"] = ""
    rows[3]["source documents"] = "One | Two"
    write_csv(out, rows)
    before = snapshot(glossary)
    code, text, _ = in_process(capsys, "glossary", "import", "--csv", out, "--folder", glossary)
    assert code == 1
    assert "review.csv, row 3: category 'jargn' is not one of" in text and "did you mean 'jargon'?" in text
    assert "review.csv, row 4: 'alternatives' is empty" in text
    assert "review.csv, row 5: 'source organisations', 'source documents' and 'source addresses' must list" in text
    assert "3 problems. Nothing was written." in text
    assert snapshot(glossary) == before


def test_import_checks_alternatives_and_duplicates(glossary, tmp_path, capsys):
    out = tmp_path / "review.csv"
    assert in_process(capsys, "glossary", "export", "--csv", out, "--folder", glossary)[0] == 0
    rows = read_csv(out)
    z = next(r for r in rows if r["term"] == "zorble")
    z["alternatives"] = "grumbler"  # flagged by another entry
    rows.append({**z, "file": "", "alternatives": "gathering"})  # the same term again, as a new row
    write_csv(out, rows)
    before = snapshot(glossary)
    code, text, _ = in_process(capsys, "glossary", "import", "--csv", out, "--folder", glossary)
    assert code == 1
    assert "the alternative 'grumbler' would itself be flagged" in text
    assert "zorble.yaml already exists" in text
    assert snapshot(glossary) == before


def test_import_rejects_unknown_columns_and_bad_files(glossary, tmp_path, capsys):
    out = tmp_path / "review.csv"
    write_csv(out, [{"term": "x"}], columns=["term", "categroy"])
    code, text, _ = in_process(capsys, "glossary", "import", "--csv", out, "--folder", glossary)
    assert code == 1 and "the column 'categroy' is not one plainspeak knows — did you mean 'category'?" in text
    assert "the column 'alternatives' is missing" in text
    rows = [{**{k: "" for k in COLUMNS}, "file": "../outside.yaml", "term": "x", "category": "jargon",
             "alternatives": "y", "why": "z", "source organisations": "o", "source documents": "d"}]
    write_csv(out, rows)
    code, text, _ = in_process(capsys, "glossary", "import", "--csv", out, "--folder", glossary)
    assert code == 1 and "must be a .yaml file inside the glossary folder" in text
    code, _, err = in_process(capsys, "glossary", "import", "--csv", tmp_path / "none.csv", "--folder", glossary)
    assert code == 2 and "no such file" in err


def test_import_moves_an_entry_whose_category_changes(glossary, tmp_path, capsys):
    out = tmp_path / "review.csv"
    assert in_process(capsys, "glossary", "export", "--csv", out, "--folder", glossary)[0] == 0
    rows = read_csv(out)
    next(r for r in rows if r["term"] == "zorble")["category"] = "plain-english"
    write_csv(out, rows)
    code, text, _ = in_process(capsys, "glossary", "import", "--csv", out, "--folder", glossary)
    assert code == 0, text
    assert "(moved from" in text and "category" in text
    assert (glossary / "plain-english" / "zorble.yaml").is_file() and not (glossary / "jargon" / "zorble.yaml").exists()


# -- glossary check: overlaps, conflicts, file and line ------------------------------------

def test_overlapping_terms_are_a_note_not_an_error(glossary, capsys):
    (glossary / "jargon" / "test-word-list.yaml").write_text(
        entry_text("test word list", alternatives=["list of plain words"]), encoding="utf-8")
    assert check_glossary([str(glossary)]) == 0
    out = capsys.readouterr().out
    assert "test-word-list.yaml, line 1: note: 'test word' (" in out and "is part of 'test word list'" in out
    assert "fine (1 note)" in out


def test_overlap_with_conflicting_alternatives_is_an_error(glossary, capsys):
    (glossary / "jargon" / "test-word-list.yaml").write_text(
        entry_text("test word list", alternatives=["test word register"]), encoding="utf-8")
    assert check_glossary([str(glossary)]) == 1
    out = capsys.readouterr().out
    assert "test-word-list.yaml, line 4: 'test word list' suggests 'test word register', but that still says " \
           "'test word', which" in out and "the two entries disagree" in out
    assert "would itself be flagged" not in out  # one message, not two


def test_overlap_across_categories_with_different_advice_is_a_note(glossary, capsys):
    (glossary / "deficit-label" / "zorble-grumbler.yaml").write_text(
        entry_text("zorble grumbler", "deficit-label", ["person at the meeting"]), encoding="utf-8")
    assert check_glossary([str(glossary)]) == 0
    out = capsys.readouterr().out
    assert out.count("note:") == 2  # 'zorble' and 'grumbler' are both part of it


def test_terms_that_find_the_same_words_conflict(glossary, capsys):
    (glossary / "jargon" / "test-words.yaml").write_text(entry_text("test words", alternatives=["plain talk"]),
                                                         encoding="utf-8")
    assert check_glossary([str(glossary)]) == 1
    out = capsys.readouterr().out
    assert "finds the same words as" in out and "merge the two entries into one" in out


def test_an_entry_that_suggests_itself_conflicts(glossary, capsys):
    (glossary / "jargon" / "zorble.yaml").write_text(
        entry_text("zorble", alternatives=["Zorble", "meeting"]), encoding="utf-8")
    assert check_glossary([str(glossary)]) == 1
    assert "zorble.yaml, line 4: the alternative 'Zorble' is the term itself" in capsys.readouterr().out


def test_problems_point_at_the_right_line(glossary, capsys):
    (glossary / "jargon" / "zorble.yaml").write_text(
        entry_text("zorble", alternatives=["meeting"], passing="We had a zorble."), encoding="utf-8")
    assert check_glossary([str(glossary)]) == 1
    out = capsys.readouterr().out
    # the 'pass' example is on line 16 of this file
    assert "zorble.yaml, line 16: the 'pass' example is flagged for 'zorble'" in out


def test_check_messages_use_short_paths_end_to_end(tmp_path):
    (tmp_path / "glossary" / "jargon").mkdir(parents=True)
    (tmp_path / "glossary" / "jargon" / "signpost.yaml").write_text(
        entry_text("signpost").replace("alternatives:\n  - plain words\n", "alternatives: refer\n"))
    r = cli("glossary", "check", "glossary", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout.startswith("glossary/jargon/signpost.yaml, line 3: 'alternatives' must be a list — did you mean:")
    r = cli("glossary", "check", "nowhere", cwd=tmp_path)
    assert r.returncode == 2 and "no such glossary folder" in r.stderr


def test_bundled_glossary_has_no_conflicts(checker):
    from plainspeak.data import bundled

    entries, _ = load_entries([bundled("glossary")])
    notes = []
    problems = [p for p in problems_in(entries, checker, notes=notes) if "example" not in p.message]
    assert [str(p) for p in problems] == []
    assert all(n.level == "note" for n in notes)


# -- organisation glossaries ----------------------------------------------------------------

def test_an_organisation_folder_adds_replaces_and_switches_off(tmp_path, monkeypatch):
    from plainspeak.config import load
    from plainspeak.engine import Checker
    from plainspeak.extract.markdown import extract_text

    org = tmp_path / "our-words"
    (org / "jargon").mkdir(parents=True)
    (org / "jargon" / "hub-day.yaml").write_text(entry_text("hub day", alternatives=["drop-in day"]))
    (org / "jargon" / "pathway-plan.yaml").write_text(
        entry_text("pathway plan", alternatives=["your plan"], status="proposed"))
    (org / "jargon" / "signpost.yaml").write_text(entry_text("signpost", alternatives=["tell you about"]))
    (tmp_path / ".plainspeak.toml").write_text(
        'glossary = ["our-words"]\ndisable-terms = ["rough sleeper", "utilise"]\n')
    config = load(start=tmp_path)
    text = ("Come to the hub day. We will signpost you. We met rough sleepers. "
            "Please utilise the form. We wrote a pathway plan.")

    def findings(preview: bool):
        checker = Checker(config, preview=preview)
        return checker, checker.check_document(extract_text(text, "t.md")).findings

    checker, found = findings(preview=False)
    g = checker.glossary
    terms = {e.term for e in g.entries}
    assert "hub day" in terms  # added by the organisation
    assert "rough sleeper" not in terms and "utilise" not in terms  # switched off
    assert "pathway plan" not in terms  # proposed: only with --preview
    assert next(e for e in g.entries if e.term == "signpost").path.startswith(str(org))  # replaced
    matched = {f.match.lower() for f in found if f.category in ("jargon", "deficit-label")}
    assert {"hub day", "signpost"} <= matched
    assert not {"rough sleepers", "utilise", "pathway plan"} & matched
    assert next(f for f in found if f.match.lower() == "signpost").suggestions == ["tell you about"]

    checker, found = findings(preview=True)
    assert "pathway plan" in {f.match.lower() for f in found}


def test_load_glossary_preview_and_retired(glossary):
    terms = {e.term for e in load_glossary([str(glossary)], include_bundled=False).entries}
    assert terms == {"test word", "zorble", "grumbler"}
    terms = {e.term for e in load_glossary([str(glossary)], include_bundled=False, preview=True).entries}
    assert terms == {"test word", "zorble", "grumbler", "quobble"}  # retired never


def test_preview_flag_on_the_command_line(tmp_path):
    org = tmp_path / "our-words"
    (org / "jargon").mkdir(parents=True)
    (org / "jargon" / "quobble.yaml").write_text(entry_text("quobble", alternatives=["plan"], status="proposed"))
    (tmp_path / ".plainspeak.toml").write_text('glossary = ["our-words"]\n')
    (tmp_path / "doc.md").write_text("We made a quobble for you.\n")
    r = cli("check", "doc.md", "--format", "concise", cwd=tmp_path)
    assert "quobble" not in r.stdout.lower()
    r = cli("check", "doc.md", "--format", "concise", "--preview", cwd=tmp_path)
    assert "quobble" in r.stdout.lower()


def test_version_stays_light_with_the_glossary_commands():
    code = ("import sys; from plainspeak.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('spacy', 'yaml', 'plainspeak.glossary.entry', 'plainspeak.glossary.load', 'csv')"
            " if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=checkout_env())
    assert "HEAVY []" in r.stdout, r.stdout + r.stderr


def test_small_checker_unchanged(small_checker):
    """The extra Entry field (lines) does not change matching."""
    assert [f.entry for f in check_markdown(small_checker, "We will signpost you.")] == ["signpost"]


# -- the parsed-glossary cache --------------------------------------------------------------

def test_cache_gives_the_same_glossary_and_follows_changes(glossary, tmp_path, monkeypatch):
    from dataclasses import asdict

    cache = tmp_path / "cache"
    monkeypatch.setenv("PLAINSPEAK_CACHE_DIR", str(cache))
    monkeypatch.delenv("PLAINSPEAK_NO_CACHE", raising=False)
    first = load_glossary([str(glossary)], include_bundled=False)
    assert len(list(cache.glob("glossary-*.json"))) == 1
    again = load_glossary([str(glossary)], include_bundled=False)
    assert again.version == first.version
    assert [asdict(e) for e in again.entries] == [asdict(e) for e in first.entries]
    # Any change to a file gives a new version, and the change is seen.
    path = glossary / "jargon" / "zorble.yaml"
    path.write_text(path.read_text().replace("  - meeting\n", "  - gathering\n"))
    changed = load_glossary([str(glossary)], include_bundled=False)
    assert changed.version != first.version
    assert next(e for e in changed.entries if e.term == "zorble").alternatives[0] == "gathering"
    # A bad file is still an error with a cache.
    (glossary / "jargon" / "bad.yaml").write_text("term: bad\n")
    with pytest.raises(Exception, match="bad.yaml, line 1: 'category' is missing"):
        load_glossary([str(glossary)], include_bundled=False)
    with pytest.raises(Exception, match="bad.yaml, line 1: 'category' is missing"):
        load_glossary([str(glossary)], include_bundled=False)


def test_cache_can_be_switched_off_and_survives_a_broken_cache(glossary, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("PLAINSPEAK_CACHE_DIR", str(cache))
    monkeypatch.setenv("PLAINSPEAK_NO_CACHE", "1")
    load_glossary([str(glossary)], include_bundled=False)
    assert not cache.exists()
    monkeypatch.delenv("PLAINSPEAK_NO_CACHE")
    g = load_glossary([str(glossary)], include_bundled=False)
    for p in cache.glob("glossary-*.json"):
        p.write_text("{not json")
    again = load_glossary([str(glossary)], include_bundled=False)
    assert {e.term for e in again.entries} == {e.term for e in g.entries}
    # A cache folder that cannot be written is not an error.
    monkeypatch.setenv("PLAINSPEAK_CACHE_DIR", str(glossary / "jargon" / "zorble.yaml" / "sub"))
    assert len(load_glossary([str(glossary)], include_bundled=False).entries) == 3


def test_flow_lists_point_at_their_own_line(glossary, capsys):
    (glossary / "jargon" / "zorble.yaml").write_text(
        entry_text("zorble", alternatives=["meeting"]).replace("alternatives:\n  - meeting\n",
                                                               "alternatives: [meeting, grumbler]\n"))
    assert check_glossary([str(glossary)]) == 1
    assert "zorble.yaml, line 3: the alternative 'grumbler' would itself be flagged" in capsys.readouterr().out


def test_check_with_configuration_lets_an_organisation_replace_a_bundled_entry(tmp_path):
    org = tmp_path / "our-words"
    (org / "jargon").mkdir(parents=True)
    (org / "jargon" / "signpost.yaml").write_text(entry_text("signpost", alternatives=["tell you about"]))
    (tmp_path / ".plainspeak.toml").write_text('glossary = ["our-words"]\n')
    r = cli("glossary", "check", cwd=tmp_path)
    assert r.returncode == 0, r.stdout
    assert "our-words/jargon/signpost.yaml, line 1: note: replaces the bundled entry" in r.stdout
    # Named folders are checked as they are: the same term twice is a problem.
    from plainspeak.data import bundled

    r = cli("glossary", "check", bundled("glossary"), org, cwd=tmp_path)
    assert r.returncode == 1 and "'signpost' is also an entry in" in r.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_add_asks_questions_in_a_real_terminal(tmp_path):
    """End to end: with a terminal on standard input, 'add' asks for what the flags leave out."""
    import pty

    main_fd, child_fd = pty.openpty()
    # why, fine-when (skip), organisation, document, address (skip), a flag example, no more, no pass
    # example, no name
    answers = "\n".join(["It is unclear to people.", "", "Test Org", "Test guide", "",
                         "We went to the zibbly wob.", "", "", ""]) + "\n"
    env = checkout_env(NO_COLOR="1")
    proc = subprocess.Popen([sys.executable, "-m", "plainspeak", "glossary", "add", "--folder", str(tmp_path),
                             "--term", "zibbly wob", "--category", "jargon", "--alternative", "chat"],
                            stdin=child_fd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT, env=env)
    os.close(child_fd)
    os.write(main_fd, answers.encode())
    try:
        out, err = proc.communicate(timeout=300)
    finally:
        os.close(main_fd)
    assert proc.returncode == 0, out + err
    assert "Why can this word be a problem?" in out and "What is the word or phrase" not in out
    e = load_entries([tmp_path])[0][0]
    assert (e.term, e.why, e.sources[0].organisation, e.flag_examples) == \
        ("zibbly wob", "It is unclear to people.", "Test Org", ["We went to the zibbly wob."])


def test_import_reads_semicolons_and_explains_other_encodings(glossary, tmp_path, capsys):
    out = tmp_path / "review.csv"
    assert in_process(capsys, "glossary", "export", "--csv", out, "--folder", glossary)[0] == 0
    rows = read_csv(out)
    with open(out, "w", encoding="utf-8", newline="") as fh:  # as some spreadsheets save it
        w = csv.DictWriter(fh, fieldnames=COLUMNS, delimiter=";")
        w.writeheader()
        w.writerows(rows)
    code, text, _ = in_process(capsys, "glossary", "import", "--csv", out, "--folder", glossary, "--dry-run")
    assert code == 0 and "0 added, 0 changed, 5 unchanged" in text
    out.write_bytes("term,category\ncaf\xe9,jargon\n".encode("cp1252"))
    code, _, err = in_process(capsys, "glossary", "import", "--csv", out, "--folder", glossary)
    assert code == 2 and "save it as 'CSV UTF-8'" in err


def test_add_to_an_organisation_folder_can_replace_a_bundled_entry(tmp_path, capsys):
    code, out, _ = in_process(capsys, "glossary", "add", "--folder", tmp_path, "--term", "signpost", "--category",
                              "jargon", "--alternative", "tell you about", "--why", "Our readers do not know it.",
                              "--source-organisation", "Us", "--source-document", "Our guide",
                              "--flag-example", "We signpost people.", "--no-input")
    assert code == 0, out
    assert "replaces the bundled entry" in out and (tmp_path / "jargon" / "signpost.yaml").is_file()


# -- which folder: the repository's glossary after a normal install -------------------------

@pytest.fixture
def installed_copy(glossary, tmp_path, monkeypatch):
    """plainspeak as if installed with pip (its glossary inside the package, in _data), and a copy of the
    repository (glossary/ next to rules/) with one more entry, a proposed one."""
    import shutil

    import plainspeak.data

    site = tmp_path / "site" / "plainspeak" / "_data"
    shutil.copytree(glossary, site / "glossary")
    real = plainspeak.data.bundled
    monkeypatch.setattr(plainspeak.data, "bundled", lambda name: site / "glossary" if name == "glossary" else real(name))
    repo = tmp_path / "repo"
    shutil.copytree(glossary, repo / "glossary")
    (repo / "rules").mkdir()
    (repo / "glossary" / "jargon" / "wibbly.yaml").write_text(
        entry_text("wibbly", alternatives=["unclear"], status="proposed"), encoding="utf-8")
    (repo / "docs").mkdir()
    monkeypatch.setenv("PLAINSPEAK_NO_CACHE", "1")
    return repo


def test_installed_copy_uses_the_repositorys_glossary_everywhere(installed_copy, monkeypatch, capsys):
    from plainspeak.glossary.folders import installed

    assert installed()
    monkeypatch.chdir(installed_copy / "docs")  # anywhere inside the repository
    code, out, _ = in_process(capsys, "glossary", "list")
    assert code == 0 and "wibbly" in out and "proposed" in out
    assert in_process(capsys, "glossary", "search", "wibbly")[0] == 0
    code, out, _ = in_process(capsys, "glossary", "show", "wibbly")
    assert code == 0 and os.path.join("glossary", "jargon", "wibbly.yaml") in out
    code, out, _ = in_process(capsys, "glossary", "check")
    assert code == 0 and "All 6 glossary entries are fine" in out  # the installed copy has 5
    assert "wibbly" in [e.term for e in load_glossary(preview=True).entries]
    assert "wibbly" not in [e.term for e in load_glossary().entries]
    (installed_copy / "docs" / "a.md").write_text("The plan is wibbly.\n")
    code, out, _ = in_process(capsys, "check", "a.md", "--preview", "--format", "concise")
    assert "wibbly" in out.lower()
    code, out, _ = in_process(capsys, "glossary", "add", *ADD_FLAGS)
    assert code == 0, out
    assert (installed_copy / "glossary" / "jargon" / "hard-to-reach.yaml").exists()


def test_installed_copy_outside_the_repository_says_which_folder_to_give(installed_copy, tmp_path, monkeypatch,
                                                                          capsys):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, _, err = in_process(capsys, "glossary", "add", *ADD_FLAGS)
    assert code == 2 and "cannot find a glossary folder" in err and "--folder" in err
    assert in_process(capsys, "glossary", "export", "--csv", "-")[0] == 2
    code, out, _ = in_process(capsys, "glossary", "list")  # reading: the installed copy
    assert code == 0 and "zorble" in out and "wibbly" not in out
    # One glossary folder in the settings: add writes there; two: it asks which.
    (elsewhere / "our-words").mkdir()
    (elsewhere / ".plainspeak.toml").write_text('glossary = ["our-words"]\n')
    code, out, _ = in_process(capsys, "glossary", "add", *ADD_FLAGS)
    assert code == 0, out
    assert (elsewhere / "our-words" / "jargon" / "hard-to-reach.yaml").exists()
    (elsewhere / "theirs").mkdir()
    (elsewhere / ".plainspeak.toml").write_text('glossary = ["our-words", "theirs"]\n')
    code, _, err = in_process(capsys, "glossary", "export", "--csv", "-")
    assert code == 2 and "--folder" in err and "our-words" in err and "theirs" in err


def test_interactive_add_checks_the_term_before_the_other_questions(glossary, capsys):
    answers = iter(["Zorble", "jargon"])
    asked = []

    def ask(prompt):
        asked.append(prompt)
        return next(answers)  # a third question would raise StopIteration

    args = build_parser().parse_args(["glossary", "add", "--folder", str(glossary)])
    assert run_glossary(args, ask=ask) == 1
    out = capsys.readouterr().out
    assert len(asked) == 2 and "already" in out and "zorble.yaml" in out
    # also a term that is another entry's other form, in another file name
    answers = iter(["zorbles", "jargon"])
    asked.clear()
    assert run_glossary(args, ask=ask) == 1
    assert len(asked) == 2 and "'zorbles' is already in the glossary" in capsys.readouterr().out


# -- import does not undo newer changes -----------------------------------------------------

def _export_and_edit(capsys, glossary, tmp_path, columns=COLUMNS):
    out = tmp_path / "review.csv"
    assert in_process(capsys, "glossary", "export", "--csv", out, "--folder", glossary)[0] == 0
    rows = read_csv(out)
    z = next(r for r in rows if r["term"] == "zorble")
    z["alternatives"] = "meeting | team meeting"
    if columns != COLUMNS:
        rows = [{k: v for k, v in r.items() if k in columns} for r in rows]
    write_csv(out, rows, columns)
    return out


def test_import_stops_before_undoing_a_newer_change(glossary, tmp_path, capsys):
    out = _export_and_edit(capsys, glossary, tmp_path)
    zorble = glossary / "jargon" / "zorble.yaml"
    newer = zorble.read_text().replace("Nobody outside the team", "Hardly anyone outside the team")
    zorble.write_text(newer)  # someone changes the file after the export
    before = snapshot(glossary)
    code, text, _ = in_process(capsys, "glossary", "import", "--csv", out, "--folder", glossary)
    assert code == 1 and "jargon/zorble.yaml was changed after the spreadsheet was exported" in text
    assert "nothing was written" in text and "--force" in text and snapshot(glossary) == before
    code, text, _ = in_process(capsys, "glossary", "import", "--csv", out, "--folder", glossary, "--force")
    assert code == 0 and "imported anyway" in text
    assert "team meeting" in zorble.read_text() and "Hardly anyone" not in zorble.read_text()


def test_import_does_not_bring_back_a_deleted_file(glossary, tmp_path, capsys):
    out = tmp_path / "review.csv"
    assert in_process(capsys, "glossary", "export", "--csv", out, "--folder", glossary)[0] == 0
    (glossary / "deficit-label" / "grumbler.yaml").unlink()
    code, text, _ = in_process(capsys, "glossary", "import", "--csv", out, "--folder", glossary)
    assert code == 1 and "grumbler.yaml was deleted after the spreadsheet was exported" in text
    assert not (glossary / "deficit-label" / "grumbler.yaml").exists()


def test_import_of_an_old_spreadsheet_compares_dates(glossary, tmp_path, capsys):
    out = _export_and_edit(capsys, glossary, tmp_path, [c for c in COLUMNS if c != "file version"])
    zorble = glossary / "jargon" / "zorble.yaml"
    later = out.stat().st_mtime + 60
    os.utime(zorble, (later, later))  # the file was changed after the spreadsheet was saved
    code, text, _ = in_process(capsys, "glossary", "import", "--csv", out, "--folder", glossary)
    assert code == 1 and "zorble.yaml was changed after the spreadsheet was last saved" in text
    earlier = out.stat().st_mtime - 60
    os.utime(zorble, (earlier, earlier))
    code, text, _ = in_process(capsys, "glossary", "import", "--csv", out, "--folder", glossary)
    assert code == 0 and "1 changed" in text and "team meeting" in zorble.read_text()


def test_cache_key_covers_the_packages_own_code(tmp_path, monkeypatch):
    from plainspeak.glossary import cache

    names = {p.name for p in cache.code_files()}
    package = Path(cache.__file__).parent
    # the package, and the two modules outside it that decide how entries are read
    assert {p.name for p in package.glob("*.py")} | {"yamlfile.py", "usage.py"} == names
    copies = []
    for p in cache.code_files():
        copy = tmp_path / p.name
        copy.write_bytes(p.read_bytes())
        copies.append(copy)
    monkeypatch.setattr(cache, "code_files", lambda: copies)
    cache.code_key.cache_clear()
    try:
        first = cache.code_key()
        entry = next(c for c in copies if c.name == "entry.py")
        entry.write_text(entry.read_text() + "\n# a change to the code that reads entries\n")
        cache.code_key.cache_clear()
        assert cache.code_key() != first
    finally:
        cache.code_key.cache_clear()


def test_one_term_key_everywhere():
    from plainspeak.glossary.entry import term_key

    assert term_key("DoLS", "acronym") == "DoLS" and term_key("Rough Sleeper", "jargon") == "rough sleeper"
    package = Path(__file__).resolve().parent.parent / "plainspeak" / "glossary"
    for path in package.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert 'if e.category == "acronym" else' not in text and "_term_key" not in text, path


def test_no_import_cycles_in_the_glossary_and_word_packages():
    """Module-level imports between the modules of plainspeak/glossary/ and plainspeak/extract/docx/
    (and annotate) form no cycle, and no module is over 500 lines."""
    import ast

    root = Path(__file__).resolve().parent.parent
    files = [*(root / "plainspeak" / "glossary").glob("*.py"), *(root / "plainspeak" / "extract" / "docx").glob("*.py"),
             root / "plainspeak" / "annotate.py"]

    def name_of(path: Path) -> str:
        parts = list(path.relative_to(root).with_suffix("").parts)
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

    names = {name_of(p): p for p in files}
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 500, f"{path} is over 500 lines"
        deps = set()
        for node in ast.parse(text).body:  # module level only: imports inside functions run later
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    deps.add(full if full in names else node.module)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names)
        graph[name] = {d for d in deps if d in names and d != name}
    state: dict[str, int] = {}

    def visit(n: str, path: list[str]) -> None:
        state[n] = 1
        for d in graph[n]:
            assert state.get(d) != 1, "import cycle: " + " -> ".join([*path, n, d])
            if d not in state:
                visit(d, [*path, n])
        state[n] = 2

    for n in graph:
        if n not in state:
            visit(n, [])
