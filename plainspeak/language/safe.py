"""Text made safe for spaCy's tokenizer, keeping every character offset.

spaCy's tokenizer is far worse than linear on long runs of prefix and suffix
punctuation: a token of 1,000 "(" takes most of a second, one of 16,000 more than
two minutes. It also refuses texts over ``nlp.max_length`` (1,000,000 characters)
with its own error. So before tokenizing:

- a run of :data:`MAX_PUNCTUATION_RUN` or more punctuation marks with no letter,
  digit or space between them (brackets, quotation marks, dot leaders) is blanked out
  with spaces: it holds no words;
- a token (a run with no space) longer than :data:`MAX_TOKEN` characters is
  blanked out too: no word or web address is that long;
- a text longer than :data:`PIECE` characters is cut into pieces at a sentence end
  or a space, each tokenized on its own, and the pieces joined back into one Doc.

Blanking replaces characters with spaces, one for one, so every offset in the
block's text still points at the same character and findings stay in place.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator

MAX_PUNCTUATION_RUN = 12
MAX_TOKEN = 1_000
PIECE = 100_000  # well under spaCy's 1,000,000-character limit

_PUNCT_RUN = re.compile(r"[^\w\s]{%d,}" % MAX_PUNCTUATION_RUN)
_LONG_TOKEN = re.compile(r"\S{%d,}" % (MAX_TOKEN + 1))
_SENTENCE_END = re.compile(r"[.!?]\s+")


def _blank(m: re.Match) -> str:
    return " " * (m.end() - m.start())


def blank_wild_runs(text: str) -> str:
    """``text`` with runs of punctuation and over-long tokens replaced by as many spaces."""
    if len(text) > MAX_PUNCTUATION_RUN and not text.isalnum():
        text = _PUNCT_RUN.sub(_blank, text)
    if len(text) > MAX_TOKEN:
        text = _LONG_TOKEN.sub(_blank, text)
    return text


def pieces(text: str, size: int = PIECE) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters that join back to it exactly.
    A cut falls after a sentence end if there is one in the last fifth of a piece, else after a
    space (after blanking there is always one within :data:`MAX_TOKEN` characters)."""
    out = []
    start = 0
    n = len(text)
    while n - start > size:
        end = start + size
        cut = None
        for m in _SENTENCE_END.finditer(text, end - size // 5, end):
            cut = m.end()
        if cut is None or cut > end:
            space = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
            cut = space + 1 if space > start else end
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out


def safe_docs(nlp: Any, texts: Iterable[str], batch_size: int = 256) -> Iterator[Any]:
    """Like ``nlp.pipe(texts)``, for any text: wild runs blanked, long texts in pieces.
    Each Doc's text has the same length as the text given, character for character
    except blanked runs."""
    from spacy.tokens import Doc

    texts = [blank_wild_runs(t) for t in texts]
    long = {i for i, t in enumerate(texts) if len(t) > PIECE}
    short = (t for i, t in enumerate(texts) if i not in long)
    docs = nlp.pipe(short, batch_size=batch_size)
    for i, t in enumerate(texts):
        if i in long:
            parts = list(nlp.pipe(pieces(t), batch_size=8))
            yield Doc.from_docs(parts, ensure_whitespace=False)
        else:
            yield next(docs)
