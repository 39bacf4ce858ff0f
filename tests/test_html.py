"""The HTML report: self-contained, escaped, every finding highlighted on its words."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from conftest import ROOT, run_in_process
from plainspeak.model import FileReport
from plainspeak.report import html as html_report

VOID = {"meta", "br", "rect", "img", "hr", "input", "link"}


def run(*args, cwd=ROOT, stdin=None):
    """In this process (conftest.run_in_process): the same code as `python -m plainspeak`, without a
    new Python process importing spaCy for each command."""
    return run_in_process(*args, cwd=cwd, stdin=stdin)


class Checker(HTMLParser):
    """Checks that tags nest and close, collects attributes and the text inside <mark>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.attrs, self.marks, self.problems = [], [], [], []
        self._in_mark = 0
        self._open_marks = []  # stack depths of the open highlights

    def handle_starttag(self, tag, attrs):
        self.attrs.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "mark" or "wide" in (dict(attrs).get("class") or ""):
            self._open_marks.append(len(self.stack) - 1)
            self._in_mark += 1
            self.marks.append("")

    def handle_startendtag(self, tag, attrs):
        self.attrs.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        if tag in ("mark", "span") and self._open_marks and self._open_marks[-1] == len(self.stack):
            self._open_marks.pop()
            self._in_mark -= 1

    def handle_data(self, data):
        if self._in_mark:
            self.marks[-1] += data


def parse(text: str) -> Checker:
    c = Checker()
    c.feed(text)
    c.close()
    assert not c.problems and not c.stack, (c.problems, c.stack)
    return c


def test_examples_report_is_self_contained_and_marks_every_finding(tmp_path):
    out = tmp_path / "report.html"
    r = run("check", "--format", "html", "-o", out, "examples")
    assert r.returncode == 1 and r.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in text
    page = parse(text)
    for tag, attrs in page.attrs:
        assert tag not in ("script", "link", "img", "iframe", "object"), tag
        assert "src" not in attrs and not attrs.get("href", "#").startswith(("http", "//")), (tag, attrs)
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
    assert "Findings by kind" in text and "Labels that describe people by a problem" in text
    import json

    data = json.loads(run("check", "--format", "json", "examples").stdout)
    # Findings are numbered in report order. Each finding's own number follows its own
    # highlight, and the highlighted text just before it ends with the finding's words, so a
    # missing highlight shows even when two findings share words.
    number = 0
    for f in data["files"]:
        assert f">{f['path']}</h2>" in text
        for x in f["findings"]:
            number += 1
            assert html.escape(x["message"], quote=True) in text
            if not x["match"] or x["category"] == "accessibility":
                continue
            at = text.find(f'<sup><a href="#f{number}">{number}</a></sup>')
            assert at != -1, (number, x)
            before = re.sub(r"<sup>.*?</sup>", "", text[max(0, at - 3000):at])
            assert before.endswith(("</mark>", "</span>")), (number, x)  # highlighted, not plain
            words = " ".join(html.unescape(re.sub(r"<[^>]+>", "", before)).split())
            assert words.endswith(" ".join(x["match"].split())), (number, x)


def test_document_text_is_escaped(tmp_path):
    doc = tmp_path / "a.txt"  # a text file keeps every character as written
    doc.write_text('Notes & <b>things</b>\n\nWe met <script>alert("x")</script> two rough sleepers.\n')
    r = run("check", "--format", "html", doc)
    assert r.returncode == 1
    assert "<script" not in r.stdout and "<b>" not in r.stdout
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in r.stdout and "Notes &amp; &lt;b&gt;" in r.stdout
    page = parse(r.stdout)
    assert page.marks == ["rough sleepers"]


def test_stdin_findings_are_listed_by_place():
    r = run("check", "--format", "html", "-", stdin="We met two rough sleepers.\n")
    page = parse(r.stdout)
    assert page.marks == [] and "What was found" in r.stdout and "line 1, column 12" in r.stdout


def test_overlapping_findings_share_a_mark():
    text = "Ask your floating support worker."
    out = html_report._marked(text, [(9, 25, "info", 1), (9, 32, "warning", 2)])
    assert out == ('Ask your <mark class="warning">floating support</mark><sup><a href="#f1">1</a></sup>'
                   '<mark class="warning"> worker</mark><sup><a href="#f2">2</a></sup>.')


def test_reading_age_chart_by_section():
    report = FileReport(path="a.md", format="markdown", readability={
        "words": 220, "sentences": 12, "flesch_reading_ease": 55.0, "reading_age": 14.0,
        "sections": [{"section": "Intro <b>", "words": 80, "reading_age": 9.2},
                     {"section": None, "words": 100, "reading_age": 17.0},
                     {"section": "Too short", "words": 12, "reading_age": 25.0},
                     {"section": "No words", "words": 0, "reading_age": None}]})
    text = html_report.render([report])
    page = parse(text)
    assert text.count("<rect ") == 2 and "Intro &lt;b&gt;: reading age 9" in text
    assert "(before the first heading)" in text and "No words" not in text and "Too short" not in text
    assert any(tag == "svg" and attrs.get("role") == "img" for tag, attrs in page.attrs)


def test_text_and_html_agree_on_reading_age_and_sections():
    """Both reports show the same sections, with the same reading ages (never under 5)."""
    import re

    from plainspeak.report import render

    sections = [{"section": "Easy", "words": 40, "flesch_kincaid_grade": -3.4, "reading_age": 1.6},
                {"section": "Hard", "words": 90, "flesch_kincaid_grade": 14.6, "reading_age": 19.6},
                {"section": "Tiny", "words": 10, "flesch_kincaid_grade": 20.0, "reading_age": 25.0}]
    report = FileReport(path="a.md", format="markdown", readability={
        "words": 140, "sentences": 9, "flesch_reading_ease": 70.0, "flesch_kincaid_grade": 8.0,
        "reading_age": 13.0, "sections": sections})
    text = render("text", [report])
    page = render("html", [report])
    in_text = re.findall(r"^ +(\d+)  (\w+) \(", text, re.M)
    in_html = re.findall(r"<title>(\w+): reading age (\d+)</title>", page)
    assert in_text == [("5", "Easy"), ("20", "Hard")]
    assert [(a, n) for n, a in in_html] == in_text
    assert "Reading age about 13 " in text and "Reading age about 13." in page


def test_a_long_sentence_is_underlined_and_its_words_still_marked():
    text = "We will utilise it."
    out = html_report._marked(text, [(0, 19, "error", 1, True), (8, 15, "info", 2, False)])
    assert out == ('<span class="wide error">We will </span>'
                   '<span class="wide error"><mark class="info">utilise</mark></span><sup><a href="#f2">2</a></sup>'
                   '<span class="wide error"> it.</span><sup><a href="#f1">1</a></sup>')
