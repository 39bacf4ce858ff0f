"""What Checkers made in one process share (plainspeak.engine): the rules, the glossary and the
checks are loaded once for the same files and settings, and loaded again when a file changes.

The editor server and the web page make a new Checker when the settings change, and every
in-process run makes one, so loading them each time cost each about 0.2 s."""

from __future__ import annotations

import gc
import sys
import threading

from conftest import check_markdown
from plainspeak import engine, isolate
from plainspeak.config import Config
from plainspeak.engine import Checker

ENTRY = """term: zorble
category: jargon
alternatives:
  - {alternative}
why: Nobody knows what it means.
status: approved
sources:
  - organisation: Test
    document: Test
"""


def test_checkers_with_the_same_files_and_settings_share_what_they_load():
    first, second = Checker(), Checker()
    assert [r.code for r in first.all_rules] == [r.code for r in second.all_rules]
    assert all(a is b for a, b in zip(first.all_rules, second.all_rules))
    assert first.all_rules is not second.all_rules  # each Checker has its own list
    assert first.glossary is second.glossary
    assert first.checks() is second.checks()
    # Other settings for the checks: the same rules and glossary, other checks.
    allowing = Checker(Config(allow_acronyms=["MARAC"]))
    assert allowing.glossary is first.glossary and allowing.checks() is not first.checks()
    text = "The MARAC met on Monday."
    assert "PS101" in [f.rule for f in check_markdown(first, text)]
    assert "PS101" not in [f.rule for f in check_markdown(allowing, text)]
    # Another rule option or severity: other checks too.
    assert Checker(Config(severity={"PS101": "error"})).checks() is not first.checks()
    assert Checker(Config(options={"PS517": {"min-size": 10}})).checks() is not first.checks()


def test_a_changed_entry_file_is_read_again_even_with_the_same_size(tmp_path):
    words = tmp_path / "our-words" / "jargon"
    words.mkdir(parents=True)
    entry = words / "zorble.yaml"
    entry.write_text(ENTRY.format(alternative="meeting"), encoding="utf-8")
    config = Config(glossary=[str(tmp_path / "our-words")])
    before = Checker(config)
    assert [f.suggestions for f in check_markdown(before, "We had a zorble.") if f.entry == "zorble"] \
        == [["meeting"]]
    assert Checker(config).glossary is before.glossary
    entry.write_text(ENTRY.format(alternative="talking"), encoding="utf-8")  # as long as "meeting"
    after = Checker(config)
    assert after.glossary is not before.glossary and after.checks() is not before.checks()
    assert [f.suggestions for f in check_markdown(after, "We had a zorble.") if f.entry == "zorble"] \
        == [["talking"]]


def test_checks_are_not_shared_between_threads():
    """A check keeps a little state while it checks one document."""
    here = Checker().checks()
    there = []
    thread = threading.Thread(target=lambda: there.append(Checker().checks()))
    thread.start()
    thread.join()
    assert there[0] is not here
    assert Checker().checks() is here


def test_rules_or_a_glossary_given_in_code_are_not_shared(small_checker):
    bundled = Checker()
    assert small_checker.checks() is not bundled.checks()
    own_rules = Checker(rules=list(bundled.all_rules))
    assert own_rules.checks() is not bundled.checks()


def test_starting_forked_workers_does_not_collect_all_garbage():
    """Workers share what this process loaded by freezing it while they are forked; a full
    collection before that took about 0.2 s in a large process (an editor's, a test run's)."""
    checker = Checker()
    pool = isolate.Pool(checker, 2, fork=True)
    full = []

    def note(phase, info):
        if phase == "start" and info["generation"] == 2:
            full.append(info)

    gc.disable()  # only a collection asked for in code runs now
    gc.callbacks.append(note)
    try:
        tasks = [("bytes", b"# Help\n\nThe LA will assess your needs.\n", f"{n}.md", "markdown") for n in "ab"]
        reports = list(pool.check(tasks, 2))
    finally:
        gc.callbacks.remove(note)
        gc.enable()
        pool.close()
    assert pool.started == 2
    assert [r.path for r in reports] == ["a.md", "b.md"] and all(r.error is None for r in reports)
    assert full == []


def test_sharing_is_safe_from_several_threads(monkeypatch):
    """The web page and the editor server make Checkers in several threads: one thread may
    drop a shared item (the oldest, past SHARED_MOST) just after another has found it. Here
    another thread tries to do so at exactly that moment; it must wait its turn."""
    import threading

    class Shared(engine.OrderedDict):
        def get(self, key, default=None):
            found = super().get(key, default)
            other = waiting.pop() if waiting else None
            if other is not None and key == ("test", "first"):
                other.start()  # makes another item: the first one is dropped
                other.join(1.0)  # it waits for this thread to finish with the shared items
            return found

    waiting: list = []
    monkeypatch.setattr(engine, "_SHARED", Shared())
    monkeypatch.setattr(engine, "SHARED_MOST", 1)
    engine._shared(("test", "first"), lambda: "first")
    other = threading.Thread(target=engine._shared, args=(("test", "second"), lambda: "second"))
    waiting.append(other)
    assert engine._shared(("test", "first"), lambda: "again") == "first"
    other.join()
    assert list(engine._SHARED) == [("test", "second")]
