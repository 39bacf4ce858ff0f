"""Readability works offline and matches figures worked out by hand."""

import socket

import pytest

from conftest import check_markdown
from plainspeak.extract.markdown import extract_text
from plainspeak.readability import Counts, flesch_kincaid_grade, flesch_reading_ease, summary, syllables


def test_formulas_by_hand():
    # 100 words, 5 sentences, 130 syllables:
    # ease  = 206.835 - 1.015 * 20 - 84.6 * 1.3 = 206.835 - 20.3 - 109.98 = 76.555
    # grade = 0.39 * 20 + 11.8 * 1.3 - 15.59 = 7.8 + 15.34 - 15.59 = 7.55
    c = Counts(words=100, sentences=5, syllables=130)
    assert flesch_reading_ease(c) == pytest.approx(76.555)
    assert flesch_kincaid_grade(c) == pytest.approx(7.55)
    s = summary(c)
    assert s["flesch_reading_ease"] == pytest.approx(76.6, abs=0.051)
    assert s["reading_age"] == pytest.approx(s["flesch_kincaid_grade"] + 5)


def test_empty_text_has_no_scores():
    assert flesch_reading_ease(Counts()) is None
    assert summary(Counts())["flesch_kincaid_grade"] is None


@pytest.mark.parametrize("word, n", [("cat", 1), ("the", 1), ("water", 2), ("every", 3), ("homelessness", 3),
                                     ("accommodation", 5), ("utilise", 3), ("organisation", 5), ("colour", 2), ("co-production", 4)])
def test_syllables(word, n):
    assert syllables(word) == n


def test_counts_a_passage(checker):
    # "The cat sat. We met a person sleeping rough."
    # words: the cat sat (3) + we met a person sleeping rough (6) = 9
    # syllables: 1+1+1 + 1+1+1+2+2+1 = 11; sentences: 2
    # ease = 206.835 - 1.015 * 4.5 - 84.6 * 11/9 = 206.835 - 4.5675 - 103.4 = 98.8675
    r = checker.check_document(extract_text("The cat sat. We met a person sleeping rough.", "r.md")).readability
    assert (r["words"], r["sentences"], r["syllables"]) == (9, 2, 11)
    assert r["flesch_reading_ease"] == pytest.approx(98.9, abs=0.05)


def test_heading_list_and_cells_are_separate_sentences(checker):
    text = "# Housing advice\n\n- call us\n- visit us\n\n| Ask | Us |\n|---|---|\n| now | today |\n\nWe can help you"
    r = checker.check_document(extract_text(text, "r.md")).readability
    # heading 1 + two list items + four cells + one paragraph = 8 sentences
    assert r["sentences"] == 8


def test_works_with_no_network(checker, monkeypatch):
    def refuse(*a, **k):
        raise OSError("network is off in this test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    from plainspeak import readability

    readability._cmu_counts.cache_clear()
    readability._pyphen.cache_clear()
    r = checker.check_document(extract_text("Offline reading ease still works. Good.", "o.md")).readability
    assert r["flesch_reading_ease"] is not None and r["words"] == 6


def test_agrees_with_textstat_formulas():
    """Given the same counts, our scores equal textstat's formulas (textstat is the reference)."""
    textstat = pytest.importorskip("textstat")
    from textstat.backend.utils.constants import LANG_CONFIGS

    en = LANG_CONFIGS["en"]
    c = Counts(words=250, sentences=14, syllables=371)
    expected = en["fre_base"] - en["fre_sentence_length"] * (250 / 14) - en["fre_syll_per_word"] * (371 / 250)
    assert flesch_reading_ease(c) == pytest.approx(expected)
