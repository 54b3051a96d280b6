"""Small pieces the harness shares: timing statistics, servers in subprocesses, peak memory."""

from __future__ import annotations

import math
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

# --------------------------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100), as numpy's default."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100.0
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class Timing:
    """Repeated measurements of one thing, in milliseconds."""

    samples: list[float] = field(default_factory=list)
    error: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    def summary(self) -> dict[str, Any]:
        if not self.samples:
            return {"n": 0, "error": self.error}
        return {"n": len(self.samples), "median_ms": round(statistics.median(self.samples), 3),
                "p90_ms": round(percentile(self.samples, 90), 3), "p99_ms": round(percentile(self.samples, 99), 3),
                "min_ms": round(min(self.samples), 3), "max_ms": round(max(self.samples), 3),
                **({"error": self.error} if self.error else {})}


def repeat(action: Callable[[], Any], *, warmup: int = 1, min_runs: int = 3, max_runs: int = 20,
           budget_s: float = 10.0) -> Timing:
    """Run `action` until it has `min_runs` timed runs and either `max_runs` or `budget_s` is spent."""
    timing = Timing()
    try:
        for _ in range(warmup):
            action()
        started = time.perf_counter()
        while len(timing.samples) < max_runs:
            t0 = time.perf_counter()
            action()
            timing.samples.append((time.perf_counter() - t0) * 1000)
            if len(timing.samples) >= min_runs and time.perf_counter() - started > budget_s:
                break
    except Exception as error:  # noqa: BLE001 - a failing peer is reported, not fatal
        timing.error = f"{type(error).__name__}: {error}"[:500]
    return timing


def run_once(action: Callable[[], Any], timing: Timing, *, sample: bool = True) -> None:
    """Run `action` once for `timing` unless it has failed already: its time in milliseconds becomes a
    sample (unless `sample` is false, as for a warm-up run), a failure its error."""
    if timing.error:
        return
    t0 = time.perf_counter()
    try:
        action()
    except Exception as error:  # noqa: BLE001 - a failing action is reported, not fatal
        timing.error = f"{type(error).__name__}: {error}"[:500]
        return
    if sample:
        timing.samples.append((time.perf_counter() - t0) * 1000)


# --------------------------------------------------------------------------------------------
# Processes
# --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _proc_kib(pid: int, name: str, key: str) -> int | None:
    """The kiB figure of the `key:` line of /proc/PID/`name` (status, smaps_rollup)."""
    prefix = key.encode() + b":"
    try:
        with open(f"/proc/{pid}/{name}", "rb") as found:
            for line in found:
                if line.startswith(prefix):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def _mib(kib: int | None) -> float | None:
    return round(kib / 1024, 1) if kib is not None else None


def peak_rss_mb(pid: int) -> float | None:
    """The process's high-water mark of resident memory (VmHWM), in MiB."""
    return _mib(_proc_kib(pid, "status", "VmHWM"))


def pss_mb(pid: int) -> float | None:
    """The process's proportional set size now (Pss in /proc/PID/smaps_rollup), in MiB: each page
    it maps counted in full when private and split evenly between the processes sharing it, so
    summed over a process tree every page is counted once (as smem sums a tree)."""
    return _mib(_proc_kib(pid, "smaps_rollup", "Pss"))


def rss_mb(pid: int) -> float | None:
    """The process's resident size now (VmRSS), in MiB."""
    return _mib(_proc_kib(pid, "status", "VmRSS"))


class TreeMemoryWatch:
    """Samples a process tree's summed PSS (and, beside it, summed RSS) every `interval_s` on a
    thread of its own, keeping the peak. PSS has no high-water mark as VmHWM is for RSS, so the
    peak is that of the samples: a spike shorter than the interval can be missed (the bench's
    heavy queries and the catalogue's build last longer). One sample of a ~600 MiB tree reads its
    page tables, about 10 ms, hence the half second."""

    def __init__(self, pid: int, interval_s: float = 0.5) -> None:
        self.pid = pid
        self.interval_s = interval_s
        self.samples = 0
        self.peak_pss_mb: float | None = None
        self.peak_at: dict[str, Any] = {}
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=f"pss-watch-{pid}", daemon=True)
        self._thread.start()

    def sample(self) -> dict[str, Any] | None:
        """The tree's PSS and RSS now, per process and summed; None once the main process is gone."""
        main_pss = pss_mb(self.pid)
        if main_pss is None:
            return None
        kids = children_of(self.pid)
        pss = [main_pss] + [v for v in (pss_mb(k) for k in kids) if v is not None]
        rss = [v for v in (rss_mb(p) for p in [self.pid, *kids]) if v is not None]
        found = {"tree_pss_mb": round(sum(pss), 1), "tree_rss_sum_mb": round(sum(rss), 1), "main_pss_mb": main_pss,
                 "processes": len(pss)}
        with self._lock:
            self.samples += 1
            if self.peak_pss_mb is None or found["tree_pss_mb"] > self.peak_pss_mb:
                self.peak_pss_mb, self.peak_at = found["tree_pss_mb"], found
        return found

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            if self.sample() is None:
                return

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def children_of(pid: int) -> list[int]:
    """Every descendant process id (through /proc; psutil when installed)."""
    try:
        import psutil

        return [child.pid for child in psutil.Process(pid).children(recursive=True)]
    except Exception:  # noqa: BLE001 - psutil missing or the process gone
        pass
    found: list[int] = []
    try:
        entries = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return found
    parents: dict[int, int] = {}
    for entry in entries:
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            parents[entry] = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    frontier = [pid]
    while frontier:
        parent = frontier.pop()
        for child, its_parent in parents.items():
            if its_parent == parent:
                found.append(child)
                frontier.append(child)
    return found


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds a process has used so far (its own, not its children's)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def self_peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class Server:
    """A server in a subprocess on a loopback port; stopped by its own process id."""

    def __init__(self, name: str, command: list[str], port: int, log: Path, *, env: dict[str, str] | None = None,
                 cwd: Path | None = None, watch_memory: bool = False) -> None:
        self.name = name
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = log
        self._log = log.open("wb")
        self.process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT, cwd=cwd,
                                        env={**os.environ, **(env or {})}, start_new_session=True)
        self.started = time.perf_counter()
        self.ready_s: float | None = None
        self.memory: dict[str, Any] = {}
        # The tree's proportional set size, sampled from the start until stop() (TreeMemoryWatch).
        self.watch = TreeMemoryWatch(self.process.pid) if watch_memory else None

    def wait_ready(self, probe: Callable[[httpx.Client], bool], timeout_s: float = 300.0) -> float:
        """Poll until `probe` is true; returns the seconds it took."""
        deadline = time.perf_counter() + timeout_s
        with httpx.Client(base_url=self.base, timeout=5.0) as client:
            while time.perf_counter() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"{self.name} exited with {self.process.returncode}: {self.tail()}")
                try:
                    if probe(client):
                        self.ready_s = time.perf_counter() - self.started
                        return self.ready_s
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
        raise RuntimeError(f"{self.name} not ready after {timeout_s} s: {self.tail()}")

    def tail(self, chars: int = 2000) -> str:
        self._log.flush()
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def sample_memory(self) -> dict[str, Any]:
        """Peak RSS of the server process and of each of its children (query workers), in MiB; with
        `watch_memory`, the tree's PSS now and its peak over the samples so far.

        The sum of peak RSS counts a page shared by several processes (the query workers' pages
        inherited from the fork server, the libraries every Python process maps) once per process,
        and adds peaks reached at different moments: it overstates the tree. The summed PSS splits
        each shared page between its sharers, so it is the memory the tree really holds at one
        moment; both are kept."""
        pid = self.process.pid
        main = peak_rss_mb(pid)
        kids = {child: peak_rss_mb(child) for child in children_of(pid)}
        kid_values = [v for v in kids.values() if v is not None]
        self.memory = {
            "main_peak_rss_mb": main,
            "children": len(kids),
            "max_child_peak_rss_mb": max(kid_values) if kid_values else None,
            "tree_peak_rss_sum_mb": round((main or 0) + sum(kid_values), 1),
        }
        if self.watch is not None:
            now = self.watch.sample()
            self.memory.update({
                "tree_pss_mb": now["tree_pss_mb"] if now else None,
                "tree_rss_sum_mb": now["tree_rss_sum_mb"] if now else None,
                "tree_peak_pss_mb": self.watch.peak_pss_mb,
                "tree_peak_pss_at": self.watch.peak_at,
                "pss_samples": self.watch.samples,
                "pss_interval_s": self.watch.interval_s,
            })
        return self.memory

    def stop(self) -> None:
        if self.process.poll() is None:
            self.sample_memory()
            kids = children_of(self.process.pid)
            if self.watch is not None:
                self.watch.stop()
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()  # our own child, by its id
                self.process.wait(timeout=15)
            for kid in kids:  # query workers the server started, if any outlive it
                try:
                    os.kill(kid, signal.SIGTERM)
                except OSError:
                    pass
        self._log.close()

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def python() -> str:
    return sys.executable
