"""Roles at a date: who held a post on a day, and commitments announced by a head of government,
as named queries over the gazetteer's tenures (ck:Tenure with OWL-Time intervals)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox

from kg.ingest import ingest_paths
from kg.query import named
from kg.store import GraphStore

ID = "https://w3id.org/commitments-kg/id/"
CLAIMS = """document: roles-test.txt
published: 2024-08-02
actors:
  - {name: Denmark, kind: state}
  - {name: Ukraine, kind: state}
  - {name: Mette Frederiksen, kind: person}
  - {name: Lars Løkke Rasmussen, kind: person}
commitments:
  - committer: Denmark
    type: arms_delivery
    beneficiary: Ukraine
    status: pledged
    date: 2024-08-01
    announced_by: Mette Frederiksen
    quote: Denmark will send more F-16s to Ukraine, Frederiksen said.
  - committer: Denmark
    type: financial_aid
    beneficiary: Ukraine
    status: pledged
    announced_by: Lars Løkke Rasmussen
    quote: Denmark will fund the repair of Ukraine's power grid, Rasmussen said.
"""


def test_who_held_a_post_on_a_date(tmp_path: Path, preparer) -> None:
    store = GraphStore.open(tmp_path / "store")
    (tmp_path / "roles.yaml").write_text(CLAIMS, encoding="utf-8")
    assert [r.outcome.value for r in ingest_paths(store, [tmp_path / "roles.yaml"], preparer)] == ["written"]
    post = ox.NamedNode(ID + "post/prime-minister-of-denmark")
    holders = named.rows(store, "post_holder_at", post=post, day=dt.date(2024, 1, 1))
    assert [row["name"].value for row in holders] == ["Mette Frederiksen"]
    assert named.rows(store, "post_holder_at", post=post, day=dt.date(2010, 1, 1)) == []


def test_commitments_announced_by_a_head_of_government(tmp_path: Path, preparer) -> None:
    store = GraphStore.open(tmp_path / "store")
    (tmp_path / "roles.yaml").write_text(CLAIMS, encoding="utf-8")
    ingest_paths(store, [tmp_path / "roles.yaml"], preparer)
    rows = named.rows(store, "announced_by_head_of_government", committer=ox.NamedNode(ID + "actor/denmark"))
    assert [(row["name"].value, row["title"].value, row["day"].value) for row in rows] == [
        ("Mette Frederiksen", "Prime Minister", "2024-08-01")]  # the foreign minister's is not
