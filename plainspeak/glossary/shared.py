"""What the glossary commands share: exit codes, the error they raise, and which folders
they read and write. Kept apart so that the commands (commands.py, add.py, spreadsheet.py)
import it, and not each other."""

from __future__ import annotations

import os
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR = 0, 1, 2

CATEGORY_NAMES = ("deficit-label", "jargon", "plain-english", "acronym")  # as plainspeak.glossary.CATEGORIES
STATUS_NAMES = ("proposed", "approved", "retired")


class GlossaryCommandError(Exception):
    """A usage problem, reported as one plain line with exit code 2."""


def _settings_folders() -> list[str]:
    from plainspeak.config import ConfigError, load

    try:
        return list(load().glossary)
    except ConfigError as exc:
        raise GlossaryCommandError(str(exc)) from None


def reading_folders(given: list[str]) -> list[str]:
    """The folders list, search and show read: ``--folder``, else as ``check`` does (folders.py)."""
    from plainspeak.glossary.folders import reading_folders as default

    if given:
        for f in given:
            if not os.path.isdir(f):
                raise GlossaryCommandError(f"no such glossary folder: {f}")
        return list(given)
    return default(_settings_folders())


def home_folder(given: str | None) -> Path:
    """The one folder that add, export and import work in (see folders.home_folder)."""
    from plainspeak.glossary.folders import FolderError, home_folder as find

    try:
        return find(given, [] if given else _settings_folders())
    except FolderError as exc:
        raise GlossaryCommandError(str(exc)) from None
