/* The filtered list every mark of the overview links to (/?view=commitments&...), one commitment
   (/?commitment=ID) and one source document (/?document=ID). A list of one committer's and a
   commitment link to the timeline of the tracked commitment each report belongs to. */

import { commitmentRow } from "./actor.js";
import { findTracked, timelineLink, trackedOfCommitter } from "./fulfilment.js";
import { $, actorLink, amountText, el, getJSON, label, link, plural } from "./util.js";

export const LIST_FILTERS = ["committer", "beneficiary", "type", "status", "from", "to"];
const PAGE = 100;

function describe(params, names) {
  const parts = [];
  if (params.get("status") === "refused") parts.push("Refusals");
  else parts.push(params.get("status") ? `${label(params.get("status"))} commitments` : "Commitments");
  if (params.get("type")) parts.push(`of type ${label(params.get("type"))}`);
  if (params.get("committer")) parts.push(`by ${names.committer || params.get("committer")}`);
  if (params.get("beneficiary")) parts.push(`to ${names.beneficiary || params.get("beneficiary")}`);
  if (params.get("from") && params.get("to")) {
    parts.push(params.get("from") === params.get("to") ? `on ${params.get("from")}` : `from ${params.get("from")} to ${params.get("to")}`);
  } else if (params.get("from")) parts.push(`from ${params.get("from")}`);
  else if (params.get("to")) parts.push(`until ${params.get("to")}`);
  return parts.join(" ");
}

export async function renderCommitments(params, { isCurrent }) {
  const query = new URLSearchParams({ limit: String(PAGE) });
  for (const name of LIST_FILTERS) if (params.get(name)) query.set(name, params.get(name));
  const body = $("list-table").tBodies[0];
  body.replaceChildren();
  $("list-more").hidden = true;
  const [page, trackedOf] = await Promise.all([getJSON(`/commitments?${query}`),
    params.get("committer") ? trackedOfCommitter(params.get("committer")) : new Map()]);
  if (!isCurrent()) return;
  const names = {};
  for (const item of page.items) {
    if (params.get("committer") && item.committer && item.committer.id === params.get("committer")) names.committer = item.committer.name;
    if (params.get("beneficiary") && item.beneficiary && item.beneficiary.id === params.get("beneficiary")) names.beneficiary = item.beneficiary.name;
  }
  const title = describe(params, names);
  $("list-title").textContent = title;
  document.title = `${title} · Commitments knowledge graph`;
  $("list-count").textContent = plural(page.total, params.get("status") === "refused" ? "refusal" : "commitment");
  append(page, query, trackedOf);
}

function append(page, query, trackedOf) {
  const body = $("list-table").tBodies[0];
  body.append(...page.items.map((item) => commitmentRow(item, { tracked: trackedOf.get(item.id) })));
  if (!body.rows.length) body.append(el("tr", {}, el("td", { colspan: "8", class: "empty" }, "nothing matches")));
  const more = $("list-more");
  more.hidden = !page.next_cursor;
  more.onclick = async () => {
    query.set("cursor", page.next_cursor);
    append(await getJSON(`/commitments?${query}`), query, trackedOf);
  };
}

export async function renderCommitment(params, { isCurrent }) {
  const id = params.get("commitment");
  const item = await getJSON(`/commitments/${encodeURIComponent(id)}`);
  if (!isCurrent()) return;
  const title = `${item.committer.name || item.committer.id}: ${label(item.type)}`;
  $("commitment-title").textContent = title;
  document.title = `${title} · Commitments knowledge graph`;
  const rows = [
    ["Status", el("span", { class: `status ${item.status}` }, label(item.status))],
    ["Committer", actorLink(item.committer)],
    ["Beneficiary", actorLink(item.beneficiary)], ["Target", actorLink(item.target)],
    ["Counterparty", actorLink(item.counterparty)], ["Announced by", actorLink(item.announced_by)],
    ["Proposed by", actorLink(item.proposed_by)], ["Date", item.date], ["Condition", item.condition],
    ["Amount", amountText(item)], ["Reported by", item.attributed_to],
    ["Source", item.document ? link({ document: item.document.id }, item.document.title || item.document.name || item.document.id) : ""],
    ["Provenance", item.provenance === "machine-extracted" ? `machine-extracted by ${item.extracted_by || "the extractor"}` : item.provenance],
  ].filter(([, value]) => value);
  const tracked = await findTracked(item).catch(() => null);
  if (!isCurrent()) return;
  if (tracked) rows.push(["Tracked", timelineLink(tracked)]);
  $("commitment-facts").replaceChildren(...rows.flatMap(([name, value]) => [el("dt", {}, name), el("dd", {}, value)]));
  $("commitment-quote").textContent = item.quote ? `“${item.quote}”` : "";
}

export async function renderDocument(params, { isCurrent }) {
  const id = params.get("document");
  const doc = await getJSON(`/documents/${encodeURIComponent(id)}`);
  if (!isCurrent()) return;
  const title = doc.title || doc.name || doc.id;
  $("document-title").textContent = title;
  document.title = `${title} · Commitments knowledge graph`;
  $("document-meta").textContent = [doc.published ? `published ${doc.published}` : "undated", doc.name, doc.url, doc.provenance]
    .filter(Boolean).join(" · ");
  $("document-commitments").replaceChildren(...doc.commitments.map((c) => el("li", {},
    link({ commitment: c.id }, `${c.committer_name || ""}: ${label(c.type)}`))));
  $("document-events").replaceChildren(...doc.events.map((e) => el("li", {}, e.name || e.id)));
  if (!doc.commitments.length) $("document-commitments").append(el("li", { class: "empty" }, "none"));
  if (!doc.events.length) $("document-events").append(el("li", { class: "empty" }, "none"));
}
