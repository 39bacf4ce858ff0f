"""A cache of results: a file that has not changed is not checked again.

Each result is kept under a key made from:

- the file's content and its path (the report names the file, and per-folder
  settings depend on where it is);
- the settings (everything in the settings file, ``--select``, ``--disable``,
  ``--preview``, the limits);
- the rules, the glossary (bundled and your own folders) and plainspeak's code
  and version, and the spaCy version, by the name, size and change time of each file.

Change any of them and the old result is simply not found. Results live in
the user's cache folder (``~/.cache/plainspeak/results`` on Linux; it follows
``XDG_CACHE_HOME``; ``PLAINSPEAK_CACHE_DIR`` chooses another folder and
``PLAINSPEAK_NO_CACHE=1`` or ``--no-cache`` turns the cache off). ``plainspeak
cache clear`` empties it.

Each entry is written to a temporary file and moved into place in one step,
so two runs at once never see half an entry; an entry that is damaged anyway
(its checksum does not match) is treated as missing and written again.
Looking up an unchanged file needs no language pipeline: a run where every
file is unchanged never imports spaCy.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from pathlib import Path
from typing import Callable, Iterator

from plainspeak.model import FileReport

FORMAT = b"plainspeak-result-1\n"
STDIN = "-"


def cache_root() -> Path | None:
    """The folder for all of plainspeak's caches, or None when caching is off."""
    if os.environ.get("PLAINSPEAK_NO_CACHE"):
        return None
    own = os.environ.get("PLAINSPEAK_CACHE_DIR")
    if own:
        return Path(own)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("plainspeak", appauthor=False))


def results_dir() -> Path | None:
    root = cache_root()
    return root / "results" if root else None


def _tree_signature(h, folder: Path, suffixes: tuple[str, ...]) -> None:
    """Add the name, size and change time of every file under ``folder`` to the hash."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            if not name.endswith(suffixes):
                continue
            path = os.path.join(root, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            h.update(f"{os.path.relpath(path, folder)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def settings_key(checker) -> str:
    """A hash of everything besides the file that a report depends on (worked out once a checker)."""
    key = getattr(checker, "_cache_key", None)
    if key:
        return key
    from plainspeak import __version__
    from plainspeak.data import bundled

    h = hashlib.sha256(FORMAT)
    h.update(f"{__version__}\0{_version('spacy')}\0{_version('spacy-lookups-data')}\n".encode())
    import dataclasses

    where = {f.name: None for f in dataclasses.fields(checker.config) if f.name in ("path", "file")}
    config = dataclasses.replace(checker.config, **where)  # what the settings say, not where
    h.update(repr((config, sorted(checker._disable), checker.preview, checker.limits,
                   checker.all_rules)).encode())
    _tree_signature(h, Path(__file__).resolve().parent, (".py",))
    for name in ("rules", "glossary"):
        try:
            folder = bundled(name)
        except FileNotFoundError:
            continue
        h.update(f"[{name}]\n".encode())
        _tree_signature(h, folder, (".yaml", ".yml", ".txt", ".toml", ".json"))
    for folder in checker.config.glossary:
        h.update(f"[{folder}]\n".encode())
        _tree_signature(h, Path(folder), (".yaml", ".yml"))
    key = h.hexdigest()
    checker._cache_key = key
    return key


_KEYS: dict[tuple, str] = {}


class ResultCache:
    def __init__(self, checker, folder: Path):
        self.folder = folder
        self.settings = settings_key(checker)
        self.hits = 0
        self.misses = 0

    def key(self, path: str) -> str | None:
        """The key of a file as it is now, or None when it cannot be read (then it is checked,
        and the check says why it cannot be read)."""
        try:
            st = os.stat(path)
        except OSError:
            return None
        seen = (self.settings, path, st.st_mtime_ns, st.st_size)
        if seen in _KEYS:  # worked out already in this process, and the file is as it was
            return _KEYS[seen]
        key = self._key(path)
        if key is not None:
            _KEYS[seen] = key
        return key

    def _key(self, path: str) -> str | None:
        try:
            with open(path, "rb") as fh:
                digest = hashlib.file_digest(fh, "sha256").hexdigest()
        except (OSError, ValueError):
            return None
        full = os.path.abspath(path)
        return hashlib.sha256(f"{self.settings}\0{path}\0{full}\0{digest}".encode()).hexdigest()

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / key[2:]

    def _read(self, key: str) -> bytes | None:
        """The pickled report of an entry whose checksum is right, else None."""
        try:
            data = self._file(key).read_bytes()
        except OSError:
            return None
        if not data.startswith(FORMAT):
            return None
        digest, body = data[len(FORMAT):len(FORMAT) + 32], data[len(FORMAT) + 32:]
        if hashlib.sha256(body).digest() != digest:
            return None  # damaged: checked again and written again
        return body

    def has(self, key: str | None) -> bool:
        """Whether an entry is there (read and its checksum checked only when it is used)."""
        return key is not None and self._file(key).is_file()

    def get(self, key: str) -> FileReport | None:
        body = self._read(key)
        if body is None:
            return None
        try:
            report = pickle.loads(body)
        except Exception:  # noqa: BLE001 - anything unreadable is simply not a result
            return None
        return report if isinstance(report, FileReport) else None

    def put(self, key: str, report: FileReport) -> None:
        if report.error:  # a file that could not be read is read again next time
            return
        from plainspeak.fileio import write_atomic

        body = pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL)
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, FORMAT + hashlib.sha256(body).digest() + body)
        except OSError:  # a full disk or a read-only cache folder: the run goes on without it
            pass


def cache_for(checker) -> ResultCache | None:
    """The result cache for this checker, or None when caching is off."""
    if not getattr(checker, "use_cache", True):
        return None
    folder = results_dir()
    return ResultCache(checker, folder) if folder else None


def check_files(checker, files: list[str], check: Callable[[list[str]], Iterator[FileReport]],
                progress: Callable[[int, int], None] | None = None) -> Iterator[FileReport]:
    """FileReports for ``files``, in order: unchanged files from the cache, the others from
    ``check(changed_files)`` (which must yield their reports in order), then saved."""
    cache = cache_for(checker)
    if cache is None:
        for i, report in enumerate(check(files), 1):
            if progress:
                progress(i, len(files))
            yield report
        return
    keys = [None if path == STDIN else cache.key(path) for path in files]
    hit = [cache.has(k) for k in keys]
    changed = [path for path, h in zip(files, hit) if not h]
    fresh = iter(check(changed)) if changed else iter(())
    total = len(files)
    for i, (path, key, was_hit) in enumerate(zip(files, keys, hit), 1):
        report = cache.get(key) if was_hit else None
        if report is None:
            if was_hit:  # damaged, or removed by another run since it was looked at: check it now
                report = next(iter(check([path])))
            else:
                report = next(fresh)
            if key is not None:
                cache.put(key, report)
            cache.misses += 1
        else:
            cache.hits += 1
        if progress:
            progress(i, total)
        yield report


def all_cached(checker, files: list[str]) -> bool:
    """Whether the cache holds an unchanged result for every one of ``files``."""
    cache = cache_for(checker)
    return cache is not None and STDIN not in files and all(cache.has(cache.key(p)) for p in files)


def clear() -> tuple[Path | None, int]:
    """Remove every cached result and the glossary cache. Returns (folder, files removed)."""
    root = cache_root()
    if root is None or not root.exists():
        return root, 0
    count = sum(len(files) for _, _, files in os.walk(root))
    shutil.rmtree(root, ignore_errors=True)
    return root, count


def size() -> tuple[Path | None, int, int]:
    """(folder, files, bytes) of the cache."""
    root = cache_root()
    files = total = 0
    if root is not None and root.exists():
        for folder, _, names in os.walk(root):
            for name in names:
                try:
                    total += os.path.getsize(os.path.join(folder, name))
                    files += 1
                except OSError:
                    pass
    return root, files, total


def command(action: str) -> int:
    """``plainspeak cache clear`` and ``plainspeak cache info``."""
    import sys

    if action == "clear":
        root, count = clear()
        if root is None:
            print("plainspeak: the cache is off (PLAINSPEAK_NO_CACHE is set)", file=sys.stderr)
        else:
            print(f"plainspeak: removed {count} cached file{'' if count == 1 else 's'} from {root}")
        return 0
    root, files, total = size()
    if root is None:
        print("The cache is off (PLAINSPEAK_NO_CACHE is set).")
    else:
        print(f"Cache folder: {root}\nFiles: {files}\nSize: {total / 1048576:.1f} MB")
    return 0
