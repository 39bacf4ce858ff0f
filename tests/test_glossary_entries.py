"""The bundled glossary: every entry's examples run as tests, and the whole glossary is checked.

``pytest -k rough-sleeper`` runs one entry's examples. A "flag" example passes only when a finding
comes from that very entry (``finding.entry``) and carries the entry's suggestions.

tests/data/glossary-entries.txt lists every entry with the rule its findings come under, and
tests/data/rule-codes.txt every rule file; tests compare them with the glossary and the rules, so
deleting (or adding) an entry or a rule must be deliberate. After such a change, update both with::

    PYTHONPATH=. python tests/test_glossary_entries.py --write
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
from conftest import check_markdown
from plainspeak.data import bundled
from plainspeak.glossary import load_entries
from plainspeak.glossary.lint import check_glossary, entry_found, problems_in
from plainspeak.yamlfile import load_yaml_file

ENTRIES, PROBLEMS = load_entries([bundled("glossary")])
DATA = Path(__file__).parent / "data"
ENTRY_LIST = DATA / "glossary-entries.txt"
RULE_LIST = DATA / "rule-codes.txt"
UPDATE = "PYTHONPATH=. python tests/test_glossary_entries.py --write"


def entry_name(e) -> str:
    """An entry as the list names it: its category folder and file name ("acronym/dwp")."""
    return f"{e.category}/{e.id}"


def read_list(path: Path) -> dict[str, str]:
    """A committed list: "name value" lines; lines starting with # are notes."""
    out: dict[str, str] = {}
    if not path.exists():
        return out  # the tests below then say how to make it
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, value = line.split()
            out[name] = value
    return out


def rule_files() -> dict[str, str]:
    """Each rule file's code and name, from rules/."""
    out = {}
    for path in sorted(bundled("rules").glob("*.yaml")):
        data = load_yaml_file(str(path))
        out[data["code"]] = data["name"]
    return out


# Words that change when a suggestion is fitted to the sentence ("person" -> "people", "has" -> "have").
_SAME = {"people": "person", "men": "man", "women": "woman", "children": "child", "has": "have", "is": "are",
         "was": "were", "does": "do"}


def _words(text: str) -> list[str]:
    return [_SAME.get(w, w) for w in re.findall(r"[\w'’-]+", text.lower()) if w not in ("a", "an", "the")]


def _lemma(word: str) -> str:
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(word)
    for pos in ("VERB", "NOUN"):
        if pos in lemmas:
            return lemmas[pos][0]
    return word


def fitted_from(suggestion: str, alternative: str) -> bool:
    """True when ``suggestion`` is ``alternative``, perhaps fitted to the sentence (plural, article)."""
    a, b = _words(suggestion), _words(alternative)

    def close(x: str, y: str) -> bool:
        n = max(3, min(len(x), len(y)) - 3)
        return x == y or x[:n] == y[:n] or _lemma(x) == _lemma(y)  # "got" fitted from "get"

    return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))


def own_finding(entry, findings):
    """The finding that comes from this entry, or None."""
    return next((f for f in findings if f.entry == entry.id), None)


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


LISTED = read_list(ENTRY_LIST)


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.status != "retired"], ids=lambda e: e.id)
def test_entry_examples(checker, entry):
    for text in entry.flag_examples:
        f = own_finding(entry, check_markdown(checker, text))
        assert f is not None, f"no finding from {entry.id} in: {text!r}"
        assert f.suggestions, f"the finding for {entry.id} suggests nothing in: {text!r}"
        assert all(any(fitted_from(s, a) for a in entry.alternatives) for s in f.suggestions), \
            (f.suggestions, entry.alternatives)
        assert f.rule == LISTED.get(entry_name(entry)), \
            f"{entry_name(entry)} is reported under {f.rule}, but {ENTRY_LIST.name} says " \
            f"{LISTED.get(entry_name(entry))}; if that is meant, run: {UPDATE}"
    for text in entry.pass_examples:
        assert not entry_found(entry, check_markdown(checker, text)), f"flagged in: {text!r}"


def test_the_list_of_entries_is_the_glossary():
    """Deleting (or adding) an entry fails here until tests/data/glossary-entries.txt says so too."""
    have = {entry_name(e) for e in ENTRIES if e.status != "retired"}
    listed = set(LISTED)
    assert not listed - have, f"entries in {ENTRY_LIST.name} but not in the glossary (deleted?): " \
                              f"{sorted(listed - have)}; if that is meant, run: {UPDATE}"
    assert not have - listed, f"entries not in {ENTRY_LIST.name}: {sorted(have - listed)}; run: {UPDATE}"


def test_the_list_of_rules_is_the_rules_folder():
    """Deleting (or adding) a rule file fails here until tests/data/rule-codes.txt says so too."""
    have, listed = rule_files(), read_list(RULE_LIST)
    assert not listed.keys() - have.keys(), f"rules in {RULE_LIST.name} with no rule file (deleted?): " \
                                            f"{sorted(listed.keys() - have.keys())}; if that is meant, run: {UPDATE}"
    assert have == listed, f"the rule files differ from {RULE_LIST.name}; run: {UPDATE}"


def test_fitted_from():
    assert fitted_from("people who use drugs", "person who uses drugs")
    assert fitted_from("a person with an addiction", "person with an addiction")
    assert fitted_from("people with convictions", "person with a conviction")
    assert not fitted_from("people who use drugs", "person sleeping rough")
    assert not fitted_from("support", "support worker")


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


def write_lists() -> None:
    """Write both lists from the glossary and the rules as they are now."""
    from plainspeak.engine import Checker

    checker = Checker()
    lines = []
    for e in sorted((e for e in ENTRIES if e.status != "retired"), key=entry_name):
        f = own_finding(e, check_markdown(checker, e.flag_examples[0])) if e.flag_examples else None
        lines.append(f"{entry_name(e)} {f.rule if f else 'none'}")
    ENTRY_LIST.write_text("# Every glossary entry (category/file name) and the rule its findings come under.\n"
                          "# tests/test_glossary_entries.py compares it with the glossary: deleting an entry\n"
                          f"# must be deliberate. Update with: {UPDATE}\n" + "\n".join(lines) + "\n",
                          encoding="utf-8")
    RULE_LIST.write_text("# Every rule file: its code and name. tests/test_glossary_entries.py compares it\n"
                         f"# with rules/: deleting a rule must be deliberate. Update with: {UPDATE}\n"
                         + "".join(f"{code} {name}\n" for code, name in sorted(rule_files().items())),
                         encoding="utf-8")
    print(f"Wrote {ENTRY_LIST} ({len(lines)} entries) and {RULE_LIST}.")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(f"usage: {UPDATE}")
    write_lists()
