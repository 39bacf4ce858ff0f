"""The built-in pipeline tokenizes a document's blocks together (pipeline.Pipeline.analyse).
Each block's token lists must be exactly what tokenizing the block alone, with spaCy's
sentencizer, gives: the same tokens, white space, character offsets, lemma keys and
sentence starts."""

from __future__ import annotations

import random

import pytest

from plainspeak.language.pipeline import pipeline_for
from plainspeak.language.safe import PIECE, blank_wild_runs
from plainspeak.model import Block, Document

# Blocks chosen to be awkward at their edges and inside: white space at either end (which would
# run into the blank line between blocks), line breaks, tabs, non-breaking spaces, tokenizer
# special cases ("a.m.", ":)", "don't"), punctuation that ends sentences, runs that are blanked.
TEXTS = [
    "The service user was housed.",
    "  Starts with spaces.",
    "Ends with a space ",
    "Ends with a line break\n",
    "\nStarts with a line break",
    "\t tab and space \t",
    "Two lines\nin one block.\n\nAnd a blank line inside.",
    "We open at 9 a.m. Call us first. See p. 4 and No. 5, etc. and more!",
    "Don't panic :) it's fine... Really?! Yes.",
    "\u00a0non-breaking\u00a0space\u00a0",
    "((((((((((((((((((((",
    "Dots..........................here",
    "(see below)",
    "\u201cQuoted.\u201d Then more.",
    "A",
    ".",
    "e.g. this, i.e. that; Dr. Patel & Cllr. Jones -- 10:30pm.",
    "https://example.org/a?b=c. Next sentence",
    "x" * 1200 + " long token blanked",
    "Line one\r\nLine two\r\n",
    "Ends with a full stop.",
    "\u2014 dash first",
    "   ",
    # white space that str.isspace() knows, at block edges, and special cases in punctuation
    "\u2028line separator\u2028",
    "\x0cform feed\x0c",
    "\u3000ideographic space\u3000",
    "It was 20\u00b0C. Then colder.",
    "(a.m.) [etc.] \"e.g.\" 'n't' (:)) <3",
    "\x85next line\x85",
]


def _alone(pipeline, text):
    """The reference: the block tokenized on its own and sentencized, as before."""
    return pipeline._block(pipeline.block_doc(blank_wild_runs(text)))


def _same(a, b, text):
    for name in ("lower", "keys", "sentences", "starts", "orth", "space", "spacy", "idx"):
        assert getattr(a, name) == getattr(b, name), (name, text)


@pytest.fixture(scope="module")
def pipeline():
    return pipeline_for(None)


def test_blocks_tokenized_together_match_each_alone(pipeline):
    rng = random.Random(7)
    for _ in range(30):
        texts = [rng.choice(TEXTS) for _ in range(rng.randint(1, 12))]
        doc = Document(path="t.md", format="markdown", blocks=[Block(text=t) for t in texts])
        analysis = pipeline.analyse(doc)
        for t, ba in zip(texts, analysis.blocks):
            if not t.strip():
                assert ba is None
                continue
            _same(ba, _alone(pipeline, t), t)
            # the Doc made on demand is the block's own
            ref = pipeline.block_doc(blank_wild_runs(t))
            assert [(x.text, x.whitespace_, x.idx, x.is_sent_start) for x in ba.doc] == \
                [(x.text, x.whitespace_, x.idx, x.is_sent_start) for x in ref]


def test_blocks_fall_back_to_one_at_a_time(pipeline, monkeypatch):
    """Were the text between blocks ever not a token of its own, each block would be
    tokenized alone: never given another block's tokens. Joined with one space, spaCy
    folds the space into the token before it, so there is no token between the blocks."""
    from plainspeak.language import pipeline as module

    odd = module.Pipeline(None)
    monkeypatch.setattr(module, "_SEPARATOR", " ")
    odd._separator = odd.strings.add(" ")
    texts = ["First block.", "Second, with Dr. Patel.", "Third?"]
    analysis = odd.analyse(Document(path="t.md", format="markdown", blocks=[Block(text=t) for t in texts]))
    for t, ba in zip(texts, analysis.blocks):
        _same(ba, _alone(pipeline, t), t)


def test_groups_split_under_the_length_limit(pipeline):
    """Many blocks, together longer than one piece: several groups, still block by block."""
    texts = [f"Sentence {i} of a long document. It goes on." * 40 for i in range(200)]
    assert sum(map(len, texts)) > 3 * PIECE
    doc = Document(path="t.md", format="markdown", blocks=[Block(text=t) for t in texts])
    analysis = pipeline.analyse(doc)
    for t in (0, 57, 199):
        _same(analysis.blocks[t], _alone(pipeline, texts[t]), t)


def test_very_long_block_is_checked_in_pieces(pipeline):
    text = "A sentence about housing. " * (PIECE // 20)
    doc = Document(path="t.md", format="markdown", blocks=[Block(text="Before."), Block(text=text),
                                                          Block(text="After.")])
    analysis = pipeline.analyse(doc)
    long = analysis.blocks[1]
    assert long.idx[-1] < len(text) and long.sentences
    _same(analysis.blocks[0], _alone(pipeline, "Before."), "Before.")
    _same(analysis.blocks[2], _alone(pipeline, "After."), "After.")


def test_bench_like_blocks(pipeline):
    """Real-looking Markdown blocks from the examples folder, tokenized together and alone."""
    from pathlib import Path

    from plainspeak.extract import extract_file

    root = Path(__file__).resolve().parent.parent / "examples"
    files = sorted(p for p in root.rglob("*") if p.suffix in (".md", ".txt", ".docx", ".pdf"))
    assert files
    blocks = 0
    for path in files:
        document = extract_file(str(path))
        analysis = pipeline.analyse(document)
        for block, ba in zip(document.blocks, analysis.blocks):
            if ba is not None:
                _same(ba, _alone(pipeline, block.text), block.text)
                blocks += 1
    assert blocks > 20
