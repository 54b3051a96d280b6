"""The servers users would pick instead: Oxigraph's own server and Virtuoso, same quads, same queries.

At one size, after the project's own phases (its server is stopped first, so that the peers get
the machine to themselves):

* the store is dumped once to N-Quads (graphs kept) from a read-only handle;
* **Oxigraph server**: the `oxigraph` package from PyPI (version pinned in bench/peers.json),
  installed by this module into a virtualenv of its own (bench/.peers/, reused), its bulk
  loader timed (`oxigraph load`), the store optimized (`oxigraph optimize`, as the issue measured
  it), then `oxigraph serve-read-only --union-default-graph` on a free loopback port;
* **Virtuoso**: Debian's `virtuoso-opensource` through the project's `scripts/virtuoso` (which
  installs it when missing and starts it on loopback), in a folder of this run, the dump bulk
  loaded with `ld_dir` + `rdf_loader_run()` + `checkpoint` (timed), and anonymous reads allowed
  on this throwaway instance so that it is queried as a user would, without authentication.

Each peer gets the same query texts as /sparql over one keep-alive HTTP connection (POST,
form-encoded, SPARQL JSON), timed like the others, and every answer is compared row by row with
raw pyoxigraph's (numbers, xsd:string and Virtuoso's 1 for true normalised). With `clients`, the
question the REST route answers (`actor_page`) is also asked by that many clients at once for a
few seconds, as the REST route is.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bench import sparql
from bench.util import Server, Timing, free_port, percentile, repeat

ROOT = Path(__file__).resolve().parent.parent
CONFIG = json.loads((Path(__file__).with_name("peers.json")).read_text(encoding="utf-8"))
SPARQL_JSON = "application/sparql-results+json"
XSD_BOOLEAN = sparql.XSD + "boolean"
PEERS = ("oxigraph_server", "virtuoso")
Log = Callable[[str], None]


# --------------------------------------------------------------------------------------------
# Oxigraph's server, from PyPI, in a virtualenv of its own
# --------------------------------------------------------------------------------------------


def oxigraph_binary(log: Log) -> Path:
    """The `oxigraph` command of the pinned version, installed on first use."""
    spec = CONFIG["oxigraph"]
    venv = ROOT / spec["venv"]
    binary = venv / "bin" / "oxigraph"
    stamp = venv / f".installed-{spec['version']}"
    if binary.exists() and stamp.exists():
        return binary
    log(f"peers: installing {spec['package']}=={spec['version']} into {venv}")
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", f"{spec['package']}=={spec['version']}"],
                   check=True, capture_output=True, timeout=600)
    stamp.touch()
    return binary


def _version(command: list[str]) -> str | None:
    """The first line of a program's version output, with the line that says `Version` if any
    (virtuoso-t names itself on one line and its version on the next)."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (done.stdout or done.stderr).strip().splitlines()
    numbered = [line for line in text[1:4] if line.startswith("Version")]
    return " ".join(text[:1] + numbered[:1]) if text else None


def start_oxigraph(dump: Path, work: Path, log: Log) -> tuple[Server, dict[str, Any]]:
    binary = oxigraph_binary(log)
    location = work / "oxigraph-server-store"
    shutil.rmtree(location, ignore_errors=True)
    info: dict[str, Any] = {"version": _version([str(binary), "--version"])}
    started = time.perf_counter()
    subprocess.run([str(binary), "load", "--location", str(location), "--file", str(dump)], check=True,
                   capture_output=True, timeout=3600)
    info["bulk_load_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    subprocess.run([str(binary), "optimize", "--location", str(location)], check=True, capture_output=True,
                   timeout=3600)
    info["optimize_s"] = round(time.perf_counter() - started, 2)
    port = free_port()
    server = Server("oxigraph server", [str(binary), "serve-read-only", "--location", str(location), "--bind",
                                        f"127.0.0.1:{port}", "--union-default-graph"], port,
                    work / "oxigraph-server.log", cwd=work)
    server.wait_ready(lambda c: c.post("/query", data={"query": "ASK {}"}, headers={"Accept": SPARQL_JSON})
                      .status_code == 200, 300)
    return server, info


# --------------------------------------------------------------------------------------------
# Virtuoso, through scripts/virtuoso
# --------------------------------------------------------------------------------------------


class Virtuoso:
    """A Virtuoso of this run (scripts/virtuoso in a folder of its own, on free loopback ports)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.http_port, self.sql_port = free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.http_port}"
        self.env = {**os.environ, "KG_VIRTUOSO_DIR": str(folder), "KG_VIRTUOSO_HTTP_PORT": str(self.http_port),
                    "KG_VIRTUOSO_SQL_PORT": str(self.sql_port)}

    def script(self, action: str, timeout: float = 600) -> None:
        subprocess.run([str(ROOT / CONFIG["virtuoso"]["script"]), action], env=self.env, check=True,
                       capture_output=True, timeout=timeout)

    def isql(self, statements: str, timeout: float = 3600) -> str:
        """Statements as the database's administrator; the password reaches isql on its standard input."""
        password = self._credentials()["KG_VIRTUOSO_DBA_PASSWORD"]
        done = subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba"], input=f"{password}\n{statements}",
                              env=self.env, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0 or "*** Error" in done.stdout:
            raise RuntimeError(f"isql failed: {done.stdout[-1500:]} {done.stderr[-500:]}")
        return done.stdout

    def _credentials(self) -> dict[str, str]:
        found = {}
        for line in (self.folder / "credentials").read_text().splitlines():
            key, _, value = line.partition("=")
            found[key] = value
        return found

    def pid(self) -> int | None:
        lock = self.folder / "virtuoso.lck"
        try:
            text = lock.read_text()
        except OSError:
            return None
        for part in text.split():
            if part.startswith("VIRT_PID="):
                return int(part.split("=", 1)[1])
        return None


def start_virtuoso(dump: Path, work: Path, log: Log) -> tuple[Virtuoso, dict[str, Any]]:
    folder = work / "virtuoso-peer"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    virtuoso = Virtuoso(folder)
    virtuoso.script("start")
    info: dict[str, Any] = {"version": _version(["virtuoso-t", "-?"])}
    # ld_dir reads only from DirsAllowed, which scripts/virtuoso sets to the database folder.
    local = folder / dump.name
    try:
        os.link(dump, local)
    except OSError:  # another file system
        shutil.copy(dump, local)
    started = time.perf_counter()
    virtuoso.isql(f"ld_dir('{folder}', '{dump.name}', 'urn:x-bench:unnamed');\nrdf_loader_run();\ncheckpoint;\n"
                  # a throwaway loopback instance of this run: reads without authentication, as a user would query it
                  "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 1);\n")
    info["bulk_load_s"] = round(time.perf_counter() - started, 2)
    local.unlink(missing_ok=True)
    return virtuoso, info


# --------------------------------------------------------------------------------------------
# Asking, comparing, timing
# --------------------------------------------------------------------------------------------


def post(client: httpx.Client, path: str, query: str) -> bytes:
    response = client.post(path, data={"query": query}, headers={"Accept": SPARQL_JSON})
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}: {response.text[:300]}")
    return response.content


def normalised_rows(payload: bytes) -> Any:
    """sparql.rows, with Virtuoso's integer 1/0 for xsd:boolean read back as true/false."""
    data = json.loads(payload)
    for binding in data.get("results", {}).get("bindings", []):
        for term in binding.values():
            if term.get("datatype") == XSD_BOOLEAN:
                term["value"] = {"1": "true", "0": "false"}.get(term["value"], term["value"])
    return sparql.rows(json.dumps(data))


def same_rows(answer: bytes, reference: bytes) -> bool:
    return normalised_rows(answer) == normalised_rows(reference)


def concurrent(base: str, request: Callable[[httpx.Client, int], httpx.Response], clients: int,
               seconds: float) -> dict[str, Any]:
    """`clients` closed-loop clients, each on its own keep-alive connection, for `seconds`."""
    samples: list[list[float]] = [[] for _ in range(clients)]
    failures: list[dict[str, int]] = [{} for _ in range(clients)]
    deadline = time.perf_counter() + seconds

    def client_loop(index: int) -> None:
        with httpx.Client(base_url=base, timeout=max(60.0, seconds * 2)) as client:
            count = 0
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                try:
                    status = str(request(client, index * 100_000 + count).status_code)
                except httpx.HTTPError as error:
                    status = type(error).__name__
                count += 1
                if status == "200":
                    samples[index].append((time.perf_counter() - t0) * 1000)
                else:  # counted by status, and no retry in a tight loop
                    failures[index][status] = failures[index].get(status, 0) + 1
                    time.sleep(0.05)

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 600)
    elapsed = time.perf_counter() - started
    flat = [s for per_client in samples for s in per_client]
    statuses: dict[str, int] = {}
    for per_client in failures:
        for status, count in per_client.items():
            statuses[status] = statuses.get(status, 0) + count
    return {"clients": clients, "seconds": round(elapsed, 2), "answered": len(flat),
            "failed": sum(statuses.values()), "failed_by_status": statuses,
            "requests_per_s": round(len(flat) / elapsed, 2) if elapsed else None,
            "p50_ms": round(percentile(flat, 50), 2) if flat else None,
            "p99_ms": round(percentile(flat, 99), 2) if flat else None}


def sparql_concurrent(base: str, path: str, text: str, clients: int, seconds: float) -> dict[str, Any]:
    return concurrent(base, lambda client, _: client.post(path, data={"query": text},
                                                          headers={"Accept": SPARQL_JSON}), clients, seconds)


# --------------------------------------------------------------------------------------------
# The phase
# --------------------------------------------------------------------------------------------


def measure(raw: Any, work: Path, texts: dict[str, str], reference: dict[str, bytes], runs: int, budget_s: float,
            log: Log, *, kg_base: str | None = None, concurrent_query: str | None = None, clients: int = 0,
            seconds: float = 0.0) -> dict[str, Any]:
    """Both peers over a dump of `raw` (a pyoxigraph store), both running at once beside this
    project's server (`kg_base`), every query timed on all of them in turn, run after run, so
    that the load drifting on a shared machine hits them alike (timed one after the other, a
    peer measured in a quiet minute looked 1.6x faster than the same engine in-process, paired
    1.0-1.1x). Also per peer: agreement with raw pyoxigraph, bulk load time, version, memory and
    (with clients) the concurrent run of `concurrent_query`."""
    import pyoxigraph as ox

    dump = work / "peers-dump.nq"
    started = time.perf_counter()
    raw.dump(output=str(dump), format=ox.RdfFormat.N_QUADS)
    out: dict[str, Any] = {"dump_s": round(time.perf_counter() - started, 2), "quads": len(raw)}
    running: dict[str, tuple[str, str]] = {}
    stops: list[Callable[[], None]] = []
    memories: dict[str, Callable[[], float | None]] = {}
    try:
        for name, path, start in (("oxigraph_server", "/query", _oxigraph), ("virtuoso", "/sparql", _virtuoso)):
            log(f"peers: {name}: bulk load of {out['quads']} quads")
            try:
                base, info, stop, memory = start(dump, work, log)
            except Exception as error:  # noqa: BLE001 - a peer that cannot run is reported, the rest goes on
                out[name] = {"error": f"{type(error).__name__}: {error}"[:1500]}
                log(f"peers: {name} could not run: {out[name]['error']}")
                continue
            stops.append(stop)
            info["bulk_load_quads_per_s"] = round(out["quads"] / info["bulk_load_s"]) if info["bulk_load_s"] else None
            out[name], running[name], memories[name] = info, (base, path), memory
        dump.unlink(missing_ok=True)
        engines = {**({"kg_sparql": (kg_base, "/sparql")} if kg_base else {}), **running}
        timed = time_round_robin(engines, texts, reference, runs, budget_s, log)
        for name in engines:
            out.setdefault(name, {})["queries"] = {query: entry[name] for query, entry in timed.items()}
        if concurrent_query and clients and concurrent_query in texts:
            for name, (base, path) in engines.items():
                out[name]["concurrent"] = sparql_concurrent(base, path, texts[concurrent_query], clients, seconds)
                log(f"peers: {name}: {clients} clients on {concurrent_query}: {out[name]['concurrent']}")
        for name, memory in memories.items():
            out[name]["memory_mb"] = memory()
    finally:
        for stop in stops:
            stop()
        dump.unlink(missing_ok=True)
    return out


def time_round_robin(engines: dict[str, tuple[str, str]], texts: dict[str, str], reference: dict[str, bytes],
                     runs: int, budget_s: float, log: Log) -> dict[str, dict[str, dict[str, Any]]]:
    """Per query and engine: rows, agreement with `reference`, and timings taken in turn."""
    clients = {name: httpx.Client(base_url=base, timeout=1800.0) for name, (base, _) in engines.items()}
    out: dict[str, dict[str, dict[str, Any]]] = {}
    try:
        for query, text in texts.items():
            entry: dict[str, dict[str, Any]] = {}
            timings: dict[str, Timing] = {}
            for name, (_, path) in engines.items():  # the first answer: checked, and a warm-up
                try:
                    answer = post(clients[name], path, text)
                except Exception as error:  # noqa: BLE001 - a peer that cannot answer is reported
                    entry[name] = {"error": f"{type(error).__name__}: {error}"[:500]}
                    continue
                entry[name] = {"rows": sparql.row_count(answer), "agrees_with_raw": same_rows(answer, reference[query])}
                timings[name] = Timing()
            started = time.perf_counter()
            for _ in range(runs):
                for name in timings:
                    t0 = time.perf_counter()
                    post(clients[name], engines[name][1], text)
                    timings[name].samples.append((time.perf_counter() - t0) * 1000)
                if time.perf_counter() - started > budget_s * len(timings) and len(timings[next(iter(timings))].samples) >= 3:
                    break
            for name, timing in timings.items():
                entry[name].update(timing.summary())
            log(f"peers: {query}: " + ", ".join(f"{name} {e.get('median_ms')} ms ({e.get('rows')} rows, same: "
                                                 f"{e.get('agrees_with_raw')})" for name, e in entry.items()))
            out[query] = entry
    finally:
        for client in clients.values():
            client.close()
    return out


def _oxigraph(dump: Path, work: Path, log: Log) -> tuple[str, dict[str, Any], Callable[[], None],
                                                           Callable[[], float | None]]:
    server, info = start_oxigraph(dump, work, log)

    def stop() -> None:
        server.stop()
        shutil.rmtree(work / "oxigraph-server-store", ignore_errors=True)

    return server.base, info, stop, lambda: server.sample_memory().get("main_peak_rss_mb")


def _virtuoso(dump: Path, work: Path, log: Log) -> tuple[str, dict[str, Any], Callable[[], None],
                                                         Callable[[], float | None]]:
    from bench.util import peak_rss_mb

    virtuoso, info = start_virtuoso(dump, work, log)

    def stop() -> None:
        try:
            virtuoso.script("stop", timeout=120)
        finally:
            shutil.rmtree(virtuoso.folder, ignore_errors=True)

    def memory() -> float | None:
        pid = virtuoso.pid()
        return peak_rss_mb(pid) if pid else None

    return virtuoso.base, info, stop, memory


# --------------------------------------------------------------------------------------------
# Ratios, per query
# --------------------------------------------------------------------------------------------


def ratios(size_result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per query: the median of every engine and /sparql's ratio to each peer (peer ÷ ours is
    how much faster we are; ours ÷ peer how much slower)."""
    peers = size_result.get("peers") or {}
    out: dict[str, dict[str, Any]] = {}
    for query, entry in (size_result.get("sparql") or {}).items():
        paired = ((peers.get("kg_sparql") or {}).get("queries") or {}).get(query) or {}
        row: dict[str, Any] = {"rows": entry.get("rows"),
                               # /sparql timed in turn with the peers when they ran, else the main phase's
                               "kg_sparql": paired.get("median_ms") or (entry.get("kg_sparql") or {}).get("median_ms"),
                               "raw_pyoxigraph": (entry.get("raw_pyoxigraph") or {}).get("median_ms"),
                               "rdflib_endpoint": (entry.get("rdflib_endpoint") or {}).get("median_ms"),
                               "agree": [entry.get("kg_agrees_with_raw"), entry.get("rdflib_agrees_with_raw")]}
        virtuoso_backend = (((size_result.get("virtuoso") or {}).get("sparql") or {}).get(query) or {})
        row["kg_sparql_on_virtuoso"] = (virtuoso_backend.get("kg_sparql") or {}).get("median_ms")
        for peer in PEERS:
            found = ((peers.get(peer) or {}).get("queries") or {}).get(query) or {}
            row[peer] = found.get("median_ms")
            row["agree"].append(found.get("agrees_with_raw"))
            if row[peer] and row["kg_sparql"]:
                row[f"kg_over_{peer}"] = round(row["kg_sparql"] / row[peer], 3)
        if row["kg_sparql_on_virtuoso"] and row.get("virtuoso"):
            row["kg_on_virtuoso_over_virtuoso"] = round(row["kg_sparql_on_virtuoso"] / row["virtuoso"], 3)
        row["all_agree"] = all(a for a in row["agree"] if a is not None)
        out[query] = row
    return out


def rest_question(base: str, url: str, *, runs: int, budget_s: float, clients: int,
                  seconds: float) -> dict[str, Any]:
    """The REST route for the question `actor_page` asks by SPARQL: one client, then `clients` at once."""
    out: dict[str, Any] = {"url": url}
    with httpx.Client(base_url=base, timeout=600.0) as client:
        out["alone"] = repeat(lambda: _ok(client.get(url)), warmup=2, min_runs=10, max_runs=runs,
                              budget_s=budget_s).summary()
    if clients:
        out["concurrent"] = concurrent(base, lambda client, _: client.get(url), clients, seconds)
    return out


def _ok(response: httpx.Response) -> httpx.Response:
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}: {response.text[:300]}")
    return response
