"""The REST and SPARQL phases against the remote store on Virtuoso (`python -m bench.run --store virtuoso`).

At one size: a Virtuoso of its own (scripts/virtuoso, in the size's work folder, on free ports), the
corpus written into it through the project (`kg ingest --store sparql+http://...`, one update
request per document), `kg serve` over it, then the same REST routes and /sparql queries as the
embedded phase, each /sparql answer compared row by row with raw pyoxigraph on the embedded store.
Also the server's database size once checkpointed (bytes per triple).
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bench import sparql
from bench.util import Server, free_port, repeat

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "virtuoso"


def _virtuoso_env(folder: Path, http_port: int, sql_port: int) -> dict[str, str]:
    return {**os.environ, "KG_VIRTUOSO_DIR": str(folder), "KG_VIRTUOSO_HTTP_PORT": str(http_port),
            "KG_VIRTUOSO_SQL_PORT": str(sql_port)}


def _credentials(folder: Path) -> dict[str, str]:
    found = {}
    for line in (folder / "credentials").read_text().splitlines():
        key, _, value = line.partition("=")
        found[key] = value
    return {key: found[key] for key in ("KG_STORE", "KG_STORE_USER", "KG_STORE_PASSWORD")}


def measure(docs: Path, work: Path, kg_command: list[str], texts: dict[str, str],
            raw_answers: dict[str, bytes], rest: Callable[[httpx.Client, set[str]], dict[str, Any]],
            openapi_paths: Callable[[httpx.Client], set[str]], post_sparql: Callable[..., bytes],
            runs: int, budget_s: float, log: Callable[[str], None]) -> dict[str, Any]:
    folder = work / "virtuoso"
    http_port, sql_port = free_port(), free_port()
    env = _virtuoso_env(folder, http_port, sql_port)
    out: dict[str, Any] = {}
    started = time.perf_counter()
    subprocess.run([str(SCRIPT), "start"], env=env, check=True, capture_output=True, timeout=300)
    out["virtuoso_start_s"] = round(time.perf_counter() - started, 2)
    client_env = _credentials(folder)
    try:
        log(f"virtuoso: kg ingest into it ({docs})")
        started = time.perf_counter()
        done = subprocess.run([*kg_command, "ingest", "-q", str(docs)], env={**os.environ, **client_env},
                              capture_output=True, text=True, timeout=7200, cwd=ROOT)
        if done.returncode != 0:
            raise RuntimeError(f"kg ingest into Virtuoso failed: {done.stderr[-2000:]}")
        seconds = time.perf_counter() - started
        triples = int(done.stdout.rsplit("store holds", 1)[1].split()[0])
        documents = sum(1 for _ in docs.rglob("*.yaml")) + sum(1 for _ in docs.rglob("*.json"))
        out["ingest"] = {"seconds": round(seconds, 2), "documents": documents, "store_triples": triples,
                         "documents_per_s": round(documents / seconds, 2)}
        log(f"virtuoso: {documents} documents in {seconds:.1f} s ({documents / seconds:.1f}/s), {triples} triples")
        port = free_port()
        server = Server("kg serve (virtuoso)", [*kg_command, "serve", "--host", "127.0.0.1", "--port", str(port)],
                        port, work / "kg-serve-virtuoso.log", cwd=ROOT, env=client_env)
        try:
            out["server_ready_s"] = round(server.wait_ready(lambda c: c.get("/health").status_code == 200, 300), 2)
            out["catalogue_ready_s"] = round(server.wait_ready(
                lambda c: c.get("/health").json().get("catalogue") in ("ready", "off"), 1800), 2)
            with httpx.Client(base_url=server.base, timeout=600.0) as client:
                paths = openapi_paths(client)
                log("virtuoso: REST")
                out["rest"] = rest(client, paths)
                log("virtuoso: SPARQL over /sparql")
                results = {}
                for name, text in texts.items():
                    answer = post_sparql(client, "/sparql", text)
                    timing = repeat(lambda: post_sparql(client, "/sparql", text), min_runs=3, max_runs=runs,
                                    budget_s=budget_s)
                    results[name] = {"rows": sparql.row_count(answer), "kg_sparql": timing.summary(),
                                     "agrees_with_raw": sparql.rows(answer) == sparql.rows(raw_answers[name])}
                out["sparql"] = results
            out["kg_server_memory"] = server.sample_memory()
        finally:
            server.stop()
    finally:
        subprocess.run([str(SCRIPT), "stop"], env=env, capture_output=True, timeout=120)
    # After a clean stop the database file holds everything (checkpointed); the log is empty.
    database = folder / "virtuoso.db"
    out["database_bytes"] = database.stat().st_size if database.exists() else None
    if out["database_bytes"] and out.get("ingest"):
        out["bytes_per_triple"] = round(out["database_bytes"] / out["ingest"]["store_triples"], 1)
    return out
