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
- ``packs/``: the texts of a whole run in one report format (for example the
  text report without colour), with the few totals a report needs, in one file
  (see :mod:`plainspeak.cachepack`). An unchanged run reads one pack and writes
  these texts as they are: it neither loads the results nor formats them again;
- ``texts/``: the same texts, one entry a result, for files that no pack holds;
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

import os
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Iterator

from plainspeak.cachefiles import _pack, _read, _write, cache_root, quick_sha256, stamp_of
from plainspeak.cachefiles import settled as is_settled
from plainspeak.cachepack import PackRun
from plainspeak.model import FileReport

FORMAT = b"plainspeak-result-2\n"
TEXT_FORMAT = b"plainspeak-text-1\n"
INDEX_FORMAT = b"plainspeak-index-1\n"
STDIN = "-"
MAX_INDEX = 200_000  # files in files.index; beyond it only the last run's files are kept
SAVE_EVERY, SAVE_FILES = 10.0, 100  # files.index is written again at most this often, or with this many new


def results_dir() -> Path | None:
    root = cache_root()
    return root / "results" if root else None


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
                if entry.is_dir(follow_symlinks=False):  # as the glossary is read (rglob), and no loops
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

    h = quick_sha256(FORMAT)
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

    def digest(self, path: str, full: str) -> tuple[tuple, str, bool] | None:
        """(stamp, content digest, settled) of ``path`` (``full`` is its absolute path), or None
        when it cannot be read. The stamp is the file's size, change times and inode; settled:
        the file had not changed for cachefiles.RACY_NS when it was read, so its stamp can be trusted."""
        try:
            st = os.stat(path)
        except OSError:
            return None
        if self.known is None:
            self.known = self._load()
        stamp = stamp_of(st)
        seen = self.known.get(full)
        if seen is not None and seen[0] == stamp:
            return stamp, seen[1], True
        try:
            with open(path, "rb") as fh:
                import hashlib

                digest = hashlib.file_digest(fh, "sha256").hexdigest()
        except (OSError, ValueError):
            return None
        settled = is_settled(st)  # changed just now: hashed again next time
        if settled:
            self.known[full] = self.new[full] = (stamp, digest)
        return stamp, digest, settled

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
        self._held: tuple | None = None  # (files, their keys, their stamps, PackRun) that holds() found
        self._endings: dict[str, str] = {}
        self._pack: PackRun | None = None  # the pack of the run being replayed
        self.next_hit = False  # while replaying: the next file's report is in the cache (comes at once)

    def stamped(self, path: str) -> tuple | None:
        """(stamp, key) of a file as it is now (the stamp is None when the file changed too
        recently to trust it), or None when it cannot be read."""
        full = os.path.abspath(path)
        found = self.digests.digest(path, full)
        if found is None:
            return None
        stamp, digest, settled = found
        known = self._keys.get(path)
        if known is not None and known[0] == found:
            return known[1]
        key = quick_sha256(f"{self.settings}\0{path}\0{full}\0{digest}".encode()).hexdigest()
        self._keys[path] = (found, (stamp if settled else None, key))
        return self._keys[path][1]

    def pack_path(self, files: list[str], kind: str) -> str:
        """Where the pack of a run over ``files`` in report format ``kind`` is: one pack for each
        set of settings, format, working folder, folder the files are in and number of files
        (in powers of two). So a run over one file of a big folder neither reads the big folder's
        pack nor replaces it, and a file added or removed still finds the pack."""
        scope = os.path.dirname(os.path.commonprefix(files)) if files else ""
        size = len(files).bit_length()
        name = quick_sha256(f"{self.settings}\0{kind}\0{os.getcwd()}\0{scope}\0{size}"
                              .encode("utf-8", "surrogatepass")).hexdigest()[:40]
        return os.path.join(self.root, "packs", name)

    def pack_run(self, files: list[str], kind: str) -> PackRun:
        return PackRun(self.pack_path(files, kind), kind, files, self.stamped)

    def _file(self, key: str) -> str:
        return f"{self.folder}/{key[:2]}/{key[2:]}"

    def _text_file(self, key: str, kind: str) -> str:
        ending = self._endings.get(kind)
        if ending is None:
            ending = self._endings[kind] = quick_sha256(kind.encode()).hexdigest()[:16]
        return f"{self.texts}/{key[:2]}/{key[2:]}.{ending}"

    def has(self, key: str | None) -> bool:
        """Whether an entry is there (read and its checksum checked only when it is used)."""
        return key is not None and os.path.isfile(self._file(key))

    def holds(self, files: list[str], kind: str | None = None) -> bool:
        """Whether there is an entry for every one of ``files`` as they are now. With ``kind``
        (the report format the run will write), the run's pack is asked first: when it holds
        every file, no other cache file is opened."""
        if STDIN in files:
            return False
        run = self.pack_run(files, kind) if kind is not None and files else None
        keys, stamps = [], []
        for i, path in enumerate(files):
            if run is not None and run.entries[i] is not None:
                keys.append(run.key(i))
                stamps.append(run.stamp(i))
                continue
            found = self.stamped(path)
            if found is None or not self.has(found[1]):
                if run is not None:
                    run.close()
                return False
            stamps.append(found[0])
            keys.append(found[1])
        self._held = (list(files), keys, stamps, run)  # the run that follows uses these
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
        pack = self._pack
        if pack is not None and pack.kind == kind and pack.current is not None:
            i, stamp = pack.current
            pack.add(i, stamp, key, summary(report), text, tally)

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
    kept for that format, and then ``report`` is a StoredReport, read only if it is used. The
    text is bytes (UTF-8) when it comes from the run's pack, else a string."""
    held = cache._held if cache._held is not None and cache._held[0] == files else None
    cache._held = None
    pack = None
    if kind is not None and files:
        pack = held[3] if held is not None and held[3] is not None and held[3].kind == kind \
            else cache.pack_run(files, kind)
    if held is not None and held[3] is not None and held[3] is not pack:
        held[3].close()
    keys: list = []
    stamps: list = []
    hit: list[bool] = []
    for i, path in enumerate(files):
        if pack is not None and pack.entries[i] is not None:
            keys.append(pack.key(i))
            stamps.append(pack.stamp(i))
            hit.append(True)
        elif held is not None:  # holds() found them all just now
            keys.append(held[1][i])
            stamps.append(held[2][i])
            hit.append(True)
        else:
            found = None if path == STDIN else cache.stamped(path)
            keys.append(found and found[1])
            stamps.append(found and found[0])
            hit.append(cache.has(found and found[1]))
    cache._keys.clear()  # worked out once a run: nothing is kept per file past this point
    cache._pack = pack
    changed = [path for path, h in zip(files, hit) if not h]
    fresh = iter(check(changed)) if changed else iter(())
    total = len(files)
    try:
        for i, (path, key, was_hit) in enumerate(zip(files, keys, hit)):
            report = kept = None
            if pack is not None and pack.entries[i] is not None:
                got = pack.text(i)
                if got is not None:  # else damaged: from the other stores, and the pack is written again
                    kept = got[1:]
                    report = StoredReport(got[0], _loader(cache, key, path, check))
                    pack.keep(i, got[1])
            if report is None and was_hit:
                stored = cache.text(key, kind) if kind else None
                if stored is not None:
                    kept = stored[2:]
                    report = StoredReport(stored[1], _loader(cache, key, path, check))
                    if pack is not None:
                        pack.add(i, stamps[i], key, stored[1], *kept)
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
                progress(i + 1, total)
            if pack is not None:
                pack.current = (i, stamps[i])  # put_text adds the text made for this file
            cache.next_hit = i + 1 < total and hit[i + 1]
            yield key, report, kept
    except BaseException:  # GeneratorExit: the reader stopped early; keep what was learnt
        cache._pack = None
        if pack is not None:
            pack.abort()
        cache.save()
        raise
    cache._pack = None
    cache.next_hit = False
    if pack is not None:
        pack.finish()
    cache.save()


def _loader(cache: ResultCache, key: str, path: str, check: Check) -> Callable[[], FileReport]:
    """How a StoredReport reads its whole report: from the cache, or checked again if it is gone."""
    return lambda: cache.get(key) or next(iter(check([path])))


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


__all__ = ["cache_root", "results_dir", "settings_key", "ResultCache", "replay", "check_files"]
