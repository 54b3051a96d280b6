"""`kg ingest` while `kg serve` holds the store: the documents go to the server's write API.

The files are read here as a local ingest reads them (claims checked against the article beside
them, articles extracted by machine), so a document means the same whichever way it arrives; the
claims are then posted as JSON to `POST /documents`, where the server validates them with SHACL
and writes them in one transaction, as `kg ingest` would. The run follows a local run's rules:
claims files before articles, an article skipped where a reviewed file for it was ingested, and
the first file of the run to give a document wins over a later one.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from kg.claims.io import dump_claims
from kg.claims.model import Claims
from kg.client_handoff import ServerHandoff, handoff_path
from kg.errors import InvalidClaims, KGError, ShapeViolation, StoreError
from kg.ingest import IngestResult, Outcome, Preparer
from kg.rdf.iris import document_iri, local_id
from kg.sources import Source, discover

TIMEOUT_S = 300.0  # one document: the server extracts nothing, but validates and writes it


class Written(BaseModel):
    """The part of the server's answer to POST /documents that the command line reports."""

    model_config = ConfigDict(extra="ignore")

    outcome: Outcome
    triples: int


class Problem(BaseModel):
    """A problem document (RFC 9457) as the server sends it, with the members that list problems."""

    model_config = ConfigDict(extra="ignore")

    title: str = ""
    detail: str | None = None
    errors: list[Any] | None = None
    violations: list[str] | None = None

    def lines(self) -> list[str]:
        listed = [e if isinstance(e, str) else json.dumps(e) for e in (self.errors or [])] + (self.violations or [])
        return listed or [self.detail or self.title]


class ServerClient:
    """The server named in a store's handoff note, over HTTP, with its write token."""

    def __init__(self, handoff: ServerHandoff, store: Path, *, timeout: float = TIMEOUT_S) -> None:
        self.handoff = handoff
        self.note = handoff_path(store)
        self.timeout = timeout
        # The server is on this machine (or the address it was told to bind): never via a proxy.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def _call(self, method: str, path: str, body: bytes | None = None,
              headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        request = urllib.request.Request(self.handoff.url + path, data=body, method=method, headers=headers or {})
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise StoreError(f"the server named in {self.note} does not answer at {self.handoff.url} ({reason}); "
                             "if it has stopped, run the command again") from None

    def stored_triples(self) -> int:
        status, body = self._call("GET", "/stats")
        if status != 200:
            raise StoreError(f"the server at {self.handoff.url} answered GET /stats with {status}")
        return int(json.loads(body)["triples"])

    def post(self, claims: Claims, source: str) -> IngestResult:
        """Ingest one document's claims through the server: its outcome, or its problems as failures."""
        status, body = self._call("POST", "/documents", dump_claims(claims, "json").encode("utf-8"),
                                  {"Content-Type": "application/json", "Accept": "application/json",
                                   "Authorization": f"Bearer {self.handoff.token}"})
        if status in (200, 201):
            try:
                written = Written.model_validate_json(body)
            except ValidationError:
                raise StoreError(f"the server at {self.handoff.url} gave an answer that is not a write's") from None
            return IngestResult(source, written.outcome, claims.document, written.triples)
        problem = _problem(body, status)
        if status in (401, 403):  # every document would fail alike: stop the run
            raise StoreError(f"the server at {self.handoff.url} refused the write token in {self.note}: "
                             f"{problem.detail or problem.title}")
        message = "\n".join(f"{source}: {line}" for line in problem.lines())
        return IngestResult(source, Outcome.FAILED, claims.document, message=message)


def _problem(body: bytes, status: int) -> Problem:
    try:
        return Problem.model_validate_json(body)
    except ValidationError:
        return Problem(title=f"HTTP {status}")


def ingest_through_server(client: ServerClient, paths: Iterable[Path], preparer: Preparer, *,
                          progress: Callable[[IngestResult], None] | None = None) -> list[IngestResult]:
    """Ingest every claims file and article under `paths` through the server, in a local run's order."""
    sources = discover(paths)
    ordered = [s for s in sources if s.kind == "claims"] + [s for s in sources if s.kind == "article"]
    reviewed: set[str] = set()  # documents a claims file of this run gave
    first: dict[str, str] = {}  # document IRI -> the file of this run that gave it
    results = []
    for source in ordered:
        result = _ingest_one(client, source, preparer, reviewed, first)
        results.append(result)
        if progress:
            progress(result)
    return results


def _ingest_one(client: ServerClient, source: Source, preparer: Preparer, reviewed: set[str],
                first: dict[str, str]) -> IngestResult:
    name = str(source.path)
    if source.kind == "article" and source.path.name in reviewed:
        return IngestResult(name, Outcome.SKIPPED, source.path.name,
                            message="a reviewed claims file for this document was ingested instead")
    try:
        claims = preparer.claims_for(source)
    except (InvalidClaims, ShapeViolation) as error:
        return IngestResult(name, Outcome.FAILED, message=error.report())
    except KGError as error:
        return IngestResult(name, Outcome.FAILED, message=f"{name}: {error}")
    iri = str(document_iri(claims.document))
    if iri in first:  # the same words as a local run's (kg.ingest)
        return IngestResult(name, Outcome.FAILED, claims.document,
                            message=f"{name}: document {claims.document!r} (id {local_id(iri, 'document')}) is also "
                                    f"the document of {first[iri]}, ingested earlier in this run; nothing of "
                                    f"{name} was written")
    result = client.post(claims, name)
    if result.outcome is not Outcome.FAILED:
        first[iri] = name
        if source.kind == "claims":
            reviewed.add(claims.document)
    return result
