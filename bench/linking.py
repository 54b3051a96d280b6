"""The linking phase: what tracked commitments (kg/link) cost at the largest size.

* the one-time recomputation of every committer's tracked commitments over the ingested store
  (`kg link --rebuild`, for a store written without linking), in a process of its own so that its
  peak RSS is its own: seconds, peak RSS, pairs of reports scored, tracked commitments written;
* time per ingested document with linking on versus off, into the full store: the same kind of
  new documents, written alternately with `write_prepared` alone and with `write_prepared` +
  `Linker.sync()` (the linker warm, as in a long-lived writer), and once with a cold linker (the
  first write of a process, which reads the committers it touches);
* the REST tracked-commitment list, p50/p99, paging through `GET /tracked` and one committer's,
  once the server's tracked-commitment index is built (kg/catalogue/tracked.py).

    python -m bench.linking rebuild STORE     # the recomputation alone, one JSON line
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bench import generate
from bench.util import Server, free_port, python

ROOT = Path(__file__).resolve().parent.parent
INDEX_READY = "tracked-commitment index ready"  # kg/catalogue/tracked.py logs it once built


def rebuild(store_path: Path) -> dict[str, Any]:
    """`kg link --rebuild` on the store, timed, with this process's peak RSS (run it in a child)."""
    from kg.link.linker import Linker
    from kg.store import GraphStore
    from kg.validate import Validator

    store = GraphStore.open(store_path)
    validator = Validator()
    started = time.perf_counter()
    result = Linker(store, validator=validator).rebuild()
    store.flush()
    return {"rebuild_s": round(time.perf_counter() - started, 2), "committers": result.committers,
            "tracked_written": result.written, "pairs_scored": result.scored,
            "rebuild_peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def rebuild_in_child(store_path: Path) -> dict[str, Any]:
    done = subprocess.run([python(), "-m", "bench.linking", "rebuild", str(store_path)], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the linking rebuild failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_documents(store_path: Path, work: Path, seed: int, per_doc: int, fmt: str, runs: int) -> dict[str, Any]:
    from kg.claims.io import load_claims
    from kg.ingest import Outcome, Preparer, load_default_gazetteer, write_prepared
    from kg.link.linker import Linker
    from kg.rdf import iris
    from kg.sources import Source
    from kg.store import GraphStore
    from kg.validate import Validator

    out: dict[str, Any] = rebuild_in_child(store_path)
    preparer = Preparer(load_default_gazetteer(), Validator())
    store = GraphStore.open(store_path)
    batch = generate.write_batch(work / "link-batch", 2 * runs + 2, seed + 1, number=7, per_doc=per_doc, fmt=fmt)
    # A cold linker: the first write of a process reads the committers the document touches.
    cold = Linker(store, validator=preparer.validator)
    item = preparer.prepare(Source(batch[0], "claims"))
    t0 = time.perf_counter()
    write_prepared(store, item)
    cold.sync()
    out["cold_first_document_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    del cold
    warm = Linker(store, validator=preparer.validator)
    started = time.perf_counter()
    warm.rebuild()  # every committer read once, as a long-lived writer has them
    out["warm_up_s"] = round(time.perf_counter() - started, 2)  # nothing to write: the reading and scoring
    timings: dict[str, list[float]] = {"on": [], "off": []}
    for index, path in enumerate(batch[1:]):
        item = preparer.prepare(Source(path, "claims"))
        linking = index % 2 == 1
        t0 = time.perf_counter()
        outcome = write_prepared(store, item)
        if linking:
            warm.sync()
        elapsed = (time.perf_counter() - t0) * 1000
        if outcome.outcome is not Outcome.WRITTEN:
            raise RuntimeError(f"{path.name}: {outcome.outcome} {outcome.message}")
        if index > 1:  # one of each as warm-up
            timings["on" if linking else "off"].append(elapsed)
        if not linking:
            warm.sync()  # keep the linker in step, untimed: the next timed write starts from a linked store
    for key, values in timings.items():
        out[f"document_ms_linking_{key}"] = round(statistics.median(values), 1) if values else None
    if out["document_ms_linking_on"] and out["document_ms_linking_off"]:
        out["linking_on_over_off"] = round(out["document_ms_linking_on"] / out["document_ms_linking_off"], 2)
    out["documents_timed"] = sum(len(v) for v in timings.values())
    out["commitments_per_document"] = per_doc
    for path in batch:
        store.remove_graph(iris.document_iri(load_claims(path).document))
    warm.sync()
    store.flush()
    out["tracked_commitments"] = _count_tracked(store)
    del store
    return out


def _count_tracked(store: Any) -> int:
    import pyoxigraph as ox

    from kg.terms import CK, RDF

    return sum(1 for _ in store.raw.quads_for_pattern(None, ox.NamedNode(str(RDF.type)),
                                                      ox.NamedNode(str(CK.TrackedCommitment)), None))


def measure_rest(store_path: Path, work: Path, command: list[str], cwd: Path, requests: int, budget_s: float,
                 page_through: Any) -> dict[str, Any]:
    port = free_port()
    server = Server("kg serve (tracked)", command + ["serve", "--store", str(store_path), "--host", "127.0.0.1",
                                                     "--port", str(port)], port, work / "kg-serve-tracked.log", cwd=cwd)
    try:
        server.wait_ready(lambda c: c.get("/health").status_code == 200, 120)
        started = time.perf_counter()
        # The steady state: until its index is built, the list is answered by SPARQL (seconds a page),
        # and the commitment catalogue's build, in the same process, holds the GIL for seconds.
        server.wait_ready(lambda c: INDEX_READY in server.tail(1_000_000), 600)
        out_index = {"index_ready_s": round(time.perf_counter() - started, 2)}
        server.wait_ready(lambda c: c.get("/health").json().get("catalogue") in ("ready", "off"), 600)
        with httpx.Client(base_url=server.base, timeout=600.0) as client:
            first = client.get("/tracked", params={"limit": 1}).json()
            out = {"list": page_through(client, "/tracked", {"limit": 50}, requests, budget_s),
                   "total": first.get("total"), **out_index}
            top = client.get("/tracked", params={"limit": 1}).json()["items"]
            if top:
                committer = top[0]["committer"]["id"]
                out["committer_list"] = page_through(client, "/tracked", {"committer": committer, "limit": 50},
                                                     requests, budget_s)
            return out
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["rebuild"])
    parser.add_argument("store", type=Path)
    args = parser.parse_args(argv)
    print(json.dumps(rebuild(args.store)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
