"""The load phase: many clients at once against the real server, REST reads beside /sparql, with a writer.

`bench.run` calls `run_load` at its largest size (after the one-client REST and SPARQL timings, on the
same `kg serve`, started with a write token); `python -m bench.load --store DIR` does the same on a
store of your own (it starts `kg serve` on a free loopback port and stops it afterwards).

For `duration_s` seconds, `clients` closed-loop clients (one asyncio task and one keep-alive
connection each, no think time unless `think_s` is set) send one request after another. Each request is drawn from the
client's own seeded `random.Random`: with probability `sparql_share` one of the suite's SPARQL
queries (bench/queries/*.rq, filled as the SPARQL measurement fills them: light lookups and heavy
joins and aggregates alike), otherwise one of four REST reads (an actor's commitments, one
commitment, a page of the commitments list, a page of the events list; the lists follow
`next_cursor`). One more task, the writer, POSTs a new small document (generated, named apart from
any corpus) to /documents every `write_interval_s` seconds with the bearer token.

Every answer is put in one of three bins per route class (REST read, SPARQL, write):

* answered: any 2xx; p50/p99 are over these (every request sent within the phase's time, also
  those answered after it), requests/s over those answered within it;
* refused: a 503 from /sparql that carries `Retry-After` (the server's queue for queries is full).
  The client then waits as long as Retry-After says (at most 5 s, never past the end) and sends
  the same query again, as a polite client would;
* errors: everything else: any other status (a 503 without Retry-After, or a 503 on REST or on
  a write, included), a timeout, a connection error.

When the time is up the clients send nothing new; requests in flight may finish until
`request_timeout_s`, then they are cancelled and counted as errors. Afterwards every document the
writer got a 2xx for is read back: `GET /documents/{id}` must answer 200 and list all of its
commitments, and `GET /commitments/{id}` its first one (the catalogue's path); `missing` counts
the documents for which either fails. One /sparql query checks that the workers' read-only
handles see every written graph too (`missing_sparql`, reported only). The documents are then
deleted again, so the store is left as it was.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import math
import os
import random
import re
import secrets
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from urllib.parse import urlencode, urlsplit

from bench import generate, sparql
from bench.util import cpu_seconds, percentile

SPARQL_JSON = "application/sparql-results+json"
CLASSES = ("rest", "sparql", "write")
CLASS_LABELS = {"rest": "REST read", "sparql": "SPARQL", "write": "write"}
REST_KINDS = ("actor_commitments", "commitment", "commitments_list", "events_list")


@dataclass
class LoadConfig:
    clients: int = 50
    duration_s: float = 30.0
    sparql_share: float = 0.25
    write_interval_s: float = 0.5
    write_per_doc: int = 5
    request_timeout_s: float = 30.0
    max_requests: int = 500_000  # all clients together; the phase stops at this count too
    max_retry_after_s: float = 5.0
    think_s: float = 0.0  # mean pause between a client's requests (exponential); 0: none, a closed loop
    seed: int = generate.DEFAULT_SEED
    keep_documents: bool = False


@dataclass
class LoadPlan:
    """What the clients ask for: URLs of REST reads, SPARQL texts, documents to write."""

    actor_urls: list[str]
    commitment_urls: list[str]
    list_type: str | None
    sparql_texts: dict[str, str]
    documents: list[tuple[str, bytes]] = field(default_factory=list)  # (name, JSON body)
    per_doc: int = 0


# --------------------------------------------------------------------------------------------
# A small HTTP/1.1 client: asyncio streams + httptools (the C parser uvicorn uses)
# --------------------------------------------------------------------------------------------
#
# httpx's AsyncClient costs about 1.5-2 ms of CPU per request on this machine; at a few hundred
# requests a second that is a quarter of a core taken from the server on 2 cores, and its event
# loop falls behind (the latencies it reports then include its own queueing). This client costs
# about 0.05 ms per request. One keep-alive connection per client; a reused connection that the
# server closed meanwhile is reopened once.


_RAMP_UP_S = 1.0


@dataclass
class Response:
    status_code: int
    headers: dict[str, str]  # names in lower case
    content: bytes

    def json(self) -> Any:
        return json.loads(self.content)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


class _Collector:
    __slots__ = ("headers", "body", "done")

    def __init__(self) -> None:
        self.headers: dict[str, str] = {}
        self.body: list[bytes] = []
        self.done = False

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers[name.decode("latin-1").lower()] = value.decode("latin-1")

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        self.done = True


class HttpConnection:
    """One keep-alive HTTP/1.1 connection to base_url (http only)."""

    def __init__(self, base_url: str, timeout_s: float = 30.0) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout_s = timeout_s
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._used = False

    async def request(self, method: str, url: str, *, params: dict[str, Any] | None = None,
                      data: dict[str, str] | None = None, content: bytes = b"",
                      headers: dict[str, str] | None = None) -> Response:
        target = url + ("?" + urlencode(params) if params else "")
        headers = dict(headers or {})
        if data is not None:
            content = urlencode(data).encode("utf-8")
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        head = [f"{method} {target} HTTP/1.1", f"Host: {self.host}:{self.port}",
                *(f"{k}: {v}" for k, v in headers.items())]
        if content or method in ("POST", "PUT"):
            head.append(f"Content-Length: {len(content)}")
        message = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + content
        try:
            async with asyncio.timeout(self.timeout_s):
                for attempt in (0, 1):
                    reused = self._used
                    try:
                        return await self._exchange(message)
                    except _StaleConnection:
                        self.close()
                        if not reused or attempt:
                            raise ConnectionResetError("the server closed the connection") from None
        except BaseException:
            self.close()
            raise
        raise AssertionError("unreachable")

    async def _exchange(self, message: bytes) -> Response:
        import httptools

        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
            self._used = False
        assert self._reader is not None
        self._writer.write(message)
        await self._writer.drain()
        collector = _Collector()
        parser = httptools.HttpResponseParser(collector)
        received = 0
        while not collector.done:
            data = await self._reader.read(65536)
            if not data:
                if received == 0:
                    raise _StaleConnection
                raise ConnectionResetError("the server closed the connection in the middle of an answer")
            received += len(data)
            parser.feed_data(data)
        self._used = True
        # (httptools' should_keep_alive() is False once a message is complete: not usable here)
        if collector.headers.get("connection", "").lower() == "close" or parser.get_http_version() == "1.0":
            self.close()
        return Response(parser.get_status_code(), collector.headers, b"".join(collector.body))

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None

    async def __aenter__(self) -> "HttpConnection":
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()


class _StaleConnection(Exception):
    """The server closed a kept-alive connection before answering."""


_NEXT_CURSOR = re.compile(rb'"next_cursor"\s*:\s*"((?:[^"\\]|\\.)*)"')


def next_cursor(content: bytes) -> str | None:
    """A page's next_cursor, without parsing the whole page (json.loads of 50 items: 0.3 ms)."""
    found = _NEXT_CURSOR.search(content)
    return json.loads(b'"' + found.group(1) + b'"') if found else None


# --------------------------------------------------------------------------------------------
# Plan
# --------------------------------------------------------------------------------------------


def make_documents(count: int, per_doc: int, seed: int) -> list[tuple[str, bytes]]:
    """New small documents in the claims format (JSON), named apart from every corpus and batch."""
    pool = generate.actor_pool()
    prefix = f"load-s{seed}-"
    out = []
    for index in range(count):
        data, _ = generate.document_data(pool, seed + 7_000_001, index, per_doc, prefix)
        out.append((str(data.get("document")), generate.dump(data, "json").encode("utf-8")))
    return out


def make_plan(params: dict[str, Any], texts: dict[str, str], paths: set[str], config: LoadConfig) -> LoadPlan:
    """The REST URLs and SPARQL texts of a run of bench.run (its pick_parameters and query_texts)."""
    from bench.run import _local, _route

    def template(pattern: str) -> str | None:
        route = _route(paths, pattern) if paths else None
        return re.sub(r"\{[^}]+\}", "{}", route) if route else None

    actor = template(r"/actors/\{[^}/]+\}/commitments") or "/actors/{}/commitments"
    one = template(r"/commitments/\{[^}/]+\}") or "/commitments/{}"
    documents = math.ceil(config.duration_s / config.write_interval_s) + 2 if config.write_interval_s > 0 else 0
    return LoadPlan(
        actor_urls=[actor.format(_local(iri, "actor")) for iri, _ in params["committers"]],
        commitment_urls=[one.format(_local(iri, "commitment")) for iri in params["commitment_sample"]],
        list_type=params["list_type"].rsplit("#", 1)[-1] if params.get("list_type") else None,
        sparql_texts=dict(texts),
        documents=make_documents(documents, config.write_per_doc, config.seed) if documents else [],
        per_doc=config.write_per_doc)


# --------------------------------------------------------------------------------------------
# Recording
# --------------------------------------------------------------------------------------------


def classify(route_class: str, status: int, headers: dict[str, str]) -> str:
    """'answered', 'refused' or an error kind, for one response."""
    if 200 <= status < 300:
        return "answered"
    has_retry = any(k.lower() == "retry-after" for k in headers.keys())
    if status == 503 and route_class == "sparql":
        return "refused" if has_retry else "HTTP 503 without Retry-After"
    return f"HTTP {status}"


@dataclass
class ClassRecord:
    answered: list[float] = field(default_factory=list)
    refused: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    error_examples: list[str] = field(default_factory=list)
    by_name: dict[str, list[float]] = field(default_factory=dict)
    by_name_refused: Counter[str] = field(default_factory=Counter)
    by_name_errors: Counter[str] = field(default_factory=Counter)
    answered_in_window: int = 0  # answers that arrived before the phase's time was up

    def add(self, name: str, outcome: str, ms: float, detail: str = "", *, in_window: bool = True) -> None:
        if outcome == "answered":
            self.answered_in_window += in_window
            self.answered.append(ms)
            self.by_name.setdefault(name, []).append(ms)
        elif outcome == "refused":
            self.refused.append(ms)
            self.by_name_refused[name] += 1
        else:
            self.errors[outcome] += 1
            self.by_name_errors[name] += 1
            if len(self.error_examples) < 5:
                self.error_examples.append(f"{name}: {outcome} {detail}"[:300])

    @property
    def count(self) -> int:
        return len(self.answered) + len(self.refused) + sum(self.errors.values())


def _ms(values: list[float], q: float) -> float | None:
    return round(percentile(values, q), 2) if values else None


def summarise_class(record: ClassRecord, window_s: float) -> dict[str, Any]:
    return {
        "requests": record.count, "answered": len(record.answered),
        "answered_per_s": round(record.answered_in_window / window_s, 1) if window_s > 0 else None,
        "p50_ms": _ms(record.answered, 50), "p90_ms": _ms(record.answered, 90),
        "p99_ms": _ms(record.answered, 99), "max_ms": round(max(record.answered), 2) if record.answered else None,
        "refused": len(record.refused), "refused_p50_ms": _ms(record.refused, 50),
        "errors": sum(record.errors.values()), "error_kinds": dict(record.errors),
        "error_examples": record.error_examples,
        "by_name": {name: {"answered": len(values), "p50_ms": _ms(values, 50), "p99_ms": _ms(values, 99),
                           "refused": record.by_name_refused.get(name, 0),
                           "errors": record.by_name_errors.get(name, 0)}
                    for name, values in sorted(record.by_name.items())}
        | {name: {"answered": 0, "refused": record.by_name_refused.get(name, 0),
                  "errors": record.by_name_errors.get(name, 0)}
           for name in set(record.by_name_refused) | set(record.by_name_errors) if name not in record.by_name},
    }


# --------------------------------------------------------------------------------------------
# The phase
# --------------------------------------------------------------------------------------------


Connect = Callable[[str, float], Any]  # (base_url, timeout_s) -> an HttpConnection-like object


class _Phase:
    def __init__(self, base_url: str, plan: LoadPlan, config: LoadConfig, write_token: str | None,
                 connect: Connect) -> None:
        self.base_url = base_url
        self.plan = plan
        self.config = config
        self.write_token = write_token
        self.connect = connect
        self.records = {name: ClassRecord() for name in CLASSES}
        self.sent = 0
        self.retry_waits = 0  # times a client waited for Retry-After before asking again
        self.per_client_sparql: list[int] = [0] * config.clients
        self.written: list[dict[str, Any]] = []
        self.lag: list[float] = []
        self.started = 0.0
        self.stop_at = 0.0
        self.last_done = 0.0

    def connection(self) -> Any:
        return self.connect(self.base_url, self.config.request_timeout_s)

    async def request(self, connection: Any, route_class: str, name: str, method: str, url: str,
                      **kwargs: Any) -> Response | None:
        self.sent += 1
        record = self.records[route_class]
        t0 = time.perf_counter()
        try:
            response = await connection.request(method, url, **kwargs)
        except asyncio.CancelledError:
            record.add(name, "cancelled at the phase's end", (time.perf_counter() - t0) * 1000)
            raise
        except TimeoutError:
            record.add(name, "timeout", (time.perf_counter() - t0) * 1000)
            return None
        except Exception as error:  # noqa: BLE001 - connection refused or reset, a bad answer: an error
            record.add(name, type(error).__name__, (time.perf_counter() - t0) * 1000, str(error))
            return None
        finally:
            self.last_done = time.perf_counter()
        ms = (self.last_done - t0) * 1000
        outcome = classify(route_class, response.status_code, response.headers)
        record.add(name, outcome, ms, "" if outcome == "answered" else response.text[:200],
                   in_window=self.last_done <= self.stop_at)
        return response

    def more(self) -> bool:
        return time.perf_counter() < self.stop_at and self.sent < self.config.max_requests

    async def reader(self, index: int) -> None:
        rng = random.Random(f"load:{self.config.seed}:{index}")
        names = list(self.plan.sparql_texts)
        cursors: dict[str, str | None] = {"commitments_list": None, "events_list": None}
        connection = self.connection()
        try:
            # Clients join over the first second, evenly, as users of a service do; 50 first requests
            # in the same millisecond measure the server's queue for one burst (every REST read of it
            # waited 60-150 ms, none after it), not its service.
            await asyncio.sleep(min(index * _RAMP_UP_S / max(self.config.clients, 1), self.remaining()))
            while self.more():
                if names and rng.random() < self.config.sparql_share:
                    await self.sparql_query(connection, index, rng.choice(names))
                else:
                    await self.rest_read(connection, rng, cursors)
                if self.config.think_s > 0:
                    await asyncio.sleep(min(rng.expovariate(1 / self.config.think_s), self.remaining()))
        finally:
            connection.close()

    async def sparql_query(self, connection: Any, index: int, name: str) -> None:
        """One query; refused (503 + Retry-After), the client waits as told and asks again."""
        while True:
            response = await self.request(connection, "sparql", name, "POST", "/sparql",
                                          data={"query": self.plan.sparql_texts[name]},
                                          headers={"Accept": SPARQL_JSON})
            if response is None or response.status_code != 503 or "retry-after" not in response.headers:
                if response is not None and response.status_code == 200:
                    self.per_client_sparql[index] += 1
                return
            self.retry_waits += 1
            await asyncio.sleep(min(_retry_after(response, self.config.max_retry_after_s), self.remaining()))
            if not self.more():
                return

    def remaining(self) -> float:
        return max(0.0, self.stop_at - time.perf_counter())

    async def rest_read(self, connection: Any, rng: random.Random, cursors: dict[str, str | None]) -> None:
        kind = rng.choice(REST_KINDS)
        if kind == "actor_commitments" and self.plan.actor_urls:
            await self.request(connection, "rest", kind, "GET", rng.choice(self.plan.actor_urls))
            return
        if kind == "commitment" and self.plan.commitment_urls:
            await self.request(connection, "rest", kind, "GET", rng.choice(self.plan.commitment_urls))
            return
        if kind == "commitments_list":
            url, params = "/commitments", {"limit": 50, **({"type": self.plan.list_type} if self.plan.list_type else {})}
        else:
            kind, url, params = "events_list", "/events", {"limit": 50}
        if cursors[kind]:
            params["cursor"] = cursors[kind]
        response = await self.request(connection, "rest", kind, "GET", url, params=params)
        # after the last page (or an error), back to the first
        cursors[kind] = next_cursor(response.content) if response is not None and response.status_code == 200 else None

    async def writer(self) -> None:
        if not self.plan.documents or self.config.write_interval_s <= 0:
            return
        headers = {"Content-Type": "application/json",
                   **({"Authorization": f"Bearer {self.write_token}"} if self.write_token else {})}
        connection = self.connection()
        try:
            for number, (document, body) in enumerate(self.plan.documents):
                slot = self.started + number * self.config.write_interval_s
                if slot > time.perf_counter():
                    await asyncio.sleep(slot - time.perf_counter())
                if not self.more():
                    break
                response = await self.request(connection, "write", "POST /documents", "POST", "/documents",
                                              content=body, headers=headers)
                if response is not None and 200 <= response.status_code < 300:
                    answer = response.json()
                    self.written.append({"id": answer.get("id"), "iri": answer.get("iri"), "document": document,
                                         "outcome": answer.get("outcome")})
        finally:
            connection.close()

    async def ticker(self) -> None:
        """How late the client's own event loop wakes up: the load generator's share of the latencies."""
        while self.more():
            t0 = time.perf_counter()
            await asyncio.sleep(0.01)
            self.lag.append(max(0.0, (time.perf_counter() - t0 - 0.01) * 1000))

    async def run(self) -> None:
        self.started = time.perf_counter()
        self.stop_at = self.started + self.config.duration_s
        self.last_done = self.started
        tasks = [asyncio.create_task(self.reader(i)) for i in range(self.config.clients)]
        tasks += [asyncio.create_task(self.writer()), asyncio.create_task(self.ticker())]
        # Requests in flight at the end may finish, each within its timeout; then everything stops.
        hard_stop = self.config.duration_s + self.config.request_timeout_s + 5.0
        done, pending = await asyncio.wait(tasks, timeout=hard_stop)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        for task in done:
            if task.exception() is not None:
                raise task.exception()  # type: ignore[misc]

    async def verify(self) -> dict[str, Any]:
        """Every document the writer got a 2xx for, read back; then deleted again (unless kept)."""
        missing, examples = 0, []
        headers = {"Authorization": f"Bearer {self.write_token}"} if self.write_token else {}
        connection = self.connection()
        try:
            for item in self.written:
                problem = await self._read_back(connection, item)
                if problem:
                    missing += 1
                    if len(examples) < 5:
                        examples.append(problem[:300])
            missing_sparql = await self.sparql_visible(connection)
            deleted = 0
            if not self.config.keep_documents:
                for item in self.written:
                    try:
                        response = await connection.request("DELETE", f"/documents/{item['id']}", headers=headers)
                        deleted += response.status_code == 204
                    except Exception:  # noqa: BLE001 - reported as the count deleted
                        pass
        finally:
            connection.close()
        return {"documents_written": len(self.written), "documents_missing": missing,
                "documents_missing_sparql": missing_sparql, "missing_examples": examples,
                "documents_deleted_after": deleted}

    async def _read_back(self, connection: Any, item: dict[str, Any]) -> str | None:
        try:
            response = await connection.request("GET", f"/documents/{item['id']}")
            if response.status_code != 200:
                return f"GET /documents/{item['id']}: HTTP {response.status_code}"
            listed = response.json().get("commitments") or []
            if len(listed) != self.plan.per_doc:
                return f"{item['id']}: {len(listed)} of {self.plan.per_doc} commitments listed"
            first = listed[0].get("id")
            one = await connection.request("GET", f"/commitments/{first}")
            if one.status_code != 200:
                return f"GET /commitments/{first}: HTTP {one.status_code}"
        except Exception as error:  # noqa: BLE001
            return f"{item['id']}: {type(error).__name__}: {error}"
        return None

    async def sparql_visible(self, connection: Any) -> int | None:
        """How many written graphs one /sparql query does not see (None if it could not be asked)."""
        graphs = [item["iri"] for item in self.written if item.get("iri")]
        if not graphs:
            return 0
        values = " ".join(sparql.iri(g) for g in graphs)
        query = f"SELECT DISTINCT ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        try:
            response = await connection.request("POST", "/sparql", data={"query": query},
                                                headers={"Accept": SPARQL_JSON})
            if response.status_code != 200:
                return None
            found = {b["g"]["value"] for b in response.json()["results"]["bindings"]}
        except Exception:  # noqa: BLE001
            return None
        return len(set(graphs) - found)


def _retry_after(response: Response, cap: float) -> float:
    value = response.headers.get("retry-after", "")
    try:
        return min(cap, max(0.0, float(value)))
    except ValueError:
        return min(cap, 1.0)


def _cpu(pids: list[int]) -> float | None:
    values = [cpu_seconds(pid) for pid in pids]
    values = [v for v in values if v is not None]
    return sum(values) if values else None


def warm_up(base_url: str, plan: LoadPlan, clients: int) -> None:
    """What a server in service has done before: each kind of request once, then one concurrent
    round of REST reads (handler threads started, first-use imports and caches). Without it the
    first second of the phase measures the process's start, not its service: every REST read of
    the first burst waited 60-120 ms, and none after it."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    reads = [*plan.actor_urls[:3], *plan.commitment_urls[:3], "/commitments?limit=50", "/events?limit=50"]
    with httpx.Client(base_url=base_url, timeout=60) as client:
        for url in reads:
            client.get(url)
        for text in plan.sparql_texts.values():
            client.post("/sparql", content=text, headers={"content-type": "application/sparql-query"})

    def read(index: int) -> None:
        with httpx.Client(base_url=base_url, timeout=60) as client:
            client.get(reads[index % len(reads)])

    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(read, range(clients)))


def run_load(base_url: str, plan: LoadPlan, config: LoadConfig, *, write_token: str | None = None,
             server_pid: int | None = None, connect: Connect = HttpConnection) -> dict[str, Any]:
    """The whole phase (blocking): traffic for `duration_s`, then the read-back. Returns every figure."""
    from bench.util import children_of

    phase = _Phase(base_url, plan, config, write_token, connect)
    server_main_before = cpu_seconds(server_pid) if server_pid else None
    workers_before = children_of(server_pid) if server_pid else []
    server_workers_before = _cpu(workers_before)
    own_cpu = time.process_time()
    load_before = os.getloadavg()

    runner_args: dict[str, Any] = {}
    try:
        import uvloop  # the client's own overhead matters on a 2-core machine

        runner_args["loop_factory"] = uvloop.new_event_loop
    except ImportError:
        pass
    with asyncio.Runner(**runner_args) as runner:
        runner.run(phase.run())
        # Rates count the answers that arrived within the phase's time (or until it stopped at its
        # request cap); latencies count every request sent, including those answered after the end.
        elapsed = max(phase.last_done - phase.started, 1e-9)
        window = max(min(phase.last_done, phase.stop_at) - phase.started, 1e-9)
        generator_cpu = time.process_time() - own_cpu
        server_main = cpu_seconds(server_pid) if server_pid else None
        workers_after = children_of(server_pid) if server_pid else []
        server_workers = _cpu(workers_after)
        load_after = os.getloadavg()
        verification = runner.run(phase.verify())

    classes = {name: summarise_class(phase.records[name], window) for name in CLASSES}
    answered = sum(phase.records[name].answered_in_window for name in CLASSES)
    per_client = phase.per_client_sparql
    return {
        "clients": config.clients, "duration_s": config.duration_s, "elapsed_s": round(elapsed, 2),
        "sparql_share": config.sparql_share, "write_interval_s": config.write_interval_s,
        "write_per_doc": config.write_per_doc, "request_timeout_s": config.request_timeout_s, "seed": config.seed,
        "think_s": config.think_s,
        "sparql_queries": list(plan.sparql_texts),
        "requests": sum(c["requests"] for c in classes.values()),
        "answered_per_s": round(answered / window, 1), "window_s": round(window, 2),
        "refused": sum(c["refused"] for c in classes.values()),
        "errors": sum(c["errors"] for c in classes.values()),
        "classes": classes,
        "sparql_retries_after_refusal": phase.retry_waits,
        "sparql_answered_per_client": {"min": min(per_client), "median": statistics.median(per_client),
                                       "max": max(per_client)} if per_client else None,
        "client_loop_lag_ms": {"p50": _ms(phase.lag, 50), "p99": _ms(phase.lag, 99),
                               "max": round(max(phase.lag), 2) if phase.lag else None},
        "cpu_s": {"load_generator": round(generator_cpu, 2),
                  "server_main": _delta(server_main, server_main_before),
                  # a worker killed at a deadline and replaced takes its CPU seconds with it
                  "server_query_workers": _delta(server_workers, server_workers_before)
                  if workers_after == workers_before else (round(server_workers, 2) if server_workers else None),
                  "wall": round(elapsed, 2)},
        "load_average_before": load_before, "load_average_after": load_after,
        **verification,
    }


def _delta(after: float | None, before: float | None) -> float | None:
    return round(after - before, 2) if after is not None and before is not None else None


# --------------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------------


def summary_keys(load: dict[str, Any] | None) -> dict[str, Any]:
    """The load phase's figures for the last line of bench.run (None when it did not run)."""
    load = load or {}
    classes = load.get("classes") or {}
    rest, query, write = (classes.get(name) or {} for name in CLASSES)
    return {
        "load_requests_per_s": load.get("answered_per_s"),
        "load_rest_p50_ms": rest.get("p50_ms"), "load_rest_p99_ms": rest.get("p99_ms"),
        "load_sparql_p50_ms": query.get("p50_ms"), "load_sparql_p99_ms": query.get("p99_ms"),
        "load_sparql_refused": query.get("refused"),
        "load_errors": load.get("errors"), "load_missing_documents": load.get("documents_missing"),
        # context
        "load_rest_per_s": rest.get("answered_per_s"), "load_sparql_per_s": query.get("answered_per_s"),
        "load_writes": write.get("answered"), "load_write_p99_ms": write.get("p99_ms"),
        "load_clients": load.get("clients"), "load_duration_s": load.get("duration_s"),
    }


def lines(load: dict[str, Any]) -> list[str]:
    """The phase as a small table: one line per route class, then the read-back."""
    def cell(value: Any) -> str:
        if value is None:
            return "-"
        return f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"

    writer = f" + 1 writer (every {load['write_interval_s']:g} s)" if load.get("write_interval_s") else ", no writer"
    out = [f"load phase: {load['clients']} clients{writer}, {load['duration_s']:g} s "
           f"({load['elapsed_s']:g} s until the last answer), SPARQL share {load['sparql_share']:g}; "
           f"{cell(load['answered_per_s'])} requests/s answered"]
    out.append(f"  {'class':10} {'req/s':>8} {'p50 ms':>9} {'p99 ms':>9} {'answered':>9} {'refused':>8} {'errors':>7}")
    for name in CLASSES:
        c = load["classes"][name]
        out.append(f"  {CLASS_LABELS[name]:10} {cell(c['answered_per_s']):>8} {cell(c['p50_ms']):>9} "
                   f"{cell(c['p99_ms']):>9} {cell(c['answered']):>9} {cell(c['refused']):>8} {cell(c['errors']):>7}")
    kinds = Counter()
    for name in CLASSES:
        kinds.update({f"{name}: {k}": v for k, v in load["classes"][name]["error_kinds"].items()})
    if kinds:
        out.append("  errors: " + ", ".join(f"{k} x{v}" for k, v in kinds.most_common()))
    cpu = load.get("cpu_s") or {}
    lag = load.get("client_loop_lag_ms") or {}
    out.append(f"  documents written {load['documents_written']}, missing afterwards {load['documents_missing']} "
               f"(through /sparql: {cell(load.get('documents_missing_sparql'))}); CPU s: server "
               f"{cell(cpu.get('server_main'))}, query workers {cell(cpu.get('server_query_workers'))}, "
               f"load generator {cell(cpu.get('load_generator'))} of {cell(cpu.get('wall'))} s wall; "
               f"client loop lag p99 {cell(lag.get('p99'))} ms")
    return out


# --------------------------------------------------------------------------------------------
# Stand-alone: python -m bench.load --store DIR
# --------------------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser, *, prefix: str = "") -> None:
    defaults = LoadConfig()
    parser.add_argument(f"--{prefix}clients", type=int, default=defaults.clients, help="concurrent reading clients")
    parser.add_argument(f"--{prefix}sparql-share", type=float, default=defaults.sparql_share,
                        help="share of the clients' requests that are SPARQL queries")
    parser.add_argument(f"--{prefix}write-interval", type=float, default=defaults.write_interval_s,
                        help="seconds between the writer's documents (0: no writer)")
    parser.add_argument(f"--{prefix}write-per-doc", type=int, default=defaults.write_per_doc,
                        help="commitments per written document")
    parser.add_argument(f"--{prefix}think", type=float, default=defaults.think_s,
                        help="mean seconds a client pauses between requests (0: a closed loop, as in the issue)")
    parser.add_argument(f"--{prefix}request-timeout", type=float, default=defaults.request_timeout_s,
                        help="seconds before a request counts as an error (timeout)")


def config_from(args: argparse.Namespace, duration_s: float, seed: int, *, prefix: str = "") -> LoadConfig:
    get = lambda name: getattr(args, prefix.replace("-", "_") + name)  # noqa: E731
    return LoadConfig(clients=get("clients"), duration_s=duration_s, sparql_share=get("sparql_share"),
                      write_interval_s=get("write_interval"), write_per_doc=get("write_per_doc"),
                      request_timeout_s=get("request_timeout"), think_s=get("think"), seed=seed)


def main(argv: list[str] | None = None) -> int:
    import httpx

    from bench.run import kg_command, openapi_paths, pick_parameters, query_texts
    from bench.util import Server, free_port

    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a store (bench.run --keep leaves one)")
    parser.add_argument("--duration", type=float, default=LoadConfig.duration_s, help="seconds of traffic")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--log", type=Path, default=None, help="the server's log [default: beside the store]")
    parser.add_argument("--out", type=Path, default=None, help="write every figure here as JSON")
    add_arguments(parser)
    args = parser.parse_args(argv)
    config = config_from(args, args.duration, args.seed)

    import pyoxigraph as ox

    raw = ox.Store.read_only(str(args.store))
    params = pick_parameters(raw, args.seed)
    texts = query_texts(params)
    del raw
    token = secrets.token_urlsafe(18)
    port = free_port()
    log_path = args.log or args.store.parent / "kg-serve-load.log"
    server = Server("kg serve", kg_command() + ["serve", "--store", str(args.store), "--host", "127.0.0.1",
                                                "--port", str(port)], port,
                    log_path, env={"KG_WRITE_TOKEN": token}, cwd=Path(__file__).resolve().parent.parent)
    try:
        server.wait_ready(lambda c: c.get("/health").status_code == 200, 120)
        server.wait_ready(lambda c: c.get("/health").json().get("catalogue") in ("ready", "off"), 600)
        with httpx.Client(base_url=server.base, timeout=30) as client:
            paths = openapi_paths(client)
        plan = make_plan(params, texts, paths, config)
        warm_up(server.base, plan, config.clients)
        print(f"[load {time.strftime('%H:%M:%S')}] {config.clients} clients, {config.duration_s:g} s, "
              f"server {server.base} (log {log_path})", file=sys.stderr, flush=True)
        result = run_load(server.base, plan, config, write_token=token, server_pid=server.process.pid)
        result["started"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    finally:
        server.stop()
    print("\n".join(lines(result)))
    if args.out:
        args.out.write_text(json.dumps(result, indent=1, default=str) + "\n", encoding="utf-8")
    print(json.dumps(summary_keys(result)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
