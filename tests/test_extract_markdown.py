"""Markdown extraction: prose only, every character located, structure recorded."""

from plainspeak.extract.markdown import extract_text
from plainspeak.model import HEADING, LIST_ITEM, PARAGRAPH, TABLE_CELL

SAMPLE = """---
layout: Front matter is skipped
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


# -- Markdown as written in the wild ----------------------------------------------------------

# Modelled on GOV.UK guidance pages written in govspeak (alphagov/govspeak's README lists the
# markers) and on the front matter of GOV.UK's service manual and developer docs.
GOVSPEAK = """---
layout: detailed-guidance
title: Help if you're homeless
description: >
  Find out what help rough sleepers
  can get from the council.
summary: "What the local authority must do"
breadcrumbs:
  - title: Home
status: draft
---

##Who can get help

^You can get help even if you are not a British citizen.^

%Do not wait until you have to leave: contact us early.%

$CTA
Call the housing options team.
$CTA

$C
Housing Options
Town Hall, SW1A 1AA
$C

* Bring proof of your income.
* Bring your tenancy agreement.
{: .govuk-list .govuk-list--bullet}

[Find your council](/find-local-council){: .govuk-button}

###What happens next {#next}

#1 priority is a roof tonight.

```
##Not a heading ^not a callout^
```
"""


def wild():
    return extract_text(GOVSPEAK, "guide.md")


def test_govspeak_headings_need_no_space_after_the_hashes():
    d = wild()
    headings = [(b.level, b.text) for b in d.blocks if b.kind == HEADING]
    assert headings == [(2, "Who can get help"), (3, "What happens next")]
    first = next(b for b in d.blocks if b.text == "Who can get help")
    loc = d.locate(first, 0)
    assert GOVSPEAK.split("\n")[loc.line - 1] == "##Who can get help" and loc.column == 3
    # A number after '#' is not a heading; nor is anything in a code block.
    assert any(b.kind == PARAGRAPH and b.text == "#1 priority is a roof tonight." for b in d.blocks)
    assert not any("Not a heading" in b.text for b in d.blocks)


def test_govspeak_markers_are_not_prose_but_what_they_wrap_is():
    texts = [b.text for b in wild().blocks]
    assert "You can get help even if you are not a British citizen." in texts
    assert "Do not wait until you have to leave: contact us early." in texts
    assert "Call the housing options team." in texts
    assert "Find your council" in texts
    everything = " ".join(texts)
    for marker in ("^", "%", "$CTA", "$C", "{:", ".govuk-list", "{#next}", "govuk-button"):
        assert marker not in everything, marker
    # A contact block is details, not prose: no acronym or postcode findings from it.
    assert "Town Hall" not in everything and "Housing Options" not in everything
    items = [b.text for b in wild().blocks if b.kind == LIST_ITEM]
    assert items == ["Bring proof of your income.", "Bring your tenancy agreement."]


def test_prose_in_front_matter_is_read_with_its_lines():
    d = wild()
    fields = {b.facts["front-matter"]: b for b in d.blocks if "front-matter" in b.facts}
    assert sorted(fields) == ["description", "summary", "title"]  # not layout, status, breadcrumbs
    assert fields["title"].text == "Help if you're homeless" and d.meta.title == "Help if you're homeless"
    assert fields["description"].text == "Find out what help rough sleepers can get from the council."
    assert fields["summary"].text == "What the local authority must do"
    lines = GOVSPEAK.split("\n")
    for b in fields.values():
        for i, ch in enumerate(b.text):
            if ch != " ":
                loc = d.locate(b, i)
                assert lines[loc.line - 1][loc.column - 1] == ch
    start = d.locate(fields["description"], fields["description"].text.index("rough sleepers"))
    assert (start.line, start.column) == (5, 22)


def test_front_matter_prose_is_checked(small_checker):
    """A page whose words live in its front matter is not reported as empty."""
    from conftest import check_markdown

    found = [(f.rule, f.match, f.location.line, f.location.column) for f in check_markdown(small_checker, GOVSPEAK)]
    assert ("PS301", "rough sleepers", 5, 22) in found


HTML_IN_MARKDOWN = """# Support

<h2 class="govuk-heading-m" id="drugs">Support for heroin users &amp; their <em>families</em></h2>

We can help. <img src="map.png" alt="Map of the borough"> Ask at reception.

<img src="logo.png">

<!-- <h2>Commented out</h2> -->
"""


def test_html_headings_and_images_inside_markdown():
    d = extract_text(HTML_IN_MARKDOWN, "page.md")
    headings = [(b.level, b.text) for b in d.blocks if b.kind == HEADING]
    assert headings == [(1, "Support"), (2, "Support for heroin users & their families")]
    h2 = [b for b in d.blocks if b.kind == HEADING][1]
    at = d.locate(h2, h2.text.index("heroin"))
    assert (at.line, at.column) == (3, 52)
    assert d.exact_text(h2, 0, len(h2.text)).startswith("Support for heroin users &amp; their")
    assert [(i.alt, i.target, i.line) for i in d.images] == [("Map of the borough", "map.png", 5),
                                                              (None, "logo.png", 7)]
    assert next(b for b in d.blocks if b.text.startswith("We can help")).section == \
        "Support for heroin users & their families"


def test_html_image_without_alt_text_is_reported(checker):
    from conftest import check_markdown

    found = [(f.rule, f.location.line) for f in check_markdown(checker, HTML_IN_MARKDOWN)]
    assert ("PS501", 7) in found and ("PS501", 5) not in found
