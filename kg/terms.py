"""Every IRI the code uses: the ontology's namespace, the reused vocabularies, and minting.

Code and shapes refer to ontology terms only through this module; a test proves that every
`ck:` term used anywhere is declared in ontology/.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from rdflib import Namespace
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, TIME, XSD  # noqa: F401 - re-exported

ONTOLOGY_IRI = "https://w3id.org/commitments-kg/ontology"
CK = Namespace(ONTOLOGY_IRI + "#")
ID = Namespace("https://w3id.org/commitments-kg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, str] = {
    "ck": str(CK), "org": str(ORG), "schema": str(SCHEMA), "prov": str(PROV),
    "skos": str(SKOS), "time": str(TIME), "xsd": str(XSD), "rdf": str(RDF), "rdfs": str(RDFS),
    "owl": str(OWL),
}

def _resource_dir(name: str) -> Path:
    """ontology/ and shapes/ sit at the top of a checkout; a built wheel carries them in kg/_resources."""
    packaged = Path(__file__).resolve().parent / "_resources" / name
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / name


def ontology_files() -> list[Path]:
    """The ontology's Turtle files."""
    return sorted(_resource_dir("ontology").glob("*.ttl"))


def shape_files() -> list[Path]:
    """The SHACL shapes' Turtle files."""
    return sorted(_resource_dir("shapes").glob("*.ttl"))


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


# Cached: a document slugs the same few dozen actor names, commitment types and roles for every
# one of its hundred commitments (270 calls a document, half the mapper's IRI minting).
@lru_cache(maxsize=8192)
def slug(text: str) -> str:
    """A readable IRI segment: 'Emmanuel Macron' -> 'emmanuel-macron', 'António Costa' -> 'antonio-costa'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-") or "x"
