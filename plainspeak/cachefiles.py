"""The cache folder and its files: where it is, entries written whole, ``plainspeak cache
clear`` and ``plainspeak cache info``. What goes in it is in :mod:`plainspeak.cache`."""

from __future__ import annotations

import os
from pathlib import Path

try:  # SHA-256 for small data (keys, indexes): Python's own, quicker to load than hashlib's OpenSSL
    from _sha256 import sha256 as quick_sha256  # Python 3.11
except ImportError:
    try:
        from _sha2 import sha256 as quick_sha256  # Python 3.12 and later
    except ImportError:
        from hashlib import sha256 as quick_sha256


def cache_root() -> Path | None:
    """The folder for all of plainspeak's caches, or None when caching is off."""
    if os.environ.get("PLAINSPEAK_NO_CACHE"):
        return None
    own = os.environ.get("PLAINSPEAK_CACHE_DIR")
    if own:
        return Path(own)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("plainspeak", appauthor=False))


def _pack(kind: bytes, value) -> bytes:
    import hashlib
    import pickle

    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return kind + hashlib.sha256(body).digest() + body


_DAMAGED = object()


def _unpack(kind: bytes, data: bytes):
    """What :func:`_pack` packed, or _DAMAGED when the data is not whole and right."""
    if not data.startswith(kind):
        return _DAMAGED
    import hashlib

    digest, body = data[len(kind):len(kind) + 32], data[len(kind) + 32:]
    if hashlib.sha256(body).digest() != digest:
        return _DAMAGED  # damaged: checked again and written again
    import pickle

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


RACY_NS = 2_000_000_000  # a file changed this recently may change again with the same size and times


def stamp_of(st) -> tuple:
    """What says a file is as it was: its size, change times and inode."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def settled(st) -> bool:
    """Whether a file had not changed for RACY_NS, so that its stamp can be trusted."""
    import time

    return time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_NS


class Answers:
    """Small answers about files, kept while each file's size, change times and inode are the
    same (for example whether a pyproject.toml file has plainspeak settings), in one file of
    the cache folder. Nothing is kept when the cache is off or the file changed just now."""

    LIMIT = 1000  # answers kept; beyond it the file starts again

    def __init__(self, path: str | None, answers: dict):
        self.path, self.answers = path, answers

    @classmethod
    def open(cls, name: str) -> "Answers":
        root = cache_root()
        if root is None:
            return cls(None, {})
        path = os.path.join(root, name)
        try:
            with open(path, "rb") as fh:
                data = fh.read()
            import marshal

            answers = marshal.loads(data[32:]) if quick_sha256(data[32:]).digest() == data[:32] else {}
        except (OSError, ValueError, EOFError, TypeError):
            answers = {}
        return cls(path, answers if isinstance(answers, dict) else {})

    def get(self, file: str) -> tuple:
        """(the answer kept for ``file``, or None; the file's stamp now, or None)."""
        try:
            st = os.stat(file)
        except OSError:
            return None, None
        stamp = stamp_of(st)
        known = self.answers.get(file)
        if isinstance(known, tuple) and len(known) == 2 and known[0] == stamp:
            return known[1], stamp
        return None, stamp if settled(st) else None

    def put(self, file: str, stamp, answer) -> None:
        if self.path is None or stamp is None:
            return
        import marshal

        answers = {} if len(self.answers) >= self.LIMIT else dict(self.answers)
        answers[file] = (stamp, answer)
        body = marshal.dumps(answers)
        _write(self.path, quick_sha256(body).digest() + body)
        self.answers = answers


def clear() -> tuple[Path | None, int]:
    """Remove every cached result and the glossary cache. Returns (folder, files removed)."""
    root = cache_root()
    if root is None or not root.exists():
        return root, 0
    import shutil

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
