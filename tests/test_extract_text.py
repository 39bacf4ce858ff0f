"""Plain text: paragraphs on blank lines, list items on their own, line numbers kept."""

import pytest

from plainspeak.extract.limits import Limits
from plainspeak.extract.text import decode_text, extract_text
from plainspeak.model import LIST_ITEM, PARAGRAPH, ExtractError


def test_paragraphs_and_lines():
    src = "First paragraph\nwraps here.\n\n  Second one.\n- a bullet\n- another\n"
    d = extract_text(src, "t.txt")
    assert [(b.kind, b.text) for b in d.blocks] == [
        (PARAGRAPH, "First paragraph wraps here."), (PARAGRAPH, "Second one."),
        (LIST_ITEM, "- a bullet"), (LIST_ITEM, "- another")]
    b = d.blocks[0]
    assert d.locate(b, b.text.index("wraps")).line == 2
    assert d.exact_text(b, b.text.index("paragraph"), b.text.index("here")) == "paragraph\nwraps "
    second = d.blocks[1]
    assert (d.locate(second, 0).line, d.locate(second, 0).column) == (4, 3)


def test_encodings():
    assert decode_text("Café".encode("utf-8-sig"), Limits()) == "Café"
    assert decode_text("Café".encode("cp1252"), Limits()) == "Café"
    assert decode_text("Café".encode("utf-16"), Limits()) == "Café"


@pytest.mark.parametrize("data, problem", [
    (b"\x00\x01\x02binary", "not a text file"),
    (b"   \n\n  ", "no text"),
])
def test_bad_text(data, problem):
    with pytest.raises(ExtractError, match=problem):
        decode_text(data, Limits())
