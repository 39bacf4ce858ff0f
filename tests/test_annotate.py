"""plainspeak annotate: a copy of a Word file with a comment on the exact words of each finding."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess

import pytest

from conftest import ROOT, need, run_in_process

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402

EXAMPLES = ROOT / "examples"


def run(*args, cwd=ROOT):
    """In this process (conftest.run_in_process): the same code as `python -m plainspeak`, without a
    new Python process importing spaCy for each command."""
    return run_in_process(*args, cwd=cwd)


def comments_with_words(path) -> list[dict]:
    """Each comment of a Word file with the text its range covers, read back from the XML."""
    d = docx.Document(str(path))
    open_ids: set[str] = set()
    covered: dict[str, str] = {}
    for el in d.element.body.iter():
        if el.tag == qn("w:commentRangeStart"):
            covered[el.get(qn("w:id"))] = ""
            open_ids.add(el.get(qn("w:id")))
        elif el.tag == qn("w:commentRangeEnd"):
            open_ids.discard(el.get(qn("w:id")))
        elif el.tag == qn("w:t"):
            for i in open_ids:
                covered[i] += el.text or ""
    assert not open_ids
    out = []
    for c in d.comments:
        out.append({"words": covered[str(c.comment_id)], "text": c.text, "author": c.author,
                    "initials": c.initials})
    return out


@pytest.mark.parametrize("name", ["policy.docx", "assessment-form.docx"])
def test_each_comment_sits_on_its_words(tmp_path, name):
    source = EXAMPLES / name
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    target = tmp_path / "reviewed.docx"
    r = run("annotate", source, "-o", target)
    assert r.returncode == 0, r.stderr
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before  # the original is untouched
    comments = comments_with_words(target)
    assert f"with {len(comments)} comments" in r.stdout
    findings = json.loads(run("check", "--format", "json", source).stdout)["files"][0]["findings"]
    with_words = [x for x in findings if x["match"]]
    assert len(comments) >= len(with_words) > 5
    assert all(c["author"] == "plainspeak" and c["initials"] == "PS" for c in comments)
    remaining = list(comments)
    for x in with_words:
        match = " ".join(x["match"].split())
        hit = next((c for c in remaining if " ".join(c["words"].split()) == match
                    and c["text"].startswith(f"\"{match}\": ") and f"[{x['rule']} {x['name']}]" in c["text"]), None)
        assert hit is not None, x
        remaining.remove(hit)
        if x["suggestions"]:
            assert f"Try: \"{x['suggestions'][0]}\"" in hit["text"]
    # The copy is otherwise the same document.
    def text(p):
        return [p_.text for p_ in docx.Document(str(p)).paragraphs]
    assert text(target) == text(source)


def test_split_runs_keep_their_formatting(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("We met ")
    bold = p.add_run("two rough sleepers today")
    bold.bold = True
    p.add_run(", and a heroin user.")
    source = tmp_path / "a.docx"
    d.save(str(source))
    r = run("annotate", source)
    assert r.returncode == 0, r.stderr
    target = tmp_path / "a-reviewed.docx"
    comments = comments_with_words(target)
    # "heroin user" is PS302's finding ("person who uses heroin" fits after the "a")
    assert sorted(c["words"] for c in comments) == ["heroin user", "rough sleepers"]
    runs = docx.Document(str(target)).paragraphs[0].runs
    texts = [(x.text, bool(x.bold)) for x in runs if x.text]
    assert ("rough sleepers", True) in texts and ("two ", True) in texts and (" today", True) in texts
    assert "".join(t for t, _ in texts) == "We met two rough sleepers today, and a heroin user."


def test_refuses_other_files_and_overwriting_the_original(tmp_path):
    md = tmp_path / "a.md"
    md.write_text("We met two rough sleepers.\n")
    r = run("annotate", md)
    assert r.returncode == 2 and "Word (.docx) files only" in r.stderr
    source = tmp_path / "b.docx"
    shutil.copy(EXAMPLES / "policy.docx", source)
    r = run("annotate", source, "-o", source)
    assert r.returncode == 2 and "never changes the original" in r.stderr
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    r = run("annotate", broken)
    assert r.returncode == 2 and "Traceback" not in r.stderr and not (tmp_path / "broken-reviewed.docx").exists()


def test_libreoffice_opens_the_copy(tmp_path):
    need(bool(shutil.which("soffice") or shutil.which("libreoffice")), "LibreOffice (soffice)")
    target = tmp_path / "reviewed.docx"
    assert run("annotate", EXAMPLES / "policy.docx", "-o", target).returncode == 0
    office = shutil.which("soffice") or shutil.which("libreoffice")
    r = subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(target)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and (tmp_path / "reviewed.pdf").stat().st_size > 1000, r.stderr
    # LibreOffice reads every comment: it keeps them when it saves the file in its own format.
    r = subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                        "--convert-to", "odt", "--outdir", str(tmp_path), str(target)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    import re
    import zipfile

    content = zipfile.ZipFile(tmp_path / "reviewed.odt").read("content.xml").decode("utf-8")
    annotations = len(re.findall(r"<office:annotation[ >]", content))
    assert annotations == len(comments_with_words(target)) > 5
    assert "plainspeak" in content


def _png() -> bytes:
    """A one-pixel PNG picture."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def _comment_paragraphs(path) -> list[int]:
    """For each comment, the number of the body paragraph where its range starts."""
    body = docx.Document(str(path)).element.body
    paragraphs = list(body.iter(qn("w:p")))
    return [paragraphs.index(next(el.iterancestors(qn("w:p"))))
            for el in body.iter(qn("w:commentRangeStart"))]


def test_a_pictures_comment_sits_on_the_picture(tmp_path):
    picture = tmp_path / "map.png"
    picture.write_bytes(_png())
    d = docx.Document()
    d.add_paragraph("How to find the day centre.")
    d.add_paragraph().add_run().add_picture(str(picture))  # no description (alt text), no words
    d.add_heading("Opening times", level=1)
    d.add_paragraph("We are open every day.")
    source = tmp_path / "a.docx"
    d.save(str(source))
    r = run("annotate", source)
    assert r.returncode == 0, r.stderr
    target = tmp_path / "a-reviewed.docx"
    comments = comments_with_words(target)
    picture_comments = [c for c in comments if "[PS501 " in c["text"]]
    assert len(picture_comments) == 1
    # on the picture's own paragraph (number 1), covering the run that holds the picture
    where = dict(zip([c["text"] for c in comments], _comment_paragraphs(target)))
    assert where[picture_comments[0]["text"]] == 1
    body = docx.Document(str(target)).element.body
    start = next(body.iter(qn("w:commentRangeStart")))
    assert start.getnext().find(qn("w:drawing")) is not None  # the run right after the start is the picture
    assert all(not c["words"] or c["words"] != "Opening times" for c in picture_comments)


def test_annotating_an_annotated_copy_adds_no_second_comment(tmp_path):
    source = tmp_path / "a.docx"
    shutil.copy(EXAMPLES / "policy.docx", source)
    assert run("annotate", source).returncode == 0
    first = tmp_path / "a-reviewed.docx"
    once = comments_with_words(first)
    assert len(once) > 5
    r = run("annotate", first, "-o", tmp_path / "again.docx")
    assert r.returncode == 0, r.stderr
    again = comments_with_words(tmp_path / "again.docx")
    assert sorted((c["words"], c["text"]) for c in again) == sorted((c["words"], c["text"]) for c in once)
    assert f"{len(once)} comments were already in the file" in r.stdout and "with 0 comments" in r.stdout
    # Someone else's comment with the same words is not plainspeak's: plainspeak still adds its own.
    d = docx.Document(str(source))
    p = next(p for p in d.paragraphs if "service users" in p.text.lower() or "rough sleeper" in p.text.lower())
    d.add_comment(p.runs, text="A reviewer's note.", author="Sam", initials="SB")
    other = tmp_path / "other.docx"
    d.save(str(other))
    r = run("annotate", other)
    assert r.returncode == 0 and "already" not in r.stdout
    assert len(comments_with_words(tmp_path / "other-reviewed.docx")) == len(once) + 1


def test_an_existing_copy_is_replaced_only_with_force(tmp_path):
    source = tmp_path / "a.docx"
    shutil.copy(EXAMPLES / "policy.docx", source)
    target = tmp_path / "out.docx"
    target.write_bytes(b"an earlier review")
    r = run("annotate", source, "-o", target)
    assert r.returncode == 2 and "already there" in r.stderr and "--force" in r.stderr
    assert target.read_bytes() == b"an earlier review"
    r = run("annotate", source, "-o", target, "--force")
    assert r.returncode == 0, r.stderr
    assert len(comments_with_words(target)) > 5
