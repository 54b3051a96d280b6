/* Graphs drawn with cytoscape.js (served from node_modules at /vendor/cytoscape): short labels on
   the nodes that never overlap, the details on hover and on click, and a legend made from the
   kinds of node and edge actually drawn. */

import { $, el, shorten } from "./util.js";

const LABEL_CHARACTERS = 16;

/** Short labels: a name cut to LABEL_CHARACTERS, a document title to a few words. */
export function shortLabel(text, max = LABEL_CHARACTERS) {
  return shorten(text, max);
}

/**
 * Draw `elements` in `container`. Each node's data has `label` (short), `details` (full text for
 * the tooltip and the selection line), `colour`, `kind` and `legend` (its legend entry); each
 * edge's data has `legend` too. `onActivate(element)` runs on a click or tap.
 */
export function drawGraph(container, elements, { legendBox, tooltip, selection, onActivate, layout = {} }) {
  if (typeof window.cytoscape !== "function") {
    container.textContent = "cytoscape.js is not installed on the server (run make install)";
    return null;
  }
  const cy = window.cytoscape({
    container, elements, minZoom: 0.2, maxZoom: 4,
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 10, color: "#1d2733", "text-valign": "bottom",
        "text-margin-y": 3, "background-color": "data(colour)", width: "data(size)", height: "data(size)",
        "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": 1 } },
      { selector: 'node[kind = "commitment"]', style: { shape: "round-diamond" } },
      { selector: 'node[kind = "tracked"]', style: { shape: "round-octagon", "border-width": 2, "border-color": "#1d2733" } },
      { selector: 'node[kind = "event"]', style: { shape: "round-rectangle" } },
      { selector: 'node[kind = "document"]', style: { shape: "rectangle" } },
      { selector: 'node[status = "refused"]', style: { "border-width": 2, "border-color": "#000000", "border-style": "dashed" } },
      { selector: 'node[focus = "yes"]', style: { "border-width": 3, "border-color": "#e63946", "font-weight": "bold" } },
      { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
        "target-arrow-shape": "triangle", "curve-style": "bezier", "arrow-scale": 0.8, opacity: 0.8 } },
      { selector: 'edge[refused = "yes"]', style: { "line-style": "dashed" } },
      { selector: ".filtered", style: { display: "none" } },
      { selector: ":selected", style: { "border-width": 3, "border-color": "#111111" } },
      { selector: "edge:selected", style: { "line-color": "#111111", "target-arrow-color": "#111111" } },
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true,
      nodeRepulsion: 12000, idealEdgeLength: 90, ...layout },
  });
  separateLabels(cy);
  cy.fit(undefined, 20);
  const show = (event) => {
    const data = event.target.data();
    tooltip.textContent = data.details || data.label;
    const box = container.getBoundingClientRect();
    const at = event.renderedPosition || event.target.renderedMidpoint();
    tooltip.style.left = `${Math.min(at.x + 12, box.width - 220)}px`;
    tooltip.style.top = `${at.y + 12}px`;
    tooltip.hidden = false;
  };
  cy.on("mouseover", "node, edge", show);
  cy.on("mouseout", "node, edge", () => { tooltip.hidden = true; });
  cy.on("tap", "node, edge", (event) => {
    const data = event.target.data();
    // The details, and a link to the element's own view: a click never leaves the page unasked.
    selection.replaceChildren(data.details || data.label, " ",
      data.href ? el("a", { href: data.href }, "open") : "");
    if (onActivate) onActivate(event.target);
  });
  renderLegend(legendBox, cy);
  return cy;
}

/** The legend of what is drawn: one entry per distinct `legend` of the visible nodes and edges. */
export function renderLegend(box, cy) {
  const entries = new Map();
  // By class, not e.visible(): the style that visible() reads is brought up to date only later.
  const shown = (e) => !e.hasClass("filtered") && (e.isNode() || (shown(e.source()) && shown(e.target())));
  cy.elements().filter(shown).forEach((element) => {
    const data = element.data();
    if (!data.legend || entries.has(data.legend)) return;
    entries.set(data.legend, { edge: element.isEdge(), colour: data.colour, shape: data.kind || "actor",
      refused: data.refused === "yes" || data.status === "refused" });
  });
  box.replaceChildren(...[...entries].map(([text, entry]) => el("span", { class: "legend-entry", "data-legend": text },
    el("span", { "aria-hidden": "true", class: `${entry.edge ? "line" : `shape ${entry.shape}`}${entry.refused ? " refused" : ""}`,
      style: `${entry.edge ? "border-top-color" : "background"}:${entry.colour}` }), text)));
  box.dataset.entries = String(entries.size);
}

/** The labels of visible nodes whose boxes overlap, as pairs of node ids (the browser tests read it too). */
export function overlappingLabels(cy) {
  const boxes = cy.nodes().filter((n) => n.visible() && n.data("label"))
    .map((n) => ({ id: n.id(), box: n.boundingBox({ includeNodes: true, includeLabels: true, includeEdges: false }) }));
  const pairs = [];
  for (let i = 0; i < boxes.length; i += 1) {
    for (let j = i + 1; j < boxes.length; j += 1) {
      const a = boxes[i].box, b = boxes[j].box;
      if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) pairs.push([boxes[i].id, boxes[j].id]);
    }
  }
  return pairs;
}

/**
 * Push apart nodes whose label boxes overlap, a little at a time, until none do: the force layout
 * keeps nodes apart, not the text under them. Bounded, so a dense graph cannot hang the page.
 */
export function separateLabels(cy, rounds = 200) {
  for (let round = 0; round < rounds; round += 1) {
    const pairs = overlappingLabels(cy);
    if (!pairs.length) return true;
    cy.batch(() => {
      for (const [one, two] of pairs) {
        const a = cy.getElementById(one), b = cy.getElementById(two);
        const boxA = a.boundingBox({ includeLabels: true }), boxB = b.boundingBox({ includeLabels: true });
        const dx = (boxA.x1 + boxA.x2) / 2 - (boxB.x1 + boxB.x2) / 2;
        const dy = (boxA.y1 + boxA.y2) / 2 - (boxB.y1 + boxB.y2) / 2;
        // Move along the axis that needs the shorter move, half each way (plus a margin).
        const overlapX = Math.min(boxA.x2, boxB.x2) - Math.max(boxA.x1, boxB.x1) + 2;
        const overlapY = Math.min(boxA.y2, boxB.y2) - Math.max(boxA.y1, boxB.y1) + 2;
        if (overlapX < overlapY) {
          const step = (dx >= 0 ? 1 : -1) * overlapX / 2;
          a.shift({ x: step, y: 0 }); b.shift({ x: -step, y: 0 });
        } else {
          const step = (dy >= 0 ? 1 : -1) * overlapY / 2;
          a.shift({ x: 0, y: step }); b.shift({ x: 0, y: -step });
        }
      }
    });
  }
  return overlappingLabels(cy).length === 0;
}

export function graphBoxes(prefix) {
  return { legendBox: $(`${prefix}-legend`), tooltip: $(`${prefix}-tip`), selection: $(`${prefix}-selection`) };
}

