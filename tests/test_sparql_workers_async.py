"""The query workers awaited on the event loop (QueryWorkers.answer), as /sparql uses them: under
uvloop as under asyncio, large answers, cancellation, and queries waiting in line."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
import uvloop

from kg.query.sparql import SparqlRequest
from kg.query.workers import QueryWorkers
from kg.store import GraphStore
from tests.api_fixtures import api_store  # noqa: F401 - fixture

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
PAD = "x" * 2_000
LARGE = f'SELECT ?s ?p ?o ?pad WHERE {{ ?s ?p ?o BIND("{PAD}" AS ?pad) }} LIMIT 1000'  # megabytes of JSON


def request(query: str) -> SparqlRequest:
    return SparqlRequest(query=query, accept="application/sparql-results+json")


@pytest.fixture()
def workers(api_store: GraphStore) -> Iterator[QueryWorkers]:  # noqa: F811 - fixture
    assert api_store.path is not None
    pool = QueryWorkers(api_store.path, 1, timeout_s=20.0)
    pool.start()
    deadline = time.monotonic() + 30
    while not pool.pids() and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield pool
    finally:
        pool.close()


@pytest.mark.parametrize("loop", ["asyncio", "uvloop"])
def test_a_large_answer_arrives_whole_and_the_pipe_stays_blocking_for_run(workers: QueryWorkers, loop: str) -> None:
    # uvloop makes a watched descriptor non-blocking: a multi-megabyte answer must still be read
    # whole, and the thread path (`run`) must find the pipe as it expects it afterwards.
    runner = uvloop.run if loop == "uvloop" else asyncio.run
    answer = runner(workers.answer(request(LARGE)))
    assert answer.count > 20 and len(answer.body) > answer.count * len(PAD)
    again = workers.run(request(LARGE))
    assert again.body == answer.body
    assert runner(workers.answer(request("ASK { ?s ?p ?o }"))).body.endswith(b"true}")


def test_a_cancelled_query_retires_its_worker_and_the_next_query_is_answered(workers: QueryWorkers) -> None:
    before = workers.pids()

    async def cancel_midway() -> None:
        task = asyncio.ensure_future(workers.answer(request(SLOW)))
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    uvloop.run(cancel_midway())
    assert not set(before) & set(workers.pids())  # the busy worker was killed, not put back
    answer = uvloop.run(workers.answer(request("ASK { ?s ?p ?o }")))
    assert answer.body.endswith(b"true}")


def test_a_query_that_finds_no_idle_worker_waits_in_line_and_is_answered(workers: QueryWorkers) -> None:
    async def two_at_once() -> list[bytes]:
        first = asyncio.ensure_future(workers.answer(request(LARGE)))
        second = asyncio.ensure_future(workers.answer(request("ASK { ?s ?p ?o }")))
        return [a.body for a in await asyncio.gather(first, second)]

    large, ask = uvloop.run(two_at_once())
    assert len(large) > len(PAD) and ask.endswith(b"true}")


def _cpu_ticks(pid: int) -> int:
    fields = open(f"/proc/{pid}/stat", encoding="ascii").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def test_queries_one_after_another_go_to_the_worker_that_answered_last(api_store: GraphStore) -> None:  # noqa: F811
    # Its caches are warm: handing queries to the workers in turn cost a point lookup ~0.4 ms more.
    assert api_store.path is not None
    pool = QueryWorkers(api_store.path, 2, timeout_s=20.0)
    pool.start()
    try:
        deadline = time.monotonic() + 30
        while len(pool.pids()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        pool.run(request("ASK { ?s ?p ?o }"))
        before = {pid: _cpu_ticks(pid) for pid in pool.pids()}
        for _ in range(200):
            asyncio.run(pool.answer(request("SELECT ?s WHERE { ?s ?p ?o } LIMIT 50")))
            pool.run(request("SELECT ?s WHERE { ?s ?p ?o } LIMIT 50"))
        used = sorted(_cpu_ticks(pid) - ticks for pid, ticks in before.items())
        assert used[0] == 0 and used[1] > 0
    finally:
        pool.close()
