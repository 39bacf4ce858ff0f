"""The pipeline, in one direction: extract -> segment -> analyse -> check -> suppress -> report.

``Checker`` holds what is loaded once per run (rules, glossary, the spaCy
pipeline, the checks) and turns each file into a FileReport. The spaCy
pipeline is loaded only when the first document needs it.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import sys
import threading
from collections import OrderedDict
from contextlib import contextmanager
from typing import Iterator

from plainspeak import suppress
from plainspeak.config import Config
from plainspeak.extract import extract_bytes, extract_file, format_for
from plainspeak.extract.limits import Limits
from plainspeak.model import Document, ExtractError, FileReport, Finding
from plainspeak.rules import Rule, find_rule, load_rules, matching

STDIN = "-"
STDIN_NAME = "<stdin>"


@contextmanager
def loading():
    """No garbage collection while loading what lives for the whole run (spaCy, the rules,
    the glossary, word tables): it makes hundreds of thousands of objects and no garbage to
    speak of, and the collector would walk them all again and again. At the end they go
    straight to the collector's oldest generation, which it walks seldom; else the next
    collections of the young ones would walk them all first (0.1 to 0.3 s)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        frozen = gc.get_freeze_count()
        gc.freeze()  # moves every object, without walking them
        if not frozen:  # (a worker keeps what it froze: its collector must not touch what it shares)
            gc.unfreeze()  # ... back into the oldest generation
        if was:
            gc.enable()


class Checker:
    def __init__(self, config: Config | None = None, *, rules: list[Rule] | None = None,
                 glossary=None, limits: Limits | None = None, disable: list[str] = (),
                 preview: bool | None = None, parent: "Checker | None" = None):
        self.config = config or Config()
        self.limits = limits or Limits()
        self._rules_key = None  # the rule files' contents, when the rules are the bundled ones
        if rules is None:
            self._rules_key, bundled = _bundled_rules()
            self.all_rules = list(bundled)
        else:
            self.all_rules = rules
        self._disable = list(disable)
        off: set[str] = set()
        for key in [*self.config.disable, *disable]:
            found = matching(self.all_rules, key)
            if not found:
                raise ValueError(f"no rule is called '{key}' (see 'plainspeak rules')")
            off.update(r.code for r in found)
        chosen = {r.code for r in self.all_rules}
        if self.config.select:
            chosen = set()
            for key in self.config.select:
                found = matching(self.all_rules, key)
                if not found:
                    raise ValueError(f"no rule is called '{key}' (see 'plainspeak rules')")
                chosen.update(r.code for r in found)
        for key in self.config.severity:
            if find_rule(self.all_rules, key) is None:
                raise ValueError(f"your settings name a rule that does not exist: '{key}' (see 'plainspeak rules')")
        if parent is None:  # rule options, also those of the [[overrides]], against their declarations
            self.config.check_options(self.all_rules)
        self.rules = [_with_options(r, self.config.options) for r in self.all_rules
                      if r.code in chosen and r.code not in off]
        self.preview = self.config.preview if preview is None else preview
        self._glossary = glossary
        self._glossary_key = None  # the entry files' contents and the choices, when loaded here
        # Results are kept (plainspeak.cache) only where its key says all: the settings, and the
        # rules, glossary and limits they load. Rules, a glossary or limits given in code are not in it.
        self.use_cache = glossary is None and rules is None and limits is None
        self._pipeline = None
        self._checks = None
        self._parent = parent
        self._formats = {r.code: r.formats for r in self.rules}
        self._once_per_section = {r.code for r in self.rules if r.options.get("repeats") == "once-per-section"}
        # Glossary rules count repeats per entry ("ensure", "ensuring"); pattern rules per words
        # ("heroin users" and "crack users" are two labels, though one pattern finds both).
        self._by_words = {r.code for r in self.rules if r.check != "glossary"}
        self._variants: dict[tuple[int, ...], Checker] = {}

    def for_path(self, path: str) -> "Checker":
        """The checker for one file: this one, or a variant with the file's [[overrides]] applied."""
        matching = tuple(i for i, o in enumerate(self.config.overrides) if o.matches(path))
        if not matching:
            return self
        variant = self._variants.get(matching)
        if variant is None:
            variant = Checker(self.config.for_file(path), rules=self.all_rules, limits=self.limits,
                              disable=self._disable, preview=self.preview, parent=self)
            self._variants[matching] = variant
        return variant

    # Loaded on first use, so that a run with nothing to check stays fast.
    @property
    def glossary(self):
        if self._glossary is None and self._parent is not None:
            self._glossary = self._parent.glossary
        if self._glossary is None:
            self._glossary_key, self._glossary = _glossary(self.config.glossary, self.config.disable_terms,
                                                           self.preview)
        return self._glossary

    @property
    def pipeline(self):
        if self._pipeline is None and self._parent is not None:
            self._pipeline = self._parent.pipeline
        if self._pipeline is None:
            from plainspeak.language.pipeline import pipeline_for

            self._pipeline = pipeline_for(self.config.spacy_model)
        return self._pipeline

    def checks(self):
        if self._checks is None:
            with loading():
                self.glossary  # loads it, and so knows its key
                if self._rules_key is None or self._glossary_key is None or self.config.spacy_model:
                    self._checks = self._make_checks()  # rules or glossary given in code; a trained pipeline
                else:
                    # Check objects keep a little state while they check one document: shared only
                    # within one thread.
                    key = ("checks", self._rules_key, self._glossary_key, threading.get_ident(),
                           repr([(r.code, r.options) for r in self.rules]),
                           repr(sorted(self.config.severity.items())), repr(sorted(self.config.allow_acronyms)))
                    self._checks = _shared(key, self._make_checks)
        return self._checks

    def _make_checks(self):
        from plainspeak.checks import Context, make_checks

        context = Context(glossary=self.glossary, pipeline=self.pipeline,
                          severity=dict(self.config.severity),
                          allow_acronyms=set(self.config.allow_acronyms))
        return make_checks(self.rules, context)

    # -- one document -------------------------------------------------------------------
    def check_document(self, document: Document, every_use: bool = False) -> FileReport:
        """Check one extracted document. ``every_use``: keep repeated findings that a rule
        would otherwise report once a section (``fix`` needs every place)."""
        checks = self.checks()
        analysis = self.pipeline.analyse(document)
        findings: list[Finding] = []
        for check in checks:
            findings.extend(check.run(analysis))
        # A rule that names its formats finds nothing in others (PS514: no language in Markdown).
        fmt = document.format
        findings = [f for f in findings if fmt in self._formats.get(f.rule, (fmt,))]
        findings = suppress.apply(document, findings, self.rules, self.all_rules, self.config.severity)
        if not every_use:  # after suppression: a switched-off first use must not hide the next one
            findings = _first_in_section(findings, self._once_per_section, self._by_words)
        findings.sort(key=_order)
        from plainspeak.language.scores import report as readability_report

        readability = readability_report(analysis)  # scores, sections, hardest sentences
        from plainspeak.checks.questions import summary as questions_summary

        return FileReport(path=document.path, format=document.format, readability=readability,
                          findings=findings, questions=questions_summary(analysis),
                          partial=partial_read(document, self.limits))

    def check_file(self, path: str) -> FileReport:
        if path != STDIN and self.config.overrides:
            variant = self.for_path(path)
            if variant is not self:
                return variant.check_file(path)
        fmt = STDIN_FORMAT if path == STDIN else format_for(path)
        try:
            if path == STDIN:
                data = sys.stdin.buffer.read()
                document = extract_bytes(data, STDIN_NAME, "markdown", self.limits)
            else:
                document = extract_file(path, self.limits)
        except ExtractError as exc:
            return FileReport(path=STDIN_NAME if path == STDIN else path, format=fmt, error=str(exc))
        except MemoryError:
            return FileReport(path=path, format=fmt, error="the file needs too much memory to read")
        except RecursionError:
            return FileReport(path=path, format=fmt, error="the file is nested too deeply to read; it may be damaged")
        return self.check_document(document)

    def check_paths(self, paths: list[str]) -> Iterator[FileReport]:
        from plainspeak.files import discover

        for path in discover(paths, self.config.exclude):
            yield self.check_file(path)


STDIN_FORMAT = "markdown"


# -- what Checkers made from the same files and settings share, once per process ------------
#
# The editor server and the web page make a new Checker when the settings change, and every
# in-process run (the tests make hundreds) makes one. Each read the rule files and the glossary
# again and built the checks again: about 0.15 s, and 0.06 s more the first time the checks run.
# Like the built-in language pipeline (language.pipeline.pipeline_for), they are now made once
# and shared, keyed by the contents of the files they are read from (as the result cache's key
# is: any change to a rule or entry file gives a new key) and by the settings they depend on.

_SHARED: "OrderedDict[tuple, object]" = OrderedDict()
SHARED_MOST = 12  # kept at most, the last used: an editor's settings change now and then
_SHARED_LOCK = threading.Lock()  # the web page and the editor server make Checkers in several threads


def _shared(key: tuple, make):
    with _SHARED_LOCK:
        hit = _SHARED.get(key)
        if hit is not None:
            _SHARED.move_to_end(key)
            return hit
    hit = make()  # an error (a bad rule or entry file) is raised, and nothing is kept
    with _SHARED_LOCK:
        hit = _SHARED.setdefault(key, hit)  # (another thread may have made it meanwhile)
        _SHARED.move_to_end(key)
        while len(_SHARED) > SHARED_MOST:
            _SHARED.popitem(last=False)
    return hit


def _contents(files) -> str:
    h = hashlib.sha256()
    for path in files:
        data = path.read_bytes()
        h.update(f"{path}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def _bundled_rules() -> tuple[tuple | None, list[Rule]]:
    """(the key of the rule files' contents, the bundled rules), shared by every Checker."""
    from plainspeak.data import bundled

    root = bundled("rules")
    try:
        key = ("rules", str(root), _contents(sorted(root.glob("*.yaml"))))
    except OSError:  # a file that cannot be read: load_rules says so
        return None, load_rules(root)
    return key, _shared(key, lambda: load_rules(root))


def _glossary(folders: list[str], disabled: list[str], preview: bool):
    """(a key of the glossary version and the choices, the glossary), shared by every Checker
    with the same ones. The entry files are read each time, once; they are parsed only when new."""
    from plainspeak.glossary.load import load_glossary, read_glossary

    files = read_glossary(folders)
    key = ("glossary", files[0], tuple(disabled), bool(preview))
    return key, _shared(key, lambda: load_glossary(folders, disabled, preview, files=files))


def partial_read(document: Document, limits: Limits | None = None) -> dict | None:
    """The report's ``partial`` field: what a reader could not read of the file (pages that
    could not be read, text cut at the size limit, a file cut short), or None if it was read whole."""
    extra = document.meta.extra
    unreadable = sorted(int(n) for n in extra.get("unreadable_pages") or ())
    truncated = bool(extra.get("truncated"))
    cut_short = bool(extra.get("repaired"))
    if not (unreadable or truncated or cut_short):
        return None
    from plainspeak.report.wording import partial_message

    pages_read = extra.get("pages_read") if truncated else None
    limit = limits.max_text_chars if limits else None
    return {
        "message": partial_message(unreadable, extra.get("unreadable_reasons") or {}, truncated, pages_read,
                                   cut_short, limit),
        "unreadable_pages": unreadable,
        "truncated": truncated,
        "pages_read": pages_read,
        "cut_short": cut_short,
    }


def _first_in_section(findings: list[Finding], rules: set[str], by_words: set[str] = frozenset()) -> list[Finding]:
    """For rules with ``repeats: once-per-section``, keep the first finding of the same words
    in each section and say how often they are used there. Repeating one note forty times
    ("co-production" in a co-production toolkit) hides what matters."""
    if not rules:
        return findings
    first: dict[tuple, Finding] = {}
    count: dict[tuple, int] = {}
    kept: list[Finding] = []
    for f in findings:
        if f.rule not in rules:
            kept.append(f)
            continue
        words = " ".join(f.match.lower().split())
        key = (f.rule, words if f.rule in by_words else (f.entry or words), f.location.section, f.location.page)
        if key in first:
            count[key] += 1
            continue
        first[key], count[key] = f, 1
        kept.append(f)
    for key, f in first.items():
        if count[key] > 1:
            where = ("on this page" if f.location.page is not None
                     else "in this section" if f.location.section else "in this document")
            f.message += f" (Used {count[key]} times {where}; this is the first.)"
    return kept


def _with_options(rule: Rule, options: dict[str, dict]) -> Rule:
    extra = options.get(rule.code) or options.get(rule.name.upper())
    if not extra:
        return rule
    return dataclasses.replace(rule, options={**rule.options, **extra})


def _order(f: Finding) -> tuple:
    loc = f.location
    return (loc.page or 0, loc.line or 0, f.block if f.block is not None else -1, f.start, loc.column or 0, f.rule)
