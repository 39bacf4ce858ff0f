"""The bundled glossary: every entry's examples run as tests, and the whole glossary is checked.

``pytest -k rough-sleeper`` runs one entry's examples.
"""

from __future__ import annotations

import pytest

from conftest import check_markdown
from plainspeak.data import bundled
from plainspeak.glossary import load_entries
from plainspeak.glossary.lint import check_glossary, entry_found, problems_in

ENTRIES, PROBLEMS = load_entries([bundled("glossary")])


def test_every_file_is_a_valid_entry():
    assert [str(p) for p in PROBLEMS] == []


def test_enough_entries_in_each_category():
    counts = {}
    for e in ENTRIES:
        counts[e.category] = counts.get(e.category, 0) + 1
    assert len(ENTRIES) >= 60
    for category in ("deficit-label", "jargon", "plain-english", "acronym"):
        assert counts.get(category, 0) >= 10, counts


def test_every_entry_has_examples_and_sources():
    for e in ENTRIES:
        assert e.flag_examples, f"{e.path}: no 'flag' example"
        assert e.sources, e.path
        assert e.path.replace("\\", "/").split("/glossary/")[1].startswith(e.category + "/"), \
            f"{e.path} should be in glossary/{e.category}/"


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.status != "retired"], ids=lambda e: e.id)
def test_entry_examples(checker, entry):
    for text in entry.flag_examples:
        assert entry_found(entry, check_markdown(checker, text)), f"not found in: {text!r}"
    for text in entry.pass_examples:
        assert not entry_found(entry, check_markdown(checker, text)), f"flagged in: {text!r}"


def test_no_duplicates_and_alternatives_are_not_flagged(checker):
    problems = [p for p in problems_in(ENTRIES, checker) if "example" not in p.message]
    assert [str(p) for p in problems] == []


def test_glossary_check_command_passes_on_the_bundled_glossary(capsys):
    assert check_glossary([str(bundled("glossary"))]) == 0
    assert "are fine" in capsys.readouterr().out


GOOD = """term: test word
category: jargon
alternatives: [plain word]
why: Because it is unclear.
sources:
  - organisation: Test
    document: Test guide
    url: https://example.org/
examples:
  flag: [We test word here.]
  pass: [We say plain word here.]
"""


@pytest.mark.parametrize("change, message", [
    (("alternatives: [plain word]", "alternatives: plain word"),
     "line 3: 'alternatives' must be a list — did you mean:"),
    (("category: jargon", "category: jargn"), "line 2: category 'jargn' is not one of: deficit-label, jargon, "
                                              "plain-english, acronym — did you mean 'jargon'?"),
    (("why: Because it is unclear.\n", ""), "'why' is missing"),
    (("term: test word", "term: test word\nstatus: aproved"), "did you mean 'approved'?"),
    (("term: test word", "term: test word\nseverity: high"), "severity 'high' must be one of"),
    (("    url: https://example.org/", "    url: example.org"), "must start with https://"),
    (("term: test word", "term: test word\nalternative: [x]"), "'alternative' is not a field plainspeak knows "
                                                               "— did you mean 'alternatives'?"),
    (("flag: [We test word here.]", "flag: [We test word here.]\n  fail: [x]"), "may only hold 'flag' and 'pass'"),
    (("category: jargon", "category: [jargon"), "line 2: a list in square brackets opens here but never closes"),
    # YAML mistakes in plain words, with the line (not the parser's "mapping values are not allowed ...")
    (("why: Because it is unclear.", "why: Because: it is unclear."), "line 4: there is a ':' (colon) here that "
                                                                      "plainspeak cannot read. If the text has a "
                                                                      "colon in it, put the whole text in double "
                                                                      "quotes"),
    (("why: Because it is unclear.", 'why: "Because it is unclear.'), "line 4: a quote mark opens here but "
                                                                      "never closes"),
    (("why: Because it is unclear.", "\twhy: Because it is unclear."), "line 4: there is a tab here; indent "
                                                                        "lines with spaces, not tabs"),
    (("term: test word", "term: @test word"), "line 1: text cannot start with '@' here; put the whole text in "
                                              "double quotes"),
    (("alternatives: [plain word]", "alternatives:\n  - plain word\n - simple word"),
     "line 5: this line is not lined up with the lines around it"),
    (("category: jargon", "category: jargon\ncategory: jargon"), "line 3: the key 'category' appears twice; "
                                                                  "keep one of them"),
])
def test_bad_entries_get_clear_messages(tmp_path, change, message, capsys):
    (tmp_path / "jargon").mkdir()
    (tmp_path / "jargon" / "test-word.yaml").write_text(GOOD.replace(*change))
    assert check_glossary([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "test-word.yaml" in out and message in out
    assert "mapping values" not in out and "token" not in out and "<block" not in out


def test_examples_that_misbehave_are_reported(tmp_path, capsys):
    (tmp_path / "jargon").mkdir()
    (tmp_path / "jargon" / "test-word.yaml").write_text(
        GOOD.replace("flag: [We test word here.]", "flag: [Nothing to see.]"))
    assert check_glossary([str(tmp_path)]) == 1
    assert "the 'flag' example does not find 'test word'" in capsys.readouterr().out


def test_flagged_alternative_is_an_error(tmp_path, capsys):
    (tmp_path / "jargon").mkdir()
    (tmp_path / "jargon" / "test-word.yaml").write_text(GOOD)
    (tmp_path / "jargon" / "other.yaml").write_text(
        GOOD.replace("term: test word", "term: other thing").replace("[plain word]", "[test word]")
        .replace("We test word here.", "We other thing here.").replace("We say plain word here.", "Fine."))
    assert check_glossary([str(tmp_path)]) == 1
    assert "the alternative 'test word' would itself be flagged" in capsys.readouterr().out


def test_duplicate_terms_are_reported(tmp_path, capsys):
    (tmp_path / "jargon").mkdir()
    (tmp_path / "jargon" / "a.yaml").write_text(GOOD)
    (tmp_path / "jargon" / "b.yaml").write_text(GOOD)
    assert check_glossary([str(tmp_path)]) == 1
    assert "is also an entry in" in capsys.readouterr().out
