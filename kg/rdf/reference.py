"""The gazetteer as RDF: reference facts about actors (Wikidata ids, ISO codes, posts held over time).

The facts go into the shared actors graph (kg.rdf.mapping.ACTORS_GRAPH) beside the actors that
documents declare, each triple once; they are added again only when the gazetteer changes. Who
was Prime Minister of Denmark on a date is then a query over ck:Tenure and OWL-Time intervals.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef

from kg.claims.vocabulary import ActorKind
from kg.rdf import iris
from kg.rdf.mapping import ACTORS_GRAPH, KIND_CLASS
from kg.terms import CK, ORG, RDF, RDFS, SKOS, TIME, XSD

if TYPE_CHECKING:
    from kg.gazetteer import Gazetteer



def reference_hash(gazetteer: Gazetteer, version: str) -> str:
    """Changes when any gazetteer entry or this mapping changes."""
    digest = hashlib.sha256(version.encode())
    for entry in gazetteer.entries:
        digest.update(entry.model_dump_json().encode())
    return digest.hexdigest()


def gazetteer_graph(gazetteer: Gazetteer, content_hash: str) -> Graph:
    graph = Graph()
    add = graph.add
    for entry in gazetteer.entries:
        node = iris.actor_iri(entry.name)
        add((node, RDF.type, KIND_CLASS[ActorKind(entry.kind)]))
        add((node, RDFS.label, Literal(entry.name)))
        for alias in sorted(set(entry.aliases)):
            add((node, SKOS.altLabel, Literal(alias)))
        if entry.wikidata:
            add((node, CK.wikidata, Literal(entry.wikidata)))
        if entry.iso2:
            add((node, CK.isoCode, Literal(entry.iso2)))
        for post in entry.posts:
            role = f"{post.title} of {post.of}"
            post_node = iris.post_iri(role)
            add((post_node, RDF.type, ORG.Post))
            add((post_node, RDFS.label, Literal(role)))
            add((post_node, CK.title, Literal(post.title)))
            add((post_node, ORG.postIn, iris.actor_iri(post.of)))
            add((node, ORG.holds, post_node))
            since = post.since.isoformat() if post.since else ""
            tenure = iris.tenure_iri(entry.name, role, since)
            interval = URIRef(f"{tenure}/interval")
            add((tenure, RDF.type, CK.Tenure))
            add((tenure, CK.holder, node))
            add((tenure, CK.post, post_node))
            add((tenure, CK.during, interval))
            add((interval, RDF.type, TIME.Interval))
            for predicate, day, suffix in ((TIME.hasBeginning, post.since, "start"), (TIME.hasEnd, post.until, "end")):
                if day is not None:
                    instant = URIRef(f"{interval}/{suffix}")
                    add((interval, predicate, instant))
                    add((instant, RDF.type, TIME.Instant))
                    add((instant, TIME.inXSDDate, Literal(day.isoformat(), datatype=XSD.date)))
    add((ACTORS_GRAPH, CK.contentHash, Literal(content_hash)))
    return graph
