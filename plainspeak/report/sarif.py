"""SARIF 2.1.0, the format GitHub code scanning and other code review tools read.

One run; ``tool.driver.rules`` lists every rule with its description and
default level; each finding is a result with its rule, level, message and place.

Markdown and text findings have a region with line and column (columns count
Unicode characters: ``columnKind`` is ``unicodeCodePoints``). Word and PDF files
have no lines, so their results name the file only, give the page or paragraph
in a logical location, and say the place in the message text. Each result
carries a fingerprint that does not depend on the line (see plainspeak.baseline),
so tools can follow a finding across edits. Files that could not be read become
tool execution notifications.
"""

from __future__ import annotations

import json
import os
from urllib.parse import quote

from plainspeak import __version__
from plainspeak.baseline import fingerprints
from plainspeak.report import wording
from plainspeak.report.base import Writer as _Writer

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """A URI reference for a path: relative paths stay relative, with forward slashes."""
    if os.path.isabs(path):
        posix = os.path.abspath(path).replace(os.sep, "/")
        return "file://" + quote(posix if posix.startswith("/") else "/" + posix)
    return quote(path.replace(os.sep, "/").removeprefix("./"))


def _rule_descriptor(rule) -> dict:
    short = rule.summary or rule.message.replace("{match}", "…")
    d = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": " ".join(rule.why.split()) or short},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {"category": rule.category, "tags": [rule.category]},
    }
    help_text = " ".join(rule.instead.split())
    if help_text:
        d["help"] = {"text": f"Write instead: {help_text}"}
    return d


def _region(loc, match: str) -> dict | None:
    if loc.line is None:
        return None
    region = {"startLine": loc.line}
    if loc.column:
        region["startColumn"] = loc.column
        if match:
            lines = match.split("\n")
            if len(lines) == 1:
                region["endColumn"] = loc.column + len(match)
            else:
                region["endLine"] = loc.line + len(lines) - 1
                region["endColumn"] = len(lines[-1]) + 1
    return region


def _result(path: str, f, rule_index: dict, fp: str) -> dict:
    loc = f.location
    text = f.message.strip()
    place = None if loc.line is not None else loc.page_and_paragraph()
    quoted = wording.quoted_match(f)
    if quoted:
        text = f"{quoted}: {text}"
    if place:
        text = f"{wording.capital(place)}: {text}"
    if f.suggestions:
        text += " " + wording.try_words(f.suggestions)
    physical: dict = {"artifactLocation": {"uri": artifact_uri(path)}}
    region = _region(loc, f.match)
    if region:
        physical["region"] = region
    location: dict = {"physicalLocation": physical}
    if place or loc.section:
        logical = {"kind": "element", "name": place or loc.section}
        if loc.section:
            logical["fullyQualifiedName"] = f"{loc.section} > {place}" if place else loc.section
        location["logicalLocations"] = [logical]
    result = {
        "ruleId": f.rule,
        "level": LEVELS.get(f.severity, "warning"),
        "message": {"text": text},
        "locations": [location],
        "partialFingerprints": {"plainspeakFindingHash/v1": fp},
        "properties": {"category": f.category, "match": f.match, "suggestions": list(f.suggestions),
                       "location": loc.to_dict()},
    }
    if f.rule in rule_index:
        result["ruleIndex"] = rule_index[f.rule]
    return result


def _notification(level: str, text: str, path: str) -> dict:
    return {"level": level, "message": {"text": text},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(path)}}}]}


class Writer(_Writer):
    """Keeps each finding's SARIF result (small: no document text beyond the match) and
    writes the one SARIF object at the end."""

    def __init__(self, rules=None, **options):
        super().__init__(**options)
        if rules is None:
            from plainspeak.rules import load_rules

            rules = load_rules()
        self.rules = sorted(rules, key=lambda r: r.code)
        self.rule_index = {r.code: i for i, r in enumerate(self.rules)}
        self.results: list[dict] = []
        self.notifications: list[dict] = []
        self.failed = False

    def add(self, r) -> str:
        if r.error:
            self.failed = True
            self.notifications.append(_notification("error", f"Could not check this file: {r.error}", r.path))
            return ""
        if r.partial:
            self.notifications.append(_notification(
                "warning", f"Only part of this file was checked: {wording.partial_words(r.partial)}.", r.path))
        for f, fp in zip(r.findings, fingerprints(r)):
            self.results.append(_result(r.path, f, self.rule_index, fp))
        return ""

    def as_dict(self) -> dict:
        invocation: dict = {"executionSuccessful": not self.failed}
        if self.notifications:
            invocation["toolExecutionNotifications"] = self.notifications
        return {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "plainspeak",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "rules": [_rule_descriptor(rule) for rule in self.rules],
                }},
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": self.results,
            }],
        }

    def end(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n"


def as_dict(reports: list, rules=None) -> dict:
    w = Writer(rules=rules)
    for r in reports:
        w.add(r)
    return w.as_dict()


def render(reports: list, **options) -> str:
    from plainspeak.report import render as _render

    return _render("sarif", reports, **options)
