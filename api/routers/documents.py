"""Source documents: read them, and (with the write token) add, replace or remove one.

A write goes through the same path as `kg ingest`: claims -> RDF -> SHACL -> one transaction
replacing the document's named graph. A batch that fails SHACL is answered 422 with the report
and nothing is written. Deleting a document drops exactly its named graph.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from rdflib import URIRef

from api import models as m
from api import readers
from api.deps import get_settings, get_store, get_writer
from api.jsonld import JSONLD_RESPONSE, render
from api.params import DEFAULT_LIMIT, Cursor, Limit
from api.problems import PROBLEM_SCHEMA
from api.services import Writer
from kg.claims.io import claims_from_mapping, model_errors, parse_mapping
from kg.claims.model import Claims
from kg.config import Settings
from kg.errors import InvalidClaims, NotFound
from kg.rdf.iris import document_iri, local_id
from kg.store import GraphStore

router = APIRouter(tags=["documents"])
bearer = HTTPBearer(auto_error=False, description="The write token (KG_WRITE_TOKEN)")
DocumentPath = Annotated[str, Path(description="The document's id, e.g. `000-73c4d19ee7ae6c07`")]

JSON_TYPES = {"application/json"}
YAML_TYPES = {"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"}
TEXT_TYPES = {"text/plain", "text/markdown"}


def require_writer(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
                   settings: Settings = Depends(get_settings)) -> None:
    """Writes need the configured bearer token; with none configured, writes are off."""
    if not settings.write_token:
        raise HTTPException(403, "writes are disabled: this server has no write token (set KG_WRITE_TOKEN)")
    given = credentials.credentials if credentials is not None else ""
    if not secrets.compare_digest(given.encode("utf-8"), settings.write_token.encode("utf-8")):
        raise HTTPException(401, "writing needs the bearer token: Authorization: Bearer <KG_WRITE_TOKEN>",
                            headers={"WWW-Authenticate": 'Bearer realm="commitments-kg"'})


@router.get("/documents", response_model=m.Page[m.DocumentSummary],
            responses={200: JSONLD_RESPONSE, 422: PROBLEM_SCHEMA}, summary="Source documents, by publication date")
def list_documents(request: Request, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None,
                   store: GraphStore = Depends(get_store)):
    return render(request, readers.list_documents(request, store, limit=limit, cursor=cursor))


@router.get("/documents/{document_id}", response_model=m.DocumentDetail,
            responses={200: JSONLD_RESPONSE, 404: PROBLEM_SCHEMA},
            summary="One source document, with the commitments and events read from it")
def get_document(request: Request, document_id: DocumentPath, store: GraphStore = Depends(get_store)):
    return render(request, readers.get_document(store, document_id))


_POST_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"type": "object", "description": "Claims in the interchange format"}},
    "application/yaml": {"schema": {"type": "string", "description": "Claims in the interchange format"}},
    "text/plain": {"schema": {"type": "string", "description": "Article text, extracted with kg.extract"}},
}}}


def _claims_from_body(body: bytes, media: str, document: str | None, published: dt.date | None,
                      writer: Writer) -> Claims:
    source = "request body"
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidClaims(source, [f"not UTF-8 text (byte {error.start})"]) from None
    if media in JSON_TYPES or media in YAML_TYPES:
        return claims_from_mapping(parse_mapping(text, source, as_json=media in JSON_TYPES), source)
    try:
        from kg.extract import extract
    except ImportError:
        raise HTTPException(501, "article extraction is not available in this installation; post claims "
                                 "(application/json or application/yaml) instead") from None
    preparer = writer.preparer
    if preparer.gazetteer is None:
        raise InvalidClaims(source, ["articles need the gazetteer to be extracted"])
    name = document or f"article-{hashlib.sha256(body).hexdigest()[:16]}.txt"
    with model_errors(source):
        return extract(text, document=name, published=published, gazetteer=preparer.gazetteer)


@router.post("/documents", response_model=m.WriteResult, status_code=201, openapi_extra=_POST_BODY,
             dependencies=[Depends(require_writer)],
             responses={200: {"description": "The document was replaced, or was already stored as is",
                              "model": m.WriteResult},
                        401: PROBLEM_SCHEMA, 403: PROBLEM_SCHEMA, 413: PROBLEM_SCHEMA, 415: PROBLEM_SCHEMA,
                        422: PROBLEM_SCHEMA, 501: PROBLEM_SCHEMA},
             summary="Add or replace a document: claims (JSON or YAML) or article text")
async def post_document(
    request: Request,
    response: Response,
    document: Annotated[str | None, Query(max_length=300, description="For article text: the document's name")] = None,
    published: Annotated[dt.date | None, Query(description="For article text: its publication date")] = None,
    store: GraphStore = Depends(get_store),
    writer: Writer = Depends(get_writer),
) -> m.WriteResult:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in JSON_TYPES | YAML_TYPES | TEXT_TYPES:
        raise HTTPException(415, "send claims as application/json or application/yaml, or article text as text/plain")
    body = await request.body()

    def work() -> m.WriteResult:
        from kg.ingest import ingest_claims

        claims = _claims_from_body(body, media, document, published, writer)
        with writer.lock:
            result = ingest_claims(store, claims, writer.preparer, "request body")
            store.flush()
        writer.written()
        iri = str(document_iri(claims.document))
        return m.WriteResult(id=local_id(iri, "document"), iri=iri, document=claims.document,
                             outcome=result.outcome.value, triples=result.triples)

    result = await anyio.to_thread.run_sync(work)
    if result.outcome != "written":
        response.status_code = 200
    response.headers["Location"] = str(request.url_for("get_document", document_id=result.id))
    return result


@router.delete("/documents/{document_id}", status_code=204, dependencies=[Depends(require_writer)],
               responses={401: PROBLEM_SCHEMA, 403: PROBLEM_SCHEMA, 404: PROBLEM_SCHEMA},
               summary="Remove a document: exactly its named graph")
def delete_document(document_id: DocumentPath, store: GraphStore = Depends(get_store),
                    writer: Writer = Depends(get_writer)) -> Response:
    node = readers.document_node(document_id)
    with writer.lock:
        removed = store.remove_graph(URIRef(node.value))
        store.flush()
    writer.written()
    if not removed:
        raise NotFound(f"no document has the id {document_id!r}")
    return Response(status_code=204)
