"""Typed claims: the interchange format as pydantic models, and reading/writing claims files."""

from kg.claims.io import check_references, claims_from_mapping, dump_claims, load_claims
from kg.claims.model import Actor, Claims, Commitment, Event, Participant, Quantity

__all__ = ["Actor", "Claims", "Commitment", "Event", "Participant", "Quantity",
           "check_references", "claims_from_mapping", "dump_claims", "load_claims"]
