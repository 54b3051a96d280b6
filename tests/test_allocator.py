"""The server caps glibc's malloc arenas (kg.allocator): under many clients each request thread
otherwise gets an arena of its own, and every arena keeps what the writes freed in it."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(platform.system() != "Linux" or not platform.libc_ver()[0] == "glibc",
                                reason="mallopt(M_ARENA_MAX) is glibc's")


def _python(code: str) -> str:
    env = {"PATH": "/usr/bin:/bin"}  # no MALLOC_ARENA_MAX from the caller
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env,
                          timeout=60).stdout.strip()


def test_a_capped_process_passes_the_cap_to_the_programs_it_starts() -> None:
    out = _python("import subprocess, sys\n"
                  "from kg.allocator import limit_arenas\n"
                  "print(limit_arenas(2))\n"
                  "child = 'import os; print(os.environ.get(\"MALLOC_ARENA_MAX\"))'\n"
                  "print(subprocess.run([sys.executable, '-c', child], capture_output=True, text=True).stdout.strip())")
    assert out.split() == ["True", "2"]


def test_zero_arenas_leaves_glibc_as_it_is() -> None:
    out = _python("import os\n"
                  "from kg.allocator import limit_arenas\n"
                  "print(limit_arenas(0), os.environ.get('MALLOC_ARENA_MAX'))")
    assert out.split() == ["False", "None"]


def test_threads_of_a_capped_process_share_its_arenas() -> None:
    # glibc's malloc_info lists one <heap> per arena: eight threads allocating at once make
    # arenas of their own unless capped.
    code = """
import ctypes, sys, threading
from kg.allocator import limit_arenas
if sys.argv[1] == "cap":
    limit_arenas(1)
libc = ctypes.CDLL("libc.so.6")
libc.open_memstream.restype = ctypes.c_void_p
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
barrier = threading.Barrier(8)
def work():
    barrier.wait()
    for _ in range(20000):
        libc.free(libc.malloc(4096))
threads = [threading.Thread(target=work) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
buf, size = ctypes.c_char_p(), ctypes.c_size_t()
stream = libc.open_memstream(ctypes.byref(buf), ctypes.byref(size))
libc.malloc_info(0, ctypes.c_void_p(stream))
libc.fclose(ctypes.c_void_p(stream))
print(buf.value.decode().count("<heap nr="))
"""
    def heaps(mode: str) -> int:
        return int(subprocess.run([sys.executable, "-c", code, mode], capture_output=True, text=True, check=True,
                                  env={"PATH": "/usr/bin:/bin"}, timeout=60).stdout)

    assert heaps("cap") == 1
    assert heaps("default") > 1


def test_serve_caps_the_arenas_before_it_opens_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from click.testing import CliRunner

    import kg.cli
    from kg.cli import main

    seen: list[str] = []
    opened = kg.cli._open
    monkeypatch.setenv("MALLOC_ARENA_MAX", "")  # restored when the test ends
    monkeypatch.setattr(kg.cli, "_open", lambda path: (seen.append(os.environ["MALLOC_ARENA_MAX"]), opened(path))[1])
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: None)
    monkeypatch.setenv("KG_MALLOC_ARENAS", "3")
    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "store"), "--read-only"])
    assert result.exit_code == 0, result.output
    assert seen == ["3"]


_WORKER_ALLOCATOR = """
import os, sys
from pathlib import Path
from kg.allocator import allocator_of, preload_in_children
from kg.query.sparql import SparqlRequest
from kg.query.workers import QueryWorkers
from kg.store import GraphStore

if __name__ == "__main__":
    store = GraphStore.open(Path(sys.argv[2]))  # held as kg serve holds it
    preload_in_children(sys.argv[1])
    workers = QueryWorkers(Path(sys.argv[2]), size=1, timeout_s=30)
    workers.start()
    try:
        answer = workers.run(SparqlRequest(query="ASK {}", accept="application/json"))
        print(allocator_of(workers.pids()[0]), allocator_of(os.getpid()), answer.body.decode().count("true"))
    finally:
        workers.close()
"""


def _worker_allocator(name: str, store: Path) -> list[str]:
    script = store.parent / "workers.py"  # a file: the fork server imports the main module again
    script.write_text(_WORKER_ALLOCATOR, encoding="utf-8")
    return subprocess.run([sys.executable, str(script), name, str(store)], capture_output=True, text=True,
                          check=True, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).parents[1])},
                          timeout=120).stdout.split()


def test_query_workers_run_with_jemalloc_where_it_is_installed(tmp_path: Path) -> None:
    from kg.allocator import find_allocator

    if find_allocator("jemalloc") is None:
        if os.environ.get("KG_REQUIRE_SYSTEM_PACKAGES"):
            pytest.fail("libjemalloc2 is required in CI (.ci/run installs it)")
        pytest.skip("jemalloc is not installed (Debian: libjemalloc2)")
    # the workers answer with jemalloc mapped; the process that started them keeps the C library's
    assert _worker_allocator("jemalloc", tmp_path / "store") == ["jemalloc", "system", "1"]


def test_the_system_allocator_preloads_nothing(tmp_path: Path) -> None:
    assert _worker_allocator("system", tmp_path / "store") == ["system", "system", "1"]


def test_an_allocator_that_is_not_installed_leaves_the_c_librarys() -> None:
    out = _python("import os\n"
                  "from kg.allocator import preload_in_children\n"
                  "print(preload_in_children('no-such-allocator-kg'), os.environ.get('LD_PRELOAD'))")
    assert out.split() == ["None", "None"]


def test_serve_preloads_the_query_allocator_before_it_opens_the_store(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from click.testing import CliRunner

    import kg.allocator
    import kg.cli
    from kg.cli import main

    asked: list[str] = []
    opened = kg.cli._open
    monkeypatch.setattr(kg.allocator, "preload_in_children", lambda name: asked.append(name))
    monkeypatch.setattr(kg.cli, "_open", lambda path: (asked.append("open"), opened(path))[1])
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: None)
    monkeypatch.setenv("KG_QUERY_ALLOCATOR", "system")
    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "store"), "--read-only"])
    assert result.exit_code == 0, result.output
    assert asked == ["system", "open"]
