"""The labelled deficit-label corpus: precision and recall must both be at least 0.95.

The figures come from running plainspeak on every sentence (tests/corpus/score.py);
run ``python tests/corpus/score.py --show`` to see the table and every miss.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))

import score as corpus  # noqa: E402

ITEMS = corpus.load(corpus.DEFAULT)


@pytest.fixture(scope="module")
def scores(checker):
    return corpus.score(checker=checker, items=ITEMS)


def test_the_corpus_is_big_enough_and_varied():
    assert len(ITEMS) >= 200
    assert sum(len(i.flag) for i in ITEMS) >= 150
    assert sum(len(i.passes) for i in ITEMS) >= 150
    assert {i.doc for i in ITEMS} >= {"policy", "assessment", "minutes", "case-note", "strategy"}


def test_precision_and_recall_per_category(scores):
    print("\n" + corpus.report(scores, show=True))
    assert scores.by_category, "nothing was scored"
    for category, t in scores.by_category.items():
        assert t.precision >= 0.95, f"{category}: precision {t.precision:.3f}"
        assert t.recall >= 0.95, f"{category}: recall {t.recall:.3f}"


def test_quotes_get_the_mild_severity(scores):
    assert [(i.text, s.text, f.rule, f.severity) for i, s, f in scores.severity_errors] == []


def test_the_scorer_counts_misses_and_false_alarms(checker):
    """The score is computed, not assumed: with the deficit rules off, recall falls to 0."""
    from plainspeak.engine import Checker

    off = Checker(disable=["PS301", "PS302", "PS303", "PS304", "PS305", "PS306", "PS307", "PS308"])
    some = [i for i in ITEMS if i.flag][:20]
    s = corpus.score(checker=off, items=some)
    assert s.by_category["deficit-label"].recall == 0.0
    # and a sentence with a pass span that is flagged counts as a false alarm
    item = corpus.Item("We met two rough sleepers.", "report", [], [corpus.Span("rough sleepers", 11, 25,
                                                                               "deficit-label")], "test")
    s = corpus.score(checker=checker, items=[item])
    assert s.by_category["deficit-label"].precision == 0.0 and len(s.pass_hits) == 1
