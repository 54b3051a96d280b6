/* One actor (/?actor=ID, with its filters in the URL): who it is, its commitments and its events
   side by side, what it pledged and delivered (fulfilment.js), and the graph around it. An
   unknown actor says so. */

import { loadTracked, renderTrackedPanel, timelineLink, trackedOfReports } from "./fulfilment.js";
import { drawGraph, graphBoxes, renderLegend, shortLabel } from "./graph.js";
import { showMessage } from "./router.js";
import {
  $, ACTOR_KIND_COLOURS, COMMITMENT_TYPES, STATUSES, STATUS_COLOURS, actorLink, amountText, el, getJSON,
  label, link, pageUrl, plural, shorten,
} from "./util.js";

export const MAX_COMMITMENTS = 500; // the table and graph show at most this many (the first by date)
const MAX_EVENTS = 200;
export const FILTERS = ["type", "status", "role", "from", "to"];
const EDGE_COLOURS = { committer: "#333333", beneficiary: "#2a9d8f", target: "#c1121f", counterparty: "#7b8cde",
  announced_by: "#9aa5b1", proposed_by: "#9aa5b1", participant: "#b5838d", derived_from: "#bbbbbb", report: "#6c757d" };

export function setUpFilters(onChange) {
  for (const token of COMMITMENT_TYPES) $("filter-type").append(el("option", { value: token }, label(token)));
  for (const token of STATUSES) $("filter-status").append(el("option", { value: token }, label(token)));
  for (const name of FILTERS) $(`filter-${name}`).addEventListener("change", onChange);
}

/** The URL of the actor view with the filters as the form shows them. */
export function filtersUrl(actorId) {
  const params = { actor: actorId };
  for (const name of FILTERS) params[name] = $(`filter-${name}`).value;
  return pageUrl(params);
}

export async function renderActor(params, { isCurrent }, state) {
  const id = params.get("actor");
  const f = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) || ""]));
  for (const name of FILTERS) $(`filter-${name}`).value = f[name];
  if (!state.actor || state.actor.id !== id) {
    let actor;
    try {
      actor = await getJSON(`/actors/${encodeURIComponent(id)}`);
    } catch (error) {
      if (!isCurrent()) return;
      if (error.status !== 404) throw error;
      $("actor").hidden = true;
      state.actor = null;
      document.title = "Unknown actor · Commitments knowledge graph";
      showMessage(`No actor has the id “${id}”. Search for it by name above, or go back to the overview.`);
      return;
    }
    const [page, events, tracked] = await Promise.all([
      getJSON(`/actors/${encodeURIComponent(id)}/commitments?limit=${MAX_COMMITMENTS}`),
      getJSON(`/actors/${encodeURIComponent(id)}/events?limit=${MAX_EVENTS}`),
      // Its tracked commitments are a panel of their own: the commitments stand without them.
      loadTracked(id).catch((error) => ({ error })),
    ]);
    if (!isCurrent()) return;
    const trackedOf = tracked.error ? new Map() : trackedOfReports(tracked);
    Object.assign(state, { actor, commitments: page.items, total: page.total, events, tracked, trackedOf });
    renderHeader(actor);
    renderEvents(actor, events);
    if (tracked.error) $("tracked-count").textContent = `(could not be read: ${tracked.error.message})`;
    else renderTrackedPanel(actor, tracked);
    await loadGraph(state);
    if (!isCurrent()) return;
  } else if (state.cy) {
    // Back to the same actor: the graph was drawn, then hidden with its section; cytoscape must
    // measure its box again now that it shows, or it draws nothing.
    state.cy.resize();
    state.cy.fit(undefined, 20);
  }
  document.title = `${state.actor.name} · Commitments knowledge graph`;
  renderTable(state, f);
  filterGraph(state, f);
}

function renderHeader(actor) {
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
  const whose = `${actor.name}’s role`;
  $("commitments-role-heading").textContent = whose;
  $("events-role-heading").textContent = whose;
}

export function matches(item, f, roles) {
  if (f.type && item.type !== f.type) return false;
  if (f.status && item.status !== f.status) return false;
  if (f.role && roles && !roles.includes(f.role)) return false;
  if ((f.from || f.to) && !item.date) return false;
  if (f.from && item.date < f.from) return false;
  if (f.to && item.date > f.to) return false;
  return true;
}

/** A commitment's row; `tracked` ({id, count}) adds a link to the timeline of its tracked commitment. */
export function commitmentRow(item, { roles, tracked } = {}) {
  const toWhom = [["", item.beneficiary], ["against ", item.target], ["with ", item.counterparty]]
    .filter(([, ref]) => ref).map(([prefix, ref]) => el("span", {}, prefix, actorLink(ref)));
  const title = item.document && (item.document.title || item.document.name || item.document.id);
  const source = item.document
    ? el("span", {}, link({ document: item.document.id }, shorten(title, 48), { title }),
      item.attributed_to ? el("div", { class: "attribution" }, `reported by ${item.attributed_to}`) : null,
      item.reviewed === false ? el("div", { class: "attribution" }, "machine-extracted") : null)
    : "";
  const cells = [
    el("td", {}, link({ commitment: item.id }, label(item.type))),
    el("td", {}, el("span", { class: `status ${item.status}` }, label(item.status)),
      item.condition ? el("div", { class: "condition" }, `if ${item.condition}`) : null, timelineLink(tracked)),
    el("td", {}, actorLink(item.committer)),
    el("td", {}, toWhom.length ? toWhom : ""),
    el("td", {}, item.date || ""),
    el("td", {}, amountText(item)),
    el("td", { class: "quote" }, item.quote ? `“${item.quote}”` : ""),
    el("td", {}, source),
  ];
  if (roles) cells.push(el("td", { class: "role" }, roles.map(label).join(", ")));
  return el("tr", { "data-id": item.id, "data-type": item.type, "data-status": item.status }, cells);
}

function renderTable(state, f) {
  const shown = state.commitments.filter((item) => matches(item, f, item.roles));
  const rows = shown.map((item) => commitmentRow(item, { roles: item.roles, tracked: state.trackedOf.get(item.id) }));
  const body = $("commitments").tBodies[0];
  body.replaceChildren(...rows);
  if (!rows.length) body.append(el("tr", {}, el("td", { colspan: "9", class: "empty" }, "no commitment matches")));
  const more = state.total > state.commitments.length ? ` (the first ${state.commitments.length} of ${state.total})` : "";
  $("filter-count").textContent = `${shown.length} of ${plural(state.commitments.length, "commitment")}${more}`;
}

function renderEvents(actor, page) {
  const rows = page.items.map((event) => {
    const title = event.document && (event.document.title || event.document.name || event.document.id);
    return el("tr", { "data-id": event.id, "data-kind": event.kind },
      el("td", {}, event.date || ""),
      el("td", {}, event.name || label(event.kind), el("div", { class: "attribution" }, label(event.kind))),
      el("td", { class: "role" }, event.mode ? `${event.role}, ${event.mode === "video" ? "by video" : "in person"}` : event.role),
      el("td", {}, event.document ? link({ document: event.document.id }, shorten(title, 40), { title }) : ""));
  });
  const body = $("events").tBodies[0];
  body.replaceChildren(...rows);
  if (!rows.length) body.append(el("tr", {}, el("td", { colspan: "4", class: "empty" }, `${actor.name} takes part in no event`)));
  $("events-count").textContent = page.total > page.items.length ? `(the first ${page.items.length} of ${page.total})`
    : `(${page.total})`;
}

/* -- the graph around the actor ------------------------------------------------------------- */

function elementsFromCommitments(actor, commitments) {
  // When /export is not used or does not answer: actors and commitments as nodes, roles as edges.
  const nodes = new Map();
  const edges = [];
  const addActor = (ref) => {
    if (ref && !nodes.has(ref.iri)) nodes.set(ref.iri, { data: { id: ref.iri, iri: ref.iri, label: ref.name || ref.id, kind: "actor" } });
  };
  addActor({ iri: actor.iri, name: actor.name, id: actor.id });
  for (const item of commitments) {
    nodes.set(item.iri, { data: { id: item.iri, iri: item.iri, label: label(item.type), kind: "commitment", type: item.type,
      status: item.status, date: item.date || "" } });
    for (const [role, ref] of [["committer", item.committer], ["beneficiary", item.beneficiary],
      ["target", item.target], ["counterparty", item.counterparty]]) {
      if (!ref) continue;
      addActor(ref);
      const [source, target] = role === "committer" ? [ref.iri, item.iri] : [item.iri, ref.iri];
      edges.push({ data: { id: `${item.iri}|${role}`, source, target, role } });
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
  const kind = String(data.kind || "").toLowerCase();
  if (["commitment", "tracked", "event", "document"].includes(kind)) return kind;
  if (data.status && data.type) return "commitment";
  return "actor";
}

/** Short labels and full details, colours and legend entries for the elements of either source. */
function dressElements(elements, actor) {
  for (const element of elements) {
    const data = element.data || {};
    if (data.source !== undefined) {
      const role = data.role || String(data.label || "").replace(/ /g, "_") || "link";
      data.role = role;
      data.colour = EDGE_COLOURS[role] || "#999999";
      data.width = 1.2;
      data.legend = `${label(role)} (edge)`;
      data.details = label(role);
      data.refused = "no";
    } else {
      data.kind = nodeKind(data);
      const full = data.title || data.label || data.name || data.id;
      data.focus = [data.id, data.iri].some((v) => v && (v === actor.iri || v === `actor/${actor.id}`)) ? "yes" : "no";
      if (data.kind === "commitment") {
        data.type = data.type || "";
        data.colour = STATUS_COLOURS[data.status] || "#999999";
        data.label = "";  // the type and status are in the details: dozens of them would hide the actors
        data.legend = `commitment, ${label(data.status)}`;
        data.details = `${label(data.type)}, ${label(data.status)}${data.date ? `, ${data.date}` : ""}${data.condition ? `, if ${data.condition}` : ""}`;
        data.size = 14;
        data.href = pageUrl({ commitment: String(data.iri || data.id).split("/").pop() });
      } else if (data.kind === "tracked") {
        // One commitment across its reports (the export draws those of two or more).
        data.colour = STATUS_COLOURS[data.status] || "#999999";
        data.label = "";
        data.legend = `tracked commitment, ${label(data.status)}`;
        data.details = `${label(data.type)} tracked across ${data.report_count} reports, ${label(data.status)} now`
          + `${data.first_reported ? ` (${data.first_reported} to ${data.last_reported})` : ""}`;
        data.size = 20;
        data.href = pageUrl({ tracked: String(data.iri || data.id).split("/").pop() });
      } else if (data.kind === "document") {
        data.colour = "#adb5bd";
        data.label = shortLabel(full, 24);
        data.legend = "source document";
        data.href = pageUrl({ document: String(data.iri || data.id).split("/").pop() });
        data.details = `${full}${data.date ? ` (${data.date})` : ""}`;
        data.size = 14;
      } else if (data.kind === "event") {
        data.colour = "#b5838d";
        data.label = shortLabel(full);
        data.legend = "event";
        data.details = `${full}${data.date ? ` (${data.date})` : ""}`;
        data.size = 16;
      } else {
        const kind = data.type && ACTOR_KIND_COLOURS[data.type] ? data.type : "actor";
        data.colour = ACTOR_KIND_COLOURS[kind] || "#3d5a80";
        data.label = shortLabel(full);
        data.legend = kind === "actor" ? "actor" : `actor (${kind})`;
        data.details = full;
        data.size = data.focus === "yes" ? 30 : 20;
        if (data.focus !== "yes") data.href = pageUrl({ actor: String(data.iri || data.id).split("/").pop() });
      }
    }
    element.data = data;
  }
  return elements;
}

async function loadGraph(state) {
  let elements = null;
  // An actor with more commitments than the table shows is drawn from the commitments the table
  // shows: its whole neighbourhood (25,000 commitments for the busiest actor of a large store) is
  // tens of megabytes to export and more than a browser can lay out.
  const partial = state.total > state.commitments.length;
  try {
    if (!partial) {
      const response = await fetch(`/export?format=cytoscape&view=full&actor=${encodeURIComponent(state.actor.id)}&depth=1`,
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
  $("graph-source").textContent = state.graphSource === "export" ? "(from /export)"
    : partial ? `(the ${state.commitments.length} commitments of the table, of ${state.total}, from the REST API)`
    : "(from the REST API)";
  if (state.cy) state.cy.destroy();
  state.cy = drawGraph($("graph"), dressElements(elements, state.actor), graphBoxes("graph"));
}

function filterGraph(state, f) {
  const cy = state.cy;
  if (!cy) return;
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
      const commitments = node.neighborhood("node").filter((n) => n.data("kind") === "commitment");
      if (commitments.length && commitments.every((n) => n.hasClass("filtered"))) node.addClass("filtered");
    });
  });
  renderLegend($("graph-legend"), cy);
}

