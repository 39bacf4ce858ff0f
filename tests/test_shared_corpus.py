"""The shared corpus of odd, damaged and hostile files (../shared/corpus, or $PLAINSPEAK_SHARED):
every file of every kind, through what users run and through the extractors.

The corpus lives beside the checkout, not in it. Without it these tests skip on a developer's
machine and FAIL under CI=true (.ci/run), so CI can never pass by leaving it out.

Figures today (the lower bounds below only ever go up): of 531 files, 101 .docx, 93 .pdf,
3 .docm, 3 .dotx and 4 of the 71 fuzz files read; the rest are refused with one plain line.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import SHARED, need
from plainspeak.extract import UNSUPPORTED, extract_bytes
from plainspeak.extract.limits import Limits
from plainspeak.model import ExtractError

CORPUS = SHARED / "corpus"
# Files read by their contents, whatever their names say: fuzz files are PDF data, and
# .doc, .docm and .dotx files are tried as Word packages (some are ZIP files inside).
BY_CONTENT = {".pdf": "pdf", ".fuzz": "pdf", ".docx": "docx", ".docm": "docx", ".dotx": "docx", ".doc": "docx"}
AT_LEAST_READ = {".docx": 101, ".pdf": 93, ".docm": 3, ".dotx": 3, ".fuzz": 4}


@pytest.fixture(scope="module")
def files() -> list[Path]:
    need(CORPUS.is_dir(), f"the shared corpus of damaged files ({CORPUS})")
    found = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix.lower() != ".md")
    kinds = Counter(p.suffix.lower() for p in found)
    assert set(kinds) == set(BY_CONTENT), f"new kinds of file in the corpus: {sorted(set(kinds) - set(BY_CONTENT))}"
    assert len(found) >= 500, len(found)
    return found


def plain_line(message: str, path: Path) -> None:
    assert message and "\n" not in message and "Traceback" not in message, (path.name, message)
    assert str(path) not in message and path.name not in message, (path.name, message)


def test_every_file_is_read_or_refused_plainly_by_its_contents(files):
    """Each extractor on every file of every kind: a Document that holds together, or
    ExtractError with one plain line; never anything else."""
    read, refused, unexpected = Counter(), Counter(), []
    for path in files:
        ext = path.suffix.lower()
        try:
            doc = extract_bytes(path.read_bytes(), str(path), BY_CONTENT[ext], Limits(max_pdf_pages=500))
        except ExtractError as exc:
            plain_line(str(exc), path)
            refused[ext] += 1
            continue
        except BaseException as exc:  # noqa: BLE001  (the point of the test)
            unexpected.append(f"{path.name}: {type(exc).__name__}: {exc}")
            continue
        read[ext] += 1
        for block in doc.blocks:
            assert block.text and block.text == block.text.strip(), path.name
            for span in block.runs:
                assert 0 <= span.start < span.end <= len(block.text), path.name
        for link in doc.links:
            assert doc.blocks[link.block].text[link.start:link.end] == link.text, path.name
    print(f"\nread by contents: {dict(read)}; refused: {dict(refused)}")
    assert not unexpected, unexpected
    for ext, least in AT_LEAST_READ.items():
        assert read[ext] >= least, f"{ext}: {read[ext]} files read, {least} before"
    assert read[".doc"] == 0  # old binary Word files are never taken for .docx


def test_checking_every_file_as_users_do(files):
    """The job API, as the command line runs it, over the whole corpus: every file gets a
    report in order; a file it cannot read gets one plain line (unsupported kinds say what
    to do instead), and the others are still checked."""
    from plainspeak.run import Job

    reports = list(Job().check([str(p) for p in files], jobs=2))
    assert [r.path for r in reports] == [str(p) for p in files]
    checked, findings = Counter(), 0
    for path, report in zip(files, reports):
        ext = path.suffix.lower()
        if report.error:
            plain_line(report.error, path)
        else:
            checked[ext] += 1
            findings += len(report.findings)
        if ext in UNSUPPORTED:
            assert report.error == UNSUPPORTED[ext], (path.name, report.error)
        elif ext == ".fuzz":
            assert report.error == "plainspeak does not read '.fuzz' files", report.error
    print(f"\nchecked: {dict(checked)}, {findings} findings")
    assert findings > 100  # the documents were really checked, not only opened
    assert checked[".docx"] >= AT_LEAST_READ[".docx"] and checked[".pdf"] >= AT_LEAST_READ[".pdf"]
    assert set(checked) == {".docx", ".pdf"}
