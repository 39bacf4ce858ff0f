"""Writing tidy entry files, and checking new or changed entries against the rest of the glossary.

Used by ``glossary add`` and ``glossary import``. Files are written with
``plainspeak.fileio`` (all at once or not at all).
"""

from __future__ import annotations

from pathlib import Path

from plainspeak.fileio import write_atomic
from plainspeak.glossary.entry import Entry, parse_entry
from plainspeak.glossary.load import load_entries
from plainspeak.yamlfile import load_yaml


def slug(term: str) -> str:
    """A file name for a term: small letters, dashes for spaces ('A&E' -> 'a-and-e')."""
    import re
    import unicodedata

    text = unicodedata.normalize("NFKD", term.replace("&", " and ")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _scalar(value: str) -> str:
    """A YAML value, plain when it reads back the same, otherwise in double quotes."""
    import json

    import yaml

    if value and value == value.strip() and "\n" not in value and not value.startswith(("'", '"', "- ", "? ")):
        try:
            if yaml.safe_load(f"k: {value}") == {"k": value}:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


def entry_to_yaml(e) -> str:
    """An entry as a tidy YAML file, in the order reviewers know from the bundled glossary."""
    out = [f"term: {_scalar(e.term)}"]

    def block(key: str, items: list[str], indent: str = ""):
        out.append(f"{indent}{key}:")
        out.extend(f"{indent}  - {_scalar(x)}" for x in items)

    if e.forms:
        block("forms", e.forms)
    out.append(f"category: {e.category}")
    block("alternatives", e.alternatives)
    out.append(f"why: {_scalar(e.why)}")
    if e.fine_when:
        out.append(f"fine-when: {_scalar(e.fine_when)}")
    if e.severity:
        out.append(f"severity: {e.severity}")
    out.append(f"locale: {_scalar(e.locale or 'en-GB')}")
    out.append(f"status: {e.status}")
    out.append("sources:")
    for s in e.sources:
        out.append(f"  - organisation: {_scalar(s.organisation)}")
        out.append(f"    document: {_scalar(s.document)}")
        if s.url:
            out.append(f"    url: {_scalar(s.url)}")
    if e.proposed_by:
        out.append(f"proposed-by: {_scalar(e.proposed_by)}")
    out.append(f"reviewed-by: {_scalar(e.reviewed_by or '')}")
    if e.flag_examples or e.pass_examples:
        out.append("examples:")
        if e.flag_examples:
            block("flag", e.flag_examples, "  ")
        if e.pass_examples:
            block("pass", e.pass_examples, "  ")
    if e.safe_fix:
        out.append("safe-fix: true")
    return "\n".join(out) + "\n"


def write_entry_file(path: Path, text: str) -> None:
    """Write an entry file in one step (its category folder is made if needed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"))


def reparse(text: str, path: str) -> Entry:
    """Parse a tidy file's text with the same checks as ``glossary check``."""
    return parse_entry(load_yaml(text, path), path)


def context_entries(folder: Path, changed=()) -> tuple[list, list]:
    """The entries that new or changed entries in ``folder`` will be used with, and the bad files.

    For a folder other than the base glossary (an organisation's own), that
    is the folder's entries plus the base ones, less the base entries it
    replaces (same term) -- just as a check run will use them.
    """
    from plainspeak.glossary.folders import base_glossary

    own, bad = load_entries([str(folder)]) if folder.is_dir() else ([], [])
    home = base_glossary()
    if folder.resolve() == home.resolve():
        return own, bad
    base, _ = load_entries([str(home)])
    replaced = {e.key for e in [*own, *changed]}
    return [e for e in base if e.key not in replaced] + own, bad


def base_entries(folder: Path) -> list[Entry]:
    """The entries of the base glossary (see folders.py), unless ``folder`` is that glossary itself."""
    from plainspeak.glossary.folders import base_glossary

    home = base_glossary()
    return [] if folder.resolve() == home.resolve() else load_entries([str(home)])[0]


def validate_with(existing, changed) -> list:
    """Problems that the changed entries bring, checked against the rest of the glossary."""
    from plainspeak.glossary.lint import problems_in

    paths = {e.path for e in changed}
    others = [e for e in existing if e.path not in paths]
    return problems_in([*others, *changed], only=paths, texts={e.path: entry_to_yaml(e) for e in changed})

