"""Labels and colours by kind and type, shared by every writer (and the web page through the data)."""

from __future__ import annotations

ACTOR_COLOURS = {
    "state": "#1f77b4",
    "person": "#ff7f0e",
    "organisation": "#2ca02c",
    "group": "#9467bd",
    "media": "#8c564b",
}
COMMITMENT_COLOURS = {
    "security_guarantee": "#1b9e77",
    "troop_deployment": "#d95f02",
    "arms_purchase": "#7570b3",
    "arms_delivery": "#e7298a",
    "air_support": "#66a61e",
    "air_defence": "#e6ab02",
    "sanctions": "#a6761d",
    "financial_aid": "#e31a1c",
    "training": "#17becf",
    "monitoring": "#bcbd22",
    "other": "#666666",
}
EVENT_COLOUR = "#17a2b8"
DOCUMENT_COLOUR = "#7f7f7f"
ROLE_COLOURS = {
    "committer": "#333333",
    "beneficiary": "#2ca02c",
    "target": "#d62728",
    "counterparty": "#1f77b4",
    "announced_by": "#999999",
    "proposed_by": "#999999",
    "participant": EVENT_COLOUR,
    "derived_from": "#cccccc",
    "report": "#6c757d",
}
FALLBACK = "#999999"

# DOT shapes and line styles: firm commitments solid, tentative ones dashed, withdrawn and
# refused dotted (neither stands as a commitment; the edge's label names the status).
SHAPES = {"actor": "ellipse", "commitment": "box", "tracked": "box3d", "event": "hexagon", "document": "note"}
TENTATIVE = {"proposed", "under_discussion", "reported_intent"}


def humanise(token: str) -> str:
    """'troop_deployment' -> 'troop deployment'."""
    return token.replace("_", " ")


def node_colour(kind: str, type_: str | None) -> str:
    if kind == "actor":
        return ACTOR_COLOURS.get(type_ or "", FALLBACK)
    if kind in ("commitment", "tracked"):
        return COMMITMENT_COLOURS.get(type_ or "", FALLBACK)
    if kind == "event":
        return EVENT_COLOUR
    return DOCUMENT_COLOUR


def line_style(status: str | None) -> str:
    if status in ("withdrawn", "refused"):
        return "dotted"
    return "dashed" if status in TENTATIVE else "solid"


def rgb(colour: str) -> tuple[int, int, int]:
    """'#1f77b4' -> (31, 119, 180)."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def text_colour(colour: str) -> str:
    """Black or white, whichever reads better on `colour`."""
    r, g, b = rgb(colour)
    return "black" if (0.299 * r + 0.587 * g + 0.114 * b) > 150 else "white"
