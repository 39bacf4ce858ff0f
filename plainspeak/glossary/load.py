"""Reading the glossary files: every entry, with the problems, and the glossary a run uses.

Parsed entries are kept in the user's cache folder (``cache.py``), keyed by
the glossary version, a hash of every entry file's path and contents.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from plainspeak.glossary import cache
from plainspeak.glossary.entry import Entry, Glossary, parse_entry
from plainspeak.yamlfile import DataFileError, load_yaml


def entry_files(folder: str | os.PathLike) -> list[Path]:
    """All entry files below a glossary folder, sorted for stable output."""
    root = Path(folder)
    # Hidden folders inside the glossary are skipped, not hidden folders above it: an installed
    # copy's bundled glossary is often inside ".venv".
    return sorted(p for p in root.rglob("*.yaml")
                  if not any(part.startswith(".") for part in p.relative_to(root).parts))


def load_entries(folders: list[str | os.PathLike], cache: bool = False) -> tuple[list[Entry], list[DataFileError]]:
    """Load every entry file; return the good entries and the problems.

    With ``cache``, the parsed entries are kept in the user's cache folder,
    keyed by the glossary version (see cache.py).
    """
    entries, problems, _ = _load(folders, cache)
    return entries, problems


def _load(folders, use_cache: bool) -> tuple[list[Entry], list[DataFileError], str]:
    read = _read(folders)
    version = version_of([(p, d or b"") for p, d in read])
    return (*_parse(read, version, use_cache), version)


def _read(folders) -> list[tuple[str, bytes | None]]:
    """(path, bytes) of every entry file below ``folders``; None for a file that cannot be read."""
    read: list[tuple[str, bytes | None]] = []
    for folder in folders:
        for path in entry_files(folder):
            try:
                read.append((str(path), path.read_bytes()))
            except OSError:
                read.append((str(path), None))
    return read


def _parse(read: list[tuple[str, bytes | None]], version: str,
           use_cache: bool) -> tuple[list[Entry], list[DataFileError]]:
    if use_cache and all(d is not None for _, d in read):
        hit = cache.load(version)
        if hit is not None:
            return hit
    entries: list[Entry] = []
    problems: list[DataFileError] = []
    for path, data in read:
        try:
            if data is None:
                data = Path(path).read_bytes()  # raises the error again, for its message
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise DataFileError(path, "the file is not saved as UTF-8 text") from None
            if text.startswith("\ufeff"):
                text = text[1:]
            entries.append(parse_entry(load_yaml(text, path), path))
        except DataFileError as exc:
            problems.append(exc)
        except OSError as exc:
            problems.append(DataFileError(path, f"cannot read the file ({exc.strerror or exc})"))
    if use_cache and all(d is not None for _, d in read):
        cache.store(version, entries, problems)
    return entries, problems


def version_of(files: list[tuple[str, bytes]]) -> str:
    """The glossary version: a hash of every file's path and contents (``Glossary.version``)."""
    h = hashlib.sha256()
    for path, data in files:
        h.update(path.encode())
        h.update(data)
    return h.hexdigest()[:16]


def read_glossary(extra_folders: list[str] = (), include_bundled: bool = True) -> tuple[str, list]:
    """(the glossary version, every entry file's path and bytes) for :func:`load_glossary`'s
    ``files``: the version says, before any file is parsed, whether two glossaries are the same."""
    from plainspeak.glossary.folders import reading_folders

    folders = reading_folders(list(extra_folders)) if include_bundled else list(extra_folders)
    read = _read([Path(f) for f in folders])
    return version_of([(p, d or b"") for p, d in read]), read


def load_glossary(extra_folders: list[str] = (), disabled: list[str] = (), preview: bool = False,
                  include_bundled: bool = True, files: tuple[str, list] | None = None) -> Glossary:
    """The glossary to use in a run.

    The glossary starts from the repository's ``glossary/`` folder when the
    current folder is inside a copy of the plainspeak repository, else from
    the bundled one (see folders.py). ``extra_folders`` come from the
    configuration and add entries; an entry there with the same term as a
    bundled one replaces it. ``disabled`` names
    entries (by term or file name) to switch off. Proposed entries are used
    only with ``preview``; retired ones never. Raises DataFileError on the
    first bad file. ``files``: what :func:`read_glossary` read, so as not to read it again.
    """
    version, read = read_glossary(extra_folders, include_bundled) if files is None else files
    entries, problems = _parse(read, version, use_cache=True)
    if problems:
        raise problems[0]
    off = {d.lower() for d in disabled}
    chosen: dict[str, Entry] = {}
    for e in entries:
        if e.status == "retired" or (e.status == "proposed" and not preview):
            continue
        if e.term.lower() in off or e.id.lower() in off:
            continue
        chosen[e.key] = e  # later folders win
    return Glossary(entries=list(chosen.values()), version=version)
