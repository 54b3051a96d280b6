"""Health and counts."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from api.deps import get_catalogue, get_store
from kg.catalogue import CommitmentCatalogue
from kg.store import GraphStore

router = APIRouter(tags=["system"])


class Health(BaseModel):
    status: str
    catalogue: Literal["ready", "building", "off"] = Field(
        description="The in-memory catalogue behind the commitment lists: while it is building, lists "
                    "are answered (more slowly) by SPARQL queries")
    catalogue_commitments: int | None = None


class Stats(BaseModel):
    triples: int
    documents: int
    actors: int
    commitments: int
    events: int


@router.get("/health", response_model=Health)
def health(catalogue: CommitmentCatalogue | None = Depends(get_catalogue)) -> Health:
    if catalogue is None:
        return Health(status="ok", catalogue="off")
    if not catalogue.ready:
        return Health(status="ok", catalogue="building")
    return Health(status="ok", catalogue="ready", catalogue_commitments=len(catalogue))


@router.get("/stats", response_model=Stats)
def stats(store: GraphStore = Depends(get_store)) -> Stats:
    figures = store.stats()
    return Stats(triples=figures.triples, documents=figures.documents, actors=figures.actors,
                 commitments=figures.commitments, events=figures.events)
