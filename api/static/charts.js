/* The overview's charts, drawn with d3 (served from node_modules at /vendor/d3) as SVG in which
   every mark is a link (<a href> with an accessible name) to the list of what it counts. */

import { REFUSED, STATUS_COLOURS, el, label, pageUrl, shorten } from "./util.js";

const d3 = () => window.d3;
let patterns = 0;

/** A hatch pattern for refusals, defined in `svg`; returns its fill reference. */
function refusedFill(svg) {
  const id = `refused-hatch-${++patterns}`;
  const pattern = svg.append("defs").append("pattern").attr("id", id).attr("patternUnits", "userSpaceOnUse")
    .attr("width", 6).attr("height", 6).attr("patternTransform", "rotate(45)");
  pattern.append("rect").attr("width", 6).attr("height", 6).attr("fill", STATUS_COLOURS[REFUSED]);
  pattern.append("line").attr("x1", 0).attr("y1", 0).attr("x2", 0).attr("y2", 6).attr("stroke", "#ffffff")
    .attr("stroke-width", 2);
  return `url(#${id})`;
}

function linkedMark(parent, segment) {
  const a = parent.append("a").attr("href", pageUrl(segment.link)).attr("aria-label", segment.title)
    .attr("class", "mark").attr("data-key", segment.key);
  a.append("title").text(segment.title);
  return a;
}

/**
 * Horizontal stacked bars, one a row: rows = [{label, link, segments: [{key, value, colour, refused, title, link}]}].
 * Refused segments stand apart after a gap, hatched. `format` writes values on the axis.
 */
export function horizontalBars(container, rows, { format = (v) => d3().format("~s")(v), caption }) {
  container.replaceChildren();
  if (!rows.length) { container.append(el("p", { class: "empty" }, "nothing to show")); return; }
  const width = Math.max(container.clientWidth || 0, 420);
  const left = 150, right = 16, bar = 18, gap = 6, refusedGap = 8;
  const height = rows.length * (bar + gap) + 30;
  const total = (row) => row.segments.reduce((sum, s) => sum + s.value, 0);
  const max = d3().max(rows, total) || 1;
  const x = d3().scaleLinear().domain([0, max]).range([0, width - left - right - refusedGap]).nice();
  const svg = d3().select(container).append("svg").attr("width", width).attr("height", height)
    .attr("role", "group").attr("aria-label", caption);
  const fill = refusedFill(svg);
  rows.forEach((row, i) => {
    const y = i * (bar + gap);
    const g = svg.append("g").attr("transform", `translate(0,${y})`).attr("class", "bar-row");
    const name = g.append("a").attr("href", pageUrl(row.link)).attr("class", "bar-label");
    name.append("title").text(row.label);
    name.append("text").attr("x", left - 6).attr("y", bar / 2).attr("dy", "0.35em").attr("text-anchor", "end")
      .text(shorten(row.label, 22));
    let at = left;
    const made = row.segments.filter((s) => !s.refused);
    const refused = row.segments.filter((s) => s.refused);
    for (const [index, segment] of [...made, ...refused].entries()) {
      if (segment.refused && index === made.length && made.length) at += refusedGap;
      const w = Math.max(x(segment.value), 1.5);
      linkedMark(g, segment).append("rect").attr("x", at).attr("y", 0).attr("width", w).attr("height", bar)
        .attr("fill", segment.refused ? fill : segment.colour).attr("class", segment.refused ? "refused" : null);
      at += w;
    }
  });
  svg.append("g").attr("transform", `translate(${left},${rows.length * (bar + gap)})`).attr("aria-hidden", "true")
    .call(d3().axisBottom(x).ticks(Math.max(2, Math.floor((width - left) / 90))).tickFormat(format));
}

/**
 * Columns by date, stacked by status: the dated bins = [{start, end, status, count}] of GET /overview
 * (the undated are counted beside the chart: a column of them would dwarf the dates). Each segment
 * links to the commitments of its status within its dates.
 */
export function timeline(container, bins, granularity) {
  container.replaceChildren();
  if (!bins.length) { container.append(el("p", { class: "empty" }, "no dated commitment yet")); return; }
  const keyOf = (b) => b.start;
  const keys = [...new Set(bins.map(keyOf))];
  const width = Math.max(container.clientWidth || 0, 420);
  const left = 40, bottom = 44, top = 8, height = 240;
  const totals = d3().rollup(bins, (v) => d3().sum(v, (b) => b.count), keyOf);
  const x = d3().scaleBand().domain(keys).range([left, width - 8]).padding(keys.length > 60 ? 0.05 : 0.2);
  const y = d3().scaleLinear().domain([0, d3().max(totals.values()) || 1]).range([height - bottom, top]).nice();
  const svg = d3().select(container).append("svg").attr("width", width).attr("height", height)
    .attr("role", "group").attr("aria-label", "Commitments by date, coloured by status");
  const fill = refusedFill(svg);
  const stacked = new Map(keys.map((k) => [k, 0]));
  const order = (b) => STATUSES_ORDER.indexOf(b.status);
  for (const b of [...bins].sort((a, c) => order(a) - order(c))) {
    const key = keyOf(b);
    const base = stacked.get(key);
    stacked.set(key, base + b.count);
    const when = b.start === b.end ? b.start : `${b.start} to ${b.end}`;
    const title = `${b.count} ${label(b.status)} ${b.status === REFUSED ? "(refusals)" : ""}, ${when}`.replace(/\s+,/, ",");
    const link = { view: "commitments", status: b.status, from: b.start, to: b.end };
    linkedMark(svg, { key: `${key}|${b.status}`, title, link }).append("rect")
      .attr("x", x(key)).attr("width", x.bandwidth()).attr("y", y(base + b.count))
      .attr("height", Math.max(y(base) - y(base + b.count), 1)).attr("class", b.status === REFUSED ? "refused" : null)
      .attr("fill", b.status === REFUSED ? fill : STATUS_COLOURS[b.status] || "#999");
  }
  const every = Math.ceil(keys.length / Math.max(1, Math.floor((width - left) / 70)));
  const tickText = (k) => (granularity === "year" ? k.slice(0, 4)
    : granularity === "month" ? k.slice(0, 7) : k);
  svg.append("g").attr("transform", `translate(0,${height - bottom})`).attr("aria-hidden", "true")
    .call(d3().axisBottom(x).tickValues(keys.filter((_, i) => i % every === 0)).tickFormat(tickText))
    .selectAll("text").attr("transform", "rotate(-30)").attr("text-anchor", "end");
  svg.append("g").attr("transform", `translate(${left},0)`).attr("aria-hidden", "true")
    .call(d3().axisLeft(y).tickValues(y.ticks(5).filter(Number.isInteger)).tickFormat(d3().format("~s")));  // counts: whole numbers
}

const STATUSES_ORDER = Object.keys(STATUS_COLOURS);

/** A legend whose every entry is a link: [{key, text, colour, refused, link}]. */
export function legend(container, entries, caption) {
  container.replaceChildren(el("span", { class: "legend-caption" }, caption),
    ...entries.map((entry) => el("a", { href: pageUrl(entry.link), class: "legend-entry", "data-key": entry.key },
      el("span", { class: `swatch${entry.refused ? " refused" : ""}`, style: entry.refused ? null : `background:${entry.colour}`,
        "aria-hidden": "true" }), entry.text)));
}
