"""The page as an analyst's view, in headless Chromium: the overview and its links, a URL per view
with Back, an unknown actor, legible graphs, an actor's events, the keyboard, and axe-core.

Most tests run on the seed plus one refusal (so that refusals can be seen drawn apart); the
README's screenshot is taken from the seed alone."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
import pytest
import yaml

from tests.api_fixtures import api_store, live_server, seeded_template  # noqa: F401 - fixtures
from tests.page_browser import ROOT, axe_violations, browser, open_view, query, screenshot, wait_rendered  # noqa: F401

pytestmark = pytest.mark.browser

REFUSAL = {
    "document": "page-refusal-article.txt",
    "title": "Norway will not pay Ukraine the 1.5 million euros it was asked for, its government says",
    "published": "2025-09-05",
    "actors": [{"name": "Norway", "kind": "state"}, {"name": "Ukraine", "kind": "state"}],
    "commitments": [{
        "committer": "Norway", "type": "financial_aid", "beneficiary": "Ukraine", "status": "refused",
        "amount": "1500000", "currency": "EUR", "date": "2025-09-05",
        "quote": "Norway will not pay Ukraine 1.5 million euros.",
    }],
}
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="module")
def server(browser, seeded_template: Path, tmp_path_factory: pytest.TempPathFactory, preparer) -> Iterator[str]:
    """A server over the seed and one refusal."""
    from api.app import create_app
    from kg.ingest import ingest_paths
    from kg.store import GraphStore
    from tests.api_fixtures import serve, settings_for

    root = tmp_path_factory.mktemp("page")
    shutil.copytree(seeded_template, root / "store")
    store = GraphStore.open(root / "store")
    claims = root / "refusal.claims.yaml"
    claims.write_text(yaml.safe_dump(REFUSAL, sort_keys=False), encoding="utf-8")
    assert [r.outcome.value for r in ingest_paths(store, [claims], preparer)] == ["written"]
    app = create_app(settings_for(store.path), store, preparer=preparer)
    with serve(app) as url:
        assert app.state.catalogue.wait_ready(60)
        yield url


def rest(server: str, path: str, **params: str) -> Any:
    response = httpx.get(f"{server}{path}", params=params, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def marks(driver: Any, chart: str) -> list[dict[str, str]]:
    """The links of a chart: href, accessible name, and whether drawn as a refusal."""
    return driver.execute_script(
        "return [...document.querySelectorAll(arguments[0] + ' svg a.mark')].map((a) => ({"
        "href: a.getAttribute('href'), name: a.getAttribute('aria-label'), key: a.dataset.key,"
        "refused: !!a.querySelector('rect.refused')}))", f"#{chart}")


def list_params(href: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(href).query))


# -- the overview ----------------------------------------------------------------------------------

def test_the_overview_draws_committers_amounts_timeline_graph_and_documents(browser, server: str) -> None:
    data = rest(server, "/overview")
    open_view(browser, f"{server}/", "overview")

    committers = {(row["committer"]["id"], row["type"]) for row in data["committers"] if row["count"]}
    drawn = {(list_params(m["href"])["committer"], list_params(m["href"])["type"])
             for m in marks(browser, "chart-committers") if not m["refused"]}
    assert drawn == committers
    assert {m["key"] for m in marks(browser, "chart-amounts")} == {"arms_purchase", "refused"}
    currencies = browser.execute_script("return [...document.querySelectorAll('#chart-amounts [data-currency]')]"
                                        ".map((c) => c.dataset.currency)")
    assert currencies == ["EUR", "USD"]
    assert len(marks(browser, "chart-timeline")) == len([b for b in data["timeline"] if b["start"]])
    assert "Undated, so not drawn: 2 under discussion, 3 conditional" in browser.find_element("id", "timeline-note").text
    nodes = browser.execute_script("return window.kg.overviewCy.nodes().map((n) => n.id()).sort()")
    assert nodes == sorted({r[k]["id"] for r in data["relations"] for k in ("committer", "beneficiary")})
    documents = browser.find_elements("css selector", "#latest-documents li a")
    assert [d.get_attribute("href").split("document=")[1] for d in documents] == [d["id"] for d in data["documents"]]
    assert screenshot(browser, "page-overview-with-refusal.png").stat().st_size > 20_000


def test_every_timeline_column_links_to_the_list_of_what_it_counts(browser, server: str) -> None:
    open_view(browser, f"{server}/", "overview")
    columns = marks(browser, "chart-timeline")
    assert columns
    for column in columns:
        params = list_params(column["href"])
        assert params.pop("view") == "commitments"
        counted = int(column["name"].split()[0])
        assert rest(server, "/commitments", **params, limit="1")["total"] == counted, column


def test_every_committer_bar_links_to_the_list_of_what_it_counts(browser, server: str) -> None:
    open_view(browser, f"{server}/", "overview")
    bars = marks(browser, "chart-committers")
    assert bars
    for bar in bars:
        params = list_params(bar["href"])
        params.pop("view")
        listed = rest(server, "/commitments", **params, limit="100")["items"]
        counted = int(re.search(r": (\d+) (?:commitment|refusal)", bar["name"]).group(1))
        if bar["refused"]:
            assert params["status"] == "refused" and len(listed) == counted
        else:
            assert len([c for c in listed if c["status"] != "refused"]) == counted, bar


def test_refusals_are_drawn_apart_from_commitments(browser, server: str) -> None:
    open_view(browser, f"{server}/", "overview")
    figures = browser.find_element("id", "overview-figures").text
    assert "11 commitments" in figures and "1 refusal" in figures
    (refused,) = [m for m in marks(browser, "chart-committers") if m["refused"]]
    assert list_params(refused["href"]) == {"view": "commitments", "committer": "norway", "status": "refused"}
    assert [m["key"] for m in marks(browser, "chart-timeline") if m["refused"]] == ["2025-09-05|refused"]
    assert [m["refused"] for m in marks(browser, "chart-amounts") if m["key"] == "refused"] == [True]
    edges = browser.execute_script(
        "return window.kg.overviewCy.edges().map((e) => [e.source().id(), e.data('refused'), e.style('line-style')])")
    assert ["norway", "yes", "dashed"] in edges
    assert all(style == "solid" for source, refused_, style in edges if refused_ == "no")
    legend = browser.find_element("id", "overview-graph-legend").text
    assert "refuses to" in legend and "commits to" in legend
    assert "refused (who refused what)" in browser.find_element("id", "legend-timeline").text


# -- navigation ------------------------------------------------------------------------------------

def test_a_mark_opens_its_list_and_back_returns_to_the_overview(browser, server: str) -> None:
    open_view(browser, f"{server}/", "overview")
    browser.find_element("css selector", '#chart-committers svg a.mark[data-key="refused"]').click()
    wait_rendered(browser, "commitments")
    assert query(browser) == {"view": "commitments", "committer": "norway", "status": "refused"}
    assert browser.find_element("id", "list-title").text == "Refusals by Norway"
    rows = browser.find_elements("css selector", "#list-table tbody tr")
    assert len(rows) == 1 and "refused" in rows[0].text and "€1,500,000.00" in rows[0].text

    rows[0].find_element("css selector", "td a").click()  # the commitment itself
    wait_rendered(browser, "commitment")
    assert "commitment" in query(browser)
    browser.back()
    wait_rendered(browser, "commitments")
    assert query(browser)["committer"] == "norway"
    browser.back()
    wait_rendered(browser, "overview")
    assert query(browser) == {} and marks(browser, "chart-committers")
    browser.forward()
    wait_rendered(browser, "commitments")
    assert browser.find_element("id", "list-title").text == "Refusals by Norway"


def test_filters_are_in_the_url_and_back_undoes_them(browser, server: str) -> None:
    from selenium.webdriver.support.ui import Select

    open_view(browser, f"{server}/?actor=france", "actor")
    assert browser.find_elements("css selector", '#commitments tbody tr[data-type="troop_deployment"]')
    Select(browser.find_element("id", "filter-status")).select_by_value("pledged")
    wait_rendered(browser, "actor")
    assert query(browser) == {"actor": "france", "status": "pledged"}
    assert "no commitment matches" in browser.find_element("id", "commitments").text
    browser.back()
    wait_rendered(browser, "actor")
    assert query(browser) == {"actor": "france"}
    assert browser.find_element("id", "filter-status").get_attribute("value") == ""
    assert browser.find_elements("css selector", '#commitments tbody tr[data-type="troop_deployment"]')


def test_a_shared_link_opens_the_same_view(browser, server: str) -> None:
    open_view(browser, f"{server}/?actor=france&type=troop_deployment&status=conditional", "actor")
    assert browser.find_element("id", "actor-name").text == "France"
    assert browser.find_element("id", "filter-type").get_attribute("value") == "troop_deployment"
    statuses = {row.get_attribute("data-status") for row in browser.find_elements("css selector", "#commitments tbody tr")}
    assert statuses == {"conditional"}
    open_view(browser, f"{server}/?view=commitments&{urlencode({'type': 'sanctions'})}", "commitments")
    assert browser.find_element("id", "list-title").text == "Commitments of type sanctions"
    types = {row.get_attribute("data-type") for row in browser.find_elements("css selector", "#list-table tbody tr")}
    assert types == {"sanctions"}


def test_an_unknown_actor_says_so_visibly(browser, server: str) -> None:
    open_view(browser, f"{server}/?actor=narnia", "actor")
    message = browser.find_element("id", "message")
    assert message.is_displayed() and message.get_attribute("role") == "alert"
    assert "No actor has the id “narnia”" in message.text
    assert not browser.find_element("id", "actor").is_displayed()
    screenshot(browser, "page-unknown-actor.png")
    open_view(browser, f"{server}/?actor=france", "actor")  # a known one after it clears the message
    assert not browser.find_element("id", "message").is_displayed()


# -- the graphs -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "graph"), [("/", "overviewCy"), ("/?actor=united-kingdom", "cy"),
                                            ("/?actor=ukraine", "cy")])
def test_graph_labels_are_short_and_never_overlap(browser, server: str, url: str, graph: str) -> None:
    open_view(browser, f"{server}{url}")
    labels = browser.execute_script(f"return window.kg.{graph}.nodes().map((n) => n.data('label'))")
    assert labels and all(len(text) <= 24 for text in labels), labels
    assert browser.execute_script(f"return window.kg.labelOverlaps(window.kg.{graph})") == []


def test_document_titles_are_shortened_in_the_graph_and_whole_on_hover(browser, server: str) -> None:
    open_view(browser, f"{server}/?actor=france", "actor")
    (document,) = browser.execute_script(
        "return window.kg.cy.nodes('[kind = \"document\"]').map((n) => [n.data('label'), n.data('details')])")
    short, details = document
    assert short.endswith("…") and len(short) <= 24
    assert details.startswith("European leaders will persuade Trump to impose new sanctions against Russia")


def test_the_legend_names_every_kind_of_node_and_edge_drawn_and_no_other(browser, server: str) -> None:
    from selenium.webdriver.support.ui import Select

    open_view(browser, f"{server}/?actor=united-kingdom", "actor")

    def drawn() -> set[str]:
        kinds = browser.execute_script(
            "return window.kg.cy.elements().filter((e) => e.visible()).map((e) => e.isEdge() ? e.data('role')"
            " : e.data('kind') === 'commitment' ? 'commitment ' + e.data('status')"
            " : e.data('kind') === 'actor' ? 'actor ' + e.data('type') : e.data('kind'))")
        return set(kinds)

    def legend() -> str:
        return browser.find_element("id", "graph-legend").text.replace("_", " ")

    kinds = drawn()
    assert {"actor person", "actor state", "event", "document", "participant", "committer"} <= kinds
    for kind in kinds:
        words = kind.replace("_", " ").replace("document", "source document").split()
        assert all(word in legend() for word in words), (kind, legend())
    Select(browser.find_element("id", "filter-status")).select_by_value("pledged")
    wait_rendered(browser, "actor")
    assert "commitment, conditional" not in legend()  # nothing conditional is drawn any more


def test_a_click_on_a_node_shows_its_details_and_a_link(browser, server: str) -> None:
    open_view(browser, f"{server}/?actor=united-kingdom", "actor")
    browser.execute_script("window.kg.cy.nodes('[kind = \"event\"]').first().emit('tap')")
    selection = browser.find_element("id", "graph-selection")
    assert "Coalition of the Willing meeting (2025-09-04)" in selection.text


# -- an actor's events ----------------------------------------------------------------------------

def test_an_actors_events_stand_beside_its_commitments_with_whose_role(browser, server: str) -> None:
    open_view(browser, f"{server}/?actor=united-kingdom", "actor")
    assert browser.find_element("id", "events-role-heading").text == "United Kingdom’s role"
    assert browser.find_element("id", "commitments-role-heading").text == "United Kingdom’s role"
    row = browser.find_element("css selector", "#events tbody tr")
    assert "Coalition of the Willing meeting" in row.text and "participant, by video" in row.text
    panes = browser.execute_script("return [...document.querySelectorAll('.panes > .pane')]"
                                   ".map((p) => Math.round(p.getBoundingClientRect().top))")
    assert len(panes) == 2 and panes[0] == panes[1]  # side by side at this width
    open_view(browser, f"{server}/?actor=volodymyr-zelensky", "actor")
    assert "participant, in person" in browser.find_element("id", "events").text


# -- keyboard and accessibility -------------------------------------------------------------------

def test_the_search_works_with_the_keyboard(browser, server: str) -> None:
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    open_view(browser, f"{server}/", "overview")
    box = browser.find_element("id", "actor-search")
    box.send_keys("France")
    WebDriverWait(browser, 10).until(lambda d: d.find_elements("css selector", '#actor-results li[data-id="france"]'))
    box.send_keys(Keys.ARROW_DOWN)
    assert browser.switch_to.active_element.get_attribute("data-id") == "france"
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait_rendered(browser, "actor")
    assert query(browser) == {"actor": "france"}


def test_every_chart_mark_is_reached_and_followed_with_the_keyboard(browser, server: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    open_view(browser, f"{server}/", "overview")
    browser.find_element("tag name", "body").click()
    reached: list[str] = []
    for _ in range(80):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        active = browser.switch_to.active_element
        if "mark" in (active.get_attribute("class") or ""):
            reached.append(active.get_attribute("href"))
            if len(reached) == 3:
                break
    assert len(reached) == 3, "three chart marks are reached with Tab"
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    wait_rendered(browser, "commitments")
    assert browser.current_url.endswith(urlsplit(reached[-1]).query)


@pytest.mark.parametrize(("name", "url", "view"), [
    ("overview", "/", "overview"), ("actor", "/?actor=united-kingdom", "actor"),
    ("list", "/?view=commitments&status=refused", "commitments"), ("unknown-actor", "/?actor=narnia", "actor"),
    ("commitment", "/?view=commitments&committer=france", "commitments"),
])
def test_no_serious_or_critical_accessibility_violation(browser, server: str, name: str, url: str, view: str) -> None:
    open_view(browser, f"{server}{url}", view)
    if name == "commitment":  # follow the first link to a commitment
        browser.find_element("css selector", "#list-table tbody td a").click()
        wait_rendered(browser, "commitment")
    violations = axe_violations(browser, name)
    serious = [(v["id"], v["impact"], v["help"], [n.get("target") for n in v["nodes"]][:3])
               for v in violations if v["impact"] in SERIOUS]
    assert serious == []


# -- the README's screenshot ------------------------------------------------------------------------

def test_the_overview_of_the_seed_as_the_readme_shows_it(browser, live_server: str) -> None:
    """tests/artifacts/page-overview.png; KG_UPDATE_DOCS=1 also writes docs/page-overview.png."""
    open_view(browser, f"{live_server}/", "overview")
    assert "11 commitments" in browser.find_element("id", "overview-figures").text
    browser.execute_script("document.getElementById('sparql').hidden = true")  # the overview alone
    path = screenshot(browser, "page-overview.png")
    browser.execute_script("document.getElementById('sparql').hidden = false")
    assert path.stat().st_size > 20_000
    if os.environ.get("KG_UPDATE_DOCS") == "1":
        shutil.copyfile(path, ROOT / "docs" / "page-overview.png")


def test_the_accessibility_check_catches_a_violation(browser, server: str) -> None:
    # The check above must be able to fail: a button without a name is a critical violation for axe.
    open_view(browser, f"{server}/", "overview")
    browser.execute_script("document.getElementById('overview').append(document.createElement('button'))")
    found = {(v["id"], v["impact"]) for v in axe_violations(browser, "planted")}
    assert ("button-name", "critical") in found
