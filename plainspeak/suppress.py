"""Inline suppression, the strict way.

In Markdown, HTML comments switch rules off and on::

    <!-- plainspeak-disable PS201 -->   ... until ...   <!-- plainspeak-enable -->
    <!-- plainspeak-ignore-next-line -->              (all rules, next line with text)
    <!-- plainspeak-ignore-next-line PS101 -->        (one rule)

Rules may be named by code or name. A directive that is misspelled, names a
rule that does not exist, or switches off nothing in particular is reported
as an error (rule PS001) and suppresses nothing: a typo must never hide
findings.
"""

from __future__ import annotations

from plainspeak.checks import make_finding
from plainspeak.model import Document, Finding, Location
from plainspeak.rules import Rule, find_rule

DIRECTIVE_RULE = "PS001"


def _resolve(names: tuple[str, ...], rules: list[Rule]) -> tuple[set[str] | None, list[str]]:
    """Codes named (None = all), and the names that are not rules."""
    if not names or [n.lower() for n in names] == ["all"]:
        return None, []
    codes, unknown = set(), []
    for n in names:
        r = find_rule(rules, n)
        if r is None:
            unknown.append(n)
        else:
            codes.add(r.code)
    return codes, unknown


def apply(document: Document, findings: list[Finding], rules: list[Rule],
          all_rules: list[Rule], severity: dict[str, str] | None = None) -> list[Finding]:
    """Drop suppressed findings; add a PS001 finding for each bad directive. ``severity``:
    rule code -> severity from the settings."""
    if not document.directives:
        return findings
    problems: list[tuple[object, str]] = []
    # Build, per line, what is switched off: ranges from disable/enable, and single lines.
    events: list[tuple[int, str, set[str] | None]] = []
    next_line: list[tuple[int, set[str] | None]] = []
    for d in sorted(document.directives, key=lambda d: (d.line, d.column)):
        if d.action == "malformed":
            problems.append((d, d.problem or "this directive is not understood"))
            continue
        codes, unknown = _resolve(d.rules, all_rules)
        if unknown:
            problems.append((d, f"no rule is called {', '.join(repr(u) for u in unknown)}; "
                                "use a code like PS201 or a name like 'jargon' (see 'plainspeak rules')"))
            continue
        if d.action == "ignore-next-line":
            next_line.append((d.line, codes))
        else:
            events.append((d.line, d.action, codes))

    text_lines = _lines_with_text(document)

    def target_line(after: int) -> int:
        for ln in text_lines:
            if ln > after:
                return ln
        return after + 1

    ignored_lines = [(target_line(line), codes) for line, codes in next_line]

    def suppressed(f: Finding) -> bool:
        line = f.location.line
        if line is None:
            return False
        off_all = False
        off: set[str] = set()
        for ev_line, action, codes in events:
            if ev_line > line:
                break
            if action == "disable":
                if codes is None:
                    off_all = True
                else:
                    off |= codes
            else:  # enable
                if codes is None:
                    off_all, off = False, set()
                else:
                    off -= codes
        if off_all or f.rule in off:
            return True
        return any(ln == line and (codes is None or f.rule in codes) for ln, codes in ignored_lines)

    kept = [f for f in findings if not suppressed(f)]
    rule = find_rule(all_rules, DIRECTIVE_RULE)  # always reported: a bad directive must be seen
    for d, why in problems:
        if rule is None:
            break
        kept.append(make_finding(rule, message=rule.format_message(problem=why), match=d.text,
                                 location=Location(line=d.line, column=d.column), settings=severity))
    return kept


def _lines_with_text(document: Document) -> list[int]:
    lines = []
    for b in document.blocks:
        loc = document.locate(b, 0)
        if loc.line is not None:
            lines.append(loc.line)
    return sorted(set(lines))
