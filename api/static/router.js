/* Every view of the page is a URL on /: the query string names the view and its filters, so that
   Back and Forward, a reload and a shared link all give the same view.

     /                                   the overview
     /?actor=france&status=pledged       one actor, with its filters
     /?view=commitments&type=sanctions   the commitments list, filtered (committer, beneficiary, type, status, from, to)
     /?commitment=ID  /?document=ID      one commitment, one source document
     /?tracked=ID                        one tracked commitment: its reports as a timeline

   A view is registered with a test on the URL's parameters and a render function; a new view
   is one more register() call. */

import { $ } from "./util.js";

const views = [];
let serial = 0;
let onRendered = () => {};

/** Register a view: `matches(params)` says the URL is this view's; `render(params, {isCurrent})` draws it. */
export function register(name, section, matches, render) {
  views.push({ name, section, matches, render });
}

export function current() {
  const params = new URLSearchParams(window.location.search);
  return { view: views.find((v) => v.matches(params)), params };
}

/** Go to a URL of the page: a new history entry (or the same one with `replace`), then its view. */
export async function navigate(url, { replace = false } = {}) {
  if (replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
  await render({ focus: true });
}

export async function render({ focus = false } = {}) {
  const mine = ++serial;
  const { view, params } = current();
  for (const other of views) {
    if (other.section !== view.section) $(other.section).hidden = true;
  }
  $("message").hidden = true;
  $(view.section).hidden = false;
  document.body.dataset.view = view.name;
  document.body.dataset.rendered = "no";
  try {
    // A later navigation supersedes this one: the view checks isCurrent() after each await.
    await view.render(params, { isCurrent: () => mine === serial });
  } catch (error) {
    if (mine === serial) showMessage(error.message);
  }
  if (mine !== serial) return;
  document.body.dataset.rendered = "yes";
  if (focus) {
    const heading = $(view.section).querySelector("h2");
    if (heading) heading.focus({ preventScroll: false });
  }
  onRendered(view.name);
}

/** A message the reader cannot miss (an unknown actor, a failed request), announced by screen readers. */
export function showMessage(text) {
  const box = $("message");
  box.textContent = text;
  box.hidden = false;
}

/** Follow links to the page's own views without reloading; Back and Forward redraw the view. */
export function start(rendered = () => {}) {
  onRendered = rendered;
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.target.closest && event.target.closest("a[href]");
    if (!anchor || anchor.target || anchor.hasAttribute("download")) return;
    const href = anchor.getAttribute("href") || anchor.getAttribute("xlink:href");
    if (!href || !(href === "/" || href.startsWith("/?"))) return;
    event.preventDefault();
    navigate(href);
  });
  window.addEventListener("popstate", () => render({ focus: true }));
  return render();
}
