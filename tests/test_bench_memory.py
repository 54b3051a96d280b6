"""bench.util's memory measures of a server's process tree: summed PSS beside summed RSS."""

from __future__ import annotations

import subprocess
import sys
import time

from bench.util import TreeMemoryWatch, children_of, pss_mb, rss_mb

# A parent that touches 40 MiB and forks a child sharing those pages (copy-on-write, untouched).
_TREE = """
import os, time
block = bytearray(40 * 1024 * 1024)
for i in range(0, len(block), 4096):
    block[i] = 1
if os.fork() == 0:
    time.sleep(30)
    os._exit(0)
print("ready", flush=True)
time.sleep(30)
"""


def test_summed_pss_counts_shared_pages_once() -> None:
    process = subprocess.Popen([sys.executable, "-c", _TREE], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        time.sleep(0.2)
        kids = children_of(process.pid)
        assert len(kids) == 1
        watch = TreeMemoryWatch(process.pid, interval_s=0.05)
        time.sleep(0.3)
        now = watch.sample()
        watch.stop()
        assert now is not None and now["processes"] == 2
        rss = (rss_mb(process.pid) or 0) + (rss_mb(kids[0]) or 0)
        pss = (pss_mb(process.pid) or 0) + (pss_mb(kids[0]) or 0)
        # the 40 MiB block is resident in both, so the RSS sum holds it twice and the PSS sum once
        assert rss - pss > 35
        assert now["tree_rss_sum_mb"] - now["tree_pss_mb"] > 35
        assert watch.samples >= 3 and watch.peak_pss_mb is not None and watch.peak_pss_mb >= 40
    finally:
        for kid in children_of(process.pid):
            subprocess.run(["kill", str(kid)], check=False)
        process.kill()
        process.wait()


def test_a_gone_process_has_no_pss() -> None:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    assert pss_mb(process.pid) is None
    watch = TreeMemoryWatch(process.pid, interval_s=0.01)
    assert watch.sample() is None
    watch.stop()
