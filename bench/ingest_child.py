"""Ingest a corpus through the project's real path, in a process of its own; print one JSON line.

    python -m bench.ingest_child --docs DIR --store DIR --workers 1   # ingest_paths: Preparer.prepare + write_prepared
    python -m bench.ingest_child --docs DIR --store DIR --workers 2   # ingest_paths(workers=2): a process pool
    python -m bench.ingest_child ... --threads   # and the writer's CPU by thread: compaction, bulk loader, main

The timed span is the ingest loop itself (not interpreter start-up nor loading the shapes and the
gazetteer). Its own process so that its peak memory (and its workers') is its own.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any


STEPS = ("read_parse", "model", "map_and_hash", "shacl", "serialise", "write")


def timed_steps(path: Path, preparer: Any, store: Any) -> tuple[dict[str, float], Any]:
    """Preparer.prepare + write_prepared for one claims file, step by step (milliseconds)."""
    from kg.claims import io
    from kg.ingest import _ready, write_prepared
    from kg.rdf.mapping import claims_to_graph

    t0 = time.perf_counter()
    data = io.parse_mapping(io.read_text(path), str(path), as_json=path.suffix == ".json")
    t1 = time.perf_counter()
    claims = io.claims_from_mapping(data, str(path))
    t2 = time.perf_counter()
    mapped = claims_to_graph(claims, str(path), preparer.gazetteer)
    t3 = time.perf_counter()
    result = preparer.validator.check(mapped.triples)
    t4 = time.perf_counter()
    item = _ready(mapped, claims.document)
    t5 = time.perf_counter()
    outcome = write_prepared(store, item)
    t6 = time.perf_counter()
    if not result.conforms:
        raise RuntimeError(f"{path.name} does not conform: {result.violations[:3]}")
    marks = (t0, t1, t2, t3, t4, t5, t6)
    steps = {key: (marks[i + 1] - marks[i]) * 1000 for i, key in enumerate(STEPS)}
    steps["total"] = (t6 - t0) * 1000
    return steps, (item, outcome)


def stage_breakdown(files: list[Path], preparer: Any, sample: int) -> dict[str, float]:
    """Median milliseconds per document of each step Preparer.prepare + write_prepared take."""
    from kg.store import GraphStore

    store = GraphStore.open(None)
    collected: dict[str, list[float]] = {}
    for path in files[:sample]:
        steps, _ = timed_steps(path, preparer, store)
        for key, value in steps.items():
            collected.setdefault(key, []).append(value)
    return {key: round(statistics.median(values), 2) for key, values in collected.items()}


class ThreadCpu:
    """CPU seconds of this process's threads by kind, sampled from /proc/self/task every 50 ms
    while the ingest runs (Linux): RocksDB's compaction ("rocksdb:low") and flush threads, the
    Python threads by name, and the rest (pyoxigraph's bulk-loader threads, which carry no name
    of their own). A thread that ends between two samples loses its last 50 ms at most."""

    def __init__(self) -> None:
        import threading

        self._seen: dict[str, tuple[str, float]] = {}
        self._python: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="thread-cpu-sampler", daemon=True)
        self._ticks = os.sysconf("SC_CLK_TCK")

    def __enter__(self) -> "ThreadCpu":
        self._sample()
        self._start = dict(self._seen)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self._sample()

    def _sample(self) -> None:
        import threading

        for thread in threading.enumerate():
            if thread.native_id is not None:
                self._python[thread.native_id] = thread.name
        for tid in os.listdir("/proc/self/task"):
            try:
                with open(f"/proc/self/task/{tid}/stat", encoding="ascii") as stat:
                    text = stat.read()
            except OSError:
                continue  # ended meanwhile
            fields = text[text.rindex(")") + 2:].split()
            name = text[text.index("(") + 1:text.rindex(")")]
            self._seen[tid] = (name, (int(fields[11]) + int(fields[12])) / self._ticks)

    def by_kind(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for tid, (name, cpu) in self._seen.items():
            kind = self._python.get(int(tid))
            if kind is not None:
                kind = "main" if kind == "MainThread" else re.sub(r"_\d+$", "", kind)  # a pool's threads together
            elif name.startswith("rocksdb:"):
                kind = name
            else:
                kind = "other (the bulk loader's own threads)"
            totals[kind] = totals.get(kind, 0.0) + cpu - self._start.get(tid, (name, 0.0))[1]
        return {kind: round(cpu, 2) for kind, cpu in sorted(totals.items(), key=lambda item: -item[1]) if cpu >= 0.01}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest_child")
    parser.add_argument("--docs", type=Path, required=True)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--stages", type=int, default=0, help="documents to time step by step afterwards")
    parser.add_argument("--threads", action="store_true",
                        help="report the writer's CPU by thread kind (compaction, bulk loader, main...), sampled every 50 ms")
    parser.add_argument("--no-optimize", action="store_true",
                        help="do not compact the store after the run (kg ingest does, past OPTIMIZE_AFTER_TRIPLES)")
    args = parser.parse_args(argv)

    from kg.ingest import Outcome, Preparer, ensure_reference_graph, ingest_paths, load_default_gazetteer, optimize_after
    from kg.sources import discover
    from kg.store import GraphStore
    from kg.validate import Validator

    t_setup = time.perf_counter()
    preparer = Preparer(load_default_gazetteer(), Validator())
    store = GraphStore.open(args.store)
    setup_s = time.perf_counter() - t_setup
    sources = discover([args.docs])
    failures: list[str] = []
    # ingest_paths first writes the ontology and the gazetteer's reference graph (validated with
    # SHACL) when they are missing: a one-time cost per store, timed apart from the documents.
    t_reference = time.perf_counter()
    ensure_reference_graph(store, preparer)
    reference_s = time.perf_counter() - t_reference
    triples = written = 0

    started = time.perf_counter()
    cpu_self = resource.getrusage(resource.RUSAGE_SELF)
    # Linking is off here (its cost is the linking phase of its own, bench/linking.py).
    # Both modes go through kg.ingest.ingest_paths, as `kg ingest --workers N` does: with one
    # worker it is Preparer.prepare + write_prepared, one document after another, with the
    # project's own flushing policy.
    with ThreadCpu() if args.threads else contextlib.nullcontext() as threads:
        results = ingest_paths(store, [args.docs], preparer, workers=args.workers, link=False, optimize=False)
    for result in results:
        if result.outcome in (Outcome.WRITTEN, Outcome.REPLACED):
            written += 1
            triples += result.triples
        elif result.outcome is Outcome.FAILED:
            failures.append(result.message or result.source)
    seconds = time.perf_counter() - started
    # What kg ingest does next (compact the store after a large run), timed apart from the loop.
    t_optimize = time.perf_counter()
    optimized = not args.no_optimize and optimize_after(store, results)
    optimize_s = time.perf_counter() - t_optimize if optimized else None
    now_self, now_children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = (now_self.ru_utime + now_self.ru_stime - cpu_self.ru_utime - cpu_self.ru_stime
             + now_children.ru_utime + now_children.ru_stime)

    report = {
        "mode": "sequential" if args.workers <= 1 else f"workers={args.workers}",
        "workers": args.workers, "documents": len(sources), "written": written, "failed": len(failures),
        "failures": [f[:1000] for f in failures[:3]], "triples": triples, "seconds": round(seconds, 3),
        "setup_s": round(setup_s, 3), "reference_graph_s": round(reference_s, 3), "triples_per_s": round(triples / seconds, 1) if seconds > 0 else None,
        "documents_per_s": round(written / seconds, 2) if seconds > 0 else None,
        "store_quads": len(store), "cpu_s": round(cpu_s, 2),
        "optimize_s": round(optimize_s, 2) if optimize_s is not None else None,
        "triples_per_cpu_s": round(triples / cpu_s, 1) if cpu_s > 0 else None,
        # the writer (this process) apart from the workers that prepare the documents
        "cpu_writer_s": round(now_self.ru_utime + now_self.ru_stime - cpu_self.ru_utime - cpu_self.ru_stime, 2),
        "cpu_workers_s": round(now_children.ru_utime + now_children.ru_stime, 2),
    }
    if threads is not None:
        report["cpu_writer_threads_s"] = threads.by_kind()
    if args.stages:
        report["stages_ms_per_document"] = stage_breakdown([s.path for s in sources], preparer, args.stages)
    del store
    report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report["workers_peak_rss_mb"] = round(children / 1024, 1) if children else None
    json.dump(report, sys.stdout)
    sys.stdout.write("\n")
    return 0 if not failures else 1


if __name__ == "__main__":
    raise SystemExit(main())
