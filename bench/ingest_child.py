"""Ingest a corpus through the project's real path, in a process of its own; print one JSON line.

    python -m bench.ingest_child --docs DIR --store DIR --workers 1   # ingest_paths: Preparer.prepare + write_prepared
    python -m bench.ingest_child --docs DIR --store DIR --workers 2   # ingest_paths(workers=2): a process pool

The timed span is the ingest loop itself (not interpreter start-up nor loading the shapes and the
gazetteer). Its own process so that its peak memory (and its workers') is its own.
"""

from __future__ import annotations

import argparse
import json
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest_child")
    parser.add_argument("--docs", type=Path, required=True)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--stages", type=int, default=0, help="documents to time step by step afterwards")
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
