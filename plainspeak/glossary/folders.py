"""Which glossary folder to use.

plainspeak comes with a glossary. In a checkout of the repository that is the
``glossary/`` folder at the top; in an installed copy it is a copy inside the
package, which reviewers must never edit (the next install replaces it).

Reviewers work in their copy of the repository, so every glossary command,
and ``check``, looks for the repository's glossary first: from the current
folder upwards, the first folder that holds a ``glossary/`` folder with entry
files (``glossary/jargon/signpost.yaml``...) next to a ``rules/`` folder, as the
plainspeak repository does. When there is none, the bundled glossary is used
for reading, and the commands that write (``add``, ``export``, ``import``) use
the glossary folder of the settings, or say exactly which ``--folder`` to give.

This module is light: it imports nothing heavy, so ``--help`` stays quick.
"""

from __future__ import annotations

import os
from pathlib import Path

CATEGORY_FOLDERS = ("deficit-label", "jargon", "plain-english", "acronym")  # as entry.CATEGORIES


class FolderError(Exception):
    """No folder can be chosen; the message says what to give instead."""


def has_entries(folder: Path) -> bool:
    """True when ``folder`` holds entry files in its category folders (``jargon/signpost.yaml``)."""
    for name in CATEGORY_FOLDERS:
        sub = folder / name
        try:
            if sub.is_dir() and any(p.suffix == ".yaml" for p in sub.iterdir()):
                return True
        except OSError:
            continue
    return False


def repository_glossary(start: str | os.PathLike | None = None) -> Path | None:
    """The ``glossary/`` folder of the plainspeak repository that holds ``start`` (default: the
    current folder), or None when ``start`` is not inside one."""
    try:
        here = Path(start or os.getcwd()).resolve()
    except OSError:
        return None
    for folder in (here, *here.parents):
        glossary = folder / "glossary"
        if (folder / "rules").is_dir() and has_entries(glossary):
            return glossary
    return None


def installed() -> bool:
    """True when the bundled glossary is the installed copy inside the package (not a checkout)."""
    from plainspeak.data import bundled

    return "_data" in bundled("glossary").parts


def base_glossary() -> Path:
    """The glossary every run starts from: the repository's when working inside it, else the bundled one."""
    from plainspeak.data import bundled

    return repository_glossary() or bundled("glossary")


def _same(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def reading_folders(own: list[str]) -> list[str]:
    """The folders that ``check``, ``glossary list``, ``show``, ``search`` and ``glossary check`` read
    when no ``--folder`` is given: the base glossary, then the settings' own glossary folders."""
    base = str(base_glossary())
    return [base, *(f for f in own if not _same(f, base))]


def home_folder(given: str | None, own: list[str]) -> Path:
    """The one folder that ``add``, ``export`` and ``import`` work in.

    ``given`` (``--folder``) wins; then the repository's glossary (from the current folder up); then
    the bundled glossary of a checkout; then the one glossary folder named in the settings. Raises
    FolderError, naming the ``--folder`` to give, when none of these applies."""
    if given:
        path = Path(given)
        if path.exists() and not path.is_dir():
            raise FolderError(f"{given} is a file, not a folder")
        return path
    found = repository_glossary()
    if found is not None:
        return found
    if not installed():
        from plainspeak.data import bundled

        return bundled("glossary")
    if len(own) == 1:
        return Path(own[0])
    if own:
        choices = " or ".join(f"--folder {f}" for f in own)
        raise FolderError(f"your settings name {len(own)} glossary folders; say which one to use: {choices}")
    raise FolderError(
        "cannot find a glossary folder to work in. plainspeak is installed, and its own copy of the glossary "
        "must not be edited. Run this command inside your copy of the plainspeak repository (the folder "
        "with glossary/ and rules/ in it), or name its glossary folder, for example: "
        "--folder ~/plainspeak/glossary")
