"""Limits for a process that checks or reads files (a worker, the read-ahead helper): its
memory, and its life (it ends with the process that started it)."""

from __future__ import annotations

import os
import sys


def virtual_size() -> int | None:
    """The process's virtual memory in bytes, or None where it cannot be seen."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def set_memory_limit(mb: int) -> None:
    """Let this process use at most ``mb`` megabytes more than it uses now (``RLIMIT_AS``);
    no limit for 0, on Windows, or where the memory in use cannot be seen."""
    if mb <= 0:
        return
    try:
        import resource
    except ImportError:  # Windows: no limit
        return
    base = virtual_size()
    if base is None:  # no way to see what is in use: no limit rather than a wrong one
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = base + mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    except (ValueError, OSError):
        pass


def end_with(parent: int) -> None:
    """Linux: end this process when the process ``parent`` ends, however it ends (killed, out of
    memory), so that a stopped plainspeak never leaves forked workers behind, waiting."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it ended before this was set
        os._exit(1)
