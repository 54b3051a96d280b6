/* An actor's tracked commitments in its view (/?actor=ID): what it pledged versus what it delivered
   per type and beneficiary (GET /actors/{id}/fulfilment), with amounts per currency and never
   summed across currencies, and its tracked commitments one row each, made and received
   (GET /actors/{id}/tracked?reports=all), each a link to its timeline (/?tracked=ID). The same
   answers tell which tracked commitment each commitment row of the actor belongs to.

   The summary is the committer's side only: GET /actors/{id}/fulfilment?role=beneficiary does
   not narrow to the beneficiary yet (fulfilment.rq's OPTIONAL beneficiary takes the bound value
   as given), so its rows would credit the actor with other beneficiaries' commitments. */

import { $, actorLink, el, getJSON, label, link, money, plural } from "./util.js";

export const MAX_TRACKED = 100; // rows of each role asked for (the first by first report)
const FULFILMENT = { none: "none yet", partial: "partly", full: "in full", unmeasured: "unmeasured" };

/** The actor's tracked commitments and fulfilment, as committer and as beneficiary. */
export async function loadTracked(actorId) {
  const base = `/actors/${encodeURIComponent(actorId)}`;
  const [committed, received, given] = await Promise.all([
    getJSON(`${base}/tracked?role=committer&reports=all&limit=${MAX_TRACKED}`),
    getJSON(`${base}/tracked?role=beneficiary&reports=all&limit=${MAX_TRACKED}`),
    getJSON(`${base}/fulfilment?role=committer`),
  ]);
  return { committed, received, fulfilment: given.rows };
}

/** Report (commitment) id -> {id, count} of the tracked commitment it is a report of. */
export function trackedOfReports(tracked) {
  const found = new Map();
  for (const page of [tracked.committed, tracked.received]) {
    for (const item of page.items) {
      for (const report of item.reports || []) found.set(report.id, { id: item.id, count: item.report_count });
    }
  }
  return found;
}

/** Report id -> {id, count} for a committer's tracked commitments (the first `limit`); empty when unreadable. */
export async function trackedOfCommitter(committerId, limit = 500) {
  try {
    const page = await getJSON(`/tracked?committer=${encodeURIComponent(committerId)}&reports=all&limit=${limit}`);
    return trackedOfReports({ committed: page, received: { items: [] } });
  } catch (error) {
    return new Map();  // the rows stand without their timeline links
  }
}

/** The tracked commitment a report belongs to, looked for among its committer's of its type
    (a few pages at most); null when not found. */
export async function findTracked(report, pages = 5) {
  let url = `/actors/${encodeURIComponent(report.committer.id)}/tracked?type=${encodeURIComponent(report.type)}&reports=all&limit=100`;
  for (let page = 0; page < pages && url; page += 1) {
    const body = await getJSON(url);
    const found = body.items.find((item) => (item.reports || []).some((r) => r.id === report.id));
    if (found) return { id: found.id, count: found.report_count };
    url = body.next_cursor ? `${url.replace(/&cursor=[^&]*/, "")}&cursor=${encodeURIComponent(body.next_cursor)}` : null;
  }
  return null;
}

/** The link a commitment row shows to its tracked commitment's timeline. */
export function timelineLink(tracked) {
  if (!tracked) return null;
  return el("div", { class: "timeline-link" },
    link({ tracked: tracked.id }, `timeline of ${plural(tracked.count, "report")}`));
}

export function renderTrackedPanel(actor, tracked) {
  renderFulfilment(actor, tracked.fulfilment);
  const rows = [...tracked.committed.items.map((item) => [item, "committer"]),
    ...tracked.received.items.filter((item) => item.committer.id !== actor.id).map((item) => [item, "beneficiary"])];
  const body = $("tracked-table").tBodies[0];
  body.replaceChildren(...rows.map(([item, role]) => el("tr", { "data-id": item.id, "data-role": role, "data-reports": String(item.report_count) },
    el("td", {}, link({ tracked: item.id }, label(item.type))),
    el("td", {}, el("span", { class: `status ${item.status}` }, label(item.status))),
    el("td", {}, actorLink(item.committer)),
    el("td", {}, ...joined([...item.beneficiaries, ...item.targets].map(actorLink))),
    el("td", { class: "number" }, String(item.report_count)),
    el("td", {}, period(item)),
    el("td", {}, FULFILMENT[item.fulfilment] || item.fulfilment))));
  if (!rows.length) body.append(el("tr", {}, el("td", { colspan: "7", class: "empty" }, `${actor.name} is in no tracked commitment`)));
  const total = tracked.committed.total + tracked.received.total;
  const shown = tracked.committed.items.length + tracked.received.items.length;
  $("tracked-count").textContent = shown < total ? `(the first ${shown} of ${total})` : `(${total})`;
}

function joined(nodes) {
  return nodes.flatMap((node, i) => (i ? [", ", node] : [node]));
}

function period(item) {
  if (!item.first_reported) return "undated";
  return item.first_reported === item.last_reported ? item.first_reported : `${item.first_reported} to ${item.last_reported}`;
}

/** Pledged versus delivered: a row per committer, beneficiary, type and currency, as the API sums them. */
function renderFulfilment(actor, rows) {
  const body = $("fulfilment").tBodies[0];
  body.replaceChildren(...rows.map((row) => {
    const pledged = row.pledged === null ? null : Number(row.pledged);
    const delivered = row.delivered === null ? null : Number(row.delivered);
    const amount = (value) => (value === null || !row.currency ? "—" : money(value, row.currency, false));
    const share = pledged ? Math.min(delivered || 0, pledged) / pledged : null;
    const shareText = share === null ? "—" : `${Math.round(share * 100)} %`;
    return el("tr", { "data-type": row.type, "data-currency": row.currency || "", "data-beneficiary": row.beneficiary ? row.beneficiary.id : "" },
      el("td", {}, row.beneficiary ? actorLink(row.beneficiary) : "no one named"),
      el("td", {}, link({ view: "commitments", committer: row.committer.id, type: row.type,
        beneficiary: row.beneficiary ? row.beneficiary.id : "" }, label(row.type))),
      el("td", {}, row.currency || "no amount"),
      el("td", { class: "number" }, String(row.tracked)),
      el("td", { class: "number pledged" }, amount(pledged)),
      el("td", { class: "number delivered" }, amount(delivered)),
      el("td", {}, share === null ? "—" : el("span", { class: "share" },
        el("meter", { min: "0", max: "1", value: String(share), "aria-label": `delivered of pledged in ${row.currency}: ${shareText}` }),
        ` ${shareText}`)),
      el("td", { class: "number" }, `${row.fulfilled} in full, ${row.partly} in part`));
  }));
  if (!rows.length) body.append(el("tr", {}, el("td", { colspan: "8", class: "empty" }, `${actor.name} pledged nothing that is tracked`)));
  const currencies = new Set(rows.map((r) => r.currency).filter(Boolean));
  $("fulfilment-note").textContent = currencies.size > 1
    ? `Amounts are per currency (${[...currencies].sort().join(", ")}), never added across currencies.`
    : "Amounts are per currency, never added across currencies.";
}
