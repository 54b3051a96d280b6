"""Oxigraph 0.5 behaviours that decide the REST and /sparql figures, measured on a real store.

    python -m bench.pitfalls --store DIR      # a store the harness built (bench.run --keep)

1. Planning cost: pyoxigraph parses and optimises every query anew (no prepared queries); a
   query with many OPTIONALs costs milliseconds before it touches data. Timed on an empty store
   for each named query of kg/query/.
2. A point lookup as SPARQL vs the pattern API (Store.quads_for_pattern) for the same data.
3. ORDER BY over an actor's commitments: sorting decodes every term from the dictionary.
4. An OPTIONAL group of two patterns on one bound variable is evaluated as a hash join over the
   whole store; one OPTIONAL per pattern is a per-row lookup.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any, Callable

import pyoxigraph as ox

CK = "https://w3id.org/commitments-kg/ontology#"
PREFIXES = f"PREFIX ck: <{CK}>\nPREFIX prov: <http://www.w3.org/ns/prov#>\nPREFIX schema: <https://schema.org/>\n"


def ms(action: Callable[[], Any], runs: int = 7) -> float:
    action()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        action()
        samples.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(samples), 3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pitfalls")
    parser.add_argument("--store", type=Path, required=True)
    args = parser.parse_args(argv)
    store = ox.Store.read_only(str(args.store))
    empty = ox.Store()
    report: dict[str, Any] = {"store_quads": len(store)}

    def q(text: str, target: ox.Store = store, **kw: Any) -> list[Any]:
        return list(target.query(text, use_default_graph_as_union=True, **kw))

    # 1. planning cost of the project's named queries
    try:
        from kg.query.named import all_named_queries

        report["plan_ms_on_empty_store"] = {nq.name: ms(lambda nq=nq: q(nq.text, empty))
                                            for nq in all_named_queries() if nq.form == "SELECT"}
    except Exception as error:  # noqa: BLE001
        report["plan_ms_on_empty_store"] = f"kg.query.named unavailable: {error}"

    # 2. point lookup
    commitment = q(PREFIXES + "SELECT ?c WHERE { ?c ck:amount ?m ; ck:evidence ?e } LIMIT 1")[0]["c"]
    report["point_lookup_ms"] = {
        "sparql_one_pattern": ms(lambda: q(f"SELECT * WHERE {{ {commitment} ?p ?o }}")),
        "quads_for_pattern": ms(lambda: list(store.quads_for_pattern(commitment, None, None, None))),
    }
    try:
        from kg.query.named import named_query

        text = named_query("commitment").text
        report["point_lookup_ms"]["kg_query_commitment_rq"] = ms(
            lambda: q(text, substitutions={ox.Variable("c"): commitment}))
    except Exception:  # noqa: BLE001
        pass

    # 3. ORDER BY over the heaviest committer's commitments
    top = q(PREFIXES + "SELECT ?a (COUNT(?c) AS ?n) WHERE { ?c ck:committer ?a } GROUP BY ?a ORDER BY DESC(?n) LIMIT 1")[0]
    actor, count = top["a"], int(top["n"].value)
    base = f"SELECT ?c ?d WHERE {{ ?c ck:committer {actor} OPTIONAL {{ ?c ck:date ?d }} }}"
    report["order_by_ms"] = {
        "actor_commitments": count,
        "no_order": ms(lambda: q(PREFIXES + base)),
        "order_by_date_iri_limit_50": ms(lambda: q(PREFIXES + base + " ORDER BY ?d ?c LIMIT 50")),
        "python_sort_of_all_rows": ms(lambda: sorted(((r["d"].value if r["d"] else "~"), r["c"].value)
                                                     for r in q(PREFIXES + base))[:50]),
    }

    # 4. OPTIONAL groups
    star = (f"SELECT * WHERE {{ {commitment} ck:amount ?m . "
            "OPTIONAL { ?m schema:value ?v ; schema:currency ?cur } }")
    split = (f"SELECT * WHERE {{ {commitment} ck:amount ?m . "
             "OPTIONAL { ?m schema:value ?v } OPTIONAL { ?m schema:currency ?cur } }")
    report["optional_group_ms"] = {"two_patterns_in_one_optional": ms(lambda: q(PREFIXES + star)),
                                   "one_optional_per_pattern": ms(lambda: q(PREFIXES + split))}
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
