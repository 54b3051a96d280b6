"""The web page at /: served with its libraries from node_modules, and used in a real headless browser."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.api_fixtures import api_store, client, live_server  # noqa: F401 - fixtures
from tests.conftest import require_system_package
from tests.page_browser import ARTIFACTS, NPM_MISSING, ROOT, browser  # noqa: F401 - fixture


def test_the_page_is_served_at_the_root(client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'id="actor-search"' in response.text and 'id="sparql-query"' in response.text


def test_the_page_loads_nothing_from_other_hosts(client) -> None:
    html = client.get("/").text
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith(("/", "#")) and not s.startswith("//") for s in sources), sources
    modules = sorted(path.name for path in (ROOT / "api" / "static").glob("*.js"))
    assert "app.js" in modules and len(modules) > 1
    for name in modules:  # the page's own modules, as served
        script = client.get(f"/static/{name}").text
        assert "http://" not in script and "https://" not in script and "//cdn" not in script, name


@pytest.mark.parametrize(("package", "path"), [("cytoscape", "cytoscape.min.js"), ("d3", "d3.min.js")])
def test_the_javascript_libraries_come_from_node_modules(client, package: str, path: str) -> None:
    installed = ROOT / "node_modules" / package / "dist" / path
    require_system_package(installed.is_file(), NPM_MISSING)
    response = client.get(f"/vendor/{package}/{path}")
    assert response.status_code == 200
    assert response.content == installed.read_bytes()
    assert f'src="/vendor/{package}/{path}"' in client.get("/").text


@pytest.mark.parametrize(("package", "section"), [("cytoscape", "dependencies"), ("d3", "dependencies"),
                                                  ("axe-core", "devDependencies")])
def test_the_pinned_library_is_the_installed_one(package: str, section: str) -> None:
    import json

    manifest = ROOT / "node_modules" / package / "package.json"
    require_system_package(manifest.is_file(), NPM_MISSING)
    pinned = json.loads((ROOT / "package.json").read_text())[section][package]
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"][f"node_modules/{package}"]["version"]
    installed = json.loads(manifest.read_text())["version"]
    assert pinned == locked == installed


# -- in a real browser --------------------------------------------------------------------------------

@pytest.mark.browser
def test_the_page_finds_france_shows_its_deployment_draws_the_graph_and_runs_sparql(browser, live_server: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    driver = browser
    wait = WebDriverWait(driver, 20)
    driver.get(f"{live_server}/")
    wait.until(lambda d: d.execute_script("return document.body.dataset.ready === 'yes'"))

    # Search for France and pick it.
    driver.find_element(By.ID, "actor-search").send_keys("France")
    wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, '#actor-results li[data-id="france"]'))).click()

    # Its commitments as a table: the troop deployment, its condition and who reported it.
    row = wait.until(ec.presence_of_element_located(
        (By.CSS_SELECTOR, '#commitments tbody tr[data-type="troop_deployment"]')))
    text = row.text
    assert "troop deployment" in text and "conditional" in text
    assert "a future peace agreement" in text and "Bloomberg citing unnamed sources" in text
    assert "Ukraine" in text and "hundreds soldiers" in text

    # The graph around it, drawn by cytoscape.js.
    wait.until(lambda d: d.execute_script("return !!(window.kg.cy && window.kg.cy.nodes().length > 1)"))
    nodes = driver.execute_script("return window.kg.cy.nodes().length")
    commitments = driver.execute_script("return window.kg.cy.nodes('[kind = \"commitment\"]').length")
    assert nodes > 2 and commitments >= 1
    assert driver.execute_script("return window.kg.cy.nodes('[focus = \"yes\"]').length") == 1
    assert driver.execute_script("return window.kg.graphSource") == "export"  # drawn from GET /export

    # Filtering by status hides what does not match, in the table and in the graph.
    Select(driver.find_element(By.ID, "filter-status")).select_by_value("pledged")
    wait.until(lambda d: "no commitment matches" in d.find_element(By.ID, "commitments").text)
    visible = driver.execute_script("return window.kg.cy.nodes('[kind = \"commitment\"]').filter(n => n.visible()).length")
    assert visible == 0
    Select(driver.find_element(By.ID, "filter-status")).select_by_value("")
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, '#commitments tbody tr[data-type="troop_deployment"]')))

    # A SPARQL query answers with rows.
    box = driver.find_element(By.ID, "sparql-query")
    box.clear()
    box.send_keys("SELECT ?name WHERE { ?c ck:committer ?a . ?a rdfs:label ?name } ORDER BY ?name")
    driver.find_element(By.ID, "sparql-run").click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#sparql-results tbody tr")) > 0)
    cells = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#sparql-results tbody td")]
    assert "France" in cells
    assert "rows in" in driver.find_element(By.ID, "sparql-status").text

    # Nothing came from anywhere but this server.
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources and all(url.startswith(live_server) for url in resources), resources

    driver.execute_script("document.getElementById('actor').scrollIntoView()")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "page.png"))
    assert (ARTIFACTS / "page.png").stat().st_size > 10_000


@pytest.mark.browser
def test_the_page_shows_a_sparql_error(browser, live_server: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    driver.get(f"{live_server}/")
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.body.dataset.ready === 'yes'"))
    box = driver.find_element(By.ID, "sparql-query")
    box.clear()
    box.send_keys("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    driver.find_element(By.ID, "sparql-run").click()
    WebDriverWait(driver, 20).until(lambda d: "error" in d.find_element(By.ID, "sparql-status").text)
    assert "SERVICE" in driver.find_element(By.ID, "sparql-status").text



@pytest.fixture(scope="module")
def busy_server(browser, tmp_path_factory: pytest.TempPathFactory, preparer) -> Iterator[str]:
    """A server over 3,000 generated commitments, of which the United States make over 500."""
    from api.app import create_app
    from bench import generate
    from kg.ingest import ingest_paths
    from kg.store import GraphStore
    from tests.api_fixtures import serve, settings_for

    root = tmp_path_factory.mktemp("busy")
    corpus = generate.generate_corpus(3000, seed=3, per_doc=100, cache_dir=root / "corpus")
    store = GraphStore.open(root / "store")
    ingest_paths(store, list(corpus.files), preparer, workers=2)
    app = create_app(settings_for(store.path), store, preparer=preparer)
    with serve(app) as url:
        assert app.state.catalogue.wait_ready(60)
        yield url


@pytest.mark.browser
def test_an_actor_with_more_commitments_than_the_table_is_drawn_from_the_table(browser, busy_server: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    wait = WebDriverWait(driver, 30)
    driver.get(f"{busy_server}/")
    wait.until(lambda d: d.execute_script("return document.body.dataset.ready === 'yes'"))
    driver.find_element(By.ID, "actor-search").send_keys("United States")
    wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, '#actor-results li[data-id="united-states"]'))).click()

    wait.until(lambda d: d.execute_script("return !!(window.kg.cy && window.kg.cy.nodes().length > 1)"))
    shown, total = driver.execute_script("return [window.kg.commitments.length, window.kg.total]")
    assert total > shown == 500
    assert driver.execute_script("return window.kg.graphSource") == "rest"
    drawn = driver.execute_script("return window.kg.cy.nodes('[kind = \"commitment\"]').length")
    assert drawn == shown
    assert f"of {total}" in driver.find_element(By.ID, "graph-source").text
