/* Shared by the page's modules: vocabularies and their colours, DOM and fetch helpers, links. */

export const COMMITMENT_TYPES = ["security_guarantee", "troop_deployment", "arms_purchase", "arms_delivery",
  "air_support", "air_defence", "sanctions", "financial_aid", "training", "monitoring", "other"];
export const STATUSES = ["proposed", "under_discussion", "reported_intent", "conditional", "pledged", "delivered",
  "withdrawn", "refused"];
// Weak to strong in blues and greens, withdrawn in red; refused is near-black red and hatched
// wherever it is drawn, so that a refusal is never read as a commitment made.
export const STATUS_COLOURS = {
  proposed: "#9aa5b1", under_discussion: "#7b8cde", reported_intent: "#5fa8d3", conditional: "#f4a259",
  pledged: "#2a9d8f", delivered: "#2b9348", withdrawn: "#e4572e", refused: "#5c0a14",
};
export const TYPE_COLOURS = {
  security_guarantee: "#4e79a7", troop_deployment: "#f28e2b", arms_purchase: "#e15759", arms_delivery: "#76b7b2",
  air_support: "#59a14f", air_defence: "#edc948", sanctions: "#b07aa1", financial_aid: "#ff9da7",
  training: "#9c755f", monitoring: "#bab0ac", other: "#6b6ecf",
};
export const ACTOR_KIND_COLOURS = {
  state: "#3d5a80", person: "#c9844a", organisation: "#6a994e", group: "#8e6c8a", media: "#7d8597",
};
export const REFUSED = "refused";

export const $ = (id) => document.getElementById(id);
export const label = (token) => (token || "").replace(/_/g, " ");

/** A shortened text: whole words up to `max` characters, then an ellipsis. */
export function shorten(text, max) {
  const value = String(text || "").trim();
  if (value.length <= max) return value;
  const cut = value.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.5 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, "")}…`;
}

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** GET a JSON resource of this server; a failure throws an Error carrying the status and the problem's detail. */
export async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error((body && (body.detail || body.title)) || `${response.status} ${response.statusText}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

/** The page's URL of a view: "/?view=commitments&type=sanctions"; empty values are left out. */
export function pageUrl(params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(key, value);
  }
  const text = query.toString();
  return text ? `/?${text}` : "/";
}

export function link(params, text, attributes = {}) {
  return el("a", { href: pageUrl(params), ...attributes }, text);
}

export function actorLink(ref) {
  if (!ref) return "";
  return link({ actor: ref.id }, ref.name || ref.id);
}

export function amountText(item) {
  if (item.amount) return money(item.amount.value, item.amount.currency, false);
  if (item.quantity) {
    const q = item.quantity;
    return `${q.approximate ? "~" : ""}${q.value ?? q.text ?? ""} ${q.unit || ""}`.trim();
  }
  return "";
}

/** An amount in its currency: exact with separators, or compact ("$90B") for axes and bars. */
export function money(value, currency, compact = true) {
  const number = Number(value);
  const options = compact ? { notation: "compact", maximumFractionDigits: 1 } : { maximumFractionDigits: 6 };
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency, ...options }).format(number);
  } catch (error) {  // not a currency Intl knows: the number and the code
    return `${new Intl.NumberFormat("en", options).format(number)} ${currency || ""}`.trim();
  }
}

export function plural(count, one, many = `${one}s`) {
  return `${count.toLocaleString("en")} ${count === 1 ? one : many}`;
}
