/* The page at /: an overview of the whole store, and a view per actor, filtered list, commitment,
   tracked commitment (its timeline) and document, each at its own URL (router.js). Plain browser modules; cytoscape.js and d3 are
   served from node_modules at /vendor. */

import { filtersUrl, renderActor, setUpFilters } from "./actor.js";
import { renderCommitment, renderCommitments, renderDocument } from "./lists.js";
import { renderOverview } from "./overview.js";
import { navigate, register, start } from "./router.js";
import { overlappingLabels } from "./graph.js";
import { runSparql } from "./sparql.js";
import { renderTracked } from "./tracked.js";
import { $, el, getJSON, pageUrl } from "./util.js";

// What the views keep between renders (the actor's commitments, the graphs), and what the
// browser tests read: window.kg.
const state = { actor: null, commitments: [], total: 0, events: null, tracked: null, trackedOf: new Map(), cy: null, graphSource: null,
  overview: null, overviewCy: null, labelOverlaps: overlappingLabels };
window.kg = state;

const withState = (render) => (params, context) => render(params, context, state);

register("commitment", "commitment", (p) => p.has("commitment"), renderCommitment);
register("tracked", "tracked", (p) => p.has("tracked"), renderTracked);
register("document", "document", (p) => p.has("document"), renderDocument);
register("actor", "actor", (p) => p.has("actor"), withState(renderActor));
register("commitments", "list", (p) => p.get("view") === "commitments", renderCommitments);
register("overview", "overview", () => true, withState(renderOverview));

/* -- search: type a name, pick with the mouse or the arrow keys and Enter --------------------- */

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
      role: "option", tabindex: "-1", "data-id": actor.id, id: `option-${actor.id}`,
      onclick: () => choose(actor.id),
      onkeydown: (event) => optionKey(event, actor.id),
    }, actor.name, " ", el("small", {}, actor.kind))));
    if (!page.items.length) list.replaceChildren(el("li", { class: "empty", role: "option", "aria-disabled": "true" }, "no actor matches"));
    $("actor-search").setAttribute("aria-expanded", String(page.items.length > 0));
  } catch (error) {
    list.replaceChildren(el("li", { class: "error", role: "option", "aria-disabled": "true" }, error.message));
  }
}

function choose(id) {
  $("actor-results").replaceChildren();
  $("actor-search").setAttribute("aria-expanded", "false");
  navigate(pageUrl({ actor: id }));
}

function options() {
  return [...$("actor-results").querySelectorAll("li[data-id]")];
}

function optionKey(event, id) {
  const all = options();
  const at = all.indexOf(event.currentTarget);
  if (event.key === "Enter" || event.key === " ") { event.preventDefault(); choose(id); }
  else if (event.key === "ArrowDown" && at < all.length - 1) { event.preventDefault(); all[at + 1].focus(); }
  else if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? all[at - 1] : $("actor-search")).focus(); }
  else if (event.key === "Escape") { $("actor-results").replaceChildren(); $("actor-search").focus(); }
}

function init() {
  const input = $("actor-search");
  input.addEventListener("input", (event) => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => search(event.target.value), 150);
  });
  input.addEventListener("keydown", (event) => {
    const first = options()[0];
    if (event.key === "Enter" && first) choose(first.dataset.id);
    else if (event.key === "ArrowDown" && first) { event.preventDefault(); first.focus(); }
    else if (event.key === "Escape") $("actor-results").replaceChildren();
  });
  setUpFilters(() => navigate(filtersUrl(state.actor ? state.actor.id : new URLSearchParams(window.location.search).get("actor"))));
  $("sparql-run").addEventListener("click", runSparql);
  document.body.dataset.ready = "yes";
  return start();
}

init();
