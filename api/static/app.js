/* The page at /: search an actor, see its commitments as a table and a graph, run SPARQL.
   Plain browser JavaScript; cytoscape.js is served from node_modules at /vendor/cytoscape. */
"use strict";

const COMMITMENT_TYPES = ["security_guarantee", "troop_deployment", "arms_purchase", "arms_delivery", "air_support",
  "air_defence", "sanctions", "financial_aid", "training", "monitoring", "other"];
const STATUSES = ["proposed", "under_discussion", "reported_intent", "conditional", "pledged", "delivered", "withdrawn", "refused"];
const STATUS_COLOURS = {
  proposed: "#9aa5b1", under_discussion: "#7b8cde", reported_intent: "#5fa8d3", conditional: "#f4a259",
  pledged: "#2a9d8f", delivered: "#2b9348", withdrawn: "#c1121f",
  refused: "#6a040f",
};
const KIND_COLOURS = { actor: "#3d5a80", event: "#b5838d", document: "#adb5bd" };
const MAX_COMMITMENTS = 500; // the table and graph show at most this many (the first by date)

const state = { actor: null, commitments: [], total: 0, cy: null, graphSource: null };
window.kg = state; // for the browser tests and the curious

const $ = (id) => document.getElementById(id);
const label = (token) => (token || "").replace(/_/g, " ");

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function getJSON(url, options = {}) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, ...options });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = body && (body.detail || body.title);
    throw new Error(detail || `${response.status} ${response.statusText}`);
  }
  return body;
}

/* -- search ------------------------------------------------------------------------------- */

let searchTimer = null;
let searchSerial = 0;

async function search(text) {
  const serial = ++searchSerial;
  const list = $("actor-results");
  if (!text.trim()) { list.replaceChildren(); return; }
  try {
    const page = await getJSON(`/actors?limit=12&q=${encodeURIComponent(text.trim())}`);
    if (serial !== searchSerial) return;
    list.replaceChildren(...page.items.map((actor) => el("li", {
      role: "option", tabindex: "0", "data-id": actor.id,
      onclick: () => selectActor(actor.id),
      onkeydown: (event) => { if (event.key === "Enter") selectActor(actor.id); },
    }, actor.name, " ", el("small", {}, actor.kind))));
    if (!page.items.length) list.replaceChildren(el("li", { class: "empty" }, "no actor matches"));
  } catch (error) {
    list.replaceChildren(el("li", { class: "error" }, error.message));
  }
}

/* -- one actor ----------------------------------------------------------------------------- */

async function selectActor(id) {
  $("actor-results").replaceChildren();
  const actor = await getJSON(`/actors/${encodeURIComponent(id)}`);
  state.actor = actor;
  $("actor").hidden = false;
  $("actor-name").textContent = actor.name;
  $("actor-kind").textContent = actor.kind;
  const details = [];
  if (actor.aliases.length) details.push(`also ${actor.aliases.join(", ")}`);
  for (const post of actor.posts) {
    const dates = post.since ? ` (${post.since}–${post.until || ""})` : "";
    details.push(`${post.label || post.title}${dates}`);
  }
  if (actor.wikidata) details.push(`Wikidata ${actor.wikidata}`);
  $("actor-details").textContent = details.join(" · ");

  const page = await getJSON(`/actors/${encodeURIComponent(id)}/commitments?limit=${MAX_COMMITMENTS}`);
  state.commitments = page.items;
  state.total = page.total;
  renderTable();
  await loadGraph(id);
}

function filters() {
  return {
    type: $("filter-type").value, status: $("filter-status").value, role: $("filter-role").value,
    from: $("filter-from").value, to: $("filter-to").value,
  };
}

function matches(item, f, roles) {
  if (f.type && item.type !== f.type) return false;
  if (f.status && item.status !== f.status) return false;
  if (f.role && roles && !roles.includes(f.role)) return false;
  if ((f.from || f.to) && !item.date) return false;
  if (f.from && item.date < f.from) return false;
  if (f.to && item.date > f.to) return false;
  return true;
}

function actorLink(ref) {
  if (!ref) return "";
  return el("a", { href: "#", onclick: (event) => { event.preventDefault(); selectActor(ref.id); } }, ref.name || ref.id);
}

function amount(item) {
  if (item.amount) {
    return `${Number(item.amount.value).toLocaleString("en")} ${item.amount.currency || ""}`.trim();
  }
  if (item.quantity) {
    const q = item.quantity;
    return `${q.approximate ? "~" : ""}${q.value ?? q.text ?? ""} ${q.unit || ""}`.trim();
  }
  return "";
}

function renderTable() {
  const f = filters();
  const shown = state.commitments.filter((item) => matches(item, f, item.roles));
  const rows = shown.map((item) => {
    const toWhom = [["", item.beneficiary], ["against ", item.target], ["with ", item.counterparty]]
      .filter(([, ref]) => ref).map(([prefix, ref]) => el("span", {}, prefix, actorLink(ref)));
    const source = item.document
      ? el("span", {}, item.document.title || item.document.name || item.document.id,
        item.attributed_to ? el("div", { class: "attribution" }, `reported by ${item.attributed_to}`) : null,
        item.reviewed === false ? el("div", { class: "attribution" }, "machine-extracted") : null)
      : "";
    return el("tr", { "data-id": item.id, "data-type": item.type, "data-status": item.status },
      el("td", {}, label(item.type)),
      el("td", {}, el("span", { class: `status ${item.status}` }, label(item.status)),
        item.condition ? el("div", { class: "condition" }, `if ${item.condition}`) : null),
      el("td", {}, actorLink(item.committer),
        item.roles && !item.roles.includes("committer") ? el("div", { class: "role" }, `(${item.roles.map(label).join(", ")})`) : null),
      el("td", {}, toWhom.length ? toWhom : ""),
      el("td", {}, item.date || ""),
      el("td", {}, amount(item)),
      el("td", { class: "quote" }, item.quote ? `“${item.quote}”` : ""),
      el("td", {}, source));
  });
  $("commitments").tBodies[0].replaceChildren(...rows);
  if (!rows.length) {
    $("commitments").tBodies[0].append(el("tr", {}, el("td", { colspan: "8", class: "empty" }, "no commitment matches")));
  }
  const more = state.total > state.commitments.length ? ` (the first ${state.commitments.length} of ${state.total})` : "";
  $("filter-count").textContent = `${shown.length} of ${state.commitments.length} commitments${more}`;
  filterGraph();
}

/* -- the graph ----------------------------------------------------------------------------- */

function elementsFromCommitments(actor, commitments) {
  // When /export is not used or does not answer: actors and commitments as nodes, roles as edges.
  const nodes = new Map();
  const edges = [];
  const addActor = (ref) => {
    if (ref && !nodes.has(ref.iri)) nodes.set(ref.iri, { data: { id: ref.iri, label: ref.name || ref.id, kind: "actor" } });
  };
  addActor({ iri: actor.iri, name: actor.name, id: actor.id });
  for (const item of commitments) {
    nodes.set(item.iri, { data: { id: item.iri, label: label(item.type), kind: "commitment", type: item.type,
      status: item.status, date: item.date || "" } });
    for (const [role, ref] of [["committer", item.committer], ["beneficiary", item.beneficiary],
      ["target", item.target], ["counterparty", item.counterparty]]) {
      if (!ref) continue;
      addActor(ref);
      const [source, target] = role === "committer" ? [ref.iri, item.iri] : [item.iri, ref.iri];
      edges.push({ data: { id: `${item.iri}|${role}`, source, target, label: role } });
    }
  }
  return [...nodes.values(), ...edges];
}

function normaliseElements(data) {
  // Cytoscape JSON: {elements: {nodes, edges}}, {elements: [...]}, {nodes, edges} or a plain array.
  const elements = data && data.elements !== undefined ? data.elements : data;
  if (Array.isArray(elements)) return elements;
  return [...(elements.nodes || []), ...(elements.edges || [])];
}

function nodeKind(data) {
  const kind = String(data.kind || data.category || data.node_type || data.class || "").toLowerCase();
  if (kind.includes("commitment")) return "commitment";
  if (kind.includes("event")) return "event";
  if (kind.includes("document")) return "document";
  if (data.status && (data.type || data.commitment_type)) return "commitment";
  return "actor";
}

async function loadGraph(id) {
  let elements = null;
  // An actor with more commitments than the table shows is drawn from the commitments the table
  // shows: its whole neighbourhood (25,000 commitments for the busiest actor of a large store) is
  // tens of megabytes to export and more than a browser can lay out.
  const partial = state.total > state.commitments.length;
  try {
    if (!partial) {
      const response = await fetch(`/export?format=cytoscape&view=full&actor=${encodeURIComponent(id)}&depth=1`,
        { headers: { Accept: "application/json" } });
      if (response.ok) {
        elements = normaliseElements(await response.json());
        state.graphSource = "export";
      }
    }
  } catch (error) {
    elements = null;
  }
  if (!elements) {
    elements = elementsFromCommitments(state.actor, state.commitments);
    state.graphSource = "rest";
  }
  for (const element of elements) {
    const data = element.data || {};
    if (data.source === undefined) {
      data.kind = nodeKind(data);
      data.label = data.label || data.name || data.title || data.id;
      if (data.kind === "commitment") {
        data.type = data.type || data.commitment_type || "";
        data.colour = STATUS_COLOURS[data.status] || "#999";
      } else {
        data.colour = data.color || KIND_COLOURS[data.kind] || "#3d5a80";
      }
      const focal = [data.id, data.iri].some((v) => v && (v === state.actor.iri || v === `actor/${state.actor.id}`));
      data.focus = focal ? "yes" : "no";
    }
    element.data = data;
  }
  $("graph-source").textContent = state.graphSource === "export" ? "(from /export)"
    : partial ? `(the ${state.commitments.length} commitments of the table, of ${state.total}, from the REST API)`
    : "(from the REST API)";
  drawGraph(elements);
}

function drawGraph(elements) {
  if (typeof window.cytoscape !== "function") {
    $("graph").textContent = "cytoscape.js is not installed on the server (run make install)";
    return;
  }
  if (state.cy) state.cy.destroy();
  state.cy = window.cytoscape({
    container: $("graph"),
    elements,
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 9, "text-wrap": "wrap", "text-max-width": 90,
        "background-color": "data(colour)", color: "#222", width: 22, height: 22 } },
      { selector: 'node[kind = "commitment"]', style: { shape: "round-diamond", width: 18, height: 18 } },
      { selector: 'node[kind = "event"]', style: { shape: "round-rectangle" } },
      { selector: 'node[kind = "document"]', style: { shape: "rectangle", width: 14, height: 18 } },
      { selector: 'node[focus = "yes"]', style: { "background-color": "#e63946", width: 34, height: 34,
        "font-weight": "bold" } },
      { selector: "edge", style: { width: 1.2, "line-color": "#bbb", "target-arrow-color": "#bbb",
        "target-arrow-shape": "triangle", "curve-style": "bezier", label: "data(label)", "font-size": 7,
        color: "#777" } },
      { selector: ".filtered", style: { display: "none" } },
      { selector: ":selected", style: { "border-width": 3, "border-color": "#111" } },
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 70 },
  });
  state.cy.on("tap", "node", (event) => {
    const data = event.target.data();
    const parts = [data.label, data.kind];
    if (data.status) parts.push(label(data.status));
    if (data.date) parts.push(data.date);
    $("graph-selection").textContent = parts.filter(Boolean).join(" · ");
  });
  filterGraph();
}

function filterGraph() {
  const cy = state.cy;
  if (!cy) return;
  const f = filters();
  cy.batch(() => {
    cy.elements().removeClass("filtered");
    cy.nodes().forEach((node) => {
      const data = node.data();
      if (data.kind === "commitment" && !matches({ type: data.type, status: data.status, date: data.date || null }, f)) {
        node.addClass("filtered");
      }
    });
    // Hide actors left with no visible commitment (the focal actor always stays).
    cy.nodes().forEach((node) => {
      const data = node.data();
      if (data.kind === "commitment" || data.focus === "yes") return;
      const neighbours = node.neighborhood("node");
      const commitments = neighbours.filter((n) => n.data("kind") === "commitment");
      if (commitments.length && commitments.every((n) => n.hasClass("filtered"))) node.addClass("filtered");
    });
  });
}

/* -- SPARQL -------------------------------------------------------------------------------- */

function termText(term) {
  if (!term) return "";
  if (term.type === "uri") return term.value;
  if (term.type === "bnode") return `_:${term.value}`;
  return term.value;
}

async function runSparql() {
  const status = $("sparql-status");
  const table = $("sparql-results");
  const graphBox = $("sparql-graph");
  status.textContent = "running…";
  table.tHead.replaceChildren();
  table.tBodies[0].replaceChildren();
  graphBox.hidden = true;
  const started = performance.now();
  try {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/sparql-results+json, text/turtle;q=0.9" },
      body: new URLSearchParams({ query: $("sparql-query").value }),
    });
    const type = response.headers.get("content-type") || "";
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.detail || problem.title || `${response.status}`);
    }
    const elapsed = Math.round(performance.now() - started);
    if (type.includes("turtle")) {
      graphBox.textContent = await response.text();
      graphBox.hidden = false;
      status.textContent = `${response.headers.get("x-result-count") || ""} triples in ${elapsed} ms`;
      return;
    }
    const result = await response.json();
    if (result.boolean !== undefined) {
      status.textContent = `${result.boolean} (${elapsed} ms)`;
      return;
    }
    const variables = result.head.vars;
    table.tHead.append(el("tr", {}, variables.map((v) => el("th", {}, v))));
    table.tBodies[0].append(...result.results.bindings.map((row) =>
      el("tr", {}, variables.map((v) => el("td", {}, termText(row[v]))))));
    status.textContent = `${result.results.bindings.length} rows in ${elapsed} ms`;
  } catch (error) {
    status.textContent = `error: ${error.message}`;
  }
}

/* -- wiring -------------------------------------------------------------------------------- */

function init() {
  for (const token of COMMITMENT_TYPES) $("filter-type").append(el("option", { value: token }, label(token)));
  for (const token of STATUSES) $("filter-status").append(el("option", { value: token }, label(token)));
  $("actor-search").addEventListener("input", (event) => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => search(event.target.value), 150);
  });
  $("actor-search").addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const first = $("actor-results").querySelector("li[data-id]");
    if (first) selectActor(first.dataset.id);
  });
  for (const id of ["filter-type", "filter-status", "filter-role", "filter-from", "filter-to"]) {
    $(id).addEventListener("change", renderTable);
  }
  $("sparql-run").addEventListener("click", runSparql);
  const wanted = new URLSearchParams(window.location.search).get("actor");
  if (wanted) selectActor(wanted).catch((error) => { $("actor-details").textContent = error.message; });
  document.body.dataset.ready = "yes";
}

document.addEventListener("DOMContentLoaded", init);
