"""The glossary: one YAML file per term, written and reviewed by people, not code.

The package, one module per job:

- ``entry``: what an entry is (``Entry``, ``Source``, ``Glossary``), the one
  term-key rule (``term_key``), and checking one entry's data (``parse_entry``);
- ``folders``: which glossary folder to use (the repository's, the bundled
  one, or the settings' own);
- ``load``: reading the files (``load_entries``) and the glossary a run uses
  (``load_glossary``);
- ``cache``: the parsed glossary kept between runs;
- ``lint``: ``plainspeak glossary check``;
- ``files``: writing tidy entry files, and the spreadsheet (CSV) export and import;
- ``commands`` and ``add``: the ``plainspeak glossary ...`` commands.

Matching entries in text is the job of ``plainspeak.checks.glossary_terms``.
Importing this package is light (the command line builds its parsers from it);
the names below are loaded on first use.
"""

from __future__ import annotations

import importlib

_NAMES = {
    "CATEGORIES": "entry", "STATUSES": "entry", "Entry": "entry", "Source": "entry", "Glossary": "entry",
    "parse_entry": "entry", "term_key": "entry",
    "entry_files": "load", "load_entries": "load", "load_glossary": "load",
}

__all__ = sorted(_NAMES)


def __getattr__(name: str):
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'plainspeak.glossary' has no attribute '{name}'")
    value = getattr(importlib.import_module(f"plainspeak.glossary.{module}"), name)
    globals()[name] = value
    return value
