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

from plainspeak.report import wording
from plainspeak.report.base import Writer as _Writer

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
    quoted = wording.quoted_match(f)
    message = f"{quoted}: {f.message.strip()}" if quoted else f.message.strip()
    if loc.line is None:
        place = loc.page_and_paragraph()
        if place:
            message = f"{wording.capital(place)}: {message}"
    if f.suggestions:
        message += " " + wording.try_words(f.suggestions)
    props: dict = {"file": _file(path)}
    if loc.line is not None:
        props["line"] = loc.line
        if loc.column:
            props["col"] = loc.column
            if f.match and "\n" not in f.match:
                props["endColumn"] = loc.column + len(f.match)
    props["title"] = f"{f.rule} {f.name}"
    return command(COMMANDS.get(f.severity, "warning"), message, **props)


def _file(path: str) -> str:
    return path.replace("\\", "/").removeprefix("./")


class Writer(_Writer):
    def add(self, r) -> str:
        if r.error:
            return command("error", f"Could not check this file: {r.error}", file=_file(r.path),
                           title="plainspeak") + "\n"
        lines = []
        if r.partial:
            lines.append(command("notice", "Only part of this file was checked: "
                                 f"{wording.partial_words(r.partial)}.", file=_file(r.path), title="plainspeak"))
        lines.extend(annotation(r.path, f) for f in r.findings)
        return "".join(x + "\n" for x in lines)


def render(reports: list, **options) -> str:
    from plainspeak.report import render as _render

    return _render("github", reports, **options)
