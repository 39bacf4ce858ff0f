"""The cache folder and its files: where it is, entries written whole, ``plainspeak cache
clear`` and ``plainspeak cache info``. What goes in it is in :mod:`plainspeak.cache`."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


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
    import pickle

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
