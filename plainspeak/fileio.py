"""Writing files safely: all at once or not at all.

plainspeak never changes a user's document in place, but it does write new
files (reports, annotated copies, fixed text, glossary entries, caches). Each
is written to a temporary file beside its target and then moved into place in
one step, so a crash or a full disk never leaves a half-written file.
"""

from __future__ import annotations

import os
import shutil
import tempfile


def write_atomic(path: str | os.PathLike, data: bytes, keep_mode: bool = False) -> None:
    """Replace ``path`` with ``data`` in one step. ``keep_mode``: keep the old file's permissions."""
    write_atomic_many([(path, data)], keep_mode=keep_mode)


def write_atomic_many(files: list[tuple[str | os.PathLike, bytes]], keep_mode: bool = False) -> None:
    """Write several files: each is first written in full beside its place, and only when all are
    written are they moved into place, one step each. If any cannot be written, none is changed."""
    staged: list[tuple[str, str]] = []  # (temporary file, target)
    try:
        for path, data in files:
            target = os.path.realpath(path)  # a link stays a link; the file it points to changes
            folder = os.path.dirname(target) or "."
            fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
            staged.append((tmp, target))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            if keep_mode and os.path.exists(target):
                shutil.copymode(target, tmp)
        while staged:
            tmp, target = staged[0]
            os.replace(tmp, target)
            staged.pop(0)
    except BaseException:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
        raise
