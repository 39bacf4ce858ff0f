"""GitHub Actions annotations: one workflow command a finding.

    ::warning file=docs/policy.md,line=12,col=5,endColumn=19,title=PS301 deficit-label::"rough sleepers": ...

GitHub shows these on the pull request's changed files. Errors become
``::error``, warnings ``::warning`` and notes ``::notice``. Word and PDF files
have no lines, so their annotations name the file and say the page or
paragraph in the message. Values are escaped as GitHub's own toolkit does
(``%`` ``\\r`` ``\\n`` in the message; also ``:`` and ``,`` in properties), so
document text can never end the command early or start another one.
"""

from __future__ import annotations

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **props) -> str:
    parts = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{kind}{' ' + parts if parts else ''}::{escape_data(message)}"


def annotation(path: str, f) -> str:
    loc = f.location
    match = " ".join(f.match.split())
    message = f"\"{match}\": {f.message.strip()}" if match else f.message.strip()
    if loc.line is None:
        place = loc.page_and_paragraph()
        if place:
            message = f"{place[0].upper()}{place[1:]}: {message}"
    if f.suggestions:
        message += " Try: " + ", ".join(f"\"{s}\"" for s in f.suggestions[:4]) + "."
    props: dict = {"file": path.replace("\\", "/").removeprefix("./")}
    if loc.line is not None:
        props["line"] = loc.line
        if loc.column:
            props["col"] = loc.column
            if f.match and "\n" not in f.match:
                props["endColumn"] = loc.column + len(f.match)
    props["title"] = f"{f.rule} {f.name}"
    return command(COMMANDS.get(f.severity, "warning"), message, **props)


def render(reports: list, **_options) -> str:
    lines = []
    for r in reports:
        if r.error:
            lines.append(command("error", f"Could not check this file: {r.error}",
                                 file=r.path.replace("\\", "/").removeprefix("./"), title="plainspeak"))
            continue
        lines.extend(annotation(r.path, f) for f in r.findings)
    return "\n".join(lines) + ("\n" if lines else "")
