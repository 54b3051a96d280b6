/* The landing overview: committers by commitment type (counts, and amounts per currency), a
   timeline of commitments coloured by status, the actors graph (committer -> beneficiary) and the
   latest documents, all from GET /overview. Every mark links to the filtered list it counts;
   refusals (status refused: who refused what) are counted apart and hatched. */

import { horizontalBars, legend, timeline } from "./charts.js";
import { drawGraph, graphBoxes, shortLabel } from "./graph.js";
import { navigate } from "./router.js";
import {
  $, ACTOR_KIND_COLOURS, COMMITMENT_TYPES, REFUSED, STATUSES, STATUS_COLOURS, TYPE_COLOURS, el, getJSON, label, link,
  money, pageUrl, plural, shorten,
} from "./util.js";

export async function renderOverview(params, { isCurrent }, state) {
  document.title = "Overview · Commitments knowledge graph";
  const data = await getJSON("/overview");
  if (!isCurrent()) return;
  state.overview = data;
  $("overview-figures").replaceChildren(
    el("li", {}, link({ view: "commitments" }, plural(data.commitments - data.refusals, "commitment"))),
    el("li", { class: "refusals" }, link({ view: "commitments", status: REFUSED }, plural(data.refusals, "refusal"))),
    el("li", {}, plural(data.committers_total, "committer")),
    el("li", {}, plural(data.documents_total, "source document")));
  renderCommitters(data);
  renderAmounts(data);
  renderTimeline(data);
  renderDocuments(data);
  state.overviewCy = renderRelations(data, state);
}

function committerRows(rows, value, refusedValue) {
  const byCommitter = new Map();
  for (const row of rows) {
    const key = row.committer.id;
    if (!byCommitter.has(key)) byCommitter.set(key, { ref: row.committer, items: [] });
    byCommitter.get(key).items.push(row);
  }
  return [...byCommitter.values()].map(({ ref, items }) => {
    const name = ref.name || ref.id;
    const segments = items.filter((r) => value(r) > 0).map((r) => ({
      key: r.type, value: value(r), colour: TYPE_COLOURS[r.type],
      link: { view: "commitments", committer: ref.id, type: r.type },
      title: `${name}, ${label(r.type)}: ${refusedValue.describe(r)}`,
    }));
    const refused = items.reduce((sum, r) => sum + refusedValue.of(r), 0);
    if (refused > 0) {
      segments.push({ key: REFUSED, value: refused, refused: true, link: { view: "commitments", committer: ref.id, status: REFUSED },
        title: `${name}, refused: ${refusedValue.describeTotal(refused)}` });
    }
    return { label: name, link: { actor: ref.id }, segments };
  }).filter((row) => row.segments.length);
}

function typeLegend(rows, box, withRefused) {
  const present = new Set(rows.map((r) => r.type));
  const entries = COMMITMENT_TYPES.filter((t) => present.has(t)).map((t) => ({
    key: t, text: label(t), colour: TYPE_COLOURS[t], link: { view: "commitments", type: t } }));
  if (withRefused) entries.push({ key: REFUSED, text: "refused (who refused what)", refused: true, link: { view: "commitments", status: REFUSED } });
  legend(box, entries, "Type:");
}

function renderCommitters(data) {
  const counting = {
    describe: (r) => plural(r.count, "commitment"),
    of: (r) => r.refused, describeTotal: (n) => plural(n, "refusal"),
  };
  const rows = committerRows(data.committers, (r) => r.count, counting);
  horizontalBars($("chart-committers"), rows, { caption: "Committers by commitment type", format: (v) => String(v) });
  typeLegend(data.committers, $("legend-committers"), data.committers.some((r) => r.refused > 0));
  const more = data.committers_total - rows.length;
  $("committers-note").textContent = more > 0 ? `The ${rows.length} committers with the most commitments, of ${data.committers_total}.` : "";
}

function renderAmounts(data) {
  const box = $("chart-amounts");
  box.replaceChildren();
  const currencies = [...new Set(data.amounts.map((a) => a.currency))];
  if (!currencies.length) box.append(el("p", { class: "empty" }, "no amount of money in the store yet"));
  for (const currency of currencies) {
    const rows = data.amounts.filter((a) => a.currency === currency);
    const chart = el("div", { class: "chart", "data-currency": currency });
    box.append(el("h4", {}, currency), chart);
    const summing = {
      describe: (r) => `${money(r.total, currency)} in ${plural(r.count, "commitment")}`,
      of: (r) => Number(r.refused_total), describeTotal: (n) => money(n, currency),
    };
    horizontalBars(chart, committerRows(rows, (r) => Number(r.total), summing),
      { caption: `Amounts in ${currency} by committer and type`, format: (v) => money(v, currency) });
  }
  if (currencies.length) typeLegend(data.amounts, $("legend-amounts"), data.amounts.some((a) => a.refused_count > 0));
  else $("legend-amounts").replaceChildren();
  const more = data.currencies_total - currencies.length;
  $("amounts-note").textContent = more > 0 ? `The ${currencies.length} currencies of the most commitments, of ${data.currencies_total}.` : "";
}

function renderTimeline(data) {
  timeline($("chart-timeline"), data.timeline.filter((b) => b.start), data.granularity);
  const undated = data.timeline.filter((b) => !b.start);
  const present = new Set(data.timeline.map((b) => b.status));
  legend($("legend-timeline"), STATUSES.filter((s) => present.has(s)).map((s) => ({
    key: s, text: s === REFUSED ? "refused (who refused what)" : label(s), colour: STATUS_COLOURS[s], refused: s === REFUSED,
    link: { view: "commitments", status: s } })), "Status:");
  $("timeline-note").replaceChildren(`By ${data.granularity}; each column links to the commitments of its dates and status.`,
    undated.length ? ` Undated, so not drawn: ${undated.map((b) => `${b.count} ${label(b.status)}`).join(", ")}.` : "");
}

function renderDocuments(data) {
  const list = $("latest-documents");
  list.replaceChildren(...data.documents.map((doc) => {
    const title = doc.title || doc.name || doc.id;
    return el("li", {},
      link({ document: doc.id }, shorten(title, 70), { title }),
      el("span", { class: "meta" }, ` ${doc.published || "undated"} · ${plural(doc.commitments - doc.refusals, "commitment")}`,
        doc.refusals ? el("span", { class: "refusals" }, ` · ${plural(doc.refusals, "refusal")}`) : null));
  }));
  if (!data.documents.length) list.append(el("li", { class: "empty" }, "no document yet"));
}

/** Committer -> beneficiary: one edge for the commitments made, a dashed one for the refusals. */
function relationElements(data) {
  const nodes = data.actors.filter((a) => data.relations.some((r) => r.committer.id === a.id || r.beneficiary.id === a.id))
    .map((actor) => ({ data: {
      id: actor.id, label: shortLabel(actor.name || actor.id), kind: "actor", actorKind: actor.kind || "unknown",
      colour: ACTOR_KIND_COLOURS[actor.kind] || "#7d8597", legend: actor.kind || "actor",
      size: 14 + Math.min(30, Math.sqrt(actor.committed + actor.received) * 4),
      details: `${actor.name || actor.id} (${actor.kind || "actor"}): commits ${actor.committed}, receives ${actor.received}`,
      href: pageUrl({ actor: actor.id }) } }));
  const edges = [];
  for (const relation of data.relations) {
    const refused = relation.statuses[REFUSED] || 0;
    const made = relation.count - refused;
    const names = `${relation.committer.name || relation.committer.id} → ${relation.beneficiary.name || relation.beneficiary.id}`;
    const base = { source: relation.committer.id, target: relation.beneficiary.id };
    if (made > 0) {
      edges.push({ data: { ...base, id: `${base.source}|${base.target}|made`, width: 1 + Math.min(8, Math.sqrt(made) * 1.5),
        colour: "#5c6b7a", legend: "commits to", refused: "no", details: `${names}: ${plural(made, "commitment")}`,
        href: pageUrl({ view: "commitments", committer: base.source, beneficiary: base.target }) } });
    }
    if (refused > 0) {
      edges.push({ data: { ...base, id: `${base.source}|${base.target}|refused`, width: 1 + Math.min(8, Math.sqrt(refused) * 1.5),
        colour: STATUS_COLOURS[REFUSED], legend: "refuses to", refused: "yes", details: `${names}: ${plural(refused, "refusal")}`,
        href: pageUrl({ view: "commitments", committer: base.source, beneficiary: base.target, status: REFUSED }) } });
    }
  }
  return [...nodes, ...edges];
}

function renderRelations(data, state) {
  if (state.overviewCy) state.overviewCy.destroy();
  const container = $("overview-graph");
  const cy = drawGraph(container, relationElements(data), {
    ...graphBoxes("overview-graph"), onActivate: (element) => navigate(element.data("href")) });
  const more = data.relations_total - data.relations.length;
  $("overview-graph-note").textContent = more > 0
    ? `The ${data.relations.length} committer → beneficiary pairs with the most commitments, of ${data.relations_total}.` : "";
  // The same marks as links, for the keyboard and screen readers: the canvas has no focusable parts.
  $("relations-table").tBodies[0].replaceChildren(...data.relations.map((r) => {
    const refused = r.statuses[REFUSED] || 0;
    const params = { view: "commitments", committer: r.committer.id, beneficiary: r.beneficiary.id };
    return el("tr", {},
      el("td", {}, link({ actor: r.committer.id }, r.committer.name || r.committer.id)),
      el("td", {}, link({ actor: r.beneficiary.id }, r.beneficiary.name || r.beneficiary.id)),
      el("td", {}, link(params, String(r.count - refused))),
      el("td", {}, refused ? link({ ...params, status: REFUSED }, String(refused)) : "0"));
  }));
  return cy;
}
