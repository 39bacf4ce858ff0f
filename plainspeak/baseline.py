"""Baselines: adopt plainspeak without fixing every old finding first.

``plainspeak check --write-baseline FILE`` saves the current findings;
``plainspeak check --baseline FILE`` then reports only findings that are not in it.

A finding is recognised by a fingerprint of its file, its rule, the matched
text (lower case, spaces collapsed) and which occurrence of that rule and text
it is within the file (0 for the first, 1 for the second...). Line numbers are
left out on purpose, so a finding stays known when text is added or removed
above it. If a file gains one more "rough sleepers" than the baseline holds, one
finding is new and is reported: the last one in the file.

Paths are stored relative to the folder that holds the baseline file, with
forward slashes, so the same baseline works from any folder and on any system.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import replace

BASELINE_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read. ``str()`` is one plain line."""


def normalise_match(text: str) -> str:
    return " ".join(text.split()).casefold()


def normalise_path(path: str, base: str | None = None) -> str:
    """The path as stored in a baseline: relative to ``base`` (a folder) where it lies inside it."""
    if path.startswith("<"):  # <stdin>
        return path
    base = os.path.abspath(base or os.getcwd())
    full = os.path.abspath(path)
    rel = os.path.relpath(full, base) if os.path.splitdrive(full)[0] == os.path.splitdrive(base)[0] else full
    if rel.startswith(".." + os.sep) or rel == "..":
        rel = full
    return rel.replace(os.sep, "/")


def fingerprint(path: str, rule: str, match: str, occurrence: int) -> str:
    key = "\0".join((path, rule, normalise_match(match), str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def keyed(report, base: str | None = None) -> list[tuple[dict, object]]:
    """Each finding of a FileReport with its baseline entry, in document order."""
    path = normalise_path(report.path, base)
    seen: Counter = Counter()
    out = []
    for f in report.findings:
        match = normalise_match(f.match)
        n = seen[(f.rule, match)]
        seen[(f.rule, match)] += 1
        entry = {"path": path, "rule": f.rule, "match": match, "occurrence": n,
                 "fingerprint": fingerprint(path, f.rule, f.match, n)}
        out.append((entry, f))
    return out


def fingerprints(report, base: str | None = None) -> list[str]:
    """The fingerprint of each finding of a FileReport, in the same order."""
    return [entry["fingerprint"] for entry, _ in keyed(report, base)]


class Recorder:
    """Collects the baseline entries of reports one at a time (a few short strings a finding,
    no report is kept), then writes the baseline file."""

    def __init__(self, baseline_path: str):
        self.path = baseline_path
        self.base = os.path.dirname(os.path.abspath(baseline_path))
        self.entries: list[dict] = []

    def add(self, report) -> None:
        if not report.error:
            self.entries.extend(entry for entry, _ in keyed(report, self.base))

    def data(self) -> dict:
        entries = sorted(self.entries, key=lambda e: (e["path"], e["rule"], e["match"], e["occurrence"]))
        return {"plainspeak-baseline": BASELINE_VERSION, "findings": entries}

    def write(self) -> int:
        """Write the baseline file (all at once or not at all); returns how many findings it holds."""
        from plainspeak.fileio import write_atomic

        data = self.data()
        write_atomic(self.path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        return len(data["findings"])


def build(reports, baseline_path: str) -> dict:
    recorder = Recorder(baseline_path)
    for r in reports:
        recorder.add(r)
    return recorder.data()


def write(reports, baseline_path: str) -> int:
    """Write the findings of ``reports`` to a baseline file; returns how many."""
    recorder = Recorder(baseline_path)
    for r in reports:
        recorder.add(r)
    return recorder.write()


def load(baseline_path: str) -> set[str]:
    """The fingerprints in a baseline file."""
    try:
        with open(baseline_path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise BaselineError(f"{baseline_path}: no such baseline file (make one with --write-baseline)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{baseline_path}: cannot read this baseline file ({exc})") from None
    if not isinstance(data, dict) or data.get("plainspeak-baseline") != BASELINE_VERSION \
            or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{baseline_path}: not a plainspeak baseline file (make one with --write-baseline)")
    try:
        return {str(e["fingerprint"]) for e in data["findings"]}
    except (TypeError, KeyError):
        raise BaselineError(f"{baseline_path}: a baseline entry has no fingerprint") from None


def filter_report(report, baseline_path: str, known: set[str]):
    """The report with only the findings not in the baseline, and how many were left out."""
    if report.error or not report.findings:
        return report, 0
    base = os.path.dirname(os.path.abspath(baseline_path))
    kept = [f for entry, f in keyed(report, base) if entry["fingerprint"] not in known]
    return replace(report, findings=kept), len(report.findings) - len(kept)


def apply(reports, baseline_path: str, known: set[str]) -> tuple[list, int]:
    """Reports with only the findings not in the baseline, and how many were left out."""
    out, hidden = [], 0
    for r in reports:
        kept, n = filter_report(r, baseline_path, known)
        out.append(kept)
        hidden += n
    return out, hidden
