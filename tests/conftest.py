"""Shared test helpers. The spaCy pipeline and the bundled rules load once per test run."""

from __future__ import annotations

from pathlib import Path

import pytest

from plainspeak.engine import Checker
from plainspeak.extract.markdown import extract_text as markdown_document
from plainspeak.glossary import Entry, Glossary, Source

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Tests (and the commands they start) keep plainspeak's caches in a temporary folder."""
    import os

    old = os.environ.get("PLAINSPEAK_CACHE_DIR")
    os.environ["PLAINSPEAK_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        os.environ.pop("PLAINSPEAK_CACHE_DIR", None)
    else:
        os.environ["PLAINSPEAK_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def checker() -> Checker:
    """A checker with the bundled rules and glossary."""
    return Checker()


def make_entry(term: str, category: str = "jargon", alternatives=("plain words",), forms=(), **kw) -> Entry:
    return Entry(term=term, category=category, alternatives=list(alternatives), why="Because.",
                 sources=[Source("Test", "Test")], forms=list(forms), path=f"{term}.yaml", **kw)


def glossary_of(*entries: Entry) -> Glossary:
    return Glossary(list(entries))


@pytest.fixture(scope="session")
def small_checker() -> Checker:
    """A checker with a small, fixed glossary, so tests do not depend on the bundled content."""
    g = glossary_of(
        make_entry("rough sleeper", "deficit-label", ["people sleeping rough"]),
        make_entry("heroin user", "deficit-label", ["people who use heroin"]),
        make_entry("signpost", "jargon", ["refer", "tell you about"]),
        make_entry("floating support", "jargon", ["support in your home"]),
        make_entry("floating support worker", "jargon", ["support worker who visits you"]),
        make_entry("move-on", "jargon", ["next home"]),
        make_entry("utilise", "plain-english", ["use"]),
        make_entry("in order to", "plain-english", ["to"]),
        make_entry("HRA", "acronym", ["Homelessness Reduction Act"]),
        make_entry("PD", "acronym", ["personality disorder", "probation and discharge"]),
        make_entry("DoLS", "acronym", ["Deprivation of Liberty Safeguards"]),
    )
    return Checker(glossary=g)


def check_markdown(checker: Checker, text: str, every_use: bool = False):
    return checker.check_document(markdown_document(text, "test.md"), every_use=every_use).findings
