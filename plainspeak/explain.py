"""A rule's documentation in plain text, for ``plainspeak explain``: what it finds, why,
examples, what to write instead, its options (read from what its check kind declares)
and its sources."""

from __future__ import annotations

from typing import Any

from plainspeak.rules import Rule


def _indent(example: str) -> str:
    """An example indented as a whole, so a table or a list keeps its shape."""
    return "\n".join("  " + line for line in example.splitlines())


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(f'"{v}"' if isinstance(v, str) else str(v) for v in value) + "]"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def option_lines(rule: Rule) -> list[str]:
    """The options people may set for ``rule``, each with its value and one line of help."""
    from plainspeak.checks import declaration
    from plainspeak.checks.options import settable

    found = settable(declaration(rule.check), rule.options)
    if not found:
        return []
    lines = [f"Options (set them with: options = {{ {rule.code} = {{ name = value }} }})"]
    for opt, value in found:
        lines.append(f"  {opt.name} = {_shown(value) if value is not None else '(not set)'}")
        bits = [opt.help] if opt.help else []
        if opt.default is not None and value != opt.default and not isinstance(opt.default, tuple):
            bits.append(f"default {_shown(opt.default)}")
        if opt.type == "choice":
            bits.append("one of: " + ", ".join(opt.choices))
        if bits:
            lines.append(f"      {'; '.join(bits)}")
    return lines + [""]


def explain_text(rule: Rule) -> str:
    """A rule's documentation in plain text: what it finds, why, example, instead, options, sources."""
    from plainspeak.extract import FORMATS

    lines = [f"{rule.code} {rule.name} ({rule.category}, {rule.severity})", ""]
    if set(rule.formats) != set(FORMATS):
        lines += [f"Applies to: {', '.join(FORMATS[f].label for f in rule.formats)} files", ""]
    if rule.summary:
        lines += ["What it finds", f"  {rule.summary}", ""]
    lines += ["Why it matters", *[f"  {x}" for x in rule.why.splitlines()], ""]
    if rule.flag_examples:
        lines += ["Example it finds", *[_indent(x) for x in rule.flag_examples], ""]
    if rule.pass_examples:
        lines += ["Fine as it is", *[_indent(x) for x in rule.pass_examples], ""]
    if rule.instead:
        lines += ["Write instead", *[f"  {x}" for x in rule.instead.splitlines()], ""]
    lines += option_lines(rule)
    if rule.sources:
        lines.append("Sources")
        for s in rule.sources:
            bits = [s.get("organisation"), s.get("document"), s.get("url")]
            lines.append("  " + ", ".join(b for b in bits if b))
        lines.append("")
    return "\n".join(lines)
