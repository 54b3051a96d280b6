"""The status history lists a tracked commitment's undated reports last, as the linker reads them
(kg.link.reports.Report.sort_key), so each report's status_after agrees with the current status."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.query import named
from kg.store import GraphStore

CK = "https://w3id.org/commitments-kg/ontology#"
ID = "https://w3id.org/commitments-kg/id/"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def test_an_undated_report_comes_after_the_dated_ones(tmp_path: Path) -> None:
    store = GraphStore.open(tmp_path / "store")
    t, early, undated = f"{ID}tracked/t1", f"{ID}commitment/a-early", f"{ID}commitment/0-undated"
    lines = [f"<{t}> <{CK}report> <{c}> ." for c in (early, undated)]
    for c, status in ((early, "pledged"), (undated, "delivered")):
        lines += [f"<{c}> <{RDF_TYPE}> <{CK}Commitment> .", f"<{c}> <{CK}status> <{CK}{status}> .",
                  f"<{c}> <{PROV}wasDerivedFrom> <{ID}document/d-{c[-5:]}> ."]
    lines.append(f'<{early}> <{CK}date> "2025-01-10"^^<http://www.w3.org/2001/XMLSchema#date> .')
    store.add_ntriples(f"{ID}graph/test", "\n".join(lines) + "\n")
    order = [row["c"].value for row in named.iter_rows(store, "tracked_history", t=ox.NamedNode(t))]
    assert order == [early, undated]
