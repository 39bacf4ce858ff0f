"""No pathological input reaches spaCy (issue 13 item 2).

spaCy's tokenizer takes minutes on one long run of brackets or quotation marks, and
refuses a text over 1,000,000 characters with its own error (E088). These files must
finish with findings, or with a plain "too large" error naming the limit.
"""

from __future__ import annotations


import pytest

from conftest import run_in_process
from plainspeak.extract.limits import Limits
from plainspeak.language.safe import MAX_TOKEN, PIECE, blank_wild_runs, pieces

# ``checker``: conftest's, one Checker with the bundled rules for the whole test run.


def check(checker, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return checker.check_file(str(path))


@pytest.mark.parametrize("mark", ["(", ")", '"', "\u201c", "'", "[", "*"])
def test_60_kb_of_one_mark_is_checked(checker, tmp_path, mark):
    report = check(checker, tmp_path, "marks.md", mark * 60_000)
    assert report.error is None
    assert report.readability["words"] == 0


def test_nested_brackets_around_words_keep_the_words_and_their_places(checker, tmp_path):
    text = "Intro line.\n\nWe met " + "(" * 30_000 + "heroin users" + ")" * 30_000 + " in the town centre.\n"
    report = check(checker, tmp_path, "nested.md", text)
    assert report.error is None
    [label] = [f for f in report.findings if f.match == "heroin users"]
    assert (label.location.line, label.location.column) == (3, 8 + 30_000)
    assert report.readability["words"] == 2 + 2 + 2 + 4  # "Intro line", "We met", the label, "in the town centre"


def test_a_web_address_is_not_blanked_but_a_huge_token_is():
    url = "https://www.gov.uk/guidance/homelessness-code-of-guidance-for-local-authorities/chapter-6"
    assert blank_wild_runs(f"See {url} now.") == f"See {url} now."
    blob = "A" * (MAX_TOKEN + 1)
    assert blank_wild_runs(f"x {blob} y") == "x " + " " * len(blob) + " y"
    assert blank_wild_runs("Contents ........................ 3") == "Contents " + " " * 24 + " 3"
    assert blank_wild_runs("Wait... what?! (see note)") == "Wait... what?! (see note)"


def test_pieces_join_back_exactly_and_stay_under_the_size():
    text = ("A sentence of several words here. " * 9_000 + "x" * 500 + " ") * 3
    parts = pieces(text, 50_000)
    assert "".join(parts) == text
    assert len(parts) > 5 and all(len(p) <= 50_000 for p in parts)
    assert all(p.endswith(" ") for p in parts[:-1])  # cut after a sentence end or a space


def test_a_long_one_line_paragraph_is_analysed_in_pieces_with_findings_in_place(checker, tmp_path):
    sentence = "The team met tenants at the hostel today. "
    n = (3 * PIECE) // len(sentence)  # three pieces and more, in one paragraph on one line
    text = sentence * n + "Then we met two rough sleepers."
    report = check(checker, tmp_path, "long.md", text)
    assert report.error is None
    assert report.readability["sentences"] == n + 1
    assert report.readability["words"] == 8 * n + 6
    [label] = [f for f in report.findings if f.match == "rough sleepers"]
    assert label.location.line == 1 and label.location.column == len(sentence) * n + len("Then we met two ") + 1


def test_a_10_mb_one_line_markdown_file_is_refused_plainly(checker, tmp_path):
    report = check(checker, tmp_path, "big.md", "The council helps people. " * 400_000)  # 10.4 MB, one line
    assert report.error == ("the file is too large to check: it holds 10,400,000 characters of text, and plainspeak "
                            f"checks at most {Limits().max_text_chars:,} (about 333,333 words)")


def test_a_10_mb_text_file_is_refused_plainly_on_the_command_line(tmp_path):
    para = "We met the tenant at the hostel and talked about rent arrears. " * 8 + "\n\n"
    big = tmp_path / "big.txt"
    big.write_text(para * (10_000_000 // len(para)), encoding="utf-8")
    small = tmp_path / "small.md"
    small.write_text("We met two rough sleepers.\n", encoding="utf-8")
    r = run_in_process("check", "--format", "concise", big, small)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and "E088" not in r.stderr + r.stdout
    [line] = [ln for ln in (r.stdout + r.stderr).splitlines() if "too large" in ln]
    assert str(big) in line and "the file is too large to check" in line and "at most 2,000,000" in line
    assert "small.md:1:" in r.stdout  # the other file is still checked
