"""The web pages' way into the glossary: the only module of ``plainspeak.serve`` that imports
the glossary modules, so the pages do not depend on how that package is laid out.

It reads entries (every status) from the glossary folders a run uses, tries a sentence
against one entry, and checks and writes a proposed entry with the same checks as
``plainspeak glossary add`` and ``glossary check``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from plainspeak.glossary import CATEGORIES, STATUSES, Entry, Source, load_entries  # noqa: F401 (re-exported)
from plainspeak.glossary.files import context_entries, entry_to_yaml, slug, validate_with, write_entry_file
from plainspeak.glossary.folders import base_glossary, reading_folders
from plainspeak.glossary.lint import entry_found, example_findings


@dataclass
class Listed:
    """An entry with where it came from: ``key`` names it in page addresses."""

    key: str  # "<folder number>/<path inside the folder>", e.g. "0/deficit-label/rough-sleeper.yaml"
    entry: Entry
    folder: Path
    own: bool  # in the --glossary folder the server was started with


def base_folder() -> Path:
    """The glossary every run starts from (the repository's, or the bundled one)."""
    return base_glossary().resolve()


def folders(config_glossary: list[str], own: Path | None) -> list[Path]:
    """The folders ``check`` reads (the base glossary, then the settings' folders), then the
    server's own folder (later ones win)."""
    out: list[Path] = []
    for f in [*map(Path, reading_folders(list(config_glossary))), *([own] if own else [])]:
        f = f.resolve()
        if f not in out and f.is_dir():
            out.append(f)
    return out


def listing(folder_list: list[Path], own: Path | None) -> tuple[list[Listed], list[str]]:
    """Every entry of every status, and a plain line for each file that could not be read."""
    out, problems = [], []
    for n, folder in enumerate(folder_list):
        entries, bad = load_entries([str(folder)], cache=True)  # the cache is keyed by the files' contents
        problems += [f"{p.path}: {p.message}" for p in bad]
        for e in entries:
            rel = Path(e.path).resolve().relative_to(folder).as_posix()
            out.append(Listed(f"{n}/{rel}", e, folder, own is not None and folder == own.resolve()))
    out.sort(key=lambda x: (x.entry.term.lower(), x.entry.category, x.key))
    return out, problems


def try_sentence(checker, entry: Entry, sentence: str) -> tuple[bool, list]:
    """Whether ``entry`` flags the sentence, and every finding in it (checked as Markdown)."""
    findings = example_findings(checker, sentence)
    return entry_found(entry, findings), findings


def signature(folder: Path | None) -> tuple:
    """Changes whenever an entry file in ``folder`` is added, removed or changed."""
    if folder is None or not folder.is_dir():
        return ()
    from plainspeak.glossary import entry_files

    out = []
    for p in entry_files(folder):
        try:
            st = p.stat()
        except OSError:
            continue
        out.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(out)


def file_hash(path: str | Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    except OSError:
        return ""


def draft(values: dict) -> Entry:
    """An Entry from the proposal form's (already checked) values, with status ``proposed``."""
    return Entry(term=values["term"], category=values["category"], alternatives=values["alternatives"],
                 why=values["why"], sources=[Source(*s) for s in values["sources"]], forms=values["forms"],
                 fine_when=values["fine_when"] or None, severity=values["severity"] or None,
                 locale=values.get("locale") or "en-GB", status="proposed",
                 proposed_by=values["proposed_by"] or None, reviewed_by="",
                 flag_examples=values["flag_examples"], pass_examples=values["pass_examples"],
                 safe_fix=values["safe_fix"])


def file_name(entry: Entry) -> str:
    """``category/term-as-file-name.yaml``, or "" when the term has no letters or digits."""
    name = slug(entry.term)
    return f"{entry.category}/{name}.yaml" if name else ""


def check_draft(entry: Entry, path: Path, folder: Path | None) -> tuple[str, list[tuple[int | None, str, bool]]]:
    """The entry's file text, and its problems: (line in that text, message, about another entry).

    Checked as ``glossary check`` would, with the entries it will be used with: ``folder``'s
    and the bundled ones it does not replace."""
    from plainspeak.glossary.files import reparse as parse
    from plainspeak.yamlfile import DataFileError

    text = entry_to_yaml(entry)
    try:
        parsed = parse(text, str(path))
    except DataFileError as exc:
        return text, [(exc.line, exc.message, False)]
    existing, _ = context_entries(folder if folder is not None else path.parent.parent, [parsed])
    problems = validate_with(existing, [parsed])
    return text, [(p.line if p.path == str(path) else None,
                   p.message if p.path == str(path) else f"it clashes with another entry: {p}",
                   p.path != str(path)) for p in problems]


def reparse(text: str, name: str) -> Entry | None:
    """The entry in a file's text, or None if it is not a valid entry."""
    from plainspeak.glossary.files import reparse as parse
    from plainspeak.yamlfile import DataFileError

    try:
        return parse(text, name)
    except DataFileError:
        return None


def write(path: Path, text: str) -> None:
    write_entry_file(path, text)
