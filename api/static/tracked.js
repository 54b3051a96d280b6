/* One tracked commitment (/?tracked=ID): one real-world commitment across the reports that tell it
   (GET /tracked/{id}). Its reports are dated steps, each with its status, amount, source and
   attribution and the status the commitment has once it is read; reports that disagree are
   flagged on their step and shown side by side; the links say why the reports were grouped. */

import { showMessage } from "./router.js";
import {
  $, REFUSED, STATUS_COLOURS, actorLink, amountText, el, getJSON, label, link, money, plural, shorten,
} from "./util.js";

const d3 = () => window.d3;
const FULFILMENT = { none: "nothing delivered yet", partial: "partly delivered", full: "delivered in full",
  unmeasured: "delivered, with no pledged figure to measure it against" };

/** Text of an amount or quantity of a report (the REST report gives a Figure, not a Quantity, for quantities). */
function figureText(report) {
  const parts = [];
  if (report.amount) parts.push(money(report.amount.value, report.amount.currency, false));
  if (report.quantity) parts.push(`${Number(report.quantity.value).toLocaleString("en")} ${report.quantity.unit || ""}`.trim());
  return parts.join(", ");
}

/** The page's words for who the commitment is to: beneficiaries, else targets. */
function toWhom(item) {
  if (item.beneficiaries.length) return joined(item.beneficiaries.map(actorLink));
  if (item.targets.length) return ["against ", ...joined(item.targets.map(actorLink))];
  return [];
}

function joined(nodes) {
  return nodes.flatMap((node, i) => (i ? [", ", node] : [node]));
}

export async function renderTracked(params, { isCurrent }) {
  const id = params.get("tracked");
  let item;
  try {
    item = await getJSON(`/tracked/${encodeURIComponent(id)}`);
  } catch (error) {
    if (!isCurrent()) return;
    if (error.status !== 404) throw error;
    $("tracked").hidden = true;  // not the last one shown, under a message about another
    document.title = "Unknown tracked commitment · Commitments knowledge graph";
    showMessage(`No tracked commitment has the id “${id}”. Open one from an actor's tracked commitments or from a commitment.`);
    return;
  }
  if (!isCurrent()) return;
  const who = item.committer.name || item.committer.id;
  const title = `${who}: ${label(item.type)}`;
  $("tracked-title").replaceChildren(title, " ", el("small", {}, `tracked across ${plural(item.report_count, "report")}`));
  document.title = `${title} (tracked) · Commitments knowledge graph`;
  const inConflict = conflictIndex(item);
  renderFacts(item);
  renderChart(item, inConflict);
  renderSteps(item, inConflict);
  renderConflicts(item);
  renderLinks(item);
}

/** Report id -> the conflicts (their index) it takes part in. */
function conflictIndex(item) {
  const found = new Map();
  item.conflicts.forEach((conflict, index) => {
    for (const report of conflict.reports) found.set(report, [...(found.get(report) || []), index]);
  });
  return found;
}

function renderFacts(item) {
  const perCurrency = (figures) => figures.map((f) => money(f.value, f.currency, false)).join(" · ");
  const perUnit = (figures) => figures.map((f) => `${Number(f.value).toLocaleString("en")} ${f.unit}`).join(" · ");
  const reported = item.first_reported
    ? (item.first_reported === item.last_reported ? item.first_reported : `${item.first_reported} to ${item.last_reported}`)
    : "undated";
  const rows = [
    ["Status now", el("span", { class: `status ${item.status}` }, label(item.status))],
    ["Committer", actorLink(item.committer)],
    ["To whom", toWhom(item).length ? el("span", {}, ...toWhom(item)) : ""],
    ["Fulfilment", FULFILMENT[item.fulfilment] || item.fulfilment],
    // Per currency, side by side, never added up: a sum across currencies means nothing.
    ["Pledged", perCurrency(item.pledged)], ["Delivered", perCurrency(item.delivered)],
    ["Pledged (quantity)", perUnit(item.pledged_quantity)], ["Delivered (quantity)", perUnit(item.delivered_quantity)],
    ["Reported", `${reported}, ${plural(item.report_count, "report")}`],
    ["Disagreements", item.conflicts.length ? el("a", { href: "#tracked-conflicts-title" }, plural(item.conflicts.length, "conflict")) : ""],
  ].filter(([, value]) => value && (!Array.isArray(value) || value.length));
  $("tracked-facts").replaceChildren(...rows.flatMap(([name, value]) => [el("dt", {}, name), el("dd", {}, value)]));
}

/* -- the timeline: the status over time as a band, each report a dated mark ----------------- */

function spells(reports) {
  // The status after each dated report, held until the next report changes it (as in the GEXF export).
  const out = [];
  for (const report of reports) {
    if (!report.day || !report.status_after) continue;
    const last = out[out.length - 1];
    if (last && last.status === report.status_after) continue;
    if (last && last.start === report.day) { last.status = report.status_after; continue; }
    out.push({ status: report.status_after, start: report.day });
  }
  return out;
}

function renderChart(item, inConflict) {
  const box = $("tracked-chart");
  box.replaceChildren();
  const dated = item.reports.filter((r) => r.day);
  $("tracked-chart-note").textContent = dated.length < item.reports.length
    ? `${plural(item.reports.length - dated.length, "undated report")} counted in the status but not drawn.` : "";
  if (!dated.length || !d3()) {
    box.append(el("p", { class: "empty" }, d3() ? "no dated report to draw" : "d3 is not installed on the server (run make install)"));
    return;
  }
  const parse = (day) => new Date(`${day}T00:00:00Z`);
  const first = parse(dated[0].day), last = parse(dated[dated.length - 1].day);
  const pad = Math.max((last - first) * 0.06, 3 * 86400000);
  const width = Math.max(box.clientWidth || 0, 480);
  const left = 90, right = 20, band = 22, markRow = 34, top = 8;
  const perDay = d3().max(d3().rollup(dated, (v) => v.length, (r) => r.day).values());  // reports of one day stack
  const height = top + band + 16 + markRow * Math.max(perDay, 1) + 30;
  const x = d3().scaleUtc().domain([new Date(+first - pad), new Date(+last + pad)]).range([left, width - right]);
  const svg = d3().select(box).append("svg").attr("width", width).attr("height", height)
    .attr("role", "group").attr("aria-label", `Timeline of ${plural(item.report_count, "report")}: the status over time and each report on its day`);
  const hatch = `tracked-refused-${item.id}`;
  const pattern = svg.append("defs").append("pattern").attr("id", hatch).attr("patternUnits", "userSpaceOnUse")
    .attr("width", 6).attr("height", 6).attr("patternTransform", "rotate(45)");
  pattern.append("rect").attr("width", 6).attr("height", 6).attr("fill", STATUS_COLOURS[REFUSED]);
  pattern.append("line").attr("x2", 0).attr("y2", 6).attr("stroke", "#ffffff").attr("stroke-width", 2);
  const fill = (status) => (status === REFUSED ? `url(#${hatch})` : STATUS_COLOURS[status] || "#999999");

  svg.append("text").attr("x", left - 8).attr("y", top + band / 2).attr("dy", "0.35em").attr("text-anchor", "end").text("status");
  const steps = spells(item.reports);
  steps.forEach((spell, i) => {
    const from = x(parse(spell.start));
    const to = i + 1 < steps.length ? x(parse(steps[i + 1].start)) : width - right;
    const until = i + 1 < steps.length ? ` until ${steps[i + 1].start}` : " on";
    const g = svg.append("g").attr("class", "spell").attr("data-status", spell.status);
    g.append("title").text(`${label(spell.status)} from ${spell.start}${until}`);
    g.append("rect").attr("x", from).attr("y", top).attr("width", Math.max(to - from, 2)).attr("height", band)
      .attr("fill", fill(spell.status)).attr("class", spell.status === REFUSED ? "refused" : null);
    if (to - from > 70) {  // named under the band, in the ink colour: never pale text on a colour
      g.append("text").attr("x", from + 2).attr("y", top + band + 9).attr("class", "spell-label").text(label(spell.status));
    }
  });

  const marksTop = top + band + 16;
  svg.append("text").attr("x", left - 8).attr("y", marksTop + markRow / 2).attr("dy", "0.35em").attr("text-anchor", "end").text("reports");
  const sameDay = new Map();
  for (const report of dated) {
    const row = sameDay.get(report.day) || 0;
    sameDay.set(report.day, row + 1);
    const cx = x(parse(report.day));
    const cy = marksTop + markRow / 2 + row * markRow;
    const source = report.attributed_to || (report.document && (report.document.title || report.document.name)) || "";
    const disagrees = inConflict.has(report.id) ? ", disagrees with another report" : "";
    const a = svg.append("a").attr("href", `#step-${report.id}`).attr("class", "mark report-mark")
      .attr("data-id", report.id).attr("data-status", report.status)
      .attr("aria-label", `${report.day}: ${label(report.status)}${figureText(report) ? `, ${figureText(report)}` : ""}${source ? `, ${source}` : ""}${disagrees}`);
    a.append("title").text(a.attr("aria-label"));
    a.append("circle").attr("cx", cx).attr("cy", cy).attr("r", 8).attr("fill", fill(report.status))
      .attr("stroke", inConflict.has(report.id) ? "#c1121f" : "#1d2733").attr("stroke-width", inConflict.has(report.id) ? 3 : 1);
  }
  svg.append("g").attr("transform", `translate(0,${height - 28})`).attr("aria-hidden", "true")
    .call(d3().axisBottom(x).ticks(Math.max(2, Math.floor((width - left) / 110))).tickFormat(d3().utcFormat("%Y-%m-%d")));
  const shown = [...new Set([...item.reports.map((r) => r.status), ...steps.map((s) => s.status)])];
  $("tracked-legend").replaceChildren(el("span", { class: "legend-caption" }, "Status:"),
    ...shown.map((status) => el("span", { class: "legend-entry" },
      el("span", { class: `swatch${status === REFUSED ? " refused" : ""}`, style: status === REFUSED ? null : `background:${STATUS_COLOURS[status]}`,
        "aria-hidden": "true" }), label(status))),
    item.conflicts.length ? el("span", { class: "legend-entry" }, el("span", { class: "swatch ring", "aria-hidden": "true" }),
      "a report that disagrees with another") : "");
}

/* -- the steps: one per report ------------------------------------------------------------- */

function source(report) {
  const doc = report.document;
  const title = doc && (doc.title || doc.name || doc.id);
  return el("span", { class: "source" },
    doc ? link({ document: doc.id }, shorten(title, 64), { title }) : "no source document",
    doc && doc.published ? ` (published ${doc.published})` : "",
    report.attributed_to ? el("span", { class: "attribution" }, ` · reported by ${report.attributed_to}`) : "");
}

function renderSteps(item, inConflict) {
  let previous = null;
  $("tracked-steps").replaceChildren(...item.reports.map((report) => {
    const changed = report.status_after && report.status_after !== previous;
    previous = report.status_after || previous;
    const conflicts = inConflict.get(report.id) || [];
    return el("li", { class: `step${conflicts.length ? " in-conflict" : ""}`, id: `step-${report.id}`, "data-id": report.id,
      "data-status": report.status, "data-day": report.day || "" },
      el("div", { class: "step-head" },
        el("time", report.day ? { datetime: report.day } : {}, report.day || "undated"),
        report.date === null && report.day ? el("span", { class: "note" }, " (publication date)") : "",
        " ", el("span", { class: `status ${report.status}` }, label(report.status)),
        changed ? el("span", { class: "after" }, ` → now ${label(report.status_after)}`)
          : el("span", { class: "after" }, ` (still ${label(report.status_after || report.status)})`),
        figureText(report) ? el("span", { class: "figure" }, ` · ${figureText(report)}`) : "",
        conflicts.length ? el("a", { class: "conflict-flag", href: `#conflict-${conflicts[0]}` },
          `disagrees with another report`) : ""),
      report.quote ? el("blockquote", {}, `“${report.quote}”`) : "",
      el("div", { class: "step-source" }, source(report), " · ", link({ commitment: report.id }, "this report")));
  }));
}

/* -- conflicts, side by side ----------------------------------------------------------------- */

function renderConflicts(item) {
  const byId = new Map(item.reports.map((r) => [r.id, r]));
  $("tracked-conflicts-title").hidden = !item.conflicts.length;
  $("tracked-conflicts").replaceChildren(...item.conflicts.map((conflict, index) => el("div", {
    class: "conflict", id: `conflict-${index}`, "data-kind": conflict.kind },
    el("h4", {}, `${label(conflict.kind)}: ${conflict.description}`),
    el("div", { class: "side-by-side" }, ...conflict.reports.map((id) => {
      const report = byId.get(id);
      if (!report) return el("div", { class: "card" }, link({ commitment: id }, id));
      return el("div", { class: "card", "data-id": id },
        el("div", {}, el("time", {}, report.day || "undated"), " ", el("span", { class: `status ${report.status}` }, label(report.status)),
          figureText(report) ? ` · ${figureText(report)}` : ""),
        report.quote ? el("blockquote", {}, `“${report.quote}”`) : "",
        el("div", {}, source(report)),
        el("div", {}, el("a", { href: `#step-${id}` }, "its step in the timeline")));
    })))));
}

function renderLinks(item) {
  const body = $("tracked-links").tBodies[0];
  body.replaceChildren(...item.links.map((l) => el("tr", {},
    el("td", {}, link({ commitment: l.source }, shorten(l.source, 40))),
    el("td", {}, link({ commitment: l.target }, shorten(l.target, 40))),
    el("td", {}, l.kind), el("td", {}, l.score.toFixed(2)),
    el("td", {}, el("ul", { class: "reasons" }, ...l.reasons.map((r) => el("li", {}, r)))))));
  if (!item.links.length) body.append(el("tr", {}, el("td", { colspan: "5", class: "empty" }, "a single report: nothing to link")));
}
