"""The C allocator's settings for a long-lived, threaded server process.

glibc gives each thread that meets a locked arena an arena of its own, up to eight per core. The
server answers requests and writes on a pool of threads, so under many clients its writes' and
reads' transient peaks land in many arenas, and each arena keeps what was freed in it: at 100,000
commitments the server grew 218 -> 513 MiB over the bench's load phase (50 clients, 23 writes)
and 213 -> 404 MiB with two arenas (MALLOC_ARENA_MAX=2), the load phase's throughput the same
(docs/performance.md, "Seventh pass").
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os

log = logging.getLogger(__name__)
_M_ARENA_MAX = -8  # glibc's malloc.h


def limit_arenas(arenas: int) -> bool:
    """Cap this process's malloc arenas at `arenas` (0: leave glibc's default) and let the
    processes it starts (the query workers' fork server) inherit the cap by the environment,
    which glibc reads when a program starts. False where the C library is not glibc."""
    if arenas <= 0:
        return False
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    if not hasattr(libc, "gnu_get_libc_version"):  # musl has mallopt as a no-op stub
        return False
    if mallopt(_M_ARENA_MAX, arenas) != 1:
        log.warning("could not cap the malloc arenas at %d", arenas)
        return False
    os.environ["MALLOC_ARENA_MAX"] = str(arenas)
    return True
