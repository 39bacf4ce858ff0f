"""Readability works offline and matches figures worked out by hand."""

import socket

import pytest

from plainspeak.extract.markdown import extract_text
from plainspeak.language.scores import Counts, flesch_kincaid_grade, flesch_reading_ease, summary, syllables


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


@pytest.mark.parametrize("word, n", [("multidisciplinary", 7), ("biopsychosocial", 7),
                                     ("radio", 3), ("signposted", 3), ("homes", 1), ("prioritisation", 6),
                                     ("coproduced", 3), ("triaged", 2), ("trauma", 2)])
def test_words_the_dictionary_does_not_know(word, n):
    """Estimated from vowel groups: 'mul-ti-dis-ci-pli-nar-y' = 7 vowel groups. Known misses: a silent e
    inside a compound ("safe-guard" counts 3) and "ei" read as two vowels ("well-be-ing" counts 2)."""
    from plainspeak.language.words import estimate_syllables

    assert estimate_syllables(word) == n


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
    from plainspeak.language import words

    words.cmu_syllables.cache_clear()
    words.word_list.cache_clear()
    r = checker.check_document(extract_text("Offline reading ease still works. Good.", "o.md")).readability
    assert r["flesch_reading_ease"] is not None and r["words"] == 6


def textstat_given(monkeypatch, c: Counts):
    """textstat's own scoring functions, fed our counts: its counting functions are replaced by
    ones that return ``c``, so only its formulas and constants are compared with ours."""
    import importlib
    import uuid

    import textstat

    metric = lambda name: importlib.import_module(f"textstat.backend.metrics._{name}")  # noqa: E731
    per_sentence, per_word = c.words / c.sentences, c.syllables / c.words
    for name in ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog"):
        monkeypatch.setattr(metric(name), "words_per_sentence", lambda text: per_sentence)
    for name in ("flesch_reading_ease", "flesch_kincaid_grade"):
        monkeypatch.setattr(metric(name), "syllables_per_word", lambda text, lang: per_word)
    monkeypatch.setattr(metric("smog_index"), "count_sentences", lambda text: c.sentences)
    monkeypatch.setattr(metric("smog_index"), "count_polysyllable_words", lambda text, lang: c.polysyllables)
    monkeypatch.setattr(metric("gunning_fog"), "count_words", lambda text: c.words)
    monkeypatch.setattr(metric("gunning_fog"), "count_difficult_words", lambda text, lang, threshold: c.polysyllables)
    monkeypatch.setattr(metric("coleman_liau_index"), "letters_per_word", lambda text: c.letters / c.words)
    monkeypatch.setattr(metric("coleman_liau_index"), "sentences_per_word", lambda text: c.sentences / c.words)
    text = f"counts {uuid.uuid4()}"  # textstat caches by text
    return {name: getattr(textstat, name)(text) for name in
            ("flesch_reading_ease", "flesch_kincaid_grade", "smog_index", "gunning_fog", "coleman_liau_index")}


def test_agrees_with_textstat_given_the_same_counts(monkeypatch):
    """textstat is the reference: its functions, given our counts, give our scores."""
    from plainspeak.language.scores import coleman_liau_index, gunning_fog, smog_index

    c = Counts(words=250, sentences=14, syllables=371, polysyllables=31, letters=1190)
    theirs = textstat_given(monkeypatch, c)
    assert flesch_reading_ease(c) == pytest.approx(theirs["flesch_reading_ease"])
    assert flesch_kincaid_grade(c) == pytest.approx(theirs["flesch_kincaid_grade"])
    assert smog_index(c) == pytest.approx(theirs["smog_index"])
    assert gunning_fog(c) == pytest.approx(theirs["gunning_fog"])
    # textstat 0.7 uses 0.058 in Coleman-Liau where the published formula (Coleman and Liau
    # 1975) has 0.0588; we use the published one: 0.0008 x 476 letters per 100 words apart.
    assert coleman_liau_index(c) - theirs["coleman_liau_index"] == pytest.approx(0.0008 * 476)


# -- all the scores, by hand ----------------------------------------------------------------

PASSAGE = "Homelessness is a serious problem. The council provides temporary accommodation. Everyone deserves a safe home."


def test_all_scores_of_a_passage_by_hand(checker):
    # Words, syllables (CMU dictionary) and letters, sentence by sentence:
    #   homelessness 3/12, is 1/2, a 1/1, serious 3/7, problem 2/7          -> 5 words, 10 syllables, 29 letters
    #   the 1/3, council 2/7, provides 2/8, temporary 4/9, accommodation 5/13 -> 5 words, 14 syllables, 40 letters
    #   everyone 3/8, deserves 2/8, a 1/1, safe 1/4, home 1/4               -> 5 words,  8 syllables, 25 letters
    # W = 15 words, S = 3 sentences, Y = 32 syllables, L = 94 letters
    # P = 5 words of three syllables or more: homelessness, serious, temporary, accommodation, everyone
    r = checker.check_document(extract_text(PASSAGE, "p.md")).readability
    assert (r["words"], r["sentences"], r["syllables"], r["polysyllables"], r["letters"]) == (15, 3, 32, 5, 94)
    # ease  = 206.835 - 1.015 * 15/3 - 84.6 * 32/15 = 206.835 - 5.075 - 180.48 = 21.28
    assert r["flesch_reading_ease"] == pytest.approx(21.3, abs=0.05)
    # grade = 0.39 * 5 + 11.8 * 32/15 - 15.59 = 1.95 + 25.1733 - 15.59 = 11.5333; reading age = 16.5333
    assert r["flesch_kincaid_grade"] == pytest.approx(11.5, abs=0.05)
    assert r["reading_age"] == pytest.approx(16.5, abs=0.05)
    # SMOG  = 1.043 * sqrt(5 * 30 / 3) + 3.1291 = 1.043 * 7.0711 + 3.1291 = 7.3751 + 3.1291 = 10.5042
    assert r["smog_index"] == pytest.approx(10.5, abs=0.05)
    # fog   = 0.4 * (15/3 + 100 * 5/15) = 0.4 * (5 + 33.3333) = 15.3333
    assert r["gunning_fog"] == pytest.approx(15.3, abs=0.05)
    # Coleman-Liau: L = 100 * 94/15 = 626.667, S = 100 * 3/15 = 20
    #   0.0588 * 626.667 - 0.296 * 20 - 15.8 = 36.848 - 5.92 - 15.8 = 15.128
    assert r["coleman_liau_index"] == pytest.approx(15.1, abs=0.05)
    # average sentence length = 15 / 3 = 5; long words = 100 * 5 / 15 = 33.3%
    assert r["average_sentence_length"] == 5.0
    assert r["long_words_percent"] == pytest.approx(33.3, abs=0.05)


def test_formulas_by_hand_on_counts():
    from plainspeak.language.scores import (average_sentence_length, coleman_liau_index, gunning_fog,
                                        long_words_percent, smog_index)

    # 120 words, 8 sentences, 180 syllables, 18 words of 3+ syllables, 540 letters
    c = Counts(words=120, sentences=8, syllables=180, polysyllables=18, letters=540)
    # SMOG = 1.043 * sqrt(18 * 30 / 8) + 3.1291 = 1.043 * sqrt(67.5) + 3.1291 = 1.043 * 8.21584 + 3.1291 = 11.69823
    assert smog_index(c) == pytest.approx(11.69823, abs=1e-4)
    # fog = 0.4 * (120/8 + 100 * 18/120) = 0.4 * (15 + 15) = 12
    assert gunning_fog(c) == pytest.approx(12.0)
    # CLI = 0.0588 * (100 * 540/120) - 0.296 * (100 * 8/120) - 15.8 = 0.0588 * 450 - 0.296 * 6.6667 - 15.8
    #     = 26.46 - 1.97333 - 15.8 = 8.68667
    assert coleman_liau_index(c) == pytest.approx(8.68667, abs=1e-4)
    assert average_sentence_length(c) == 15
    assert long_words_percent(c) == 15


def test_smog_needs_three_sentences_and_empty_text_has_no_scores():
    from plainspeak.language.scores import coleman_liau_index, gunning_fog, smog_index

    assert smog_index(Counts(words=20, sentences=2, syllables=30, polysyllables=4)) is None
    for f in (smog_index, gunning_fog, coleman_liau_index):
        assert f(Counts()) is None
    s = summary(Counts())
    assert s["smog_index"] is None and s["average_sentence_length"] is None and s["long_words_percent"] is None


# -- counting units and sentences -----------------------------------------------------------

@pytest.mark.parametrize("text, sentences", [
    ("Bring ID, e.g. a passport. Then wait.", 2),
    ("Dr. Smith will see you. She is kind.", 2),
    ("Go to No. 5 Church Road. It is open.", 2),
    ("Read para. 4 of the letter. Then call us.", 2),
    ("It costs £1.50 a day. It rose 3.5 per cent.", 2),
    ("We open at 9 a.m. on Monday. Call us.", 2),
    ("We help with rent, bills etc. and more. Ask us.", 2),
    ("Mr. Jones and Mrs. Patel met at St. Mary's. They talked.", 2),
    ("Fig. 3 shows the numbers. Approx. 10 people came.", 2),
    ("We saw him. No. We did not.", 3),  # "No." on its own still ends a sentence
    ("We close at 5 p.m. Call us first.", 2),  # spaCy keeps "p.m." whole and would not split here
    ("Bring bills, letters etc. Then call us.", 2),
    ("We are open from 9 a.m. Monday to Friday.", 1),
    ("The meeting starts at 10 a.m. Dr. Patel will chair it.", 2),
    ("Internet Explorer is old. We do not support IE. Use another browser.", 3),
])
def test_abbreviations_and_numbers_do_not_split_sentences(checker, text, sentences):
    r = checker.check_document(extract_text(text, "a.md")).readability
    assert r["sentences"] == sentences


def test_bullets_without_full_stops_still_end(checker):
    text = "What to bring:\n\n- your ID\n- proof of income\n- a letter from your GP\n\nCome at 10"
    r = checker.check_document(extract_text(text, "b.md")).readability
    # "What to bring:" + three items + "Come at 10" = 5 sentences; 3 + 2 + 3 + 5 + 3 = 16 words
    assert (r["sentences"], r["words"]) == (5, 16)


def test_every_kind_of_block_is_its_own_unit(checker):
    """Headings, list items, table cells, captions and form labels never run into the next sentence."""
    from plainspeak.model import CAPTION, HEADING, LIST_ITEM, PARAGRAPH, TABLE_CELL, Block, Document

    blocks = [Block("Your details", HEADING, level=1), Block("Full name", PARAGRAPH),  # a form label
              Block("Date of birth", TABLE_CELL), Block("Address", TABLE_CELL),
              Block("Figure 1 Where people slept", CAPTION), Block("call us", LIST_ITEM),
              Block("We will write to you", PARAGRAPH)]
    r = checker.check_document(Document(path="d.docx", format="docx", blocks=blocks)).readability
    assert r["sentences"] == 7
    assert r["words"] == 2 + 2 + 3 + 1 + 5 + 2 + 5


def test_line_wraps_in_markdown_do_not_change_counts(checker):
    one = checker.check_document(extract_text("We will call you on Monday to talk about your new home.", "a.md"))
    wrapped = checker.check_document(extract_text("We will call you on Monday\nto talk about your\nnew home.", "b.md"))
    assert one.readability["words"] == wrapped.readability["words"] == 12
    assert one.readability["sentences"] == wrapped.readability["sentences"] == 1


@pytest.mark.parametrize("text, words, syllables", [
    ("The council's team.", 3, 4),  # the 1, council's 2, team 1
    ("It isn't here and we didn\u2019t know.", 7, 9),  # it 1, is-n't 2, here 1, and 1, we 1, did-n't 2, know 1
    ("They're sure you'll like it.", 5, 5),
])
def test_apostrophes_do_not_make_extra_words(checker, text, words, syllables):
    r = checker.check_document(extract_text(text, "c.md")).readability
    assert (r["words"], r["syllables"]) == (words, syllables)


def test_times_written_together_are_one_word(checker):
    # spaCy splits "9am" into "9" + "am"; it is written, and counted, as one word: 9am, to, 5pm
    r = checker.check_document(extract_text("Open 9am to 5pm, or 9 am on Sunday. I am here.", "t.md")).readability
    # open, 9am, to, 5pm, or, 9, am, on, sunday (9) + i, am, here (3)
    assert (r["words"], r["sentences"]) == (12, 2)


def test_a_web_address_counts_as_one_short_word(checker):
    r = checker.check_document(extract_text("Go to https://www.example-housing-services.org.uk/apply now.", "u.md")).readability
    # go 1, to 1, the address 1, now 1
    assert (r["words"], r["syllables"]) == (4, 4)


# -- sections and the hardest sentences -----------------------------------------------------

SECTIONED = """Some text before any heading.

# Rent

You pay rent every week. It is due on Monday.

## Help with rent

The council's discretionary housing payments scheme provides additional financial assistance to eligible tenants experiencing difficulties.

# Rent

A second section with the same heading.
"""


def test_sections_are_split_at_each_heading(checker):
    r = checker.check_document(extract_text(SECTIONED, "s.md")).readability
    secs = r["sections"]
    assert [s["section"] for s in secs] == [None, "Rent", "Help with rent", "Rent"]
    # "Rent" (1) + "You pay rent every week." (5) + "It is due on Monday." (5): 11 words, 3 sentences
    assert (secs[1]["words"], secs[1]["sentences"]) == (11, 3)
    assert set(secs[0]) == {"section", "words", "sentences", "flesch_reading_ease", "flesch_kincaid_grade",
                            "reading_age"}
    assert sum(s["words"] for s in secs) == r["words"]
    assert sum(s["sentences"] for s in secs) == r["sentences"]
    assert secs[2]["reading_age"] > secs[1]["reading_age"]
    assert secs[2]["reading_age"] == pytest.approx(secs[2]["flesch_kincaid_grade"] + 5, abs=0.11)


def test_hardest_sentences_are_ranked_and_located(checker):
    r = checker.check_document(extract_text(SECTIONED, "s.md")).readability
    hardest = r["hardest_sentences"]
    # only sentences of 8 words or more are ranked: here just the one in 'Help with rent'
    assert len(hardest) == 1
    h = hardest[0]
    # "council's" is one word (spaCy makes two tokens of it): 15 words
    assert h["text"].startswith("The council's discretionary") and h["words"] == 15
    assert h["location"]["line"] == 9 and h["location"]["section"] == "Help with rent"
    assert h["reading_age"] == pytest.approx(h["flesch_kincaid_grade"] + 5, abs=0.11)


def test_at_most_five_hardest_sentences_hardest_first(checker):
    text = "\n\n".join([
        "We will help you find a safe place to stay tonight.",
        "Our team will telephone you regularly regarding accommodation opportunities available locally.",
        "You can come to the hub on Monday or on Friday.",
        "Applicants experiencing difficulties should immediately communicate with their designated caseworker.",
        "We can give you food and a bed for the night.",
        "Notification regarding unsuccessful applications will be communicated electronically to the applicant.",
        "Ask us if you need help with the form we sent you.",
    ])
    hardest = checker.check_document(extract_text(text, "h.md")).readability["hardest_sentences"]
    assert len(hardest) == 5
    grades = [h["flesch_kincaid_grade"] for h in hardest]
    assert grades == sorted(grades, reverse=True)
    assert hardest[0]["text"].startswith(("Notification", "Applicants"))


def test_counts_are_worked_out_once_and_shared(checker):
    from plainspeak.language.scores import document_stats

    analysis = checker.pipeline.analyse(extract_text(PASSAGE, "p.md"))
    first = document_stats(analysis)
    assert document_stats(analysis) is first
    assert analysis.cache["readability"] is first


def test_text_report_shows_scores_sections_and_hardest_sentences(checker):
    from plainspeak.report.text import render

    text = ("# Rent\n\n" + "You pay rent every week and it is due on a Monday morning. " * 4 + "\n\n# Help\n\n"
            + "The discretionary housing payments scheme provides additional financial assistance to tenants. " * 3)
    out = render([checker.check_document(extract_text(text, "t.md"))])
    assert "Readability: " in out and "Reading age about" in out
    assert "Other grades: SMOG" in out and "Gunning fog" in out and "Coleman-Liau" in out
    assert "Reading age by section:" in out and "Rent (" in out and "Help (" in out
    assert "Hardest sentences:" in out and "line 7" in out and "The discretionary housing" in out
    assert "What the readability figures mean:" in out
