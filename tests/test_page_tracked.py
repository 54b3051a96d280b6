"""The page's tracked commitments, in headless Chromium: a commitment's timeline (/?tracked=ID) with
its reports as dated steps, the conflict side by side, reached from the actor view, from commitment
rows and from a commitment, with Back; an actor's pledged versus delivered per type, beneficiary and
currency; axe-core on both views; screenshots under tests/artifacts/ (KG_UPDATE_DOCS=1 also writes
docs/page-tracked.png).

The server holds tests/link_docs/ (five reports of one German IRIS-T pledge to Ukraine, one of them
a denial, and a look-alike), the seed, and three German pledges in dollars written here: budget
support pledged then partly disbursed (one tracked commitment of two reports), and an air-defence
pledge, so that Germany's air defence for Ukraine has figures in two currencies."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.api_fixtures import seeded_template  # noqa: F401 - fixture
from tests.page_browser import ROOT, axe_violations, browser, open_view, query, screenshot, wait_rendered  # noqa: F401

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parent / "link_docs"
SERIOUS = {"serious", "critical"}


def _document(name: str, published: str, title: str, commitment: dict[str, Any]) -> dict[str, Any]:
    return {"document": name, "published": published, "title": title,
            "actors": [{"name": "Germany", "kind": "state"}, {"name": "Ukraine", "kind": "state"}],
            "commitments": [{"committer": "Germany", "beneficiary": "Ukraine", **commitment}]}


DOLLARS = [
    _document("page-usd-pledge.txt", "2025-03-10", "Germany pledges budget support for Ukraine in dollars", {
        "type": "financial_aid", "status": "pledged", "amount": "100000000", "currency": "USD", "date": "2025-03-10",
        "attributed_to": "German Finance Ministry",
        "quote": "Germany pledged 100 million dollars in budget support to Ukraine through the World Bank trust fund."}),
    _document("page-usd-disbursed.txt", "2025-05-20", "First tranche of German budget support reaches Ukraine", {
        "type": "financial_aid", "status": "delivered", "amount": "40000000", "currency": "USD", "date": "2025-05-19",
        "attributed_to": "World Bank",
        "quote": "Germany has disbursed 40 million dollars of its budget support to Ukraine through the World Bank trust fund."}),
    _document("page-usd-patriot.txt", "2025-05-02", "Germany to buy Patriot missiles for Kyiv", {
        "type": "air_defence", "status": "pledged", "amount": "300000000", "currency": "USD", "date": "2025-05-01",
        "attributed_to": "Reuters",
        "quote": "Germany will pay 300 million dollars for Patriot interceptor missiles to be sent to Ukraine."}),
]


@pytest.fixture(scope="module")
def server(browser, seeded_template: Path, tmp_path_factory: pytest.TempPathFactory, preparer) -> Iterator[str]:
    from api.app import create_app
    from kg.ingest import ingest_paths
    from kg.store import GraphStore
    from tests.api_fixtures import serve, settings_for

    root = tmp_path_factory.mktemp("page-tracked")
    shutil.copytree(seeded_template, root / "store")
    store = GraphStore.open(root / "store")
    files = []
    for index, document in enumerate(DOLLARS):
        files.append(root / f"dollars-{index}.claims.yaml")
        files[-1].write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    results = ingest_paths(store, [DOCS, *files], preparer)
    assert {r.outcome.value for r in results} == {"written"}, results
    app = create_app(settings_for(store.path), store, preparer=preparer)
    try:
        with serve(app) as url:
            assert app.state.catalogue.wait_ready(60)
            yield url
    finally:
        app.state.sparql.close()


def rest(server: str, path: str, **params: str) -> Any:
    response = httpx.get(f"{server}{path}", params=params, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def iris_t(server: str) -> dict[str, Any]:
    """The tracked commitment of the five IRIS-T reports, as the REST API gives it."""
    (item,) = [i for i in rest(server, "/tracked", committer="germany", type="air_defence")["items"]
               if i["report_count"] == 5]
    return rest(server, f"/tracked/{item['id']}")


def texts(driver: Any, selector: str) -> list[str]:
    return [e.text for e in driver.find_elements("css selector", selector)]


# -- the timeline ---------------------------------------------------------------------------------

def test_the_timeline_shows_each_report_as_a_dated_step_with_its_source(browser, server: str) -> None:
    item = iris_t(server)
    open_view(browser, f"{server}/?tracked={item['id']}", "tracked")
    assert browser.find_element("id", "tracked-title").text.startswith("Germany: air defence")
    steps = browser.find_elements("css selector", "#tracked-steps li.step")
    assert [s.get_attribute("data-id") for s in steps] == [r["id"] for r in item["reports"]]
    assert [(s.get_attribute("data-day"), s.get_attribute("data-status")) for s in steps] == [
        ("2025-01-10", "proposed"), ("2025-02-03", "pledged"), ("2025-02-10", "refused"),
        ("2025-04-14", "delivered"), ("2025-06-30", "delivered")]
    first, pledge, denial, half, full = (s.text for s in steps)
    assert "€500,000,000.00" in first and "4 systems" in first and "Berlin weighs more air defence for Kyiv" in first
    assert "reported by Reuters citing government sources" in first and "(publication date)" in first
    assert "→ now pledged" in pledge and "reported by German Defence Ministry" in pledge
    assert "→ now refused" in denial and "Der Spiegel citing a government spokesperson" in denial
    assert "€250,000,000.00" in half and "→ now delivered" in half
    assert "(still delivered)" in full and "Germany completes IRIS-T deliveries" in full
    # each step links to its report and its source document
    links = [a.get_attribute("href") for a in steps[1].find_elements("css selector", "a")]
    assert any(f"commitment={item['reports'][1]['id']}" in h for h in links)
    assert any("document=link-d2-pledge" in h for h in links)
    facts = browser.find_element("id", "tracked-facts").text
    assert "Pledged\n€500,000,000.00" in facts and "Delivered\n€500,000,000.00" in facts
    assert "delivered in full" in facts and "2025-01-10 to 2025-06-30, 5 reports" in facts


def test_the_timeline_chart_draws_the_status_over_time_and_every_dated_report(browser, server: str) -> None:
    item = iris_t(server)
    open_view(browser, f"{server}/?tracked={item['id']}", "tracked")
    spells = browser.execute_script(
        "return [...document.querySelectorAll('#tracked-chart g.spell')].map((g) => [g.dataset.status,"
        " g.querySelector('rect').getBoundingClientRect().left])")
    assert [s for s, _ in spells] == ["proposed", "pledged", "refused", "delivered"]
    assert [x for _, x in spells] == sorted(x for _, x in spells)  # left to right in time
    marks = browser.execute_script(
        "return [...document.querySelectorAll('#tracked-chart a.report-mark')].map((a) => [a.dataset.id,"
        " a.getAttribute('href'), a.getAttribute('aria-label'), a.querySelector('circle').getBoundingClientRect().left])")
    assert [m[0] for m in marks] == [r["id"] for r in item["reports"]]
    assert all(href == f"#step-{id_}" for id_, href, _, _ in marks)
    assert marks[2][2].startswith("2025-02-10: refused") and "disagrees with another report" in marks[2][2]
    lefts = [m[3] for m in marks]
    assert lefts == sorted(lefts) and lefts[0] < lefts[-1]


def test_reports_that_disagree_are_flagged_and_shown_side_by_side(browser, server: str) -> None:
    item = iris_t(server)
    (conflict,) = item["conflicts"]
    open_view(browser, f"{server}/?tracked={item['id']}", "tracked")
    flagged = [s.get_attribute("data-id") for s in browser.find_elements("css selector", "#tracked-steps li.in-conflict")]
    assert sorted(flagged) == sorted(conflict["reports"])
    box = browser.find_element("css selector", "#tracked-conflicts .conflict")
    assert box.get_attribute("data-kind") == "status" and conflict["description"] in box.text
    cards = box.find_elements("css selector", ".card")
    assert sorted(c.get_attribute("data-id") for c in cards) == sorted(conflict["reports"])
    tops = {round(c.rect["y"]) for c in cards}
    assert len(tops) == 1 and cards[0].rect["x"] < cards[1].rect["x"]  # side by side, not one under the other
    assert "German Defence Ministry" in box.text and "Der Spiegel citing a government spokesperson" in box.text
    assert "Germany pledges IRIS-T systems" in box.text and "Berlin denies IRIS-T deal" in box.text
    browser.execute_script("document.getElementById('sparql').hidden = true")  # the timeline alone
    path = screenshot(browser, "page-tracked.png")
    browser.execute_script("document.getElementById('sparql').hidden = false")
    assert path.stat().st_size > 20_000
    if os.environ.get("KG_UPDATE_DOCS") == "1":  # the README's picture
        shutil.copyfile(path, ROOT / "docs" / "page-tracked.png")


def test_an_unknown_tracked_commitment_says_so(browser, server: str) -> None:
    open_view(browser, f"{server}/?tracked={iris_t(server)['id']}", "tracked")
    open_view(browser, f"{server}/?tracked=nothing-here", "tracked")
    message = browser.find_element("id", "message")
    assert message.is_displayed() and "No tracked commitment has the id “nothing-here”" in message.text
    assert not browser.find_element("id", "tracked").is_displayed()  # not the one shown before
    assert browser.title.startswith("Unknown tracked commitment")


# -- the actor view ---------------------------------------------------------------------------------

def test_the_actor_view_shows_pledged_versus_delivered_per_type_beneficiary_and_currency(browser, server: str) -> None:
    expected = rest(server, "/actors/germany/fulfilment")["rows"]
    open_view(browser, f"{server}/?actor=germany", "actor")
    rows = browser.find_elements("css selector", "#fulfilment tbody tr")
    drawn = {(r.get_attribute("data-type"), r.get_attribute("data-beneficiary"), r.get_attribute("data-currency")):
             (r.find_element("css selector", "td.pledged").text, r.find_element("css selector", "td.delivered").text)
             for r in rows}
    assert set(drawn) == {(r["type"], r["beneficiary"]["id"], r["currency"]) for r in expected}
    # Air defence to Ukraine in euros and in dollars: two rows, never one sum
    assert drawn[("air_defence", "ukraine", "EUR")] == ("€1,700,000,000.00", "€500,000,000.00")
    assert drawn[("air_defence", "ukraine", "USD")] == ("$300,000,000.00", "—")
    assert drawn[("financial_aid", "ukraine", "USD")] == ("$100,000,000.00", "$40,000,000.00")
    assert "never added across currencies" in browser.find_element("id", "fulfilment-note").text
    assert "EUR, USD" in browser.find_element("id", "fulfilment-note").text
    assert browser.find_elements("css selector", "#fulfilment meter")


def test_the_actor_view_lists_its_tracked_commitments_and_links_rows_to_their_timeline(browser, server: str) -> None:
    item = iris_t(server)
    open_view(browser, f"{server}/?actor=germany", "actor")
    tracked = {r.get_attribute("data-id"): r.get_attribute("data-reports")
               for r in browser.find_elements("css selector", "#tracked-table tbody tr")}
    assert tracked[item["id"]] == "5" and len(tracked) == rest(server, "/actors/germany/tracked")["total"]
    # a commitment row, one report of five, links to the timeline
    report = item["reports"][2]["id"]
    row = browser.find_element("css selector", f'#commitments tbody tr[data-id="{report}"]')
    timeline = row.find_element("css selector", ".timeline-link a")
    assert timeline.text == "timeline of 5 reports" and timeline.get_attribute("href").endswith(f"?tracked={item['id']}")
    timeline.click()
    wait_rendered(browser, "tracked")
    assert query(browser) == {"tracked": item["id"]}
    browser.back()
    wait_rendered(browser, "actor")
    assert query(browser) == {"actor": "germany"}
    browser.find_element("css selector", f'#tracked-table tbody tr[data-id="{item["id"]}"] a').click()
    wait_rendered(browser, "tracked")
    assert len(browser.find_elements("css selector", "#tracked-steps li.step")) == 5
    screenshot(browser, "page-tracked-from-actor.png")  # resizes the window while the actor's graph is hidden
    browser.back()
    wait_rendered(browser, "actor")
    assert browser.execute_script("return window.kg.cy.width()") > 100  # measured again, so drawn
    assert screenshot(browser, "page-actor-fulfilment.png").stat().st_size > 20_000


def test_the_actor_graph_draws_the_tracked_commitment_with_its_reports(browser, server: str) -> None:
    item = iris_t(server)
    open_view(browser, f"{server}/?actor=germany", "actor")
    nodes = browser.execute_script(
        "return window.kg.cy.nodes('[kind = \"tracked\"]').map((n) => [n.id(), n.data('href'),"
        " n.connectedEdges('[role = \"report\"]').length])")
    budget = [i["id"] for i in rest(server, "/tracked", committer="germany", type="financial_aid")["items"]]
    assert sorted(nodes) == sorted([[f"tracked/{item['id']}", f"/?tracked={item['id']}", 5],
                                    [f"tracked/{budget[0]}", f"/?tracked={budget[0]}", 2]])
    assert "tracked commitment, delivered" in browser.find_element("id", "graph-legend").text
    assert browser.execute_script("return window.kg.labelOverlaps(window.kg.cy)") == []


def test_a_committers_list_and_a_commitment_link_to_the_timeline(browser, server: str) -> None:
    item = iris_t(server)
    open_view(browser, f"{server}/?view=commitments&committer=germany&type=air_defence", "commitments")
    links = {a.get_attribute("href").split("tracked=")[1] for a in
             browser.find_elements("css selector", "#list-table .timeline-link a")}
    assert item["id"] in links
    open_view(browser, f"{server}/?commitment={item['reports'][0]['id']}", "commitment")
    facts = browser.find_element("id", "commitment-facts")
    assert "Tracked\ntimeline of 5 reports" in facts.text
    facts.find_element("css selector", ".timeline-link a").click()
    wait_rendered(browser, "tracked")
    assert query(browser) == {"tracked": item["id"]}


# -- accessibility ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "view"), [("tracked", "tracked"), ("actor-fulfilment", "actor")])
def test_no_serious_or_critical_accessibility_violation(browser, server: str, name: str, view: str) -> None:
    url = f"{server}/?tracked={iris_t(server)['id']}" if view == "tracked" else f"{server}/?actor=germany"
    open_view(browser, url, view)
    violations = axe_violations(browser, name)
    serious = [(v["id"], v["impact"], v["help"], [n.get("target") for n in v["nodes"]][:3])
               for v in violations if v["impact"] in SERIOUS]
    assert serious == []
