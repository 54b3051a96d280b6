"""Where ingestion time goes, step by step, as the project is and with the proposed fixes.

    python -m bench.profile_ingest --docs bench/corpora/<key>/docs [--documents 20] [--pyinstrument]

Prints median milliseconds per document for each step of Preparer.prepare + write_prepared,
first for kg/ as it is, then with bench/proposed_fixes.py applied, and checks that the fixed
validator reports exactly what the original does on broken graphs. With --pyinstrument, also a
call-tree profile of the original path (pyinstrument from PyPI must be installed).
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path
from typing import Any


def steps(files: list[Path], gazetteer: Any, validator: Any) -> dict[str, float]:
    from kg.ingest import Preparer
    from kg.store import GraphStore

    from bench.ingest_child import timed_steps

    preparer = Preparer(gazetteer, validator)
    store = GraphStore.open(None)
    timings: dict[str, list[float]] = {}
    triples = 0
    for path in files:
        measured, (item, _) = timed_steps(path, preparer, store)
        for key, value in measured.items():
            timings.setdefault(key, []).append(value)
        triples += item.triples
    out = {key: round(statistics.median(values), 2) for key, values in timings.items()}
    out["triples_per_s_one_process"] = round(triples / (sum(timings["total"]) / 1000))
    return out


def broken_graphs(graph: Any) -> list[Any]:
    """A few ways a document graph can be wrong, each in a copy."""
    from rdflib import Graph, Literal
    from rdflib.namespace import RDF, RDFS, XSD

    from kg.terms import CK, SCHEMA

    def copy() -> Graph:
        g = Graph()
        for triple in graph:
            g.add(triple)
        return g

    out = []
    g = copy()
    commitment = next(g.subjects(RDF.type, CK.Commitment))
    g.remove((commitment, CK.committer, None))
    g.remove((commitment, CK.status, None))
    g.add((commitment, CK.status, CK.nonsense))
    out.append(g)
    g = copy()
    actor = next(g.subjects(RDF.type, CK.State))
    g.remove((actor, RDFS.label, None))
    g.add((actor, CK.isoCode, Literal("fra")))
    out.append(g)
    g = copy()
    for money in list(g.subjects(RDF.type, SCHEMA.MonetaryAmount))[:2]:
        g.set((money, SCHEMA.currency, Literal("dollars")))
        g.add((money, SCHEMA.value, Literal("-5", datatype=XSD.decimal)))
    out.append(g)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_ingest")
    parser.add_argument("--docs", type=Path, required=True)
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--pyinstrument", action="store_true")
    args = parser.parse_args(argv)

    from kg.ingest import load_default_gazetteer
    from kg.validate import shacl

    files = sorted(p for p in args.docs.iterdir() if ".claims." in p.name)[: args.documents]
    gazetteer = load_default_gazetteer()
    original = shacl.Validator()
    original_validate = shacl.Validator.validate
    steps(files[:2], gazetteer, original)  # warm-up
    before = steps(files, gazetteer, original)

    if args.pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        profiler.start()
        steps(files[: max(3, len(files) // 4)], gazetteer, original)
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False))

    from bench.proposed_fixes import apply

    applied = apply()
    fixed = shacl.Validator()
    steps(files[:2], gazetteer, fixed)
    after = steps(files, gazetteer, fixed)

    from kg.claims.io import load_claims
    from kg.rdf.mapping import claims_to_graph

    from bench.ingest_child import validation_graph

    graph = validation_graph(claims_to_graph(load_claims(files[0]), str(files[0]), gazetteer))
    same = []
    for broken in broken_graphs(graph):
        a, b = original_validate(original, broken), fixed.validate(broken)
        same.append(a.conforms == b.conforms and a.violations == b.violations)
        if not same[-1]:
            print("DIFFERENT:", a.violations, b.violations, sep="\n  ")
    report = {"documents": len(files), "ms_per_document_as_is": before, "ms_per_document_with_fixes": after,
              "fixes": applied, "same_violations_on_broken_graphs": all(same)}
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
