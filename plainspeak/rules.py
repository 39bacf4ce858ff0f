"""Rules are data: one YAML file per rule in ``rules/``.

A rule names the check kind (code) that implements it, so a new rule of an
existing kind needs no code at all::

    code: PS301
    name: deficit-label
    category: deficit-label
    severity: warning
    check: glossary
    options: {glossary-category: deficit-label}
    message: "'{match}' describes people by a problem."
    why: ...
    sources: [...]
    examples:
      flag: ["We housed three heroin users."]
      pass: ["We housed three people who use heroin."]

The examples run as tests (``pytest -k PS301`` runs one rule's). An example is
a Markdown text, or a mapping that says which format to check it in and which
rule options to use, so rules that find nothing in Markdown are tested in their
own format::

    examples:
      flag:
        - format: docx            # built into a Word file (tests/example_documents.py)
          options: {min-size: 14} # this rule's options for this example
          text: "Body text at 12 point."
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plainspeak.checks import CHECK_KINDS, declaration
from plainspeak.checks.options import OptionError, resolve
from plainspeak.extract.formats import FORMATS
from plainspeak.model import CATEGORIES, SEVERITIES
from plainspeak.yamlfile import DataFileError, LineDict, check_keys, closest, load_yaml_file

CODE_RE = re.compile(r"^PS\d{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
KNOWN_KEYS = ("code", "name", "category", "severity", "check", "options", "message", "why",
              "instead", "sources", "examples", "summary", "formats")
REQUIRED = ("code", "name", "category", "severity", "check", "message", "why", "sources", "examples")


@dataclass(slots=True, frozen=True)
class Example:
    text: str
    flag: bool  # True: the rule must find something; False: it must not
    format: str = "markdown"
    options: dict[str, Any] = field(default_factory=dict)


EXAMPLE_KEYS = ("text", "format", "options")


@dataclass(slots=True)
class Rule:
    code: str
    name: str
    category: str
    severity: str
    check: str  # check kind, see plainspeak.checks.CHECK_KINDS
    message: str  # may use {match}, {suggestion} and check-specific fields
    why: str
    summary: str = ""  # one line: what it finds
    instead: str = ""  # what to write instead, in general
    sources: list[dict[str, str]] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    flag_examples: list[str] = field(default_factory=list)
    pass_examples: list[str] = field(default_factory=list)
    formats: tuple[str, ...] = tuple(FORMATS)  # the input formats the rule can find anything in
    path: str = ""
    examples: list[Example] = field(default_factory=list)  # flag and pass, with format and options

    def format_message(self, **fields: Any) -> str:
        try:
            return self.message.format(**fields)
        except (KeyError, IndexError, ValueError):
            return self.message


def _str(d: LineDict, key: str, path: str) -> str:
    value = d.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(path, f"'{key}' must be some text", d.line_of(key))
    return value.strip()


def parse_rule(data: object, path: str, check_kinds: tuple[str, ...]) -> Rule:
    if not isinstance(data, dict):
        raise DataFileError(path, "a rule must be a set of 'key: value' lines")
    d = data if isinstance(data, LineDict) else LineDict(data)
    check_keys(d, KNOWN_KEYS, path, "a rule field")
    for key in REQUIRED:
        if key not in d:
            raise DataFileError(path, f"'{key}' is missing", d.line)
    code = _str(d, "code", path)
    if not CODE_RE.match(code):
        raise DataFileError(path, f"code '{code}' must look like PS301", d.line_of("code"))
    name = _str(d, "name", path)
    if not NAME_RE.match(name):
        raise DataFileError(path, f"name '{name}' must be lower-case words joined by hyphens",
                            d.line_of("name"))
    category = _str(d, "category", path)
    if category not in CATEGORIES:
        raise DataFileError(path, f"category '{category}' must be one of: {', '.join(CATEGORIES)}",
                            d.line_of("category"))
    severity = _str(d, "severity", path)
    if severity not in SEVERITIES:
        raise DataFileError(path, f"severity '{severity}' must be one of: {', '.join(SEVERITIES)}",
                            d.line_of("severity"))
    check = _str(d, "check", path)
    if check not in check_kinds:
        guess = closest(check, check_kinds)
        hint = f" — did you mean '{guess}'?" if guess else ""
        raise DataFileError(path, f"check '{check}' is not a check kind plainspeak has{hint}",
                            d.line_of("check"))
    options = d.get("options") or {}
    if not isinstance(options, dict):
        raise DataFileError(path, "'options' must be a set of 'key: value' lines", d.line_of("options"))
    where = options.line_of if isinstance(options, LineDict) else (lambda key: d.line_of("options"))
    try:  # checked against what the check kind declares; the declared defaults fill the rest
        options = resolve(declaration(check), code, options, line_of=where)
    except OptionError as exc:
        raise DataFileError(path, str(exc), exc.line or d.line_of("options")) from None
    sources = d.get("sources")
    if not isinstance(sources, list):
        raise DataFileError(path, "'sources' must be a list", d.line_of("sources"))
    examples = d.get("examples")
    if not isinstance(examples, dict) or not isinstance(examples.get("flag", []), list) \
            or not isinstance(examples.get("pass", []), list):
        raise DataFileError(path, "'examples' needs 'flag:' and 'pass:' lists", d.line_of("examples"))
    formats = d.get("formats", list(FORMATS))
    if not isinstance(formats, list) or not formats or any(f not in FORMATS for f in formats):
        raise DataFileError(path, f"'formats' must be a list of some of: {', '.join(FORMATS)}",
                            d.line_of("formats"))
    parsed = [_example(x, flag, d.line_of("examples"), path)
              for flag, key in ((True, "flag"), (False, "pass")) for x in examples.get(key, [])]
    return Rule(
        examples=parsed,
        formats=tuple(formats),
        code=code, name=name, category=category, severity=severity, check=check,
        message=_str(d, "message", path), why=_str(d, "why", path),
        summary=str(d.get("summary") or "").strip(), instead=str(d.get("instead") or "").strip(),
        sources=[dict(s) if isinstance(s, dict) else {"document": str(s)} for s in sources],
        options=dict(options),
        flag_examples=[x.text for x in parsed if x.flag],
        pass_examples=[x.text for x in parsed if not x.flag],
        path=path,
    )


def _example(x: object, flag: bool, line: int | None, path: str) -> Example:
    if not isinstance(x, dict):
        return Example(text=str(x), flag=flag)
    check_keys(x if isinstance(x, LineDict) else LineDict(x), EXAMPLE_KEYS, path, "an example field")
    text, fmt, options = x.get("text"), x.get("format", "markdown"), x.get("options") or {}
    if not isinstance(text, str) or not text.strip():
        raise DataFileError(path, "an example needs 'text'", line)
    if fmt not in FORMATS:
        raise DataFileError(path, f"an example's 'format' must be one of: {', '.join(FORMATS)}", line)
    if not isinstance(options, dict):
        raise DataFileError(path, "an example's 'options' must be a set of 'key: value' lines", line)
    return Example(text=text, flag=flag, format=fmt, options=dict(options))


def load_rules(folder: str | Path | None = None) -> list[Rule]:
    """Load all rules, sorted by code. Raises DataFileError on a bad file."""
    from plainspeak.data import bundled

    root = Path(folder) if folder else bundled("rules")
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in sorted(root.glob("*.yaml")):
        rule = parse_rule(load_yaml_file(str(path)), str(path), tuple(CHECK_KINDS))
        for key in (rule.code, rule.name):
            if key in seen:
                raise DataFileError(str(path), f"'{key}' is already used by {seen[key]}")
            seen[key] = str(path)
        rules.append(rule)
    return sorted(rules, key=lambda r: r.code)


def matching(rules: list[Rule], key: str) -> list[Rule]:
    """Rules a user means by ``key``: a code (PS301), a name (deficit-label), a category
    (acronym, jargon, deficit-label, readability, accessibility) or the start of codes (PS3)."""
    k = key.strip().lower()
    return [r for r in rules if r.code.lower() == k or r.name == k or r.category == k
            or (k.startswith("ps") and len(k) < 5 and r.code.lower().startswith(k))]


def find_rule(rules: list[Rule], key: str) -> Rule | None:
    """A rule by code (PS301) or name (deficit-label), any case."""
    k = key.strip()
    for r in rules:
        if r.code == k.upper() or r.name == k.lower():
            return r
    return None
