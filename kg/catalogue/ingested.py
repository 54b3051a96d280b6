"""The catalogue's snapshot written by the ingest, so that the server's first start after
`kg ingest` loads the lists in about a second instead of reading the whole store (20 s at 100k
commitments).

The Preparer already holds every document's triples as terms; kg.catalogue.records reads the
records from them there (read_triples, in the worker processes). At the end of a run the
snapshot is saved for the store as it now is, when records are known for every document graph
in it: from this run, or from a snapshot that was valid for the store before the run. Otherwise
nothing is saved and the server builds the catalogue from the store as before.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pyoxigraph as ox

from kg.catalogue import snapshot
from kg.catalogue.records import DocumentRecords
from kg.rdf.mapping import ACTORS_GRAPH, ONTOLOGY_GRAPH
from kg.store import GraphStore
from kg.terms import ID

log = logging.getLogger(__name__)
_SHARED = frozenset({str(ACTORS_GRAPH), str(ONTOLOGY_GRAPH)})
_DOCUMENTS = str(ID) + "document/"


def beside(store_path: Path) -> Path:
    """Where the server looks for the snapshot: beside the store's folder (the folder is RocksDB's)."""
    return store_path.parent / f"{store_path.name}.catalogue.json"


class IngestSnapshot:
    """Records of the documents a run wrote or found unchanged, and the snapshot that held the
    others before the run."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.path = beside(store.path) if store.path is not None else None
        self._records: dict[str, DocumentRecords] = {}
        self._before = self._saved() if self.path is not None else None
        self._encoded: snapshot.Encoded | None = None

    def _saved(self) -> dict[str, DocumentRecords] | None:
        """The records of the store's documents before the run: none when it has none, else those
        of a snapshot made from exactly this content (None when there is no such snapshot)."""
        assert self.path is not None
        if not any(self._documents()):
            return {}
        mark = snapshot.fingerprint(self.store, _SHARED)
        saved = snapshot.load(self.path, mark) if mark is not None else None
        return {found.document.iri: found for found in saved} if saved is not None else None

    def _documents(self) -> list[str]:
        return [graph.value for graph in self.store.raw.named_graphs()
                if isinstance(graph, ox.NamedNode) and graph.value.startswith(_DOCUMENTS)]

    def add(self, iri: str, records: DocumentRecords | None) -> None:
        """A document of this run that is in the store as `records` say (written or unchanged)."""
        if records is not None:
            self._records[iri] = records

    def encode_ahead(self) -> None:
        """Encode the snapshot's records now, for the documents known so far (those the store will
        hold once the writes in flight are done): an ingest calls it while its last bulk batch
        loads, on the other core, instead of after (1.6-3.2 s at 100k commitments). save() uses it
        when the store then holds exactly these documents."""
        if self.path is None or self._before is None:
            return
        known = {**self._before, **self._records}
        self._encoded = snapshot.Encoded([known[iri] for iri in sorted(known) if known[iri].listed])

    def save(self) -> bool:
        """Write the snapshot for the store as it is now, if every document's records are known."""
        if self.path is None:
            return False
        known = {**(self._before or {}), **self._records}
        documents = self._documents()
        missing = [iri for iri in documents if iri not in known]
        mark = None if missing else snapshot.fingerprint(self.store, _SHARED)  # no need to read every hash
        if missing or mark is None:
            log.info("no catalogue snapshot after this ingest (%s); the server will read the store",
                     f"{len(missing)} documents' records unknown" if missing else "a graph without a content hash")
            return False
        kept = [known[iri] for iri in documents if known[iri].listed]  # as the catalogue's own build keeps them
        ahead, self._encoded = self._encoded, None
        try:
            if ahead is not None and ahead.iris == frozenset(found.document.iri for found in kept):
                snapshot.write(self.path, mark, ahead)
                return True
            snapshot.save(self.path, mark, kept)
        except OSError as error:
            log.warning("could not save the catalogue snapshot %s: %s", self.path, error)
            return False
        return True
