"""Health and counts."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from api.deps import get_store
from kg.store import GraphStore

router = APIRouter(tags=["system"])


class Health(BaseModel):
    status: str


class Stats(BaseModel):
    triples: int
    documents: int
    actors: int
    commitments: int
    events: int


@router.get("/health", response_model=Health)
def health() -> Health:
    return Health(status="ok")


@router.get("/stats", response_model=Stats)
def stats(store: GraphStore = Depends(get_store)) -> Stats:
    figures = store.stats()
    return Stats(triples=figures.triples, documents=figures.documents, actors=figures.actors,
                 commitments=figures.commitments, events=figures.events)
