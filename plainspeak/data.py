"""Where the bundled rules and glossary live.

In a source checkout they are the top-level folders ``rules/`` and
``glossary/``. In an installed copy the build puts them in
``plainspeak/_data/`` (see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """Path of a bundled data folder: "rules" or "glossary"."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"plainspeak's bundled '{name}' folder is missing; reinstall plainspeak")
