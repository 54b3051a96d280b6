"""Where ingestion time goes, step by step.

    python -m bench.profile_ingest --docs bench/corpora/<key>/docs [--documents 20] [--pyinstrument]

Prints median milliseconds per document for each step of Preparer.prepare + write_prepared,
writing into a store on disk in a temporary folder, as `kg ingest` does. With --pyinstrument,
also a call-tree profile (pyinstrument from PyPI must be installed).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path
from typing import Any


def steps(files: list[Path], gazetteer: Any, validator: Any) -> dict[str, float]:
    from kg.ingest import Preparer
    from kg.store import GraphStore

    from bench.ingest_child import timed_steps

    preparer = Preparer(gazetteer, validator)
    folder = tempfile.TemporaryDirectory(prefix="kg-profile-")
    store = GraphStore.open(Path(folder.name) / "store")
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
    steps(files[:2], gazetteer, original)  # warm-up
    before = steps(files, gazetteer, original)

    if args.pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        profiler.start()
        steps(files[: max(3, len(files) // 4)], gazetteer, original)
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False))

    report = {"documents": len(files), "engine": original.engine, "ms_per_document": before}
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
