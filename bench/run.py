"""The benchmark harness: `python -m bench.run --sizes 1000,10000,100000`.

For every size (commitments) it generates (or reuses) a synthetic corpus, then measures:

* ingestion with SHACL on through the project's real path, in a subprocess: Preparer.prepare +
  write_prepared one document after another, and kg.ingest.ingest_paths with --workers 2;
* the REST lookups (GET /actors/{id}/commitments, /commitments/{id}, /commitments?...) against the
  real server (`kg serve` under uvicorn, in a subprocess on a free loopback port), one client;
* the SPARQL queries of bench/queries/ three ways, same data, same text: this project's /sparql
  over HTTP, rdflib-endpoint (rdflib in memory, its own FastAPI app under uvicorn, in a
  subprocess) and raw pyoxigraph in-process (the floor: query + JSON serialisation, no HTTP);
* the SHACL-checked ingest of a 100-commitment batch into an empty store and into the full one;
* peak resident memory of the ingest and server processes;
* at the largest size, the load phase (bench/load.py): 50 clients mixing REST reads and /sparql
  against the same server for 30 s (15 s below 50k commitments) while a writer posts documents.

Then, once: extraction speed (articles per second of seed length, one process).

It prints a table, writes bench/results.json, and prints as its LAST line one JSON object with the
headline figures of the largest size. Targets are checked and printed as pass/fail; the exit status
does not depend on them (only on the harness itself failing).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bench import generate, sparql
from bench import load as loadphase
from bench import peers, targets
from bench.util import Server, Timing, free_port, percentile, python, repeat, run_once, self_peak_rss_mb

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RESULTS = Path(__file__).resolve().parent / "results.json"
SEED_ARTICLE = ROOT / "seeds" / "000_73c4d19ee7ae6c07.txt"
SPARQL_JSON = "application/sparql-results+json"

SUMMARY_KEYS = [
    "ingest_triples_per_s", "rest_actor_commitments_p50_ms", "rest_actor_commitments_p99_ms",
    "sparql_speedup_vs_rdflib_endpoint", "sparql_ratio_vs_raw_pyoxigraph", "shacl_batch_ms_empty_store",
    "shacl_batch_ms_full_store", "extract_articles_per_s", "peak_rss_mb", "triples",
    "load_requests_per_s", "load_rest_p50_ms", "load_rest_p99_ms", "load_sparql_p50_ms", "load_sparql_p99_ms",
    "load_sparql_refused", "load_errors", "load_missing_documents",
]

# (summary key, comparison, threshold, description): bench/targets.py (issue 15 replaced 20x over rdflib-endpoint).
TARGETS = targets.TARGETS
TARGET_TRIPLES = 1_500_000


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def geomean(values: list[float]) -> float | None:
    values = [v for v in values if v and v > 0 and math.isfinite(v)]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def rnd(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


# --------------------------------------------------------------------------------------------
# Ingestion
# --------------------------------------------------------------------------------------------


def run_ingest(docs: Path, store: Path, workers: int, stages: int, log_path: Path, *,
               optimize: bool = True) -> dict[str, Any]:
    command = [python(), "-m", "bench.ingest_child", "--docs", str(docs), "--store", str(store),
               "--workers", str(workers)] + ([] if optimize else ["--no-optimize"])
    if stages:
        command += ["--stages", str(stages)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    log_path.write_text(done.stdout + "\n--- stderr ---\n" + done.stderr, encoding="utf-8")
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"ingest ({workers} workers) failed with status {done.returncode}: {done.stderr[-2000:]}")
    report = json.loads(lines[-1])
    report["process_s"] = round(time.perf_counter() - started, 2)
    if report.get("failed"):
        log(f"ingest: {report['failed']} documents failed, e.g. {report['failures'][:1]}")
    return report


# --------------------------------------------------------------------------------------------
# Query parameters, chosen from the data
# --------------------------------------------------------------------------------------------

_PREFIX = f"PREFIX ck: <{sparql.CK}>\n"


def pick_parameters(raw: Any, seed: int) -> dict[str, Any]:
    """Actors, commitments, filters and a paging cursor that exist in this corpus."""
    def select(text: str) -> list[Any]:
        return list(raw.query(_PREFIX + text, use_default_graph_as_union=True))

    committers = [(row["c"].value, int(row["n"].value)) for row in select(
        "SELECT ?c (COUNT(?x) AS ?n) WHERE { ?x ck:committer ?c } GROUP BY ?c ORDER BY DESC(?n) ?c")]
    top = committers[0][0]
    top_type = select(f"SELECT ?t (COUNT(?x) AS ?n) WHERE {{ ?x ck:committer <{top}> ; ck:commitmentType ?t }} "
                      "GROUP BY ?t ORDER BY DESC(?n) ?t LIMIT 1")[0]["t"].value
    pair = select("SELECT ?t ?s (COUNT(?x) AS ?n) WHERE { ?x ck:commitmentType ?t ; ck:status ?s } "
                  "GROUP BY ?t ?s ORDER BY DESC(?n) ?t ?s LIMIT 1")[0]
    list_type, list_status = pair["t"].value, pair["s"].value
    commitments = sorted(row["x"].value for row in select("SELECT ?x WHERE { ?x a ck:Commitment }"))
    rng = random.Random(f"params:{seed}")
    sample = rng.sample(commitments, min(60, len(commitments)))
    first_page = select(f"SELECT ?x WHERE {{ ?x ck:commitmentType <{list_type}> ; ck:status <{list_status}> }} "
                        "ORDER BY ?x LIMIT 50")
    cursor = first_page[-1]["x"].value if len(first_page) == 50 else ""
    # A date window of about a seventh of the span of commitment dates, in its middle.
    span = select("SELECT (MIN(?d) AS ?lo) (MAX(?d) AS ?hi) WHERE { ?x ck:committer ?c ; ck:date ?d }")[0]
    low, high = dt.date.fromisoformat(span["lo"].value), dt.date.fromisoformat(span["hi"].value)
    date_from = low + (high - low) * 3 // 7
    date_to = date_from + max(dt.timedelta(days=1), (high - low) // 7)
    return {
        "committers": committers, "top_actor": top, "top_actor_commitments": committers[0][1],
        "top_actor_type": top_type, "list_type": list_type, "list_status": list_status,
        "commitment_sample": sample, "cursor": cursor, "date_from": date_from.isoformat(),
        "date_to": date_to.isoformat(),
    }


def query_texts(params: dict[str, Any]) -> dict[str, str]:
    values = {
        "actor": sparql.iri(params["top_actor"]), "type": sparql.iri(params["top_actor_type"]),
        "commitment": sparql.iri(params["commitment_sample"][0]),
        "status": sparql.iri(params["list_status"]), "cursor": sparql.literal(params["cursor"]),
        "from": sparql.literal(params["date_from"], sparql.XSD + "date"),
        "to": sparql.literal(params["date_to"], sparql.XSD + "date"),
    }
    texts = {}
    for name, template in sparql.templates().items():
        local = dict(values)
        if name == "commitments_list":
            local["type"] = sparql.iri(params["list_type"])
        texts[name] = sparql.fill(template, local)
    return texts


# --------------------------------------------------------------------------------------------
# SPARQL: this project's /sparql, raw pyoxigraph, rdflib-endpoint
# --------------------------------------------------------------------------------------------


def post_sparql(client: httpx.Client, path: str, query: str) -> bytes:
    response = client.post(path, data={"query": query}, headers={"Accept": SPARQL_JSON})
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}: {response.text[:300]}")
    return response.content


def raw_query(raw: Any, query: str) -> bytes:
    import pyoxigraph as ox

    return raw.query(query, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON)


def paired(first: Callable[[], Any], second: Callable[[], Any], *, runs: int, budget_s: float,
           min_runs: int = 3) -> tuple[Timing, Timing]:
    """Time two ways of doing the same thing alternately, so drifting machine load hits both alike."""
    a, b = Timing(), Timing()
    for action, timing in ((first, a), (second, b)):  # warm-up
        run_once(action, timing, sample=False)
    started = time.perf_counter()
    for _ in range(runs):
        for action, timing in ((first, a), (second, b)):
            run_once(action, timing)
        if len(a.samples) >= min_runs and time.perf_counter() - started > budget_s:
            break
    return a, b


def kg_command() -> list[str]:
    script = Path(python()).with_name("kg")
    return [str(script)] if script.exists() else [python(), "-m", "kg"]


def openapi_paths(client: httpx.Client) -> set[str]:
    try:
        response = client.get("/openapi.json")
        return set(response.json().get("paths", {})) if response.status_code == 200 else set()
    except (httpx.HTTPError, ValueError):
        return set()


# --------------------------------------------------------------------------------------------
# REST
# --------------------------------------------------------------------------------------------


def _route(paths: set[str], pattern: str) -> str | None:
    for path in sorted(paths):
        if re.fullmatch(pattern, path):
            return path
    return None


def _local(iri: str, kind: str) -> str:
    prefix = f"{sparql.ID}{kind}/"
    return iri[len(prefix):] if iri.startswith(prefix) else iri


def _next_cursor(body: Any) -> str | None:
    if isinstance(body, dict):
        for key in ("next_cursor", "cursor", "next"):
            value = body.get(key)
            if isinstance(value, str) and value:
                return value
        for value in body.values():
            if isinstance(value, dict) and (found := _next_cursor(value)):
                return found
    return None


def timed_get(client: httpx.Client, url: str, params: dict[str, Any] | None = None) -> tuple[float, httpx.Response]:
    t0 = time.perf_counter()
    response = client.get(url, params=params)
    return (time.perf_counter() - t0) * 1000, response


def page_through(client: httpx.Client, route: str, query: dict[str, Any], requests: int,
                 budget_s: float) -> dict[str, Any]:
    """p50/p99 of a list's pages, following next_cursor (and starting again after the last page)."""
    samples, statuses, pages = [], {}, 0
    cursor = None
    started = time.perf_counter()
    for _ in range(max(10, requests // 2)):
        if len(samples) >= 10 and time.perf_counter() - started > budget_s:
            break
        ms, response = timed_get(client, route, {**query, **({"cursor": cursor} if cursor else {})})
        samples.append(ms)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        try:
            cursor = _next_cursor(response.json())
        except ValueError:
            cursor = None
        pages += 1
    return {"route": route, "filters": query, **Timing(samples).summary(), "statuses": statuses, "pages": pages}


def measure_rest(client: httpx.Client, paths: set[str], params: dict[str, Any], requests: int,
                 seed: int, budget_s: float) -> dict[str, Any]:
    """p50/p99 of each REST lookup, one client, keep-alive, requests one after another.

    Each route gets `requests` requests or `budget_s` seconds, whichever ends first (at least 30)."""
    out: dict[str, Any] = {}
    rng = random.Random(f"rest:{seed}")
    committers = [iri for iri, _ in params["committers"]]
    # Every committer has the same chance, and the five heaviest are always in, at random places,
    # so that a run cut short by the time budget is still a fair sample: the tail is real.
    actors = committers[:5] + [rng.choice(committers) for _ in range(max(0, requests - 5))]
    rng.shuffle(actors)

    def enough(started: float, count: int) -> bool:
        return count >= requests or (count >= 30 and time.perf_counter() - started > budget_s)

    actor_route = _route(paths, r"/actors/\{[^}/]+\}/commitments")
    if actor_route:
        samples, statuses, sizes = [], {}, []
        template = re.sub(r"\{[^}]+\}", "{}", actor_route)
        for actor in committers[-3:]:  # warm-up
            client.get(template.format(_local(actor, "actor")))
        started = time.perf_counter()
        for actor in actors:
            ms, response = timed_get(client, template.format(_local(actor, "actor")))
            samples.append(ms)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            sizes.append(len(response.content))
            if enough(started, len(samples)):
                break
        filtered = []
        started = time.perf_counter()
        for actor in actors[: max(20, requests // 4)]:
            ms, _ = timed_get(client, template.format(_local(actor, "actor")),
                              {"type": params["top_actor_type"].rsplit("#", 1)[-1]})
            filtered.append(ms)
            if len(filtered) >= 10 and time.perf_counter() - started > budget_s / 4:
                break
        heaviest = []
        started = time.perf_counter()
        while len(heaviest) < 10 and (len(heaviest) < 3 or time.perf_counter() - started < budget_s / 4):
            heaviest.append(timed_get(client, template.format(_local(params["top_actor"], "actor")))[0])
        out["actor_commitments"] = {
            "route": actor_route, **Timing(samples).summary(), "statuses": statuses,
            "median_bytes": statistics.median(sizes) if sizes else None,
            "with_type_filter": Timing(filtered).summary(),
            "heaviest_actor": {"actor": params["top_actor"], "commitments": params["top_actor_commitments"],
                               **Timing(heaviest).summary()}}
    else:
        out["actor_commitments"] = {"error": "route GET /actors/{id}/commitments is not served yet"}

    one_route = _route(paths, r"/commitments/\{[^}/]+\}")
    if one_route:
        template = re.sub(r"\{[^}]+\}", "{}", one_route)
        sample = params["commitment_sample"]
        samples, statuses = [], {}
        started = time.perf_counter()
        for i in range(requests):
            ms, response = timed_get(client, template.format(_local(sample[i % len(sample)], "commitment")))
            samples.append(ms)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if enough(started, len(samples)):
                break
        out["commitment"] = {"route": one_route, **Timing(samples).summary(), "statuses": statuses}
    else:
        out["commitment"] = {"error": "route GET /commitments/{id} is not served yet"}

    for key, route, query in (("commitments_list", "/commitments",
                               {"type": params["list_type"].rsplit("#", 1)[-1], "limit": 50}),
                              ("events_list", "/events", {"limit": 50})):
        if route in paths:
            out[key] = page_through(client, route, query, requests, budget_s)
        else:
            out[key] = {"error": f"route GET {route} is not served yet"}
    return out


# --------------------------------------------------------------------------------------------
# SHACL batch: the same new 100-commitment documents into an empty store and the full store
# --------------------------------------------------------------------------------------------


def measure_shacl_batch(full_store_path: Path, work: Path, seed: int, per_doc: int, fmt: str,
                        runs: int) -> dict[str, Any]:
    from kg.ingest import Outcome, Preparer, load_default_gazetteer, write_prepared
    from kg.rdf.mapping import claims_to_graph
    from kg.claims.io import load_claims
    from kg.sources import Source
    from kg.store import GraphStore
    from kg.validate import Validator

    preparer = Preparer(load_default_gazetteer(), Validator())
    batch = generate.write_batch(work / "batch", runs + 1, seed, per_doc=per_doc, fmt=fmt)
    empty = GraphStore.open(work / "empty-store")
    full = GraphStore.open(full_store_path)
    full_quads = len(full)
    result: dict[str, Any] = {"batch_commitments": per_doc, "runs": runs, "full_store_quads": full_quads}
    timings = {f"{what}_{where}": [] for what in ("ingest", "validate", "write") for where in ("empty", "full")}
    triples = []
    for index, path in enumerate(batch):
        for where, store in (("empty", empty), ("full", full)) if index % 2 == 0 else (("full", full),
                                                                                      ("empty", empty)):
            # validation alone, of the triples the real mapper makes
            mapped = claims_to_graph(load_claims(path), str(path), preparer.gazetteer)
            t0 = time.perf_counter()
            preparer.validator.check(mapped.triples)
            validate_ms = (time.perf_counter() - t0) * 1000
            # the real path: prepare (read, map, SHACL) + write in one transaction
            t0 = time.perf_counter()
            item = preparer.prepare(Source(path, "claims"))
            t1 = time.perf_counter()
            outcome = write_prepared(store, item)
            t2 = time.perf_counter()
            if outcome.outcome is not Outcome.WRITTEN:
                raise RuntimeError(f"batch {path.name} into the {where} store: {outcome.outcome} {outcome.message}")
            if index == 0:
                continue  # warm-up
            timings[f"validate_{where}"].append(validate_ms)
            timings[f"ingest_{where}"].append((t2 - t0) * 1000)
            timings[f"write_{where}"].append((t2 - t1) * 1000)
            if where == "empty":
                triples.append(item.triples)
    for key, values in timings.items():
        result[f"{key}_ms"] = round(statistics.median(values), 2) if values else None
    result["batch_triples"] = statistics.median(triples) if triples else None
    # leave the full store as it was
    for path in batch:
        from kg.rdf import iris

        data = load_claims(path)
        full.remove_graph(iris.document_iri(data.document))
    full.flush()
    return result


# --------------------------------------------------------------------------------------------
# Extraction
# --------------------------------------------------------------------------------------------


def measure_extraction(count: int, seed: int) -> dict[str, Any]:
    try:
        from kg.extract import extract
    except Exception as error:  # noqa: BLE001 - the extractor is being written elsewhere
        return {"articles_per_s": None, "reason": f"kg.extract is not importable: {type(error).__name__}: {error}"}
    try:
        from kg.ingest import load_default_gazetteer

        gazetteer = load_default_gazetteer()
        texts = [(SEED_ARTICLE.read_text(encoding="utf-8"), dt.date(2025, 9, 4))]
        texts += generate.articles(max(0, count - 1), seed)
        chars = statistics.median(len(t) for t, _ in texts)
        for text, published in texts[:3]:  # warm-up: lexicons, compiled patterns
            extract(text, document="warmup.txt", published=published, gazetteer=gazetteer)
        per_article = []
        started = time.perf_counter()
        cpu_started = time.process_time()
        extracted = 0
        for index, (text, published) in enumerate(texts):
            t0 = time.perf_counter()
            claims = extract(text, document=f"article-{index:05d}.txt", published=published, gazetteer=gazetteer)
            per_article.append((time.perf_counter() - t0) * 1000)
            extracted += len(claims.commitments)
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        # The seed article alone, for comparison: generated articles state a commitment in
        # nearly every sentence (about twice the seed's density), which costs the extractor more.
        seed_text, seed_date = texts[0]
        seed_runs = max(5, min(50, count // 4))
        seed_cpu = time.process_time()
        for index in range(seed_runs):
            extract(seed_text, document=f"seed-{index:03d}.txt", published=seed_date, gazetteer=gazetteer)
        seed_cpu = time.process_time() - seed_cpu
    except Exception as error:  # noqa: BLE001
        return {"articles_per_s": None, "reason": f"extraction failed: {type(error).__name__}: {error}"}
    # Per core: articles per CPU-second of this (single-threaded) process, which other work on a
    # shared machine does not deflate; the wall-clock rate is kept beside it.
    return {"articles_per_s": round(len(texts) / cpu_seconds, 1) if cpu_seconds > 0 else None,
            "articles_per_wall_s": round(len(texts) / seconds, 1), "cpu_s": round(cpu_seconds, 3),
            "seed_article_only_per_cpu_s": round(seed_runs / seed_cpu, 1) if seed_cpu > 0 else None,
            "wall_s": round(seconds, 3), "articles": len(texts), "median_chars": chars,
            "seed_chars": len(texts[0][0]), "median_ms_per_article": round(statistics.median(per_article), 2),
            "p99_ms_per_article": round(percentile(per_article, 99), 2), "commitments_found": extracted,
            "processes": 1}


# --------------------------------------------------------------------------------------------
# One size
# --------------------------------------------------------------------------------------------


def run_size(size: int, args: argparse.Namespace, work_root: Path, *, largest: bool = True) -> dict[str, Any]:
    """Everything measured at one size. The smaller sizes of a run skip what only the largest
    reports (the 2-worker ingest, the step breakdown, the SHACL batch) unless --all-at-every-size."""
    work = work_root / f"n{size}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    out: dict[str, Any] = {"commitments": size, "load_average_before": os.getloadavg()}
    large = size >= 50_000

    t0 = time.perf_counter()
    corpus = generate.generate_corpus(size, args.seed, per_doc=args.per_doc, fmt=args.format,
                                      cache_dir=args.corpora)
    out["corpus"] = {k: v for k, v in corpus.manifest.items() if k not in ("files", "sha256")}
    out["corpus"]["path"] = str(corpus.path)
    out["corpus"]["ready_s"] = round(time.perf_counter() - t0, 2)
    log(f"n={size}: corpus {corpus.path.name}: {corpus.documents} documents ({out['corpus']['ready_s']} s)")

    store_path = work / "store"
    log(f"n={size}: ingest, sequential (ingest_paths: Preparer.prepare + write_prepared)")
    full = largest or args.all_at_every_size
    out["ingest_sequential"] = run_ingest(corpus.docs_dir, store_path, 1, args.stages if full else 0,
                                          work / "ingest-1.log")
    log(f"n={size}: {out['ingest_sequential']['triples']} triples, "
        f"{out['ingest_sequential']['triples_per_s']:.0f} triples/s")
    if not args.skip_workers and full:
        log(f"n={size}: ingest, ingest_paths(workers=2)")
        w2_path = work / "store-w2"
        out["ingest_workers2"] = run_ingest(corpus.docs_dir, w2_path, 2, 0, work / "ingest-2.log", optimize=False)
        log(f"n={size}: {out['ingest_workers2']['triples_per_s']:.0f} triples/s with 2 workers")
        shutil.rmtree(w2_path, ignore_errors=True)
    # The store's size: actor triples restated by many documents are stored once (shared graph).
    out["store_bytes"] = sum(f.stat().st_size for f in store_path.rglob("*") if f.is_file())
    out["triples"] = out["ingest_sequential"]["store_quads"]
    out["triples_ingested"] = out["ingest_sequential"]["triples"]

    import pyoxigraph as ox

    # --- this project's server: REST and /sparql, with raw pyoxigraph alongside ---------------
    port = free_port()
    write_token = secrets.token_urlsafe(18)  # for the load phase's writer; loopback only
    server = Server("kg serve", kg_command() + ["serve", "--store", str(store_path), "--host", "127.0.0.1",
                                                "--port", str(port)], port, work / "kg-serve.log", cwd=ROOT,
                    env={"KG_WRITE_TOKEN": write_token}, watch_memory=True)
    raw = None
    try:
        out["server_ready_s"] = round(server.wait_ready(lambda c: c.get("/health").status_code == 200, 120), 2)
        # The REST lists are measured in the steady state: once the commitment catalogue is built
        # (until then they are answered by the named SPARQL queries, much more slowly).
        out["catalogue_ready_s"] = round(server.wait_ready(
            lambda c: c.get("/health").json().get("catalogue") in ("ready", "off"), 600), 2)
        raw = ox.Store.read_only(str(store_path))
        params = pick_parameters(raw, args.seed)
        texts = query_texts(params)
        out["parameters"] = {k: v for k, v in params.items() if k not in ("committers", "commitment_sample")}
        out["parameters"]["committers"] = len(params["committers"])
        (work / "queries").mkdir(exist_ok=True)
        for name, text in texts.items():
            (work / "queries" / f"{name}.rq").write_text(text, encoding="utf-8")

        with httpx.Client(base_url=server.base, timeout=600.0) as client:
            paths = openapi_paths(client)
            out["served_paths"] = sorted(paths)
            log(f"n={size}: REST ({args.rest_requests} requests per route)")
            # Full budget from 50k commitments up; the smaller sizes of a quick run get a few seconds.
            rest_budget = args.rest_budget if large else min(args.rest_budget, 8.0 if largest else 4.0)
            out["rest"] = measure_rest(client, paths, params, args.rest_requests, args.seed, rest_budget)
            sparql_route = "/sparql" if "/sparql" in paths else None
            results: dict[str, Any] = {}
            answers: dict[str, dict[str, bytes]] = {}
            runs = args.repeats if not large else max(5, args.repeats // 2)
            log(f"n={size}: SPARQL, raw pyoxigraph" + (" and /sparql, alternately" if sparql_route else ""))
            for name, text in texts.items():
                entry: dict[str, Any] = {}
                answers[name] = {"raw": raw_query(raw, text)}
                entry["rows"] = sparql.row_count(answers[name]["raw"])
                if sparql_route:
                    answers[name]["kg"] = post_sparql(client, sparql_route, text)
                    raw_t, kg_t = paired(lambda: raw_query(raw, text),
                                         lambda: post_sparql(client, sparql_route, text),
                                         runs=runs, budget_s=args.budget)
                    entry["kg_sparql"] = kg_t.summary()
                    entry["kg_agrees_with_raw"] = sparql.rows(answers[name]["kg"]) == sparql.rows(answers[name]["raw"])
                    if kg_t.median and raw_t.median:
                        entry["ratio_vs_raw"] = round(kg_t.median / raw_t.median, 3)
                else:
                    raw_t = repeat(lambda: raw_query(raw, text), min_runs=3, max_runs=runs, budget_s=args.budget)
                    entry["kg_sparql"] = {"error": "route /sparql is not served yet"}
                entry["raw_pyoxigraph"] = raw_t.summary()
                results[name] = entry
            out["sparql"] = results
            actor_route = _route(paths, r"/actors/\{[^}/]+\}/commitments")
            if full and actor_route:  # the question actor_page.rq asks, by REST: alone and 16 clients at once
                log(f"n={size}: REST, the heaviest actor's 20 commitments, alone and with "
                    f"{peers.CONFIG['concurrency']['clients']} clients")
                url = re.sub(r"\{[^}]+\}", _local(params["top_actor"], "actor"), actor_route) + "?limit=20"
                out["rest_same_question"] = peers.rest_question(
                    server.base, url, runs=runs * 3, budget_s=args.budget, clients=peers.CONFIG["concurrency"]["clients"],
                    seconds=args.concurrent_seconds)
            if full and not args.skip_peers and sparql_route:
                # Oxigraph's server and Virtuoso on the same quads, timed in turn with /sparql (bench/peers.py)
                out["peers"] = peers.measure(raw, work, texts, {name: a["raw"] for name, a in answers.items()}, runs,
                                             args.budget, lambda message: log(f"n={size}: {message}"),
                                             kg_base=server.base, concurrent_query=targets.SAME_QUESTION,
                                             clients=peers.CONFIG["concurrency"]["clients"],
                                             seconds=args.concurrent_seconds)
        out["kg_server_memory"] = server.sample_memory()

        # --- the load phase: many clients at once, REST and /sparql, with a writer -------------
        if full and not args.skip_load:
            duration = args.load_duration if args.load_duration is not None else (30.0 if large else 15.0)
            config = loadphase.config_from(args, duration, args.seed, prefix="load-")
            plan = loadphase.make_plan(params, texts, paths, config)
            log(f"n={size}: load phase: {config.clients} clients (SPARQL share {config.sparql_share:g})"
                + (f" and a writer every {config.write_interval_s:g} s" if config.write_interval_s > 0 else "")
                + f", {duration:g} s")
            try:
                loadphase.warm_up(server.base, plan, config.clients)
                out["load"] = loadphase.run_load(server.base, plan, config, write_token=write_token,
                                                 server_pid=server.process.pid)
            except Exception as error:  # noqa: BLE001 - reported (its targets read n/a); the rest goes on
                out["load_error"] = f"{type(error).__name__}: {error}"[:1000]
                log(f"n={size}: the load phase failed: {out['load_error']}")
            else:
                for line in loadphase.lines(out["load"]):
                    log(line)
    finally:
        server.stop()
        out["kg_server_memory"] = server.memory or out.get("kg_server_memory")

    # --- the same REST and SPARQL phases over the remote store on Virtuoso (--store virtuoso) ---
    if args.store == "virtuoso" and raw is not None and "sparql" in out:
        from bench import remote

        out["virtuoso"] = remote.measure(
            corpus.docs_dir, work, kg_command(), texts, {name: a["raw"] for name, a in answers.items()},
            lambda client, paths: measure_rest(client, paths, params, args.rest_requests, args.seed, rest_budget),
            openapi_paths, post_sparql, runs, args.budget, lambda message: log(f"n={size}: {message}"),
            link=size <= remote.LINK_UP_TO and not args.skip_linking)
        for name, entry in out["virtuoso"]["sparql"].items():
            log(f"n={size}: virtuoso /sparql {name}: {entry['kg_sparql'].get('median_ms')} ms "
                f"(embedded {out['sparql'][name]['kg_sparql'].get('median_ms')} ms, Virtuoso directly "
                f"{entry['virtuoso_direct'].get('median_ms')} ms), agrees: {entry['agrees_with_raw']}")

    # --- the catalogue's start without the snapshot kg ingest left (bench/catalogue_start.py) ---
    if full and "catalogue_ready_s" in out:
        from bench import catalogue_start

        log(f"n={size}: kg serve without its catalogue snapshot")
        out["catalogue_without_snapshot"] = catalogue_start.measure(kg_command(), store_path, work, ROOT)

    # --- rdflib-endpoint peer ------------------------------------------------------------------
    if not args.skip_peers and raw is not None:
        dump = work / "union.nt"
        t0 = time.perf_counter()
        raw.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True).serialize(
            output=str(dump), format=ox.RdfFormat.N_TRIPLES)
        out["union_dump_s"] = round(time.perf_counter() - t0, 2)
        port = free_port()
        log(f"n={size}: rdflib-endpoint peer: loading the union graph")
        peer = Server("rdflib-endpoint", [python(), "-m", "bench.rdflib_peer", "--data", str(dump), "--port",
                                          str(port)], port, work / "rdflib-endpoint.log", cwd=ROOT)
        try:
            ask = "ASK { ?s ?p ?o }"
            peer.wait_ready(lambda c: c.post("/sparql", data={"query": ask},
                                             headers={"Accept": SPARQL_JSON}).status_code == 200, 1800)
            out["rdflib_endpoint_ready_s"] = round(peer.ready_s or 0, 2)
            peer_runs = args.peer_repeats if not large else max(3, args.peer_repeats // 2)
            with httpx.Client(base_url=peer.base, timeout=1800.0) as client:
                for name, text in texts.items():
                    log(f"n={size}: rdflib-endpoint: {name}")
                    entry = out["sparql"][name]
                    try:
                        answer = post_sparql(client, "/sparql", text)
                        entry["rdflib_agrees_with_raw"] = sparql.rows(answer) == sparql.rows(answers[name]["raw"])
                    except Exception as error:  # noqa: BLE001
                        entry["rdflib_endpoint"] = {"error": f"{type(error).__name__}: {error}"[:500]}
                        continue
                    timing = repeat(lambda: post_sparql(client, "/sparql", text), warmup=0, min_runs=3,
                                    max_runs=peer_runs, budget_s=args.budget)
                    entry["rdflib_endpoint"] = timing.summary()
                    ours = entry.get("kg_sparql", {}).get("median_ms")
                    if ours and timing.median:
                        entry["speedup_vs_rdflib"] = round(timing.median / ours, 2)
                    if timing.median and entry["raw_pyoxigraph"].get("median_ms"):
                        entry["raw_speedup_vs_rdflib"] = round(timing.median / entry["raw_pyoxigraph"]["median_ms"], 2)
            out["rdflib_endpoint_memory"] = peer.sample_memory()
        finally:
            peer.stop()
            dump.unlink(missing_ok=True)
    del raw

    # --- SHACL batch -----------------------------------------------------------------------------
    if full:
        log(f"n={size}: SHACL batch, empty store vs full store")
        out["shacl_batch"] = measure_shacl_batch(store_path, work, args.seed, args.per_doc, args.format,
                                                 args.shacl_runs)

    # --- linking (tracked commitments): its own phase, after the others, on the same store ----
    if full and not args.skip_linking:
        from bench import linking

        log(f"n={size}: linking: rebuild, documents with linking on vs off")
        out["linking"] = linking.measure_documents(store_path, work, args.seed, args.per_doc, args.format,
                                                   args.linking_runs)
        log(f"n={size}: linking: REST GET /tracked")
        out["linking"]["rest"] = linking.measure_rest(store_path, work, kg_command(), ROOT, args.rest_requests,
                                                      min(args.rest_budget, 20.0), page_through)

    out["load_average_after"] = os.getloadavg()
    if not args.keep:
        shutil.rmtree(store_path, ignore_errors=True)
        shutil.rmtree(work / "empty-store", ignore_errors=True)
    return out


# --------------------------------------------------------------------------------------------
# Summary, table, targets
# --------------------------------------------------------------------------------------------


def summarise(size_result: dict[str, Any], extraction: dict[str, Any]) -> dict[str, Any]:
    ingest = [size_result.get("ingest_sequential", {}), size_result.get("ingest_workers2", {})]
    best = max((i for i in ingest if i.get("triples_per_s")), key=lambda i: i["triples_per_s"], default={})
    rest = size_result.get("rest", {}).get("actor_commitments", {})
    queries = size_result.get("sparql", {})
    speedups = [q.get("speedup_vs_rdflib") for q in queries.values()]
    ratios = [q.get("ratio_vs_raw") for q in queries.values()]
    shacl = size_result.get("shacl_batch", {})
    memory = [size_result.get("ingest_sequential", {}).get("peak_rss_mb"),
              size_result.get("ingest_workers2", {}).get("peak_rss_mb"),
              size_result.get("ingest_workers2", {}).get("workers_peak_rss_mb"),
              (size_result.get("kg_server_memory") or {}).get("main_peak_rss_mb"),
              (size_result.get("kg_server_memory") or {}).get("max_child_peak_rss_mb")]
    memory = [m for m in memory if m is not None]
    empty, full = shacl.get("ingest_empty_ms"), shacl.get("ingest_full_ms")
    summary = {
        "ingest_triples_per_s": rnd(best.get("triples_per_s"), 0),
        "rest_actor_commitments_p50_ms": rnd(rest.get("median_ms")),
        "rest_actor_commitments_p99_ms": rnd(rest.get("p99_ms")),
        "sparql_speedup_vs_rdflib_endpoint": rnd(geomean([s for s in speedups if s]))
        if all(speedups) and speedups else None,
        "sparql_ratio_vs_raw_pyoxigraph": rnd(geomean([r for r in ratios if r]), 3)
        if all(ratios) and ratios else None,
        "shacl_batch_ms_empty_store": empty,
        "shacl_batch_ms_full_store": full,
        "extract_articles_per_s": extraction.get("articles_per_s"),
        "peak_rss_mb": max(memory) if memory else None,
        "triples": size_result.get("triples"),
        # context
        "commitments": size_result.get("commitments"),
        "ingest_mode": best.get("mode"),
        "ingest_triples_per_s_sequential": rnd(ingest[0].get("triples_per_s"), 0),
        "ingest_triples_per_s_workers2": rnd(ingest[1].get("triples_per_s"), 0),
        "sparql_ratio_vs_raw_worst": max((r for r in ratios if r), default=None),
        "sparql_speedup_vs_rdflib_worst": min((s for s in speedups if s), default=None),
        "shacl_validate_ms_empty_store": shacl.get("validate_empty_ms"),
        "shacl_validate_ms_full_store": shacl.get("validate_full_ms"),
        "shacl_batch_full_over_empty": rnd(full / empty, 3) if empty and full else None,
        **loadphase.summary_keys(size_result.get("load")),
        **_linking_keys(size_result.get("linking")),
        **targets.summary_keys(size_result),
    }
    return summary


def _linking_keys(found: dict[str, Any] | None) -> dict[str, Any]:
    if not found:
        return {}
    rest = found.get("rest", {}).get("list", {})
    return {"linking_document_ms_on": found.get("document_ms_linking_on"),
            "linking_document_ms_off": found.get("document_ms_linking_off"),
            "linking_on_over_off": found.get("linking_on_over_off"),
            "linking_rebuild_s": found.get("rebuild_s"),
            "linking_rebuild_peak_rss_mib": found.get("rebuild_peak_rss_mib"),
            "rest_tracked_list_p50_ms": rnd(rest.get("median_ms")), "rest_tracked_list_p99_ms": rnd(rest.get("p99_ms"))}


def check_targets(summary: dict[str, Any]) -> list[dict[str, Any]]:
    checks = []
    at_scale = (summary.get("triples") or 0) >= TARGET_TRIPLES * 0.9
    for key, op, threshold, description in TARGETS:
        value = summary.get(key)
        if value is None:
            verdict = "n/a"
        else:
            ok = {">=": value >= threshold, "<=": value <= threshold, "<": value < threshold}[op]
            verdict = "PASS" if ok else "FAIL"
        checks.append({"target": description, "key": key, "value": value, "op": op, "threshold": threshold,
                       "verdict": verdict, "at_target_scale": at_scale})
    return checks


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(results: dict[str, Any]) -> str:
    sizes = list(results["sizes"])
    rows: list[tuple[str, list[Any]]] = []

    def row(label: str, getter: Callable[[dict[str, Any]], Any]) -> None:
        values = []
        for size in sizes:
            try:
                values.append(getter(results["sizes"][size]))
            except (KeyError, TypeError, IndexError):
                values.append(None)
        rows.append((label, values))

    row("commitments", lambda r: r["commitments"])
    row("documents", lambda r: r["corpus"]["documents"])
    row("triples in the store (quads)", lambda r: r["triples"])
    row("triples ingested (per-document graphs)", lambda r: r["triples_ingested"])
    row("ingest triples/s, sequential", lambda r: r["ingest_sequential"]["triples_per_s"])
    row("ingest triples/s, 2 workers", lambda r: r["ingest_workers2"]["triples_per_s"])
    row("store optimized after ingest, s", lambda r: r["ingest_sequential"].get("optimize_s"))
    row("ingest peak RSS MiB (seq / 2w main)", lambda r: f"{_fmt(r['ingest_sequential']['peak_rss_mb'])} / "
        f"{_fmt(r.get('ingest_workers2', {}).get('peak_rss_mb'))}")
    row("server start / catalogue built s", lambda r: f"{_fmt(r['server_ready_s'])} / {_fmt(r['catalogue_ready_s'])}")
    row("  the same without its snapshot, s", lambda r: f"{_fmt(r['catalogue_without_snapshot']['server_ready_s'])} / "
        f"{_fmt(r['catalogue_without_snapshot']['catalogue_ready_s'])}")
    for label, key in (("REST actor commitments", "actor_commitments"), ("REST commitment by id", "commitment"),
                       ("REST commitments list page", "commitments_list"), ("REST events list page", "events_list")):
        row(f"{label} p50 / p99 ms", lambda r, key=key: (
            f"{_fmt(r['rest'][key]['median_ms'])} / {_fmt(r['rest'][key]['p99_ms'])}"
            if r["rest"][key].get("median_ms") is not None else "-"))
    for name in sparql.ORDER:
        row(f"{name}: /sparql | raw | rdflib ms", lambda r, name=name: " | ".join(
            _fmt(r["sparql"][name].get(peer, {}).get("median_ms"))
            for peer in ("kg_sparql", "raw_pyoxigraph", "rdflib_endpoint")))
    row("SHACL batch ingest ms, empty / full", lambda r: f"{_fmt(r['shacl_batch']['ingest_empty_ms'])} / "
        f"{_fmt(r['shacl_batch']['ingest_full_ms'])}")
    row("  of which SHACL validate ms, empty / full", lambda r: f"{_fmt(r['shacl_batch']['validate_empty_ms'])} / "
        f"{_fmt(r['shacl_batch']['validate_full_ms'])}")
    row("server peak RSS MiB (main / worker)", lambda r: f"{_fmt(r['kg_server_memory']['main_peak_rss_mb'])} / "
        f"{_fmt(r['kg_server_memory']['max_child_peak_rss_mb'])}")
    row("server tree MiB: peak RSS summed / peak PSS summed", lambda r: f"{_fmt(r['kg_server_memory']['tree_peak_rss_sum_mb'])} / "
        f"{_fmt(r['kg_server_memory'].get('tree_peak_pss_mb'))}")
    row("rdflib-endpoint peak RSS MiB", lambda r: r["rdflib_endpoint_memory"]["main_peak_rss_mb"])
    row("linking: document ms, on / off (ratio)", lambda r: f"{_fmt(r['linking']['document_ms_linking_on'])} / "
        f"{_fmt(r['linking']['document_ms_linking_off'])} ({_fmt(r['linking']['linking_on_over_off'], 2)}x)")
    row("linking: rebuild s / cold first document ms", lambda r: f"{_fmt(r['linking']['rebuild_s'])} / "
        f"{_fmt(r['linking']['cold_first_document_ms'])}")
    row("linking: rebuild peak RSS MiB / pairs scored", lambda r: f"{_fmt(r['linking'].get('rebuild_peak_rss_mib'))} / "
        f"{_fmt(r['linking'].get('pairs_scored'))}")
    row("REST /tracked list page p50 / p99 ms", lambda r: f"{_fmt(r['linking']['rest']['list']['median_ms'])} / "
        f"{_fmt(r['linking']['rest']['list']['p99_ms'])}")

    width = max(len(label) for label, _ in rows) + 2
    cells = [[_fmt(v) for v in values] for _, values in rows]
    col = [max(len(f"n={s}"), *(len(c[i]) for c in cells)) + 2 for i, s in enumerate(sizes)]
    lines = ["".ljust(width) + "".join(f"n={s}".rjust(col[i]) for i, s in enumerate(sizes))]
    lines.append("-" * len(lines[0]))
    for (label, _), values in zip(rows, cells):
        lines.append(label.ljust(width) + "".join(v.rjust(col[i]) for i, v in enumerate(values)))
    lines.append("")
    extraction = results.get("extraction", {})
    lines.append(f"extraction: {_fmt(extraction.get('articles_per_s'))} articles per CPU-second "
                 f"({_fmt(extraction.get('articles_per_wall_s'))} per wall-clock second) in one process"
                 + (f" ({extraction['reason']})" if extraction.get("reason") else
                    f", median {_fmt(extraction.get('median_ms_per_article'), 2)} ms per article of "
                    f"~{_fmt(extraction.get('median_chars'), 0)} chars"))
    lines.append("")
    for size in sizes:
        if results["sizes"][size].get("load"):
            lines.append(f"at n={size}, " + "\n".join(loadphase.lines(results["sizes"][size]["load"])))
            lines.append("")
    for size in sizes:
        if (peer_lines := targets.peer_table(size, results["sizes"][size])):
            lines.extend(peer_lines + [""])
    for size in sizes:
        from bench import remote

        if (remote_lines := remote.lines(results["sizes"][size].get("virtuoso") or {}, size)):
            lines.extend(remote_lines + [""])
    largest = results["largest"]
    triples = results["summary"].get("triples")
    lines.append(f"targets, at n={largest} ({_fmt(triples)} triples"
                 + ("" if (triples or 0) >= TARGET_TRIPLES * 0.9 else "; the targets are set at 1.5M triples")
                 + "):")
    for check in results["targets"]:
        lines.append(f"  [{check['verdict']:4}] {check['target']:64} measured {_fmt(check['value'], 2)} "
                     f"(target {check['op']} {_fmt(check['threshold'], 2)})")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {"python": platform.python_version(), "platform": platform.platform(),
                            "cpus": os.cpu_count()}
    try:
        info["cpu"] = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                           if line.startswith("model name"))
        info["memory_gib"] = round(int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                                            if line.startswith("MemTotal"))) / 1024 / 1024, 1)
    except (OSError, StopIteration, ValueError):
        pass
    for package in ("pyoxigraph", "rdflib", "pyshacl", "rdflib-endpoint", "fastapi", "uvicorn"):
        try:
            from importlib.metadata import version

            info[package] = version(package)
        except Exception:  # noqa: BLE001
            info[package] = None
    return info


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="commitments per corpus, comma-separated")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--per-doc", type=int, default=generate.DEFAULT_PER_DOC, help="commitments per document")
    parser.add_argument("--format", choices=["yaml", "json"], default="yaml", help="claims file format")
    parser.add_argument("--repeats", type=int, default=20, help="timed runs per query (ours and raw)")
    parser.add_argument("--peer-repeats", type=int, default=5, help="timed runs per query for rdflib-endpoint")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per query and peer before stopping early")
    parser.add_argument("--rest-requests", type=int, default=200, help="requests per REST route")
    parser.add_argument("--rest-budget", type=float, default=60.0, help="seconds per REST route before stopping early")
    parser.add_argument("--shacl-runs", type=int, default=6, help="batches timed per store")
    parser.add_argument("--stages", type=int, default=10, help="documents timed step by step after ingest")
    parser.add_argument("--extract-articles", type=int, default=200)
    parser.add_argument("--store", choices=["embedded", "virtuoso"], default="embedded",
                        help="virtuoso: also run the REST and SPARQL phases over the remote store on a Virtuoso "
                             "started by scripts/virtuoso (bench/remote.py)")
    parser.add_argument("--concurrent-seconds", type=float, default=peers.CONFIG["concurrency"]["seconds"],
                        help="seconds of each 16-client run (the REST route, /sparql and the peers on actor_page)")
    parser.add_argument("--skip-peers", action="store_true",
                        help="no peers (rdflib-endpoint; Oxigraph's server and Virtuoso, bench/peers.py)")
    parser.add_argument("--skip-workers", action="store_true", help="no --workers 2 ingest")
    parser.add_argument("--skip-load", action="store_true", help="no load phase")
    parser.add_argument("--skip-linking", action="store_true", help="no linking phase (bench/linking.py)")
    parser.add_argument("--linking-runs", type=int, default=6, help="documents timed with linking on (and as many off)")
    parser.add_argument("--load-duration", type=float, default=None,
                        help="seconds of the load phase [default 30 from 50k commitments up, else 15]")
    loadphase.add_arguments(parser, prefix="load-")
    parser.add_argument("--all-at-every-size", action="store_true",
                        help="2-worker ingest, step breakdown and SHACL batch at every size, not only the largest")
    parser.add_argument("--corpora", type=Path, default=None, help=f"corpus cache [default {generate.CACHE_DIR}]")
    parser.add_argument("--work-dir", type=Path, default=None, help="stores and logs [default: a temporary folder]")
    parser.add_argument("--keep", action="store_true", help="keep the stores and logs")
    parser.add_argument("--out", type=Path, default=DEFAULT_RESULTS)
    args = parser.parse_args(argv)
    args.size_list = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    work_root = args.work_dir or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work_root.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "command": "python -m bench.run " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": machine(), "generator_version": generate.GENERATOR_VERSION, "seed": args.seed,
        "per_doc": args.per_doc, "format": args.format, "sizes": {},
    }
    try:
        for size in args.size_list:
            results["sizes"][str(size)] = run_size(size, args, work_root, largest=size == max(args.size_list))
            partial = args.out.with_name(args.out.stem + ".partial.json")  # survives a crash at a later size
            partial.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
        log(f"extraction ({args.extract_articles} articles)")
        results["extraction"] = measure_extraction(args.extract_articles, args.seed)
    finally:
        if args.work_dir is None and not args.keep:
            shutil.rmtree(work_root, ignore_errors=True)
    largest = str(max(args.size_list))
    results["largest"] = int(largest)
    results["summary"] = summarise(results["sizes"][largest], results["extraction"])
    results["targets"] = check_targets(results["summary"])
    results["harness_peak_rss_mb"] = self_peak_rss_mb()
    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    args.out.with_name(args.out.stem + ".partial.json").unlink(missing_ok=True)
    print(table(results))
    print(f"\nresults: {args.out} ({results['elapsed_s']} s)")
    final = {key: results["summary"].get(key) for key in SUMMARY_KEYS}
    final.update({k: v for k, v in results["summary"].items() if k not in final})
    print(json.dumps(final), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
