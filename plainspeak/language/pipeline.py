"""Language analysis: spaCy's tokenizer runs once per document, over all its blocks together.

The default pipeline is ``spacy.blank("en")`` with a sentencizer: no model to
download. The blocks of a document are tokenized as one text (see
:meth:`Pipeline.analyse`), and each block keeps lists cut from that one Doc:
token text, white space, character offsets, lemma keys, sentence starts. A check
that needs a block's own spaCy Doc gets it on demand (``BlockAnalysis.doc``).

Lemmas come from spaCy's English lookup table (the
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


class BlockAnalysis:
    """One block's tokens, as lists (one item per token), and its sentences.

    ``doc``, the block's own spaCy Doc, is made only when a check asks for it (most blocks
    never need it): the built-in pipeline tokenizes a document's blocks together, and the
    lists here are cut from that one Doc."""

    __slots__ = ("lower", "keys", "sentences", "starts", "orth", "space", "spacy", "idx", "_doc", "_text",
                 "_pipeline")

    def __init__(self, *, lower: list[int], keys: list[int], sentences: list[tuple[int, int]],
                 starts: list[int], orth: list[int], space: list[int], spacy: list[int], idx: list[int],
                 pipeline: "Pipeline", doc: Any = None, text: str = ""):
        self.lower = lower  # hash of each token's lower-case text
        self.keys = keys  # hash of each token's lower-case lemma; 0 for spaces
        self.sentences = sentences  # token ranges [start, end) with at least one word
        self.starts = starts  # the first token of each sentence, as spaCy sets is_sent_start
        self.orth = orth  # hash of each token's text
        self.space = space  # 1 where the token is white space
        self.spacy = spacy  # 1 where a space follows the token
        self.idx = idx  # each token's first character, counted from the block's start
        self._doc = doc
        self._text = text  # the text the Doc is made from (wild runs blanked)
        self._pipeline = pipeline

    @property
    def doc(self) -> Any:
        """The block's spaCy Doc, with the sentence starts spaCy's sentencizer gives."""
        if self._doc is None:
            self._doc = self._pipeline.block_doc(self._text)
        return self._doc

    def is_sent_start(self, i: int) -> bool:
        """Token ``i``'s ``is_sent_start`` in the block's Doc."""
        return i in self.starts

    def text(self, i: int) -> str:
        """Token ``i``'s text."""
        return self._pipeline.strings[self.orth[i]]

    def lower_text(self, i: int) -> str:
        """Token ``i``'s text in lower case."""
        return self._pipeline.strings[self.lower[i]]

    def end(self, i: int) -> int:
        """The character just after token ``i``."""
        return self.idx[i] + len(self.text(i))


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
        self._separator = self.strings.add(_SEPARATOR)
        # the tokens after which spaCy's sentencizer starts a new sentence ("." "!" "?" ...)
        self._sentence_ends = frozenset(self.strings.add(c) for c in self.nlp.get_pipe("sentencizer").punct_chars) \
            if self.nlp.has_pipe("sentencizer") else frozenset()
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
        """Tokenize the document's blocks and work out, per block, the lists later stages use.

        The built-in pipeline tokenizes many blocks at once: their texts joined with a blank
        line between them, up to :data:`~plainspeak.language.safe.PIECE` characters a time
        (one Doc a document, not one a block, is about a second faster on the bench corpus).
        This gives exactly the tokens of each block on its own, because spaCy's tokenizer cuts
        at white space first and each run of text is then split alone; a block that starts or
        ends with white space (which would run into the blank line) is tokenized alone.
        Sentence starts follow spaCy's sentencizer, block by block."""
        from plainspeak.language.safe import PIECE, blank_wild_runs, safe_docs

        texts = [b.text for b in document.blocks]
        out: list[BlockAnalysis | None] = [None] * len(texts)
        idx = [i for i, t in enumerate(texts) if t.strip()]
        if self.trained:
            for i, doc in zip(idx, safe_docs(self.nlp, [texts[i] for i in idx])):
                out[i] = self._block(doc)
            return Analysis(document=document, blocks=out, pipeline=self)
        long: list[int] = []
        group: list[tuple[int, str]] = []
        size = 0
        for i in idx:
            text = blank_wild_runs(texts[i])
            if len(text) > PIECE:
                long.append(i)
                continue
            alone = text[0].isspace() or text[-1].isspace()
            if group and (alone or size + len(text) > PIECE):
                self._group(group, out)
                group, size = [], 0
            group.append((i, text))
            size += len(text) + 2
            if alone:
                self._group(group, out)
                group, size = [], 0
        if group:
            self._group(group, out)
        if long:  # in pieces under spaCy's length limit (safe.py); rare
            for i, doc in zip(long, safe_docs(self.nlp, [texts[i] for i in long])):
                out[i] = self._block(doc)
        return Analysis(document=document, blocks=out, pipeline=self)

    def block_doc(self, text: str) -> Any:
        """A block's own Doc, as the sentencizer leaves it (made when a check asks for it)."""
        return self.nlp.get_pipe("sentencizer")(self.nlp.make_doc(text))

    def _group(self, group: list[tuple[int, str]], out: list) -> None:
        """Tokenize the blocks in ``group`` as one text and cut the token lists per block."""
        from bisect import bisect_left

        from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LOWER, ORTH, SPACY

        doc = self.nlp.make_doc(_SEPARATOR.join(t for _, t in group) if len(group) > 1 else group[0][1])
        if len(doc):
            lower, orth, space, punct, spacy, cidx = doc.to_array([LOWER, ORTH, IS_SPACE, IS_PUNCT, SPACY, IDX]).T.tolist()
        else:
            lower, orth, space, punct, spacy, cidx = [], [], [], [], [], []
        n = len(lower)
        sep = self._separator
        # each block's tokens: up to the blank line's token, which must start where the block ends
        bounds = []
        a = c0 = 0
        for _, text in group:
            c1 = c0 + len(text)
            b = bisect_left(cidx, c1, a)
            if b < n and (cidx[b] != c1 or orth[b] != sep):
                break
            bounds.append((a, b, c0))
            a = b + 1
            c0 = c1 + len(_SEPARATOR)
        if len(bounds) < len(group):
            # Never seen (see analyse); if spaCy ever tokenized across the blank line, each
            # block is tokenized alone rather than given another block's tokens. (A block
            # alone always has its bounds: all its tokens.)
            for item in group:
                self._group([item], out)
            return
        for (bi, text), (a, b, c0) in zip(group, bounds):
            out[bi] = self._lists(lower[a:b], orth[a:b], space[a:b], punct[a:b], spacy[a:b],
                                  [x - c0 for x in cidx[a:b]] if c0 else cidx[a:b], text)

    def _lists(self, lower, orth, space, punct, spacy, idx, text) -> BlockAnalysis:
        """Lemma keys and sentences of one block's tokens. A sentence starts where spaCy's
        sentencizer starts one: at the first token that is not punctuation after a token
        that ends sentences ("." "!" "?" and the like)."""
        kl = self._keys
        ends = self._sentence_ends
        keys = []
        starts = [0] if lower else []
        seen_end = False
        for i, h in enumerate(lower):
            if space[i]:
                keys.append(0)
            else:
                k = kl.get(h)
                keys.append(k if k is not None else self.key_of_lower(h))
            if orth[i] in ends:
                seen_end = True
            elif seen_end and not punct[i]:
                seen_end = False
                starts.append(i)
        return BlockAnalysis(lower=lower, keys=keys, sentences=self._sentences(lower, space, starts),
                             starts=starts, orth=orth, space=space, spacy=spacy, idx=idx, text=text,
                             pipeline=self)

    def _sentences(self, lower: list[int], space: list[int], starts: list[int]) -> list[tuple[int, int]]:
        """Token ranges [start, end) of the sentences that hold at least one word."""
        isw = self._is_word
        out: list[tuple[int, int]] = []
        bounds = [*starts[1:], len(lower)] if starts else []
        for s, e in zip(starts, bounds):
            for i in range(s, e):
                if not space[i]:
                    w = isw.get(lower[i])
                    if w is None:
                        w = self.is_word(lower[i])
                    if w:
                        out.append((s, e))
                        break
        return out

    def _block(self, doc: Any) -> BlockAnalysis:
        """The lists of a block tokenized on its own, by the whole pipeline (a trained one, or
        the pieces of a very long block)."""
        from spacy.attrs import IDX, IS_SPACE, LOWER, ORTH, SENT_START, SPACY

        if len(doc):
            lower, starts, space, orth, spacy, idx = doc.to_array(
                [LOWER, SENT_START, IS_SPACE, ORTH, SPACY, IDX]).T.tolist()
        else:
            lower, starts, space, orth, spacy, idx = [], [], [], [], [], []
        if self.trained:
            keys = [0 if t.is_space else self.strings.add(t.lemma_.lower()) for t in doc]
        else:
            kl = self._keys
            keys = []
            for h, sp in zip(lower, space):
                if sp:
                    keys.append(0)
                else:
                    k = kl.get(h)
                    keys.append(k if k is not None else self.key_of_lower(h))
        marked = [i for i, v in enumerate(starts) if v == 1]
        # sentences count from the first token, whatever the pipeline set there
        first = marked if not lower or marked[:1] == [0] else [0, *marked]
        return BlockAnalysis(lower=lower, keys=keys, sentences=self._sentences(lower, space, first),
                             starts=marked, orth=orth, space=space, spacy=spacy, idx=idx, doc=doc,
                             pipeline=self)


_SEPARATOR = "\n\n"  # between blocks tokenized together: always a token of its own
