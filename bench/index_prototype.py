"""Prototype of the proposed in-process index for the REST pages (docs/performance.md).

    python -m bench.index_prototype --store DIR [--actor united-states]

Builds actor -> sorted [((date key, commitment IRI), role, type, status)] from one scan of the
store, then times a page of 50 with every item's facts read through Store.quads_for_pattern,
against the current named query (kg/query/actor_commitments.rq) for the same actor.
"""

from __future__ import annotations

import argparse
import bisect
import json
import statistics
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

CK = "https://w3id.org/commitments-kg/ontology#"
ID = "https://w3id.org/commitments-kg/id/"
SCAN = f"""PREFIX ck: <{CK}>
SELECT ?c ?r ?a ?d ?t ?st WHERE {{
  VALUES ?r {{ ck:committer ck:beneficiary ck:target ck:counterparty ck:announcedBy ck:proposedBy }}
  ?c ?r ?a ; ck:commitmentType ?t ; ck:status ?st .
  OPTIONAL {{ ?c ck:date ?d }}
}}"""
LINKED = ("#amount", "#quantity", "#evidence")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def build(store: ox.Store) -> dict[str, list[tuple[Any, ...]]]:
    index: dict[str, list[tuple[Any, ...]]] = {}
    for row in store.query(SCAN, use_default_graph_as_union=True):
        date = row["d"]
        key = (date.value if date is not None else "~", row["c"].value)
        index.setdefault(row["a"].value, []).append((key, row["r"].value, row["t"].value, row["st"].value))
    for items in index.values():
        items.sort()
    return index


def page(store: ox.Store, index: dict[str, list[tuple[Any, ...]]], actor: str,
         after: tuple[str, str] | None = None, limit: int = 50) -> tuple[list[Any], int]:
    items = index.get(actor, [])
    start = bisect.bisect_right(items, (after, "\uffff")) if after else 0
    out = []
    for key, _role, _type, _status in items[start:start + limit]:
        facts = list(store.quads_for_pattern(ox.NamedNode(key[1]), None, None, None))
        for quad in facts:  # one hop: the amount, quantity and evidence nodes
            if isinstance(quad.object, ox.NamedNode) and quad.predicate.value.endswith(LINKED):
                facts.extend(store.quads_for_pattern(quad.object, None, None, None))
        out.append((key, facts))
    return out, len(items)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.index_prototype")
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--actor", default="united-states", help="the actor's id")
    args = parser.parse_args(argv)
    store = ox.Store.read_only(str(args.store))
    actor = ID + "actor/" + args.actor

    before = rss_mb()
    t0 = time.perf_counter()
    index = build(store)
    report: dict[str, Any] = {"build_s": round(time.perf_counter() - t0, 2), "actors": len(index),
                              "entries": sum(len(v) for v in index.values()),
                              "index_rss_mb": round(rss_mb() - before, 1)}
    samples = []
    for _ in range(10):
        t0 = time.perf_counter()
        items, total = page(store, index, actor)
        samples.append((time.perf_counter() - t0) * 1000)
    report["page_of_50_with_facts_ms"] = round(statistics.median(samples), 2)
    report["actor_commitments"] = total
    try:
        from kg.query.named import named_query

        text = named_query("actor_commitments").text
        samples = []
        for _ in range(3):
            t0 = time.perf_counter()
            rows = store.query(text, use_default_graph_as_union=True,
                               substitutions={ox.Variable("actor"): ox.NamedNode(actor)})
            for _, _row in zip(range(50), rows):
                pass
            samples.append((time.perf_counter() - t0) * 1000)
        report["current_actor_commitments_rq_first_50_ms"] = round(statistics.median(samples), 2)
    except Exception as error:  # noqa: BLE001 - the named query may have changed shape
        report["current_actor_commitments_rq_first_50_ms"] = f"not measured: {error}"
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
