"""Articles are extracted by machine unless reviewed claims stand beside them; users can tell which."""

from __future__ import annotations

import shutil
from pathlib import Path

from kg.ingest import Outcome, ingest_paths
from kg.store import GraphStore

from .conftest import SEED_ARTICLE, SEED_CLAIMS

REVIEWED = "SELECT ?reviewed (COUNT(?c) AS ?n) WHERE { ?c a ck:Commitment ; ck:reviewed ?reviewed } GROUP BY ?reviewed"


def counts(store: GraphStore) -> dict[str, int]:
    return {row["reviewed"].value: int(row["n"].value) for row in store.query(REVIEWED)}


def test_an_article_alone_is_ingested_as_machine_extracted(store: GraphStore, preparer, tmp_path: Path) -> None:
    article = Path(shutil.copy(SEED_ARTICLE, tmp_path))
    results = ingest_paths(store, [article], preparer)
    assert [r.outcome for r in results] == [Outcome.WRITTEN]
    assert set(counts(store)) == {"false"}


def test_a_machine_extraction_names_the_extractor_and_its_version(store: GraphStore, preparer, tmp_path: Path) -> None:
    ingest_paths(store, [Path(shutil.copy(SEED_ARTICLE, tmp_path))], preparer)
    rows = list(store.query("SELECT ?agent WHERE { ?c a ck:Commitment ; prov:wasGeneratedBy ?a . "
                            "?a a ck:Extraction ; prov:wasAssociatedWith/rdfs:label ?agent } LIMIT 1"))
    assert rows and rows[0]["agent"].value.startswith("kg-extract ")


def test_machine_extracted_claims_carry_confidence_and_cues(store: GraphStore, preparer, tmp_path: Path) -> None:
    ingest_paths(store, [Path(shutil.copy(SEED_ARTICLE, tmp_path))], preparer)
    rows = list(store.query("SELECT ?confidence ?cue WHERE { ?c ck:evidence ?e . ?e ck:confidence ?confidence ; ck:cue ?cue } LIMIT 1"))
    assert rows and 0 <= float(rows[0]["confidence"].value) <= 1 and rows[0]["cue"].value


def test_reviewed_claims_beside_the_article_are_ingested_instead(store: GraphStore, preparer, tmp_path: Path) -> None:
    shutil.copy(SEED_ARTICLE, tmp_path)
    shutil.copy(SEED_CLAIMS, tmp_path)
    results = ingest_paths(store, [tmp_path], preparer)
    assert [r.outcome for r in results] == [Outcome.WRITTEN]
    assert counts(store) == {"true": 11}


def test_a_reviewed_file_replaces_an_earlier_machine_extraction(store: GraphStore, preparer, tmp_path: Path) -> None:
    shutil.copy(SEED_ARTICLE, tmp_path)
    ingest_paths(store, [tmp_path], preparer)
    shutil.copy(SEED_CLAIMS, tmp_path)
    results = ingest_paths(store, [tmp_path], preparer)
    assert [r.outcome for r in results] == [Outcome.REPLACED]
    assert counts(store) == {"true": 11}
