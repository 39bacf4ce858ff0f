"""Language analysis: spaCy runs once per document, over all its blocks, with ``nlp.pipe``.

The default pipeline is ``spacy.blank("en")`` with a sentencizer: no model to
download. Lemmas come from spaCy's English lookup table (the
spacy-lookups-data package), looked up once per distinct lower-case word and
cached, which is much faster than running a lemmatizer component on every
token. A trained pipeline (for example en_core_web_sm) is used only when the
configuration names it; then its own lemmas are used.

Text goes through :mod:`plainspeak.language.safe` first: runs of punctuation
and over-long tokens are blanked (they make spaCy's tokenizer very slow) and
long texts are tokenized in pieces under spaCy's length limit.

Everything later stages need per token (the lemma key for matching, whether
it is a word, its syllables) is cached by the word's hash, so each distinct
word is worked out once per run, and each document's text is walked once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from plainspeak.model import Document

_WORD_RE = re.compile(r"[^\W_]", re.UNICODE)  # has a letter or digit


class ModelMissing(Exception):
    """The configured spaCy pipeline is not installed."""


@dataclass(slots=True)
class BlockAnalysis:
    """One block's tokens, as arrays, and its sentences."""

    doc: Any  # spacy.tokens.Doc
    lower: list[int]  # hash of each token's lower-case text
    keys: list[int]  # hash of each token's lower-case lemma; 0 for spaces
    sentences: list[tuple[int, int]]  # token ranges [start, end) with at least one word


@dataclass(slots=True)
class Analysis:
    document: Document
    blocks: list[BlockAnalysis | None]  # None where a block has no text
    pipeline: "Pipeline"
    cache: dict[str, Any] = field(default_factory=dict)  # for checks to share work


_BUILT_IN: "Pipeline | None" = None


def pipeline_for(model: str | None) -> "Pipeline":
    """The language pipeline for ``model`` (a trained spaCy pipeline's name or folder), or the
    built-in one when ``model`` is empty. The built-in one is made once per process and shared
    by every Checker (the editor server, the web page and tests make several): it holds no
    settings, only facts about words, which are the same for every Checker."""
    global _BUILT_IN
    if model:
        return Pipeline(model)
    if _BUILT_IN is None:
        _BUILT_IN = Pipeline(None)
    return _BUILT_IN


class Pipeline:
    """A loaded spaCy pipeline with per-word caches. Load once per run."""

    def __init__(self, model: str | None = None):
        import spacy

        self.model = model
        self.trained = bool(model)
        if model:
            try:
                self.nlp = spacy.load(model, exclude=["ner", "textcat", "textcat_multilabel"])
            except OSError:
                raise ModelMissing(
                    f"the spaCy pipeline '{model}' is set in your configuration but is not installed. "
                    f"Install it with: python -m spacy download {model} "
                    f"(or remove 'spacy-model' from the configuration to use the built-in one)"
                ) from None
            if not self.nlp.has_pipe("parser") and not self.nlp.has_pipe("senter") \
                    and not self.nlp.has_pipe("sentencizer"):
                self.nlp.add_pipe("sentencizer")
            self._table = None
        else:
            self.nlp = spacy.blank("en")
            self.nlp.add_pipe("sentencizer")
            from spacy.lookups import load_lookups

            self._table = load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
        self.strings = self.nlp.vocab.strings
        self._keys: dict[int, int] = {}
        self._is_word: dict[int, bool] = {}

    # -- per-word facts, cached by hash -------------------------------------------------
    def key_of_lower(self, lower_hash: int) -> int:
        """Hash of the lemma of a lower-case word (blank pipeline)."""
        k = self._keys.get(lower_hash)
        if k is None:
            text = self.strings[lower_hash]
            lemma = self._table.get(text, text) if self._table is not None else text
            k = self.strings.add(lemma.lower())
            self._keys[lower_hash] = k
        return k

    def is_word(self, lower_hash: int) -> bool:
        w = self._is_word.get(lower_hash)
        if w is None:
            w = bool(_WORD_RE.search(self.strings[lower_hash]))
            self._is_word[lower_hash] = w
        return w

    def phrase_keys(self, phrase: str) -> tuple[int, ...]:
        """Lemma keys of a glossary phrase, tokenised as document text is."""
        doc = self.nlp.make_doc(phrase)
        if self.trained:
            doc = self.nlp(phrase)
            return tuple(self.strings.add(t.lemma_.lower()) for t in doc if not t.is_space)
        return tuple(self.key_of_lower(t.lower) for t in doc if not t.is_space)

    # -- documents ----------------------------------------------------------------------
    def analyse(self, document: Document) -> Analysis:
        texts = [b.text for b in document.blocks]
        out: list[BlockAnalysis | None] = [None] * len(texts)
        idx = [i for i, t in enumerate(texts) if t.strip()]
        from plainspeak.language.safe import safe_docs

        for i, doc in zip(idx, safe_docs(self.nlp, [texts[i] for i in idx])):
            out[i] = self._block(doc)
        return Analysis(document=document, blocks=out, pipeline=self)

    def _block(self, doc: Any) -> BlockAnalysis:
        from spacy.attrs import IS_SPACE, LOWER, SENT_START

        arr = doc.to_array([LOWER, SENT_START, IS_SPACE]).tolist() if len(doc) else []
        lower = [row[0] for row in arr]
        if self.trained:
            keys = [0 if t.is_space else self.strings.add(t.lemma_.lower()) for t in doc]
        else:
            kl = self._keys
            keys = []
            for row in arr:
                if row[2]:
                    keys.append(0)
                else:
                    k = kl.get(row[0])
                    keys.append(k if k is not None else self.key_of_lower(row[0]))
        sentences: list[tuple[int, int]] = []
        start = 0
        has_word = False
        isw = self._is_word
        for i, row in enumerate(arr):
            if row[1] == 1 and i > start:
                if has_word:
                    sentences.append((start, i))
                start, has_word = i, False
            if not has_word and not row[2]:
                w = isw.get(row[0])
                if w is None:
                    w = self.is_word(row[0])
                has_word = w
        if has_word:
            sentences.append((start, len(arr)))
        return BlockAnalysis(doc=doc, lower=lower, keys=keys, sentences=sentences)
