"""Strict inline suppression in Markdown."""

from conftest import check_markdown


def rules_found(checker, text):
    # every use: these tests are about which places are switched off, not about repeats
    return [(f.rule, f.location.line) for f in check_markdown(checker, text, every_use=True)]


def test_disable_and_enable_by_code_and_name(small_checker):
    text = ("We signpost people.\n\n<!-- plainspeak-disable PS201 -->\n\nWe signpost people.\n\n"
            "<!-- plainspeak-enable -->\n\nWe signpost people.\n\n<!-- plainspeak-disable jargon -->\n\nWe signpost.\n")
    assert rules_found(small_checker, text) == [("PS201", 1), ("PS201", 9)]


def test_disable_only_named_rule(small_checker):
    text = "<!-- plainspeak-disable PS201 -->\n\nWe signpost the HRA team.\n"
    assert rules_found(small_checker, text) == [("PS101", 3)]


def test_ignore_next_line(small_checker):
    text = "<!-- plainspeak-ignore-next-line -->\nWe signpost the HRA team.\nWe signpost.\n"
    assert rules_found(small_checker, text) == [("PS201", 3)]
    text = "<!-- plainspeak-ignore-next-line PS101 -->\nWe signpost the HRA team.\n"
    assert rules_found(small_checker, text) == [("PS201", 2)]


def test_disable_all_is_explicit(small_checker):
    text = "<!-- plainspeak-disable all -->\n\nWe signpost the HRA team.\n"
    assert rules_found(small_checker, text) == []


def test_malformed_directive_is_an_error_and_suppresses_nothing(small_checker):
    for comment in ("<!-- plainspeak-disable -->", "<!-- plainspeak-disabel PS201 -->",
                    "<!-- plainspeak-disable PS999 -->", "<!-- plainspeak-ignore-next-line nonsense -->"):
        findings = check_markdown(small_checker, f"{comment}\n\nWe signpost people.\n")
        got = sorted((f.rule, f.severity, f.category) for f in findings)
        assert got == [("PS001", "error", "directive"), ("PS201", "warning", "jargon")], comment
        bad = [f for f in findings if f.rule == "PS001"][0]
        assert bad.match == comment and bad.location.line == 1


def test_a_switched_off_first_use_does_not_hide_the_next(small_checker):
    text = "<!-- plainspeak-ignore-next-line PS201 -->\nWe signpost people.\nWe signpost them too.\n"
    assert [(f.rule, f.location.line) for f in check_markdown(small_checker, text)] == [("PS201", 3)]
