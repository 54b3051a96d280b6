"""What linking costs over HTTP, on a real Virtuoso: the linker reads reports by pattern lookups
(one round trip each made about 450 a document of 100 commitments); the remote store answers
them from whole graphs and batched reads (kg/store/remote_cache.py), with the same tracked
commitments as the embedded store."""

from __future__ import annotations

import collections
from pathlib import Path

import httpx
import pytest

from kg.ingest import ingest_paths
from kg.store import GraphStore
from kg.store.remote import RemoteStore
from tests.api_fixtures import SEED_CLAIMS
from tests.virtuoso_fixtures import remote_store, virtuoso  # noqa: F401 - fixtures

DOCUMENTS = 4  # of 100 commitments each, with committers in common


def quads(store: GraphStore) -> set[tuple[str, ...]]:
    return {tuple(str(term) for term in quad) for quad in store.quads()}


@pytest.mark.parametrize("hint_together", [5000, 0], ids=["hinted-together", "hinted-per-committer"])
def test_linking_a_document_on_virtuoso_takes_tens_of_requests_and_links_as_the_embedded_store(
        remote_store: RemoteStore, preparer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        hint_together: int) -> None:
    from bench.generate import generate_corpus
    from kg.link import linker

    # 0: what the linker's batched lookup of committers found is hinted one committer at a time,
    # as when it is more than _HINT_TOGETHER quads (a rebuild of a large store)
    monkeypatch.setattr(linker, "_HINT_TOGETHER", hint_together)

    documents = list(generate_corpus(DOCUMENTS * 100, cache_dir=tmp_path / "corpora").files)
    requests: collections.Counter[str] = collections.Counter()
    send = httpx.HTTPTransport.handle_request

    def counted(transport: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        requests[request.method] += 1  # on the wire: digest challenges count too
        return send(transport, request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", counted)
    per_document = []
    for document in documents:
        before = sum(requests.values())
        assert [r.outcome.value for r in ingest_paths(remote_store, [document], preparer)] == ["written"]
        per_document.append(sum(requests.values()) - before)
    monkeypatch.undo()
    # 527-1092 a document before the lookups were batched; 31-61 (growing with the store) before
    # the committers met for the first time were looked up together (Linker._look_up); now
    # 14-15 hinted together, 15-23 hinted one committer at a time
    limit = 20 if hint_together else 35
    assert max(per_document) <= limit, per_document
    embedded = GraphStore.open(tmp_path / "embedded")
    ingest_paths(embedded, documents, preparer)
    assert quads(remote_store) == quads(embedded)


def test_lookups_of_many_objects_are_one_request_with_the_answers_of_one_lookup_each(
        remote_store: RemoteStore, preparer) -> None:
    import pyoxigraph as ox

    from kg.terms import CK

    ingest_paths(remote_store, [SEED_CLAIMS], preparer)
    committer = ox.NamedNode(str(CK.committer))
    actors = sorted({q.object for q in remote_store.raw.quads_for_pattern(None, committer, None, None)},
                    key=lambda a: a.value) + [ox.NamedNode("https://w3id.org/commitments-kg/id/actor/atlantis")]
    one_each = {q for actor in actors for q in remote_store.raw.quads_for_pattern(None, committer, actor, None)}
    assert one_each and set(remote_store.raw.quads_for_objects(committer, actors)) == one_each
