"""bench.ingest_child --threads: the writer's CPU by thread kind, sampled from /proc/self/task."""

from __future__ import annotations

import sys
import threading
import time

import pytest

from bench.ingest_child import ThreadCpu


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/task")
def test_cpu_is_counted_by_thread_name_and_a_pools_threads_together() -> None:
    def burn() -> None:
        # the thread's own CPU: the process's (process_time) counts every other thread of the test
        # session too, and the burners stopped early whenever any of them ran
        end = time.thread_time() + 0.3
        while time.thread_time() < end:
            pass

    with ThreadCpu() as sampled:
        busy = [threading.Thread(target=burn, name=f"burner_{n}") for n in range(2)]
        for thread in busy:
            thread.start()
        for thread in busy:
            thread.join()
    kinds = sampled.by_kind()
    assert "burner" in kinds and not any(kind.startswith("burner_") for kind in kinds)
    assert kinds["burner"] >= 0.4  # the two threads' 0.6 s of CPU, less what ran between the last samples
