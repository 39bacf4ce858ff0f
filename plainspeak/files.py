"""Find the files to check from the paths a user gives."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from plainspeak.extract import EXTENSIONS

# Folders never searched, besides hidden ones (.git, .venv, ...): installed dependencies,
# virtual environments (also found by their pyvenv.cfg file) and caches.
SKIP_DIRS = {"node_modules", "venv", "__pycache__", "site-packages"}


def _is_venv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


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
        found = []
        for root, dirs, files in os.walk(given):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS
                             and not _is_venv(os.path.join(root, d))
                             and not _excluded(os.path.join(root, d), exclude))
            for name in files:
                if name.startswith((".", "~$")):  # hidden files and Word's lock files
                    continue
                if os.path.splitext(name)[1].lower() in EXTENSIONS:
                    full = os.path.join(root, name)
                    if not _excluded(full, exclude):
                        found.append(full)
        for f in sorted(found):
            add(f)
    return out
