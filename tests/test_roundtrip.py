"""Claims exported from the store and read in again give the same graph."""

from __future__ import annotations

from pathlib import Path

from kg.export.claims import write_claims
from kg.ingest import Outcome, ingest_paths
from kg.store import GraphStore


def test_exported_claims_reingested_give_the_same_graph(seeded_store: GraphStore, preparer, tmp_path: Path) -> None:
    written = write_claims(seeded_store, tmp_path / "exported")
    assert [p.name for p in written] == ["000-73c4d19ee7ae6c07.claims.yaml"]
    fresh = GraphStore.open(tmp_path / "fresh")
    results = ingest_paths(fresh, written, preparer)
    assert [r.outcome for r in results] == [Outcome.WRITTEN]
    assert set(fresh.quads()) == set(seeded_store.quads())


def test_reingesting_exported_claims_into_the_same_store_changes_nothing(seeded_store: GraphStore, preparer, tmp_path: Path) -> None:
    written = write_claims(seeded_store, tmp_path / "exported", fmt="json")
    results = ingest_paths(seeded_store, written, preparer)
    assert [r.outcome for r in results] == [Outcome.UNCHANGED]


def test_exported_claims_keep_quotes_offsets_and_attributions(seeded_store: GraphStore) -> None:
    from kg.export.claims import claims_of

    [(_, claims)] = list(claims_of(seeded_store))
    france = next(c for c in claims.commitments if c.committer == "France")
    assert france.type.value == "troop_deployment"
    assert france.condition == "a future peace agreement"
    assert france.attributed_to == "Bloomberg citing unnamed sources"
    assert france.quote and france.quote.startswith("In particular, the United Kingdom and France")
    assert (france.quote_start, france.quote_end) == (2562, 2711)
