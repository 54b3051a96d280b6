"""How long `kg serve` takes to answer REST lists from its catalogue when it has no snapshot to
load (KG_CATALOGUE_SNAPSHOT=false: built from the store, and not saved), and the server's CPU
seconds by then. The main phase's server starts with the snapshot `kg ingest` left beside the
store (kg.catalogue.ingested). Built from the store means from the records stored beside each
document when the writer kept them (kg/catalogue/stored.py), else a pass per predicate."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.util import Server, cpu_seconds, free_port


def measure(kg_command: list[str], store: Path, work: Path, root: Path) -> dict[str, Any]:
    found = _start(kg_command, store, work / "kg-serve-no-snapshot.log", root)
    found["with_stored_records"] = _with_stored_records(kg_command, store, work, root)
    return found


def _start(kg_command: list[str], store: Path, log: Path, root: Path) -> dict[str, Any]:
    port = free_port()
    server = Server("kg serve (no catalogue snapshot)", kg_command + ["serve", "--store", str(store), "--host",
                                                                     "127.0.0.1", "--port", str(port)],
                    port, log, cwd=root, env={"KG_CATALOGUE_SNAPSHOT": "false"})
    try:
        answering = server.wait_ready(lambda c: c.get("/health").status_code == 200, 120)
        ready = server.wait_ready(lambda c: c.get("/health").json().get("catalogue") in ("ready", "off"), 900)
        # beside the wall time: on the shared machine the start waits for a core as much as it works
        cpu = cpu_seconds(server.process.pid)
    finally:
        server.stop()
    return {"server_ready_s": round(answering, 2), "catalogue_ready_s": round(ready, 2),
            "server_cpu_s_at_ready": round(cpu, 2) if cpu is not None else None}


def _with_stored_records(kg_command: list[str], store: Path, work: Path, root: Path) -> dict[str, Any]:
    """A prototype's figure, not the target's: the same start on a copy of the store to which each
    document's catalogue records were added afterwards (kg.catalogue.stored.write_all, in a process
    of its own), as the store would hold them if its writer kept them (it does not yet)."""
    copy = work / "store-with-catalogue-records"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(store, copy)
    try:
        script = ("import sys, pyoxigraph as ox\n"
                  "from kg.catalogue import stored\n"
                  "from kg.catalogue.index import _is_document\n"
                  "raw = ox.Store(sys.argv[1])\n"
                  "print(stored.write_all(raw, _is_document))\n"
                  "raw.flush()\n")
        done = subprocess.run([sys.executable, "-c", script, str(copy)], cwd=root, capture_output=True, text=True,
                              check=True, timeout=900)
        found = _start(kg_command, copy, work / "kg-serve-stored-records.log", root)
        found["documents_with_records"] = int(done.stdout.split()[-1])
        return found
    except (subprocess.SubprocessError, RuntimeError, OSError, ValueError) as error:
        return {"error": f"{type(error).__name__}: {error}"[:500]}
    finally:
        shutil.rmtree(copy, ignore_errors=True)
