"""Writers: a projected MultiDiGraph as GraphML, GEXF 1.3, Cytoscape.js JSON, node-link JSON, DOT or SVG.

Every writer is a generator of text chunks (one node or edge at a time), so output goes to a
file or an HTTP response without a second copy of the graph in memory (networkx's own GraphML
and GEXF writers build a whole XML tree first). SVG is Graphviz's `dot -Tsvg` run on the DOT
text, which needs the graph in Graphviz's memory anyway, so it is limited to MAX_SVG_NODES.

Attribute values are str, float, bool or Decimal (amounts, written digit for digit); None never
reaches a file (missing is absent).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from kg import numbers
from kg.errors import ExportError, MissingDependency
from kg.export.graph import style
from kg.export.graph.tracked import StatusSpells

MAX_SVG_NODES = 2000
DOT_TIMEOUT_S = 120
# Carried natively by a format (ids, labels, colours), so not repeated as a data attribute there.
_GEXF_NATIVE = frozenset({"label", "color"})


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    extension: str
    writer: Callable[[nx.MultiDiGraph], Iterator[str]]


# -- attribute typing -------------------------------------------------------------------------


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):  # a count (a tracked commitment's reports): 5, not 5.0
        return "integer"
    if isinstance(value, (float, Decimal)):
        return "double"
    return "string"


def _schema(items: Iterator[dict[str, Any]], skip: frozenset[str] = frozenset()) -> dict[str, str]:
    """Attribute name -> 'boolean' | 'integer' | 'double' | 'string', in first-seen order; integers
    mixed with doubles become double, any other mix string."""
    found: dict[str, str] = {}
    for data in items:
        for name, value in data.items():
            if value is None or name in skip:
                continue
            kind = _kind_of(value)
            known = found.setdefault(name, kind)
            if known != kind:
                found[name] = "double" if {known, kind} == {"integer", "double"} else "string"
    return found


def _text(value: Any, kind: str = "string") -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if isinstance(value, Decimal):  # an amount, digit for digit: 90000000000, not 90000000000.0
        return numbers.text(value)
    if kind == "double":
        return repr(float(value))
    if kind == "integer":
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- GraphML ----------------------------------------------------------------------------------

_GRAPHML_TYPES = {"integer": "int"}  # GraphML's name for it; GEXF says integer


def graphml(graph: nx.MultiDiGraph) -> Iterator[str]:
    """GraphML with typed keys; yEd node and edge graphics carry labels and colours, `label` and
    `color` data attributes carry them for Gephi and Cytoscape."""
    node_keys = _schema(data for _, data in graph.nodes(data=True))
    edge_keys = _schema(data for _, _, data in graph.edges(data=True))
    graph_keys = _schema(iter([graph.graph]))
    ids = {("node", n): f"n{i}" for i, n in enumerate(node_keys)}
    ids |= {("edge", n): f"e{i}" for i, n in enumerate(edge_keys)}
    ids |= {("graph", n): f"g{i}" for i, n in enumerate(graph_keys)}
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:y="http://www.yworks.com/xml/graphml" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd">\n')
    for domain, keys in (("graph", graph_keys), ("node", node_keys), ("edge", edge_keys)):
        for name, kind in keys.items():
            yield (f'  <key id="{ids[(domain, name)]}" for="{domain}" attr.name={quoteattr(name)} '
                   f'attr.type="{_GRAPHML_TYPES.get(kind, kind)}"/>\n')
    yield '  <key id="yn" for="node" yfiles.type="nodegraphics"/>\n'
    yield '  <key id="ye" for="edge" yfiles.type="edgegraphics"/>\n'
    yield '  <graph id="G" edgedefault="directed">\n'
    for name, value in graph.graph.items():
        yield f'    <data key="{ids[("graph", name)]}">{escape(_text(value, graph_keys[name]))}</data>\n'
    for node, data in graph.nodes(data=True):
        parts = [f'    <node id={quoteattr(node)}>\n']
        parts += [f'      <data key="{ids[("node", k)]}">{escape(_text(v, node_keys[k]))}</data>\n'
                  for k, v in data.items() if v is not None]
        parts.append(f'      <data key="yn">{_yed_node(node, data)}</data>\n    </node>\n')
        yield "".join(parts)
    for source, target, key, data in graph.edges(keys=True, data=True):
        parts = [f'    <edge id={quoteattr(str(key))} source={quoteattr(source)} target={quoteattr(target)}>\n']
        parts += [f'      <data key="{ids[("edge", k)]}">{escape(_text(v, edge_keys[k]))}</data>\n'
                  for k, v in data.items() if v is not None]
        parts.append(f'      <data key="ye">{_yed_edge(data)}</data>\n    </edge>\n')
        yield "".join(parts)
    yield "  </graph>\n</graphml>\n"


_YED_SHAPES = {"actor": "ellipse", "commitment": "rectangle", "tracked": "octagon", "event": "hexagon"}
_YED_LINES = {"dashed": "dashed", "dotted": "dotted"}


def _yed_node(node: str, data: dict[str, Any]) -> str:
    """yEd's own node graphics: a shape by kind, filled with the node's colour, labelled."""
    label = str(data.get("label", node))
    colour = data.get("color", style.FALLBACK)
    text = "#000000" if style.text_colour(colour) == "black" else "#FFFFFF"
    return (f'<y:ShapeNode><y:Geometry height="30.0" width="{max(40, 7 * len(label) + 16)}.0"/>'
            f'<y:Fill color="{colour.upper()}"/><y:NodeLabel textColor="{text}">{escape(label)}</y:NodeLabel>'
            f'<y:Shape type="{_YED_SHAPES.get(data.get("kind", ""), "roundrectangle")}"/></y:ShapeNode>')


def _yed_edge(data: dict[str, Any]) -> str:
    """yEd's own edge graphics: the edge's colour, dashed or dotted like the DOT output, labelled."""
    line = _YED_LINES.get(style.line_style(data.get("status")), "line")
    return (f'<y:PolyLineEdge><y:LineStyle color="{data.get("color", style.FALLBACK).upper()}" type="{line}" '
            f'width="1.0"/><y:Arrows source="none" target="standard"/>'
            f'<y:EdgeLabel>{escape(str(data.get("label", "")))}</y:EdgeLabel></y:PolyLineEdge>')


# -- GEXF 1.3 ---------------------------------------------------------------------------------


def _starts(graph: nx.MultiDiGraph) -> tuple[dict[str, str], dict[Any, str]]:
    """When each node and edge appears on Gephi's timeline (ISO dates), where that is known.

    A commitment, event or document starts at its date, a tracked commitment at its first
    report; an edge at the latest start of its dated non-actor end (actors-view edges at their
    commitment's date); an actor at its earliest edge, provided all its edges are dated (else it
    is there from the beginning).
    """
    node_start = {n: d.get("date") or d["first_reported"] for n, d in graph.nodes(data=True)
                  if d.get("kind") != "actor" and (d.get("date") or d.get("first_reported"))}
    edge_start: dict[Any, str] = {}
    for source, target, key, data in graph.edges(keys=True, data=True):
        if data.get("date"):
            edge_start[(source, target, key)] = data["date"]
            continue
        dates = [node_start[n] for n in (source, target) if n in node_start]
        if dates:
            edge_start[(source, target, key)] = max(dates)
    for node, data in graph.nodes(data=True):
        if data.get("kind") != "actor":
            continue
        incident = list(graph.in_edges(node, keys=True)) + list(graph.out_edges(node, keys=True))
        dates = [edge_start.get(edge) for edge in incident]
        if dates and all(dates):
            node_start[node] = min(d for d in dates if d)
    return node_start, edge_start


def gexf(graph: nx.MultiDiGraph) -> Iterator[str]:
    """GEXF 1.3 in dynamic mode: `start` (an ISO date) on dated nodes and edges for Gephi's
    timeline, viz:color on nodes and edges, labels as GEXF labels."""
    node_dynamic = _dynamic_names(data for _, data in graph.nodes(data=True))
    edge_dynamic = _dynamic_names(data for _, _, data in graph.edges(data=True))
    node_keys = _schema((data for _, data in graph.nodes(data=True)), _GEXF_NATIVE | frozenset(node_dynamic))
    edge_keys = _schema((data for _, _, data in graph.edges(data=True)), _GEXF_NATIVE | frozenset(edge_dynamic))
    # Static and dynamic attributes are declared apart; their ids must not meet.
    node_ids = {name: str(i) for i, name in enumerate(node_keys)} | {n: f"d{i}" for i, n in enumerate(node_dynamic)}
    edge_ids = {name: str(i) for i, name in enumerate(edge_keys)} | {n: f"d{i}" for i, n in enumerate(edge_dynamic)}
    node_start, edge_start = _starts(graph)
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n'
           '  <meta>\n    <creator>commitments-kg</creator>\n'
           f'    <description>{escape(_description(graph))}</description>\n  </meta>\n'
           '  <graph mode="dynamic" defaultedgetype="directed" timeformat="date" timerepresentation="interval">\n')
    for cls, keys, dynamic, ids in (("node", node_keys, node_dynamic, node_ids),
                                    ("edge", edge_keys, edge_dynamic, edge_ids)):
        yield f'    <attributes class="{cls}" mode="static">\n'
        for name, kind in keys.items():
            yield f'      <attribute id="{ids[name]}" title={quoteattr(name)} type="{kind}"/>\n'
        yield "    </attributes>\n"
        if dynamic:
            yield f'    <attributes class="{cls}" mode="dynamic">\n'
            for name in dynamic:
                yield f'      <attribute id="{ids[name]}" title={quoteattr(name)} type="string"/>\n'
            yield "    </attributes>\n"
    yield "    <nodes>\n"
    for node, data in graph.nodes(data=True):
        start = f' start="{node_start[node]}"' if node in node_start else ""
        parts = [f'      <node id={quoteattr(node)} label={quoteattr(str(data.get("label", node)))}{start}>\n',
                 "        <attvalues>\n"]
        parts += [f'          <attvalue for="{node_ids[k]}" value={quoteattr(_text(v, node_keys[k]))}/>\n'
                  for k, v in data.items() if v is not None and k in node_keys]
        parts += _spells(data, node_dynamic, node_ids)
        parts.append("        </attvalues>\n")
        r, g, b = style.rgb(data.get("color", style.FALLBACK))
        parts.append(f'        <viz:color r="{r}" g="{g}" b="{b}" a="1.0"/>\n      </node>\n')
        yield "".join(parts)
    yield "    </nodes>\n    <edges>\n"
    for source, target, key, data in graph.edges(keys=True, data=True):
        when = edge_start.get((source, target, key))
        start = f' start="{when}"' if when else ""
        label = f' label={quoteattr(str(data["label"]))}' if data.get("label") is not None else ""
        parts = [f'      <edge id={quoteattr(str(key))} source={quoteattr(source)} target={quoteattr(target)}'
                 f'{label}{start}>\n', "        <attvalues>\n"]
        parts += [f'          <attvalue for="{edge_ids[k]}" value={quoteattr(_text(v, edge_keys[k]))}/>\n'
                  for k, v in data.items() if v is not None and k in edge_keys]
        parts += _spells(data, edge_dynamic, edge_ids)
        parts.append("        </attvalues>\n")
        r, g, b = style.rgb(data.get("color", style.FALLBACK))
        parts.append(f'        <viz:color r="{r}" g="{g}" b="{b}" a="1.0"/>\n      </edge>\n')
        yield "".join(parts)
    yield "    </edges>\n  </graph>\n</gexf>\n"


def _dynamic_names(items: Iterator[dict[str, Any]]) -> tuple[str, ...]:
    """Attributes whose values change over time (a tracked commitment's status), first seen first."""
    found: dict[str, None] = {}
    for data in items:
        for name, value in data.items():
            if isinstance(value, StatusSpells):
                found.setdefault(name)
    return tuple(found)


def _spells(data: dict[str, Any], dynamic: tuple[str, ...], ids: dict[str, str]) -> list[str]:
    """One attvalue per spell: the value from `start` to `end` (both days included; no `end` while
    it lasts), which Gephi's timeline plays."""
    lines = []
    for name in dynamic:
        value = data.get(name)
        for status, start, end in value.spells if isinstance(value, StatusSpells) else ():
            until = f' end="{end}"' if end else ""
            lines.append(f'          <attvalue for="{ids[name]}" value={quoteattr(status)} start="{start}"{until}/>\n')
    return lines


def _description(graph: nx.MultiDiGraph) -> str:
    text = f"Commitments knowledge graph, {graph.graph.get('view', 'full')} view"
    return text + (f"; filters: {graph.graph['filters']}" if graph.graph.get("filters") else "")


# -- JSON -------------------------------------------------------------------------------------


def _json_list(items: Iterator[dict[str, Any]], indent: str) -> Iterator[str]:
    first = True
    for item in items:
        yield ("\n" if first else ",\n") + indent + numbers.dumps(item, ensure_ascii=False)
        first = False
    yield "\n" + indent[:-2] if not first else ""


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def cytoscape(graph: nx.MultiDiGraph) -> Iterator[str]:
    """Cytoscape.js elements, grouped: {"data": {...}, "elements": {"nodes": [...], "edges": [...]}}.

    `cytoscape({elements: body.elements})` takes it as is; every element's data carries label
    and color for a stylesheet's `data(label)` / `data(color)`. Cytoscape desktop imports it as .cyjs.
    """
    yield '{"data": ' + json.dumps(_clean(graph.graph), ensure_ascii=False) + ', "elements": {\n  "nodes": ['
    yield from _json_list(({"data": {"id": node, **_clean(data)}} for node, data in graph.nodes(data=True)), "    ")
    yield '],\n  "edges": ['
    yield from _json_list(({"data": {"id": str(key), "source": source, "target": target, **_clean(data)}}
                           for source, target, key, data in graph.edges(keys=True, data=True)), "    ")
    yield "]\n}}\n"


def node_link(graph: nx.MultiDiGraph) -> Iterator[str]:
    """Node-link JSON for D3 (`nodes` with `id`, `links` with `source`/`target`/`key`), the shape of
    networkx's node_link_data(G, edges="links")."""
    yield '{"directed": true, "multigraph": true, "graph": ' + json.dumps(_clean(graph.graph), ensure_ascii=False)
    yield ',\n "nodes": ['
    yield from _json_list(({"id": node, **_clean(data)} for node, data in graph.nodes(data=True)), "   ")
    yield '],\n "links": ['
    yield from _json_list(({"source": source, "target": target, "key": str(key), **_clean(data)}
                           for source, target, key, data in graph.edges(keys=True, data=True)), "   ")
    yield "]}\n"


# -- DOT and SVG ------------------------------------------------------------------------------


def _dot_id(value: Any) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def _dot_attrs(attrs: dict[str, Any]) -> str:
    return ", ".join(f"{name}={_dot_id(_text(value))}" for name, value in attrs.items() if value is not None)


def dot(graph: nx.MultiDiGraph) -> Iterator[str]:
    """Graphviz DOT: fill colour and shape by kind and type, edge colour by commitment type (or role),
    dashed for tentative and dotted for withdrawn commitments; every attribute kept on its element,
    the edge's key as its `id` (Graphviz reserves `key`; `id` also names the edge in SVG)."""
    title = _description(graph)
    yield (f"digraph {_dot_id('commitments')} {{\n"
           f"  graph [label={_dot_id(title)}, labelloc=t, fontname=\"Helvetica\", fontsize=12, rankdir=LR, "
           f"overlap=false, splines=true];\n"
           "  node [fontname=\"Helvetica\", fontsize=10, style=filled, penwidth=0];\n"
           "  edge [fontname=\"Helvetica\", fontsize=8, arrowsize=0.6];\n")
    for node, data in graph.nodes(data=True):
        colour = data.get("color", style.FALLBACK)
        look = {"shape": style.SHAPES.get(data.get("kind", ""), "box"), "fillcolor": colour,
                "fontcolor": style.text_colour(colour)}
        yield f"  {_dot_id(node)} [{_dot_attrs({**data, **look})}];\n"
    for source, target, key, data in graph.edges(keys=True, data=True):
        look = {"id": str(key), "fontcolor": data.get("color", style.FALLBACK)}
        if "status" in data:
            look["style"] = style.line_style(data["status"])
        elif data.get("role") == "derived_from":
            look["style"] = "dotted"
        yield f"  {_dot_id(source)} -> {_dot_id(target)} [{_dot_attrs({**data, **look})}];\n"
    yield "}\n"


def dot_command() -> str:
    found = shutil.which("dot")
    if found is None:
        raise MissingDependency("Graphviz's dot command", "SVG export", "Debian: apt-get install graphviz",
                                "export --format dot and render it elsewhere")
    return found


def svg(graph: nx.MultiDiGraph) -> Iterator[str]:
    """SVG drawn by Graphviz's `dot -Tsvg` from the DOT text, one <g class="node"> per node."""
    command = dot_command()
    if graph.number_of_nodes() > MAX_SVG_NODES:
        raise ExportError(f"the graph has {graph.number_of_nodes()} nodes; SVG rendering is limited to "
                          f"{MAX_SVG_NODES}: narrow it (actor and depth, type, status, dates) or export graphml/gexf")
    with tempfile.TemporaryDirectory(prefix="kg-svg-") as folder:
        source = Path(folder) / "graph.dot"
        with source.open("w", encoding="utf-8") as out:
            for chunk in dot(graph):
                out.write(chunk)
        try:
            done = subprocess.run([command, "-Tsvg", str(source)], capture_output=True, timeout=DOT_TIMEOUT_S,
                                  check=False)
        except subprocess.TimeoutExpired:
            raise ExportError(f"Graphviz took longer than {DOT_TIMEOUT_S} s; narrow the graph") from None
        if done.returncode != 0:
            raise ExportError(f"Graphviz failed: {done.stderr.decode('utf-8', 'replace').strip()[:500]}")
    yield done.stdout.decode("utf-8")


FORMATS: dict[str, Format] = {
    "graphml": Format("graphml", "application/xml", "graphml", graphml),
    "gexf": Format("gexf", "application/xml", "gexf", gexf),
    "cytoscape": Format("cytoscape", "application/json", "cyjs", cytoscape),
    "node-link": Format("node-link", "application/json", "json", node_link),
    "dot": Format("dot", "text/vnd.graphviz", "dot", dot),
    "svg": Format("svg", "image/svg+xml", "svg", svg),
}
GRAPH_FORMATS: tuple[str, ...] = tuple(FORMATS)


def chunks(graph: nx.MultiDiGraph, fmt: str) -> Iterator[bytes]:
    """The graph in format `fmt`, as UTF-8 chunks."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown graph format {fmt!r}; one of: {', '.join(FORMATS)}")
    for chunk in FORMATS[fmt].writer(graph):
        yield chunk.encode("utf-8")


def write(graph: nx.MultiDiGraph, fmt: str, out: IO[bytes]) -> int:
    """Write the graph to a binary stream; the number of bytes written."""
    size = 0
    for chunk in chunks(graph, fmt):
        out.write(chunk)
        size += len(chunk)
    return size
