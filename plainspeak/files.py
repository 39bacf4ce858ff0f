"""Find the files to check from the paths a user gives."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from plainspeak.extract import EXTENSIONS

# Folders never searched, besides hidden ones (.git, .venv, ...): installed dependencies,
# virtual environments (also found by their pyvenv.cfg file) and caches.
SKIP_DIRS = {"node_modules", "venv", "__pycache__", "site-packages"}


def _excluded(path: str, patterns: list[str]) -> bool:
    if not patterns:
        return False
    p = Path(path).as_posix()
    return any(fnmatch.fnmatch(p, pat) or fnmatch.fnmatch(os.path.basename(p), pat) for pat in patterns)


def discover(paths: list[str], exclude: list[str] = ()) -> list[str]:
    """Files to check, in a stable order. Folders are searched for the formats
    plainspeak reads; files named directly are always checked (an unreadable one
    gets a clear error later). "-" stands for standard input."""
    out: list[str] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        if p not in seen:
            seen.add(p)
            out.append(p)

    for given in paths:
        if given == "-" or not os.path.isdir(given):
            add(given)
            continue
        found: list[str] = []
        _search(given, exclude, found, top=True)
        for f in sorted(found):
            add(f)
    return out


def _search(folder: str, exclude: list[str], found: list[str], top: bool = False) -> None:
    """Add the files to check under ``folder`` to ``found`` (in no order). One listing a folder:
    links to folders are not followed, and a folder with a ``pyvenv.cfg`` file (a virtual
    environment) is left out, unless it is the folder the user named."""
    try:
        listing = os.scandir(folder)
    except OSError:
        return
    here: list[str] = []
    below: list[str] = []
    with listing:
        for entry in listing:
            name = entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not name.startswith(".") and name not in SKIP_DIRS and not _is_link(entry):
                    below.append(entry.path)
            elif name == "pyvenv.cfg" and not top and _is_file(entry):
                return  # a virtual environment
            elif not name.startswith((".", "~$")) and os.path.splitext(name)[1].lower() in EXTENSIONS:
                here.append(entry.path)  # hidden files and Word's lock files are left out
    found.extend(f for f in here if not _excluded(f, exclude))
    for sub in below:
        if not _excluded(sub, exclude):
            _search(sub, exclude, found)


def _is_file(entry) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _is_link(entry) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False
