"""The peer for /sparql: rdflib in memory behind rdflib-endpoint's own FastAPI app, under uvicorn.

    python -m bench.rdflib_peer --data union.nt --port 8123

Loads the N-Triples file (the union of the store's document graphs) into an rdflib Graph, then
serves it at /sparql. Prints one JSON line with the load time and memory before serving.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.rdflib_peer")
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)

    import uvicorn
    from rdflib import Graph
    from rdflib_endpoint import SparqlEndpoint

    started = time.perf_counter()
    graph = Graph()
    graph.parse(args.data, format="nt")
    load_s = time.perf_counter() - started
    print(json.dumps({"loaded_triples": len(graph), "load_s": round(load_s, 2),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}),
          flush=True)
    app = SparqlEndpoint(graph=graph, path="/sparql", title="rdflib-endpoint peer", cors_enabled=False)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
