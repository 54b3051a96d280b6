"""The linking phase: what tracked commitments (kg/link) cost at the largest size.

* the one-time recomputation of every committer's tracked commitments over the ingested store
  (`kg link --rebuild`, for a store written without linking);
* time per ingested document with linking on versus off, into the full store: the same kind of
  new documents, written alternately with `write_prepared` alone and with `write_prepared` +
  `Linker.sync()` (the linker warm, as in a long-lived writer), and once with a cold linker (the
  first write of a process, which reads the committers it touches);
* the REST tracked-commitment list, p50/p99, paging through `GET /tracked` and one committer's.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

import httpx

from bench import generate
from bench.util import Server, free_port


def measure_documents(store_path: Path, work: Path, seed: int, per_doc: int, fmt: str, runs: int) -> dict[str, Any]:
    from kg.claims.io import load_claims
    from kg.ingest import Outcome, Preparer, load_default_gazetteer, write_prepared
    from kg.link.linker import Linker
    from kg.rdf import iris
    from kg.sources import Source
    from kg.store import GraphStore
    from kg.validate import Validator

    preparer = Preparer(load_default_gazetteer(), Validator())
    store = GraphStore.open(store_path)
    out: dict[str, Any] = {}
    started = time.perf_counter()
    rebuilt = Linker(store, validator=preparer.validator).rebuild()
    store.flush()
    out["rebuild_s"] = round(time.perf_counter() - started, 2)
    out["tracked_written"] = rebuilt.written
    out["committers"] = rebuilt.committers
    batch = generate.write_batch(work / "link-batch", 2 * runs + 2, seed + 1, number=7, per_doc=per_doc, fmt=fmt)
    # A cold linker: the first write of a process reads the committers the document touches.
    cold = Linker(store, validator=preparer.validator)
    item = preparer.prepare(Source(batch[0], "claims"))
    t0 = time.perf_counter()
    write_prepared(store, item)
    cold.sync()
    out["cold_first_document_ms"] = round((time.perf_counter() - t0) * 1000, 1)
    warm = Linker(store, validator=preparer.validator)
    warm.rebuild()  # every committer read once, as a long-lived writer has them
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
        with httpx.Client(base_url=server.base, timeout=600.0) as client:
            first = client.get("/tracked", params={"limit": 1}).json()
            out = {"list": page_through(client, "/tracked", {"limit": 50}, requests, budget_s),
                   "total": first.get("total")}
            top = client.get("/tracked", params={"limit": 1}).json()["items"]
            if top:
                committer = top[0]["committer"]["id"]
                out["committer_list"] = page_through(client, "/tracked", {"committer": committer, "limit": 50},
                                                     requests, budget_s)
            return out
    finally:
        server.stop()
