"""plainspeak fix: only the swaps the glossary marks as safe, never in code or link targets."""

from __future__ import annotations

import os

import pytest

from conftest import run_in_process
from plainspeak.fix import _match_case

ENTRY = """\
term: zibbly wob
category: plain-english
alternatives:
{alternatives}
why: "Nobody knows what a zibbly wob is."
safe-fix: {safe}
sources:
  - organisation: Test
    document: Test
examples:
  flag:
    - We wrote a zibbly wob.
  pass:
    - We wrote plain words.
"""

DOC = """\
# Notes

Zibbly wob comes first. We like the zibbly wob.

`zibbly wob` in code, and we utilise it.

```
zibbly wob in a block
```

See [the zibbly wob](https://example.org/zibbly-wob "zibbly wob").

<!-- plainspeak-disable PS202 -->
A quoted zibbly wob stays.
<!-- plainspeak-enable -->

Two zibbly wobs stay too (another form of the words).
"""

FIXED = DOC.replace("Zibbly wob comes", "Plain words comes").replace("like the zibbly wob.", "like the plain words.") \
    .replace("[the zibbly wob]", "[the plain words]").replace("we utilise it", "we use it")


def run(*args, cwd):
    """In this process (conftest.run_in_process): the same code as `python -m plainspeak`, without a
    new Python process importing spaCy for each command."""
    return run_in_process(*args, cwd=cwd)


def folder(tmp_path, safe="true", alternatives=("plain words",)):
    (tmp_path / "g").mkdir()
    alts = "\n".join(f"  - {a}" for a in alternatives)
    (tmp_path / "g" / "zibbly-wob.yaml").write_text(ENTRY.format(alternatives=alts, safe=safe))
    (tmp_path / ".plainspeak.toml").write_text('glossary = ["g"]\n')
    return tmp_path


def test_diff_first_then_fix_only_prose(tmp_path):
    folder(tmp_path)
    doc = tmp_path / "notes.md"
    doc.write_text(DOC)
    os.chmod(doc, 0o640)
    r = run("fix", "--diff", "notes.md", cwd=tmp_path)
    assert r.returncode == 0 and doc.read_text() == DOC  # --diff changes nothing
    assert r.stdout.startswith("--- a/notes.md\n+++ b/notes.md\n")
    assert "-Zibbly wob comes first. We like the zibbly wob.\n+Plain words comes first. We like the plain words.\n" in r.stdout
    r = run("fix", "notes.md", cwd=tmp_path)
    assert r.returncode == 0 and "notes.md: made 4 safe swaps." in r.stdout
    assert doc.read_text() == FIXED
    assert "we use it" in FIXED  # 'utilise' is marked safe in the bundled glossary
    assert oct(os.stat(doc).st_mode & 0o777) == oct(0o640)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []  # no half-written files
    r = run("fix", "notes.md", cwd=tmp_path)
    assert "nothing to change safely" in r.stdout and doc.read_text() == FIXED


def test_line_endings_and_byte_order_mark_are_kept(tmp_path):
    folder(tmp_path)
    doc = tmp_path / "notes.txt"
    doc.write_bytes(b"\xef\xbb\xbfFirst line.\r\nWe like the zibbly wob.\r\n")
    r = run("fix", "notes.txt", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert doc.read_bytes() == b"\xef\xbb\xbfFirst line.\r\nWe like the plain words.\r\n"


@pytest.mark.parametrize("safe, alternatives", [("false", ("plain words",)), ("true", ("plain words", "clear words"))])
def test_entries_not_marked_safe_are_left_alone(tmp_path, safe, alternatives):
    folder(tmp_path, safe, alternatives)
    doc = tmp_path / "notes.md"
    doc.write_text("We like the zibbly wob.\n")
    r = run("fix", "notes.md", cwd=tmp_path)
    assert r.returncode == 0 and "nothing to change safely" in r.stdout
    assert doc.read_text() == "We like the zibbly wob.\n"


def test_files_that_cannot_be_fixed_safely(tmp_path):
    folder(tmp_path)
    (tmp_path / "a.docx").write_bytes(b"PK")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 and the zibbly wob.\n".encode("cp1252"))
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes(b"One.\r\nWe like the zibbly wob.\n")
    good = tmp_path / "good.md"
    good.write_text("We like the zibbly wob.\n")
    r = run("fix", "a.docx", "latin.txt", "mixed.txt", "missing.md", "good.md", cwd=tmp_path)
    assert r.returncode == 2
    err = r.stderr
    assert "a.docx: fix changes Markdown and text files only" in err
    assert "latin.txt: only UTF-8 files are fixed" in err and "mixed.txt: the file mixes line endings" in err
    assert "missing.md" in err and "Traceback" not in err
    assert latin.read_bytes() == "Caf\xe9 and the zibbly wob.\n".encode("cp1252")
    assert good.read_text() == "We like the plain words.\n"  # the other files are still fixed


def test_capitals_are_kept():
    assert _match_case("Prior to", "before") == "Before"
    assert _match_case("prior to", "before") == "before"
    assert _match_case("HRA", "the act") == "the act"
