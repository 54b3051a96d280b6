"""How long `kg serve` takes to answer REST lists from its catalogue when it has no snapshot to
load (KG_CATALOGUE_SNAPSHOT=false: built from the store, and not saved), and the server's CPU
seconds by then. The main phase's server starts with the snapshot `kg ingest` left beside the
store (kg.catalogue.ingested). Built from the store means a pass per predicate (kg/catalogue/scan.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.util import Server, cpu_seconds, free_port


def measure(kg_command: list[str], store: Path, work: Path, root: Path) -> dict[str, Any]:
    port = free_port()
    server = Server("kg serve (no catalogue snapshot)", kg_command + ["serve", "--store", str(store), "--host",
                                                                     "127.0.0.1", "--port", str(port)],
                    port, work / "kg-serve-no-snapshot.log", cwd=root, env={"KG_CATALOGUE_SNAPSHOT": "false"})
    try:
        answering = server.wait_ready(lambda c: c.get("/health").status_code == 200, 120)
        ready = server.wait_ready(lambda c: c.get("/health").json().get("catalogue") in ("ready", "off"), 900)
        # beside the wall time: on the shared machine the start waits for a core as much as it works
        cpu = cpu_seconds(server.process.pid)
    finally:
        server.stop()
    return {"server_ready_s": round(answering, 2), "catalogue_ready_s": round(ready, 2),
            "server_cpu_s_at_ready": round(cpu, 2) if cpu is not None else None}
