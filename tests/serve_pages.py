"""Helpers for the serve tests: an accessibility check of a page, by plainspeak's own ideas
(labels, headings, link text, focus order), and running the checkout's command line."""

from __future__ import annotations

import os
import subprocess
import sys
from functools import lru_cache
from html.parser import HTMLParser

from conftest import ROOT

FIELDS = ("input", "textarea", "select")
NO_LABEL_TYPES = ("hidden", "submit", "button", "reset", "image")


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.title = ""
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.labels_for: set[str] = set()
        self.fields: list[dict] = []
        self.links: list[list] = []  # [attrs, text]
        self.buttons: list[list] = []
        self.images: list[dict] = []
        self.tabindex: list[str] = []
        self.described: list[str] = []
        self._stack: list[str] = []
        self._in_title = False
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "title":
            self._in_title = True
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "label" and a.get("for"):
            self.labels_for.add(a["for"])
        if tag in FIELDS and a.get("type", "text") not in NO_LABEL_TYPES:
            self.fields.append(a)
        if tag == "a":
            self.links.append([a, ""])
        if tag == "button":
            self.buttons.append([a, ""])
        if tag == "img":
            self.images.append(a)
        if "tabindex" in a:
            self.tabindex.append(a["tabindex"])
        if a.get("aria-describedby"):
            self.described += a["aria-describedby"].split()
        if tag not in ("input", "img", "meta", "link", "br", "hr"):
            self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if "a" in self._stack and self.links:
            self.links[-1][1] += data
        if "button" in self._stack and self.buttons:
            self.buttons[-1][1] += data


@lru_cache(maxsize=1)
def _vague_link_words() -> frozenset:
    from plainspeak.rules import find_rule, load_rules

    return frozenset(find_rule(load_rules(), "vague-link-text").options["vague"])


def check_page(html: str) -> None:
    """Fail with a plain reason where a page breaks the accessibility ideas plainspeak checks for."""
    p = _Page()
    p.feed(html)
    assert p.lang == "en-GB", "the page does not say its language"
    assert p.title.strip() and " - plainspeak" in p.title, "the page has no title"
    assert p.headings.count(1) == 1, f"the page needs exactly one main heading, not {p.headings.count(1)}"
    assert p.headings[0] == 1, "the first heading is not the main heading"
    for before, after in zip(p.headings, p.headings[1:]):
        assert after <= before + 1, f"a heading level is skipped (h{before} then h{after})"
    dupes = {i for i in p.ids if p.ids.count(i) > 1}
    assert not dupes, f"ids used twice: {dupes}"
    for f in p.fields:
        assert f.get("id") in p.labels_for or f.get("aria-label"), f"a form field has no label: {f}"
    for ref in p.described:
        assert ref in p.ids, f"aria-describedby names a missing id: {ref}"
    assert all(int(t) <= 0 for t in p.tabindex), "a positive tabindex changes the focus order"
    vague = _vague_link_words()
    for attrs, text in p.links:
        words = " ".join(text.split())
        assert words, f"a link has no words: {attrs}"
        assert words.lower().strip(".!?:") not in vague, f"vague link text: {words!r}"
    for attrs, text in p.buttons:
        assert " ".join(text.split()), f"a button has no words: {attrs}"
    for img in p.images:
        assert "alt" in img, f"an image has no alt text: {img}"


def visible_text(html: str) -> str:
    """The words of a page as a reader meets them, one block a line."""
    class _Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.out, self.skip = [], 0

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style", "title", "textarea"):
                self.skip += 1
            if tag in ("p", "li", "h1", "h2", "h3", "h4", "label", "legend", "button", "dt", "dd", "td", "th"):
                self.out.append("\n\n")
            if tag in ("h1", "h2", "h3", "h4"):
                self.out.append("#" * int(tag[1]) + " ")  # headings as Markdown, for checking the words

        def handle_endtag(self, tag):
            if tag in ("script", "style", "title", "textarea"):
                self.skip -= 1

        def handle_data(self, data):
            if not self.skip:
                self.out.append(data)

    t = _Text()
    t.feed(html)
    return "\n\n".join(" ".join(x.split()) for x in "".join(t.out).split("\n\n") if x.strip())


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run this checkout's plainspeak in a new process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "plainspeak", *args], capture_output=True, text=True,
                          env=env, timeout=timeout, cwd=str(ROOT))


class Server:
    """``plainspeak serve --no-browser`` started for real, in its own process, on 127.0.0.1."""

    def __init__(self, *args: str, cwd: str | None = None):
        import select

        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen([sys.executable, "-m", "plainspeak", "serve", "--no-browser", *args],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                        cwd=cwd or str(ROOT))
        ready, _, _ = select.select([self.process.stdout], [], [], 180)
        self.first_line = self.process.stdout.readline().rstrip("\n") if ready else ""
        if not self.first_line:
            self.stop()
            raise AssertionError(f"plainspeak serve printed nothing; stderr: {self.process.stderr.read()[-2000:]}")
        self.address = self.first_line.rsplit(" ", 1)[-1]
        self.base = self.address.split("/?", 1)[0]
        self.token = self.address.split("?token=", 1)[1]
        self.port = int(self.base.rsplit(":", 1)[1])

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        out = self.process.stdout.read() if self.process.stdout else ""
        err = self.process.stderr.read() if self.process.stderr else ""
        for f in (self.process.stdout, self.process.stderr):
            if f:
                f.close()
        return out + err
