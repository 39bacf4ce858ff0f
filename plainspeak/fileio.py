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
    target = os.path.realpath(path)  # a link stays a link; the file it points to changes
    folder = os.path.dirname(target) or "."
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        if keep_mode and os.path.exists(target):
            shutil.copymode(target, tmp)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
