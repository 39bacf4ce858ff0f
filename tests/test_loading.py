"""What lives for the whole run is loaded with the garbage collector paused.

Loading spaCy, the rules, the glossary and the word tables makes hundreds of
thousands of objects that are never garbage; collecting while they are made
walks them again and again (about half a second of start-up). These tests pin
that the pause happens, and that it always ends."""

import gc

import pytest

from plainspeak import engine
from plainspeak.engine import Checker, loading
from plainspeak import isolate


def test_loading_pauses_the_collector_and_restores_it():
    assert gc.isenabled()
    with loading():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_loading_restores_the_collector_after_an_error():
    with pytest.raises(ValueError):
        with loading():
            raise ValueError("a mistake in the rules")
    assert gc.isenabled()


def test_loading_leaves_a_paused_collector_paused():
    gc.disable()
    try:
        with loading():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_checks_and_warm_up_load_with_the_collector_paused(monkeypatch):
    seen = []
    real = Checker._make_checks

    def spy(self):
        seen.append(("checks", gc.isenabled()))
        return real(self)

    monkeypatch.setattr(Checker, "_make_checks", spy)
    # Checkers with the same settings share their checks in a process: none made before this test
    monkeypatch.setattr(engine, "_SHARED", engine.OrderedDict())
    checker = Checker()
    checker.checks()
    checker.checks()  # made once
    real_doc = Checker.check_document

    def spy_doc(self, document, every_use=False):
        seen.append(("warm-up", gc.isenabled()))
        return real_doc(self, document, every_use)

    monkeypatch.setattr(Checker, "check_document", spy_doc)
    isolate.warm_up(checker)
    assert seen == [("checks", False), ("warm-up", False)]
    assert gc.isenabled()


def test_what_was_loaded_goes_to_the_oldest_generation_without_a_collection():
    made = []
    before = gc.get_count()[0]
    with loading():
        made.extend([x] for x in range(5000))  # lists: tracked by the collector
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(m) in oldest for m in made)
    assert gc.get_count()[0] <= before + 5  # nothing young is left to collect from it


def test_loading_in_a_process_that_froze_what_it_shares_keeps_it_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with loading():
            made = [[x] for x in range(100)]
        assert gc.get_freeze_count() >= frozen + len(made)
    finally:
        gc.unfreeze()
