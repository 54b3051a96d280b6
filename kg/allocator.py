"""The C allocator's settings for a long-lived, threaded server process.

glibc gives each thread that meets a locked arena an arena of its own, up to eight per core. The
server answers requests and writes on a pool of threads, so under many clients its writes' and
reads' transient peaks land in many arenas, and each arena keeps what was freed in it: at 100,000
commitments the server grew 218 -> 513 MiB over the bench's load phase (50 clients, 23 writes)
and 213 -> 404 MiB with two arenas (MALLOC_ARENA_MAX=2), the load phase's throughput the same
(docs/performance.md, "Seventh pass").

The query workers may also run with jemalloc as their allocator (Debian's libjemalloc2, loaded by
LD_PRELOAD when the fork server starts): Oxigraph's query evaluation allocates and frees many
small hash tables and vectors, and at 100,000 commitments the heavy queries took 15-20% less CPU
with it than with glibc's malloc on the same store (docs/performance.md, "Eighth pass").
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
from pathlib import Path

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


def find_allocator(name: str) -> str | None:
    """The shared library of allocator `name` ("jemalloc") as the dynamic loader finds it, or None
    where it is not installed; None for "system" (the C library's own malloc)."""
    if name == "system":
        return None
    return ctypes.util.find_library(name)


def preload_in_children(name: str) -> str | None:
    """Have the programs this process starts from now on (the query workers' fork server) run with
    allocator `name` (LD_PRELOAD, ahead of what is preloaded already). Returns the library, or None
    when `name` is "system" or not installed (the children keep the C library's malloc)."""
    library = find_allocator(name)
    if library is None:
        if name != "system":
            log.info("%s is not installed: the query workers use the C library's malloc "
                     "(Debian: apt-get install libjemalloc2)", name)
        return None
    preloaded = os.environ.get("LD_PRELOAD", "").split()
    if library not in preloaded:
        os.environ["LD_PRELOAD"] = " ".join([library, *preloaded])
    return library


def allocator_of(pid: int) -> str:
    """Which allocator process `pid` runs with: "jemalloc" when its library is mapped, else "system"."""
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return "system"
    return "jemalloc" if "libjemalloc" in maps else "system"
