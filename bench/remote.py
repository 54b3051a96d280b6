"""The REST and SPARQL phases against the remote store on Virtuoso (`python -m bench.run --store virtuoso`).

At one size: a Virtuoso of its own (scripts/virtuoso, in the size's work folder, on free ports), the
corpus written into it through the project (kg.ingest.ingest_paths over the RemoteStore that
`KG_STORE=sparql+http://...` opens, one update request per document, in a process of its own:
`python -m bench.remote ingest DOCS`), `kg serve` over it, then the same REST routes and /sparql
queries as the embedded phase, each /sparql answer compared row by row with raw pyoxigraph on the
embedded store.

Issue 15's target "/sparql on the Virtuoso backend within 1.2x of Virtuoso": every query is
timed through `kg serve`'s /sparql and sent directly to the same Virtuoso's SPARQL endpoint
(`/sparql-auth`, the same user and digest authentication the project uses, one keep-alive
connection each), the same text, in turn, query after query, so that the machine's drifting load
hits both alike; the ratio per query and their geometric mean are reported.

Linking (tracked commitments, kg.link) is on by default below LINK_UP_TO commitments and off
above it: with linking each document costs 32-64 requests that grow with the store (README,
"Planning past one machine"), hours at 100k. `--link` / `--no-link` of bench.run decide.

Also the server's database size once checkpointed (bytes per triple).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bench import sparql
from bench.targets import geomean
from bench.util import Server, Timing, free_port, run_once

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "virtuoso"
SPARQL_JSON = "application/sparql-results+json"
LINK_UP_TO = 10_000


def _virtuoso_env(folder: Path, http_port: int, sql_port: int) -> dict[str, str]:
    return {**os.environ, "KG_VIRTUOSO_DIR": str(folder), "KG_VIRTUOSO_HTTP_PORT": str(http_port),
            "KG_VIRTUOSO_SQL_PORT": str(sql_port)}


def _credentials(folder: Path) -> dict[str, str]:
    found = {}
    for line in (folder / "credentials").read_text().splitlines():
        key, _, value = line.partition("=")
        found[key] = value
    return {key: found[key] for key in ("KG_STORE", "KG_STORE_USER", "KG_STORE_PASSWORD")}


def direct_client(credentials: dict[str, str]) -> httpx.Client:
    """A client of the Virtuoso's own SPARQL endpoint, as the project reaches it (digest auth)."""
    url = credentials["KG_STORE"].split("://", 1)
    return httpx.Client(base_url=url[0].removeprefix("sparql+") + "://" + url[1], timeout=600.0,
                        auth=httpx.DigestAuth(credentials["KG_STORE_USER"], credentials["KG_STORE_PASSWORD"]))


def post_direct(client: httpx.Client, query: str) -> bytes:
    response = client.post("", data={"query": query}, headers={"Accept": SPARQL_JSON})
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}: {response.text[:300]}")
    return response.content


def in_turn(actions: dict[str, Callable[[], Any]], *, min_runs: int, max_runs: int, budget_s: float,
            warmup: int = 1) -> dict[str, Timing]:
    """Each action run once after the other, round after round (same load on each)."""
    timings = {name: Timing() for name in actions}
    for _ in range(warmup):
        for name, action in actions.items():
            run_once(action, timings[name], sample=False)
    started = time.perf_counter()
    for round_ in range(max_runs):
        for name, action in (actions.items() if round_ % 2 == 0 else reversed(list(actions.items()))):
            run_once(action, timings[name])
        if round_ + 1 >= min_runs and time.perf_counter() - started > budget_s:
            break
    return timings


def measure(docs: Path, work: Path, kg_command: list[str], texts: dict[str, str],
            raw_answers: dict[str, bytes], rest: Callable[[httpx.Client, set[str]], dict[str, Any]],
            openapi_paths: Callable[[httpx.Client], set[str]], post_sparql: Callable[..., bytes],
            runs: int, budget_s: float, log: Callable[[str], None], *, link: bool = True,
            workers: int = 2, skip_rest: bool = False) -> dict[str, Any]:
    folder = work / "virtuoso"
    http_port, sql_port = free_port(), free_port()
    env = _virtuoso_env(folder, http_port, sql_port)
    out: dict[str, Any] = {"linking": link}
    started = time.perf_counter()
    subprocess.run([str(SCRIPT), "start"], env=env, check=True, capture_output=True, timeout=300)
    out["virtuoso_start_s"] = round(time.perf_counter() - started, 2)
    client_env = _credentials(folder)
    try:
        log(f"virtuoso: ingest into it through the project ({docs}, {workers} workers, "
            f"linking {'on' if link else 'off'})")
        done = subprocess.run([sys.executable, "-m", "bench.remote", "ingest", str(docs), "--workers", str(workers)]
                              + ([] if link else ["--no-link"]), env={**os.environ, **client_env},
                              capture_output=True, text=True, timeout=4 * 3600, cwd=ROOT)
        (work / "ingest-virtuoso.log").write_text(done.stdout + "\n--- stderr ---\n" + done.stderr, encoding="utf-8")
        reports = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if done.returncode != 0 or not reports:
            raise RuntimeError(f"ingest into Virtuoso failed ({done.returncode}): {done.stderr[-2000:]}")
        out["ingest"] = json.loads(reports[-1])
        found = out["ingest"]
        log(f"virtuoso: {found['documents']} documents in {found['seconds']:.1f} s ({found['documents_per_s']}/s, "
            f"{found['triples_per_s']} triples/s), store holds {found['store_triples']} triples, "
            f"{found['failed']} failed")
        port = free_port()
        server = Server("kg serve (virtuoso)", [*kg_command, "serve", "--host", "127.0.0.1", "--port", str(port)],
                        port, work / "kg-serve-virtuoso.log", cwd=ROOT, env=client_env)
        try:
            out["server_ready_s"] = round(server.wait_ready(lambda c: c.get("/health").status_code == 200, 300), 2)
            out["catalogue_ready_s"] = round(server.wait_ready(
                lambda c: c.get("/health").json().get("catalogue") in ("ready", "off"), 3600), 2)
            log(f"virtuoso: kg serve up in {out['server_ready_s']} s, catalogue ready at {out['catalogue_ready_s']} s")
            with httpx.Client(base_url=server.base, timeout=600.0) as client, direct_client(client_env) as direct:
                paths = openapi_paths(client)
                if not skip_rest:
                    log("virtuoso: REST")
                    out["rest"] = rest(client, paths)
                log("virtuoso: SPARQL, /sparql through kg serve and Virtuoso directly, in turn")
                out.update(compare(client, direct, texts, raw_answers, post_sparql, runs, budget_s, log))
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


def compare(client: httpx.Client, direct: httpx.Client, texts: dict[str, str], raw_answers: dict[str, bytes] | None,
            post_sparql: Callable[..., bytes], runs: int, budget_s: float, log: Callable[[str], None]) -> dict[str, Any]:
    """Each query through kg serve's /sparql and sent to the Virtuoso directly, in turn."""
    from bench import peers

    results = {}
    for name, text in texts.items():
        answer = post_sparql(client, "/sparql", text)
        direct_answer = post_direct(direct, text)
        timings = in_turn({"kg_sparql": lambda: post_sparql(client, "/sparql", text),
                           "direct": lambda: post_direct(direct, text)},
                          min_runs=5, max_runs=runs, budget_s=budget_s)
        entry: dict[str, Any] = {"rows": sparql.row_count(answer), "kg_sparql": timings["kg_sparql"].summary(),
                                 "virtuoso_direct": timings["direct"].summary(),
                                 "agrees_with_direct": peers.same_rows(answer, direct_answer)}
        if raw_answers is not None:
            entry["agrees_with_raw"] = peers.same_rows(answer, raw_answers[name])
            entry["direct_agrees_with_raw"] = peers.same_rows(direct_answer, raw_answers[name])
        ours, theirs = timings["kg_sparql"].median, timings["direct"].median
        if ours and theirs:
            entry["over_direct"] = round(ours / theirs, 3)
            entry["over_direct_ms"] = round(ours - theirs, 2)
        results[name] = entry
        log(f"virtuoso: {name}: /sparql {ours and round(ours, 2)} ms, direct {theirs and round(theirs, 2)} ms, "
            f"ratio {entry.get('over_direct')}, rows {entry['rows']}, same rows as raw "
            f"{entry.get('agrees_with_raw')}, as direct {entry['agrees_with_direct']}")
    mean = geomean([e.get("over_direct") for e in results.values()])
    log(f"virtuoso: /sparql over Virtuoso directly, geometric mean {mean}")
    return {"sparql": results, "sparql_over_direct_geomean": mean}


def lines(found: dict[str, Any], size: str) -> list[str]:
    """The Virtuoso backend's /sparql against the same Virtuoso queried directly, as text lines."""
    queries = found.get("sparql") or {}
    if not queries:
        return []
    out = [f"/sparql on the Virtuoso backend at n={size} vs the same Virtuoso queried directly, "
           "in turn (median ms):"]
    width = max(len(name) for name in queries)
    for name, entry in queries.items():
        out.append(f"  {name:{width}}  rows {entry['rows']:>6}  /sparql {entry['kg_sparql'].get('median_ms') or '-':>9}"
                   f"  direct {entry['virtuoso_direct'].get('median_ms') or '-':>9}  ratio {entry.get('over_direct')}"
                   f"  same rows {entry.get('agrees_with_raw')}/{entry.get('direct_agrees_with_raw')}")
    out.append(f"  geometric mean of the ratios: {found.get('sparql_over_direct_geomean')}")
    ingest = found.get("ingest") or {}
    if ingest:
        out.append(f"  ingest through the project: {ingest.get('documents')} documents in {ingest.get('seconds')} s "
                   f"({ingest.get('triples_per_s')} triples/s, linking {'on' if found.get('linking') else 'off'}), "
                   f"{ingest.get('store_triples')} triples; catalogue ready {found.get('catalogue_ready_s')} s after "
                   f"start; {found.get('bytes_per_triple')} database bytes a triple")
    return out


# --------------------------------------------------------------------------------------------
# The ingest, in a process of its own: python -m bench.remote ingest DOCS [--workers N] [--no-link]
# --------------------------------------------------------------------------------------------


def _ingest(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.remote ingest")
    parser.add_argument("docs", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-link", action="store_true")
    args = parser.parse_args(argv)
    from kg.config import Settings
    from kg.ingest import Outcome, Preparer, ingest_paths, load_default_gazetteer
    from kg.store.open import open_store
    from kg.validate import Validator

    store = open_store(Settings())
    preparer = Preparer(load_default_gazetteer(), Validator())
    started = time.perf_counter()
    results = ingest_paths(store, [args.docs], preparer, workers=args.workers, link=not args.no_link)
    seconds = time.perf_counter() - started
    written = [r for r in results if r.outcome in (Outcome.WRITTEN, Outcome.REPLACED)]
    failed = [r for r in results if r.outcome is Outcome.FAILED]
    triples = sum(r.triples for r in written)
    for result in failed[:5]:
        print(result.message or result.source, file=sys.stderr)
    print(json.dumps({"seconds": round(seconds, 2), "documents": len(results), "written": len(written),
                      "failed": len(failed), "triples": triples, "triples_per_s": round(triples / seconds),
                      "documents_per_s": round(len(results) / seconds, 2), "store_triples": len(store),
                      "linking": not args.no_link}), flush=True)
    store.close()
    return 1 if failed else 0


def _compare(argv: list[str]) -> int:
    """The /sparql comparison alone, on a Virtuoso folder a run left (--work-dir, --keep) and the
    query texts it wrote (WORK/nSIZE/queries): Virtuoso started there, a fresh `kg serve` over it."""
    parser = argparse.ArgumentParser(prog="python -m bench.remote compare")
    parser.add_argument("--virtuoso-dir", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--budget", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=1, help="the whole comparison this many times")
    args = parser.parse_args(argv)
    from bench.run import kg_command, post_sparql

    def log(message: str) -> None:
        print(f"[remote {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    folder = args.virtuoso_dir.resolve()
    client_env = _credentials(folder)
    http_port = int(client_env["KG_STORE"].rsplit(":", 1)[1].split("/", 1)[0])
    env = _virtuoso_env(folder, http_port, free_port())
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(args.queries.glob("*.rq"))}
    texts = {name: texts[name] for name in [*sparql.ORDER, *sorted(texts)] if name in texts}
    subprocess.run([str(SCRIPT), "start"], env=env, check=True, capture_output=True, timeout=300)
    rounds = []
    try:
        port = free_port()
        server = Server("kg serve (virtuoso)", [*kg_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
                        port, folder.parent / "kg-serve-compare.log", cwd=ROOT, env=client_env)
        try:
            server.wait_ready(lambda c: c.get("/health").status_code == 200, 300)
            server.wait_ready(lambda c: c.get("/health").json().get("catalogue") in ("ready", "off"), 3600)
            with httpx.Client(base_url=server.base, timeout=600.0) as client, direct_client(client_env) as direct:
                for _ in range(args.rounds):
                    rounds.append(compare(client, direct, texts, None, post_sparql, args.runs, args.budget, log))
        finally:
            server.stop()
    finally:
        subprocess.run([str(SCRIPT), "stop"], env=env, capture_output=True, timeout=120)
    print(json.dumps(rounds), flush=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "ingest":
        raise SystemExit(_ingest(sys.argv[2:]))
    if len(sys.argv) > 1 and sys.argv[1] == "compare":
        raise SystemExit(_compare(sys.argv[2:]))
    raise SystemExit("usage: python -m bench.remote ingest DOCS [--workers N] [--no-link] | "
                     "compare --virtuoso-dir DIR --queries DIR")
