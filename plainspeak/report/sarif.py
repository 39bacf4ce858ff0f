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
    match = " ".join(f.match.split())
    if match:
        text = f"\"{match}\": {text}"
    if place:
        text = f"{place[0].upper()}{place[1:]}: {text}"
    if f.suggestions:
        text += " Try: " + ", ".join(f"\"{s}\"" for s in f.suggestions[:4]) + "."
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


def as_dict(reports: list, rules=None) -> dict:
    if rules is None:
        from plainspeak.rules import load_rules

        rules = load_rules()
    rules = sorted(rules, key=lambda r: r.code)
    rule_index = {r.code: i for i, r in enumerate(rules)}
    results, notifications = [], []
    for r in reports:
        if r.error:
            notifications.append({
                "level": "error",
                "message": {"text": f"Could not check this file: {r.error}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(r.path)}}}],
            })
            continue
        for f, fp in zip(r.findings, fingerprints(r)):
            results.append(_result(r.path, f, rule_index, fp))
    invocation = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "plainspeak",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule_descriptor(rule) for rule in rules],
            }},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def render(reports: list, rules=None, **_options) -> str:
    return json.dumps(as_dict(reports, rules), ensure_ascii=False, indent=2) + "\n"
