"""bench.ingest_child --threads: the writer's CPU by thread kind, sampled from /proc/self/task."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from bench.ingest_child import ThreadCpu


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/task")
def test_cpu_is_counted_by_thread_name_and_a_pools_threads_together() -> None:
    done = threading.Event()

    def burn() -> None:
        # the thread's own CPU (the process's counts the test session's other threads too); then it
        # stays alive until the last sample is taken, so none of its CPU falls between samples
        end = time.thread_time() + 0.3
        while time.thread_time() < end:
            pass
        done.wait(10)

    busy = [threading.Thread(target=burn, name=f"burner_{n}") for n in range(2)]
    try:
        with ThreadCpu() as sampled:
            for thread in busy:
                thread.start()
            deadline = time.monotonic() + 10
            while not all(_burnt(thread) for thread in busy) and time.monotonic() < deadline:
                time.sleep(0.01)
    finally:
        done.set()
        for thread in busy:
            thread.join()
    kinds = sampled.by_kind()
    assert "burner" in kinds and not any(kind.startswith("burner_") for kind in kinds)
    assert kinds["burner"] >= 0.55  # the two threads' 0.6 s of CPU, counted in 10 ms ticks


def _burnt(thread: threading.Thread) -> bool:
    """Whether the thread has used its 0.3 s of CPU (from /proc, as ThreadCpu reads it)."""
    with open(f"/proc/self/task/{thread.native_id}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") >= 0.29
