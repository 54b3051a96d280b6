"""Named queries that ask, in their header, for their joins in the order written reach Virtuoso
with that planning option (Virtuoso 7.2 spent ~2 s planning each event's facts query, whose 16
OPTIONALs it answered in 4 ms), and answer as over the embedded store; other queries are planned
by the server."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest
import pyoxigraph as ox

from kg.ingest import ingest_paths
from kg.query import named
from kg.store import GraphStore
from kg.store.remote import RemoteStore
from tests.api_fixtures import SEED_CLAIMS
from tests.virtuoso_fixtures import remote_store, virtuoso  # noqa: F401 - fixtures

AS_WRITTEN = 'define sql:select-option "order"'
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
EVENT = ox.NamedNode("https://w3id.org/commitments-kg/ontology#Event")


def sent_queries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every query sent to the server from now on."""
    sent: list[str] = []
    send = httpx.HTTPTransport.handle_request

    def record(transport: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        sent.extend(parse_qs(request.content.decode("utf-8")).get("query", []))
        return send(transport, request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", record)
    return sent


def rows(store: GraphStore | RemoteStore, name: str, **values: object) -> list[dict[str, str]]:
    return sorted(({k: str(v) for k, v in row.items()} for row in named.rows(store, name, **values)),
                  key=lambda row: sorted(row.items()))


def first_event(store: GraphStore) -> ox.NamedNode:
    return next(iter(store.raw.quads_for_pattern(None, RDF_TYPE, EVENT, None))).subject


def test_the_event_query_says_to_join_as_written_and_virtuoso_is_asked_so(
        remote_store: RemoteStore, preparer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "# plan: as written" in named.named_query("event").text
    embedded = GraphStore.open(tmp_path / "embedded")
    for store in (embedded, remote_store):
        ingest_paths(store, [SEED_CLAIMS], preparer, link=False)
    event = first_event(embedded)
    sent = sent_queries(monkeypatch)
    found = rows(remote_store, "event", e=event)
    assert [text for text in sent if "ck:eventKind" in text and AS_WRITTEN in text]
    assert found == rows(embedded, "event", e=event) and found


def test_queries_without_the_header_line_are_planned_by_the_server(
        remote_store: RemoteStore, preparer, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest_paths(remote_store, [SEED_CLAIMS], preparer, link=False)
    sent = sent_queries(monkeypatch)
    assert rows(remote_store, "actors_count")
    assert sent and not any(AS_WRITTEN in text for text in sent)
