"""The glossary: one YAML file per term, written and reviewed by people, not code.

An entry looks like this (see glossary/README.md for the reviewers' guide)::

    term: rough sleeper
    forms: [rough sleepers]
    category: deficit-label
    alternatives: [person sleeping rough, people sleeping rough]
    why: It describes a person by where they sleep, not who they are.
    fine-when: Quoting a law or a data set that uses the term.
    severity: warning
    locale: en-GB
    status: approved
    sources:
      - organisation: Street Support Network
        document: Life without labels
        url: https://streetsupport.net/
    proposed-by: plainspeak maintainers
    reviewed-by: ""
    examples:
      flag: [We counted 12 rough sleepers last night.]
      pass: [We counted 12 people sleeping rough last night.]

This module defines an entry and checks one entry's data (``parse_entry``).
Reading the files is ``load.py``; matching entries in text is the job of
``plainspeak.checks.glossary_terms``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from plainspeak.model import SEVERITIES
from plainspeak.yamlfile import DataFileError, LineDict, check_keys, closest

# Glossary categories. "plain-english" entries are wordy or official words
# with a plainer swap; their findings use the JSON category "jargon".
CATEGORIES = ("deficit-label", "jargon", "plain-english", "acronym")
STATUSES = ("proposed", "approved", "retired")

REQUIRED = ("term", "category", "alternatives", "why", "sources")
KNOWN_KEYS = (
    "term",
    "forms",
    "category",
    "alternatives",
    "why",
    "fine-when",
    "severity",
    "locale",
    "status",
    "sources",
    "proposed-by",
    "reviewed-by",
    "examples",
    "safe-fix",
    "inflect",
    "not-when",
    "exact-forms",
)
SOURCE_KEYS = ("organisation", "document", "url")


def term_key(term: str, category: str) -> str:
    """The key that says two terms are the same entry: acronyms as written (case matters: "DoLS"),
    other words without capitals ("Rough sleeper" is "rough sleeper").

    The one place this rule is written; loading, ``glossary check`` and the commands all use it."""
    return term if category == "acronym" else term.lower()


@lru_cache(maxsize=8192)
def _stem(path: str) -> str:
    """A file's name without its ending (checks ask for entry ids tens of thousands of times a run)."""
    return Path(path).stem


@dataclass(slots=True)
class Source:
    organisation: str
    document: str
    url: str | None = None


@dataclass(slots=True)
class Entry:
    term: str
    category: str
    alternatives: list[str]
    why: str
    sources: list[Source]
    forms: list[str] = field(default_factory=list)
    fine_when: str | None = None
    severity: str | None = None  # None: the rule's own severity
    locale: str = "en-GB"
    status: str = "approved"
    proposed_by: str | None = None
    reviewed_by: str | None = None
    flag_examples: list[str] = field(default_factory=list)
    pass_examples: list[str] = field(default_factory=list)
    safe_fix: bool = False
    inflect: str = "auto"  # how alternatives follow the matched words (plainspeak.usage)
    not_when: list[str] = field(default_factory=list)  # phrases where the words mean something else
    exact_forms: bool = False  # only the written forms match, not other inflections
    path: str = ""
    line: int | None = None
    lines: dict[str, int] = field(default_factory=dict)  # line of each key in the file, for messages

    def line_of(self, key: str) -> int | None:
        """The line of a key (for example 'alternatives') in the entry's file, or the entry's first line."""
        return self.lines.get(key, self.line)

    @property
    def id(self) -> str:
        """A stable name for the entry: its file name without the ending."""
        return _stem(self.path) if self.path else self.term

    def phrases(self) -> list[str]:
        """The term and its other forms."""
        return [self.term, *self.forms]

    @property
    def key(self) -> str:
        """The term's key (see ``term_key``): entries with the same key are the same entry."""
        return term_key(self.term, self.category)


@dataclass(slots=True)
class Glossary:
    entries: list[Entry]
    version: str = ""  # changes when any entry file changes (for caches)

    def acronyms(self) -> dict[str, Entry]:
        """Acronym entries by each written form, as written (case matters)."""
        out: dict[str, Entry] = {}
        for e in self.entries:
            if e.category == "acronym":
                for p in e.phrases():
                    out[p] = e
        return out


def _text(d: LineDict, key: str, path: str, required: bool = False) -> str | None:
    value = d.get(key)
    if value is None:
        if required:
            raise DataFileError(path, f"'{key}' is missing; every entry needs it", d.line)
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise DataFileError(path, f"'{key}' must be text", d.line_of(key))
    value = " ".join(value.split())
    if required and not value:
        raise DataFileError(path, f"'{key}' is empty; write something here", d.line_of(key))
    return value


def _text_list(d: LineDict, key: str, path: str) -> list[str]:
    value = d.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        hint = f" — did you mean:\n  {key}:\n    - {value}" if value else ""
        raise DataFileError(path, f"'{key}' must be a list{hint}", d.line_of(key))
    if not isinstance(value, list):
        raise DataFileError(path, f"'{key}' must be a list of words or phrases", d.line_of(key))
    out = []
    for item in value:
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str) or not item.strip():
            raise DataFileError(path, f"each item in '{key}' must be some text", d.line_of(key))
        out.append(" ".join(item.split()))
    return out


def parse_entry(data: object, path: str) -> Entry:
    """Check one entry's data and build an Entry. Raises DataFileError."""
    from plainspeak.usage import usage_fields

    if not isinstance(data, dict):
        raise DataFileError(path, "an entry must be a set of 'key: value' lines, starting with 'term:'")
    d = data if isinstance(data, LineDict) else LineDict(data)
    check_keys(d, KNOWN_KEYS, path, "a field plainspeak knows")
    for key in REQUIRED:
        if key not in d:
            raise DataFileError(path, f"'{key}' is missing; every entry needs it", d.line)
    term = _text(d, "term", path, required=True)
    category = _text(d, "category", path, required=True)
    if category not in CATEGORIES:
        guess = closest(category, CATEGORIES)
        hint = f" — did you mean '{guess}'?" if guess else ""
        raise DataFileError(
            path, f"category '{category}' is not one of: {', '.join(CATEGORIES)}{hint}", d.line_of("category")
        )
    alternatives = _text_list(d, "alternatives", path)
    if not alternatives:
        raise DataFileError(path, "'alternatives' is empty; give at least one better word or phrase",
                            d.line_of("alternatives"))
    severity = _text(d, "severity", path)
    if severity is not None and severity not in SEVERITIES:
        raise DataFileError(path, f"severity '{severity}' must be one of: {', '.join(SEVERITIES)}",
                            d.line_of("severity"))
    status = _text(d, "status", path) or "approved"
    if status not in STATUSES:
        guess = closest(status, STATUSES)
        hint = f" — did you mean '{guess}'?" if guess else ""
        raise DataFileError(path, f"status '{status}' must be one of: {', '.join(STATUSES)}{hint}",
                            d.line_of("status"))
    sources_raw = d.get("sources")
    if not isinstance(sources_raw, list) or not sources_raw:
        raise DataFileError(path, "'sources' must be a list with at least one source "
                            "(organisation, document, url)", d.line_of("sources"))
    sources = []
    for item in sources_raw:
        if not isinstance(item, dict):
            raise DataFileError(path, "each source needs 'organisation:' and 'document:' lines",
                                d.line_of("sources"))
        item = item if isinstance(item, LineDict) else LineDict(item)
        check_keys(item, SOURCE_KEYS, path, "a source field")
        org = _text(item, "organisation", path, required=True)
        doc = _text(item, "document", path, required=True)
        url = _text(item, "url", path)
        if url and not url.startswith(("https://", "http://")):
            raise DataFileError(path, f"the source address '{url}' must start with https://", item.line_of("url"))
        sources.append(Source(org, doc, url))
    examples = d.get("examples") or {}
    if not isinstance(examples, dict):
        raise DataFileError(path, "'examples' needs 'flag:' and 'pass:' lists", d.line_of("examples"))
    examples = examples if isinstance(examples, LineDict) else LineDict(examples)
    for key in examples:
        if key not in ("flag", "pass"):
            raise DataFileError(path, f"'examples' may only hold 'flag' and 'pass', not '{key}'",
                                examples.line_of(key))
    safe_fix = d.get("safe-fix", False)
    if not isinstance(safe_fix, bool):
        raise DataFileError(path, "'safe-fix' must be true or false", d.line_of("safe-fix"))
    return Entry(
        term=term,
        category=category,
        alternatives=alternatives,
        why=_text(d, "why", path, required=True),
        sources=sources,
        forms=_text_list(d, "forms", path),
        fine_when=_text(d, "fine-when", path),
        severity=severity,
        locale=_text(d, "locale", path) or "en-GB",
        status=status,
        proposed_by=_text(d, "proposed-by", path),
        reviewed_by=_text(d, "reviewed-by", path),
        flag_examples=_text_list(examples, "flag", path),
        pass_examples=_text_list(examples, "pass", path),
        safe_fix=safe_fix,
        **usage_fields(d, path),
        path=path,
        line=d.line,
        lines={**{f"examples.{k}": v for k, v in examples.lines.items()}, **d.lines},
    )
