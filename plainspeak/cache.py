"""A cache of results: a file that has not changed is not checked again.

Each result is kept under a key made from:

- the file's content and its path (the report names the file, and per-folder
  settings depend on where it is);
- the settings (everything in the settings file, ``--select``, ``--disable``,
  ``--preview``, the limits);
- the rules, the glossary (bundled and your own folders), plainspeak's code
  and version and spaCy's files, by the name, size and change time of each file.

Change any of them and the old result is simply not found. Results live in
the user's cache folder (``~/.cache/plainspeak`` on Linux; it follows
``XDG_CACHE_HOME``; ``PLAINSPEAK_CACHE_DIR`` chooses another folder and
``PLAINSPEAK_NO_CACHE=1`` or ``--no-cache`` turns the cache off). ``plainspeak
cache clear`` empties it. Inside it:

- ``results/``: one entry a result (the whole FileReport);
- ``texts/``: beside a result, its text in one report format (for example the
  text report without colour), with the few totals a report needs. An
  unchanged run writes these texts as they are: it neither loads the result
  nor formats it again;
- ``files.index``: for each file checked, its size, change times and inode
  with the digest of its content, so an unchanged file is not read again to
  work out its key. A file changed less than two seconds before it was read
  is not put in the index (a later change could keep the same times), and any
  change to its size or times means it is read and hashed again.

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
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Iterator

from plainspeak.model import FileReport

FORMAT = b"plainspeak-result-2\n"
TEXT_FORMAT = b"plainspeak-text-1\n"
INDEX_FORMAT = b"plainspeak-index-1\n"
STDIN = "-"
RACY_NS = 2_000_000_000  # a file changed this recently is hashed again next time
MAX_INDEX = 200_000  # files in files.index; beyond it only the last run's files are kept
SAVE_EVERY, SAVE_FILES = 10.0, 100  # files.index is written again at most this often, or with this many new


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


def _pack(kind: bytes, value) -> bytes:
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return kind + hashlib.sha256(body).digest() + body


_DAMAGED = object()


def _unpack(kind: bytes, data: bytes):
    """What :func:`_pack` packed, or _DAMAGED when the data is not whole and right."""
    if not data.startswith(kind):
        return _DAMAGED
    digest, body = data[len(kind):len(kind) + 32], data[len(kind) + 32:]
    if hashlib.sha256(body).digest() != digest:
        return _DAMAGED  # damaged: checked again and written again
    try:
        return pickle.loads(body)
    except Exception:  # noqa: BLE001 - anything unreadable is simply not there
        return _DAMAGED


def _read(path: str | Path, kind: bytes):
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return _DAMAGED
    return _unpack(kind, data)


def _write(path: str | Path, data: bytes) -> None:
    from plainspeak.fileio import write_atomic

    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_atomic(path, data)
    except OSError:  # a full disk or a read-only cache folder: the run goes on without it
        pass


def _tree_signature(h, folder: Path, suffixes: tuple[str, ...]) -> None:
    """Add the name, size and change time of every file under ``folder`` to the hash."""
    lines: list[str] = []

    def walk(path: str, prefix: str) -> None:
        try:
            with os.scandir(path) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir():
                    if name != "__pycache__" and not name.startswith("."):
                        walk(entry.path, f"{prefix}{name}/")
                elif name.endswith(suffixes):
                    st = entry.stat()
                    lines.append(f"{prefix}{name}\0{st.st_size}\0{st.st_mtime_ns}\n")
            except OSError:
                continue

    walk(str(folder), "")
    h.update("".join(lines).encode())


def _package_signature(name: str) -> str:
    """Where a package is and the size and change time of its main files, without importing it
    (an upgrade or a reinstall changes them)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return f"{name}:-"
    folder = os.path.dirname(spec.origin)
    parts = [name, folder]
    for file in (spec.origin, os.path.join(folder, "about.py")):
        try:
            st = os.stat(file)
            parts.append(f"{os.path.basename(file)}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            pass
    return "\0".join(parts)


def settings_key(config, disable=(), preview: bool | None = None) -> str:
    """A hash of everything besides the file that a report depends on: the settings (``config``,
    the rules switched off on the command line, ``preview``), the rules, the glossary and the code.
    It needs nothing loaded, so an unchanged run can find its results without loading the rules.
    Given an engine Checker instead of settings, the key of the Checker's settings."""
    if hasattr(config, "all_rules"):  # a Checker (the audit asks this way)
        return checker_key(config)
    import dataclasses

    from plainspeak import __version__
    from plainspeak.data import bundled

    h = hashlib.sha256(FORMAT)
    h.update(f"{__version__}\0{_package_signature('spacy')}\0{_package_signature('spacy_lookups_data')}\n"
             .encode())
    where = {f.name: None for f in dataclasses.fields(config) if f.name in ("path", "file")}
    settings = dataclasses.replace(config, **where)  # what the settings say, not where
    preview = config.preview if preview is None else preview
    h.update(repr((settings, sorted(disable), bool(preview))).encode())
    _tree_signature(h, Path(__file__).resolve().parent, (".py",))
    for name in ("rules", "glossary"):
        try:
            folder = bundled(name)
        except FileNotFoundError:
            continue
        h.update(f"[{name}]\n".encode())
        _tree_signature(h, folder, (".yaml", ".yml", ".txt", ".toml", ".json"))
    for folder in config.glossary:
        h.update(f"[{folder}]\n".encode())
        _tree_signature(h, Path(folder), (".yaml", ".yml"))
    return h.hexdigest()


def checker_key(checker) -> str:
    """:func:`settings_key` for an engine Checker's settings (worked out once a checker)."""
    key = getattr(checker, "_cache_key", None)
    if not key:
        key = settings_key(checker.config, checker._disable, checker.preview)
        checker._cache_key = key
    return key


class FileDigests:
    """The digest of each file's content, read from ``files.index`` while the file's size, change
    times and inode are as they were, else worked out by reading the file."""

    def __init__(self, path: Path):
        self.path = path
        self.known: dict | None = None
        self.new: dict[str, tuple] = {}
        self.saved: float | None = None  # when save() last wrote the index

    def _load(self) -> dict:
        known = _read(self.path, INDEX_FORMAT)
        return known if isinstance(known, dict) else {}

    def digest(self, path: str, full: str) -> tuple[tuple, str] | None:
        """(stamp, content digest) of ``path`` (``full`` is its absolute path), or None when it
        cannot be read. The stamp is the file's size, change times and inode."""
        try:
            st = os.stat(path)
        except OSError:
            return None
        if self.known is None:
            self.known = self._load()
        stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
        seen = self.known.get(full)
        if seen is not None and seen[0] == stamp:
            return seen
        try:
            with open(path, "rb") as fh:
                digest = hashlib.file_digest(fh, "sha256").hexdigest()
        except (OSError, ValueError):
            return None
        if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_NS:
            self.known[full] = self.new[full] = (stamp, digest)
        return stamp, digest

    def save(self) -> None:
        """Add what was learnt to ``files.index`` (merged with what other runs wrote). A process
        that runs again and again (an audit worker) writes it at most every SAVE_EVERY seconds,
        unless it has SAVE_FILES new files: what is not written is only worked out again."""
        if not self.new:
            return
        now = time.monotonic()
        if self.saved is not None and now - self.saved < SAVE_EVERY and len(self.new) < SAVE_FILES:
            return
        self.saved = now
        known = self._load()
        known.update(self.new)
        if len(known) > MAX_INDEX:
            known = dict(self.new)
        _write(self.path, _pack(INDEX_FORMAT, known))
        self.new = {}


class StoredReport(FileReport):
    """A FileReport from the cache whose path, format, error and partial read are known at once;
    its findings, readability and questions are read from the cache the first time they are used
    (``load`` gives the whole report). ``counts`` holds its findings by severity (a dict)."""

    __slots__ = ("_load", "counts")

    def __init__(self, summary: tuple, load: Callable[[], FileReport]):
        self.path, self.format, self.error, self.partial, self.counts = summary
        self._load = load

    def __getattr__(self, name: str):
        if name in ("readability", "findings", "questions"):
            whole = self._load()
            for field in ("readability", "findings", "questions"):
                setattr(self, field, getattr(whole, field))
            return getattr(self, name)
        raise AttributeError(name)


def summary(report: FileReport) -> tuple:
    """What a StoredReport knows without loading the report."""
    return (report.path, report.format, report.error, report.partial,
            dict(Counter(f.severity for f in report.findings)))


def severities(report: FileReport) -> dict[str, int]:
    """The report's findings by severity (for a StoredReport, without loading it)."""
    counts = getattr(report, "counts", None)
    return counts if counts is not None else Counter(f.severity for f in report.findings)


class ResultCache:
    """The results kept under one cache folder for one :func:`settings_key`."""

    def __init__(self, settings: str, root: Path):
        self.root = root
        self.folder = os.path.join(root, "results")
        self.texts = os.path.join(root, "texts")
        self.settings = settings
        self.digests = FileDigests(root / "files.index")
        self.hits = 0
        self.misses = 0
        self._keys: dict[str, tuple] = {}  # path -> ((stamp, digest), key), while the file is unchanged
        self._held: tuple[list[str], list[str]] | None = None  # (files, their keys) that holds() found
        self._endings: dict[str, str] = {}

    def key(self, path: str) -> str | None:
        """The key of a file as it is now, or None when it cannot be read (then it is checked,
        and the check says why it cannot be read)."""
        full = os.path.abspath(path)
        found = self.digests.digest(path, full)
        if found is None:
            return None
        stamp, digest = found
        known = self._keys.get(path)
        if known is not None and known[0] == found:
            return known[1]
        key = hashlib.sha256(f"{self.settings}\0{path}\0{full}\0{digest}".encode()).hexdigest()
        self._keys[path] = (found, key)
        return key

    def _file(self, key: str) -> str:
        return f"{self.folder}/{key[:2]}/{key[2:]}"

    def _text_file(self, key: str, kind: str) -> str:
        ending = self._endings.get(kind)
        if ending is None:
            ending = self._endings[kind] = hashlib.sha256(kind.encode()).hexdigest()[:16]
        return f"{self.texts}/{key[:2]}/{key[2:]}.{ending}"

    def has(self, key: str | None) -> bool:
        """Whether an entry is there (read and its checksum checked only when it is used)."""
        return key is not None and os.path.isfile(self._file(key))

    def holds(self, files: list[str]) -> bool:
        """Whether there is an entry for every one of ``files`` as they are now."""
        if STDIN in files:
            return False
        keys = []
        for path in files:
            key = self.key(path)
            if not self.has(key):
                return False
            keys.append(key)
        self._held = (list(files), keys)  # the run that follows uses these keys
        return True

    def get(self, key: str) -> FileReport | None:
        report = _read(self._file(key), FORMAT)
        return report if isinstance(report, FileReport) else None

    def put(self, key: str, report: FileReport) -> None:
        if report.error:  # a file that could not be read is read again next time
            return
        _write(self._file(key), _pack(FORMAT, report))

    def text(self, key: str, kind: str) -> tuple | None:
        """(summary, text, tally) kept for a result in one report format ``kind``, or None."""
        kept = _read(self._text_file(key, kind), TEXT_FORMAT)
        return kept if isinstance(kept, tuple) and len(kept) == 4 and kept[0] == kind else None

    def put_text(self, key: str, kind: str, report: FileReport, text: str, tally) -> None:
        if report.error:
            return
        _write(self._text_file(key, kind), _pack(TEXT_FORMAT, (kind, summary(report), text, tally)))

    def save(self) -> None:
        self.digests.save()


def cache_for(checker) -> ResultCache | None:
    """The result cache for this checker, or None when caching is off."""
    if not getattr(checker, "use_cache", True):
        return None
    root = cache_root()
    return ResultCache(checker_key(checker), root) if root else None


Check = Callable[[list[str]], Iterator[FileReport]]


def replay(cache: ResultCache, files: list[str], check: Check,
           progress: Callable[[int, int], None] | None = None,
           kind: str | None = None) -> Iterator[tuple[str | None, FileReport, tuple | None]]:
    """(key, report, kept) for each of ``files``, in order: unchanged files from the cache, the
    others from ``check(changed_files)`` (which must yield their reports in order), then saved.
    With ``kind`` (a report format's name for its per-file text), ``kept`` is the (text, tally)
    kept for that format, and then ``report`` is a StoredReport, read only if it is used."""
    if cache._held is not None and cache._held[0] == files:  # holds() found them all just now
        keys, hit = cache._held[1], [True] * len(files)
    else:
        keys = [None if path == STDIN else cache.key(path) for path in files]
        hit = [cache.has(k) for k in keys]
    cache._keys.clear()  # worked out once a run: nothing is kept per file past this point
    cache._held = None
    changed = [path for path, h in zip(files, hit) if not h]
    fresh = iter(check(changed)) if changed else iter(())
    total = len(files)
    for i, (path, key, was_hit) in enumerate(zip(files, keys, hit), 1):
        report = kept = None
        if was_hit:
            stored = cache.text(key, kind) if kind else None
            if stored is not None:
                kept = stored[2:]
                report = StoredReport(stored[1], lambda key=key, path=path: (
                    cache.get(key) or next(iter(check([path])))))
            else:
                report = cache.get(key)
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
        try:
            yield key, report, kept
        except GeneratorExit:  # the reader stopped early: keep what was learnt
            cache.save()
            raise
    cache.save()


def check_files(checker, files: list[str], check: Check,
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
    for _, report, _ in replay(cache, files, check, progress):
        yield report


def all_cached(checker, files: list[str]) -> bool:
    """Whether the cache holds an unchanged result for every one of ``files``."""
    cache = cache_for(checker)
    return cache is not None and cache.holds(files)


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
