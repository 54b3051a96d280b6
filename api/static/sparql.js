/* The SPARQL box: a read-only query against /sparql, results as a table (or Turtle for graphs). */

import { $, el } from "./util.js";

function termText(term) {
  if (!term) return "";
  if (term.type === "bnode") return `_:${term.value}`;
  return term.value;
}

export async function runSparql() {
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
    table.tHead.append(el("tr", {}, variables.map((v) => el("th", { scope: "col" }, v))));
    table.tBodies[0].append(...result.results.bindings.map((row) =>
      el("tr", {}, variables.map((v) => el("td", {}, termText(row[v]))))));
    status.textContent = `${result.results.bindings.length} rows in ${elapsed} ms`;
  } catch (error) {
    status.textContent = `error: ${error.message}`;
  }
}
