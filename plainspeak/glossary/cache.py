"""A cache of the parsed glossary, keyed by the glossary's version and by plainspeak's own code.

Reading and checking thousands of YAML entry files is the slow part of
loading the glossary (about 3 ms a file with PyYAML; see
``benchmarks/glossary_scale.py``). The files themselves are quick to read,
so each run reads every file's bytes, works out the glossary version (a hash
of every file's path and contents -- ``Glossary.version``), and, when a cache
file for that version exists, takes the entries from it instead of parsing
the YAML again. Any change to any entry file changes the version, and any
change to the code that reads entries (every module of this package, and
``plainspeak/yamlfile.py``) changes the code key, so a stale cache is never
used.

The cache is plain JSON (never pickle), written atomically, and only the
newest few versions are kept. If the cache folder cannot be written, plainspeak
works as before, just without the cache.

Where: the folder of plainspeak's result cache (``plainspeak.cachefiles.cache_root``):
``$PLAINSPEAK_CACHE_DIR``, else the user's cache folder (``$XDG_CACHE_HOME/plainspeak`` or
``~/.cache/plainspeak`` on Linux). Set ``PLAINSPEAK_NO_CACHE=1`` to switch it off.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from plainspeak.fileio import write_atomic
from plainspeak.glossary.entry import Entry, Source
from plainspeak.yamlfile import DataFileError

FORMAT = 1  # change when the cached data changes shape
KEEP = 8  # cache files to keep


def cache_dir() -> Path | None:
    """The same folder as the result cache's (plainspeak.cache), so that `plainspeak cache clear`
    removes both, on every system."""
    from plainspeak.cachefiles import cache_root

    return cache_root()


def code_files() -> list[Path]:
    """The code whose output the cache holds: every module of this package, the YAML reader and
    the reader of the usage fields (inflect, not-when, exact-forms)."""
    here = Path(__file__).resolve().parent
    return sorted(here.glob("*.py")) + [here.parent / "yamlfile.py", here.parent / "usage.py"]


@functools.cache
def code_key() -> str:
    """A hash of plainspeak's version and of the contents of ``code_files()`` (worked out once a run):
    any change to the code that reads entries gives a new key, so its old output is never used."""
    from plainspeak import __version__

    h = hashlib.sha256(f"{FORMAT}:{__version__}".encode())
    for path in code_files():
        try:
            data = path.read_bytes()
        except OSError:
            data = b"(missing)"
        h.update(f"{path.name}:{len(data)}:".encode())
        h.update(data)
    return h.hexdigest()[:12]


def _to_json(entries, problems) -> dict:
    return {
        "format": FORMAT,
        "entries": [asdict(e) for e in entries],
        "problems": [[p.path, p.line, p.message] for p in problems],
    }


def _from_json(data: dict):
    entries = []
    for d in data["entries"]:
        d = dict(d)
        d["sources"] = [Source(**s) for s in d["sources"]]
        entries.append(Entry(**d))
    problems = [DataFileError(path, message, line) for path, line, message in data["problems"]]
    return entries, problems


def load(version: str):
    """(entries, problems) for this glossary version, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    path = folder / f"glossary-{version}-{code_key()}.json"
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        if data.get("format") != FORMAT:
            return None
        return _from_json(data)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(version: str, entries, problems) -> None:
    """Save the parsed glossary; any failure just means no cache."""
    folder = cache_dir()
    if folder is None:
        return
    path = folder / f"glossary-{version}-{code_key()}.json"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        data = json.dumps(_to_json(entries, problems), ensure_ascii=False, separators=(",", ":"))
        write_atomic(path, data.encode("utf-8"))
        old = sorted(folder.glob("glossary-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for p in old[KEEP:]:
            p.unlink()
    except (OSError, TypeError, ValueError):
        pass
