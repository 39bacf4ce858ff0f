"""Markdown extraction: prose only, every character located, structure recorded."""

from plainspeak.extract.markdown import extract_text
from plainspeak.model import HEADING, LIST_ITEM, PARAGRAPH, TABLE_CELL

SAMPLE = """---
title: Front matter is skipped
---
# Our policy

Intro line one
continues here with `inline code` inside.

```
code block is skipped
```

    indented code is skipped too

- first item
- second item

<!-- a plain comment -->

See [the guide](https://example.org/guide) and ![a chart of beds](beds.png "Beds").

> A quote from a person.

| Question | Answer |
|----------|--------|
| Name     | Sam    |

## Second heading
Last &amp; final \\*line\\*.
"""


def doc():
    return extract_text(SAMPLE, "s.md")


def test_skips_code_front_matter_comments_and_urls():
    text = " ".join(b.text for b in doc().blocks)
    for hidden in ("Front matter", "inline code", "code block", "indented code", "plain comment",
                   "example.org", "beds.png", "a chart of beds"):
        assert hidden not in text
    assert "See the guide and" in text


def test_block_kinds_and_sections():
    blocks = doc().blocks
    kinds = [(b.kind, b.text) for b in blocks]
    assert kinds[0] == (HEADING, "Our policy") and blocks[0].level == 1
    assert kinds[1] == (PARAGRAPH, "Intro line one continues here with  inside.")
    assert [t for k, t in kinds if k == LIST_ITEM] == ["first item", "second item"]
    cells = [(b.row, b.column, b.text) for b in blocks if b.kind == TABLE_CELL]
    assert cells == [(0, 0, "Question"), (0, 1, "Answer"), (1, 0, "Name"), (1, 1, "Sam")]
    last = blocks[-1]
    assert last.section == "Second heading" and blocks[-2].level == 2
    quote = [b for b in blocks if "quote" in b.text][0]
    assert quote.facts.get("quote") is True


def test_every_character_maps_to_its_line_and_column():
    d = doc()
    lines = SAMPLE.split("\n")
    for b in d.blocks:
        for i, ch in enumerate(b.text):
            if ch == " ":
                continue
            loc = d.locate(b, i)
            assert lines[loc.line - 1][loc.column - 1] == ch, (b.text, i)


def test_entities_and_escapes_are_located():
    d = doc()
    b = d.blocks[-1]
    assert b.text == "Last & final *line*."
    assert d.exact_text(b, 0, len(b.text)) == "Last &amp; final \\*line\\*."


def test_links_images_and_tables():
    d = doc()
    assert [(l.text, l.target) for l in d.links] == [("the guide", "https://example.org/guide")]
    link = d.links[0]
    assert d.blocks[link.block].text[link.start:link.end] == "the guide"
    assert [(i.alt, i.title, i.target) for i in d.images] == [("a chart of beds", "Beds", "beds.png")]
    assert len(d.tables) == 1 and (d.tables[0].rows, d.tables[0].columns, d.tables[0].header_row) == (2, 2, True)


def test_directives_are_read_from_comments():
    d = extract_text("Hi.\n\n<!-- plainspeak-disable PS201 jargon -->\n\nText <!-- plainspeak-enable --> here.\n", "d.md")
    assert [(x.action, x.rules, x.line) for x in d.directives] == [
        ("disable", ("PS201", "jargon"), 3), ("enable", (), 5)]


def test_malformed_directives():
    d = extract_text("<!-- plainspeak-disable -->\n\n<!-- plainspeak disable PS1 -->\n", "d.md")
    assert [x.action for x in d.directives] == ["malformed", "malformed"]
    assert "say which rules" in d.directives[0].problem


def test_windows_line_ends():
    d = extract_text("# Title\r\n\r\nA rough\r\nsleeper.\r\n", "w.md")
    b = d.blocks[1]
    assert b.text == "A rough sleeper."
    assert d.locate(b, 2).line == 3 and d.locate(b, 8).line == 4


def test_reference_and_inline_links_on_one_line_keep_locations():
    src = "See [the guide][g] and [**the plan**](https://x.org/a_(b)) then DEFRA.\n\n[g]: https://example.org\n"
    d = extract_text(src, "l.md")
    b = d.blocks[0]
    assert b.text == "See the guide and the plan then DEFRA."
    for i, ch in enumerate(b.text):
        if ch != " ":
            loc = d.locate(b, i)
            assert src.split("\n")[loc.line - 1][loc.column - 1] == ch
    assert [(l.text, l.target) for l in d.links] == [("the guide", "https://example.org"),
                                                    ("the plan", "https://x.org/a_(b)")]
