"""Content negotiation for SPARQL results and RDF graphs: Accept header (or a format token) -> format."""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import KGError


class NotAcceptable(KGError):
    """None of the media types the client accepts can carry this kind of result."""


@dataclass(frozen=True)
class Format:
    token: str                  # short name: json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml
    media_type: str             # what the response says it is
    accepts: tuple[str, ...]    # media types in an Accept header that select it

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.media_type.endswith(("+json", "+xml", "/n-triples"))
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type


RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", ("application/sparql-results+json", "application/json")),
    Format("xml", "application/sparql-results+xml", ("application/sparql-results+xml", "application/xml", "text/xml")),
    Format("csv", "text/csv", ("text/csv",)),
    Format("tsv", "text/tab-separated-values", ("text/tab-separated-values",)),
)
GRAPH_FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", ("text/turtle", "application/turtle", "application/x-turtle",
                                     "text/n3", "text/rdf+n3", "application/n3")),
    Format("ntriples", "application/n-triples", ("application/n-triples", "text/plain")),
    Format("jsonld", "application/ld+json", ("application/ld+json", "application/json")),
    Format("rdfxml", "application/rdf+xml", ("application/rdf+xml", "application/xml", "text/xml")),
)


def formats_for(kind: str) -> tuple[Format, ...]:
    """Formats for 'select' and 'ask' results, or for 'construct', 'describe' and 'graph' results."""
    return RESULT_FORMATS if kind in ("select", "ask") else GRAPH_FORMATS


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header, most preferred first (by q, then by specificity, then order)."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for index, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        if "/" not in media:
            media = "*/*" if media == "*" else media
        quality = 1.0
        for parameter in pieces[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        specificity = 0 if media == "*/*" else 1 if media.endswith("/*") else 2
        ranges.append((media, quality, specificity, index))
    ranges.sort(key=lambda r: (-r[1], -r[2], r[3]))
    return [(media, quality) for media, quality, _, _ in ranges]


# What the `format` parameter may say, per kind of result. SPARQLWrapper, for one, sends
# format=xml (and output=, results=) beside its Accept header, whatever the query form.
_RESULT_TOKENS = {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv"}
_GRAPH_TOKENS = {"turtle": "turtle", "ttl": "turtle", "n3": "turtle", "ntriples": "ntriples", "nt": "ntriples",
                 "n-triples": "ntriples", "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld",
                 "rdfxml": "rdfxml", "rdf+xml": "rdfxml", "rdf": "rdfxml", "xml": "rdfxml"}


def choose(kind: str, accept: str | None, token: str | None = None) -> Format:
    """The format to answer in: the `format` token when it suits this kind of result, else the best
    match for the Accept header. A token (or media type) nobody knows is 406."""
    candidates = formats_for(kind)
    label = "SELECT and ASK results" if kind in ("select", "ask") else "RDF graphs"
    if token:
        wanted = token.strip().lower()
        if "/" in wanted:  # a media type in the parameter: treat it as the Accept header
            accept = wanted
        else:
            tokens = _RESULT_TOKENS if kind in ("select", "ask") else _GRAPH_TOKENS
            if wanted in tokens:
                return next(f for f in candidates if f.token == tokens[wanted])
            if wanted not in _RESULT_TOKENS and wanted not in _GRAPH_TOKENS:
                raise NotAcceptable(f"unknown format {token!r}; use one of "
                                    + ", ".join(f.token for f in (*RESULT_FORMATS, *GRAPH_FORMATS)))
    refused = {media for media, quality in parse_accept(accept) if quality == 0}
    for media, quality in parse_accept(accept):
        if quality == 0:
            continue
        if media == "*/*":
            usable = [f for f in candidates if not set(f.accepts) & refused]
            if usable:
                return usable[0]
            continue
        if media.endswith("/*"):
            family = media[:-1]
            for fmt in candidates:
                if fmt.media_type.startswith(family) and not set(fmt.accepts) & refused:
                    return fmt
            continue
        for fmt in candidates:
            if media in fmt.accepts:
                return fmt
    raise NotAcceptable(f"none of the accepted media types ({accept}) can carry {label}; this endpoint offers "
                        + ", ".join(f.media_type for f in candidates))
