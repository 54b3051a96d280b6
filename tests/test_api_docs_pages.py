"""/docs and /redoc work offline: their JavaScript comes from the pinned npm packages, not a CDN."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api_fixtures import api_store, client, live_server  # noqa: F401 - fixtures
from tests.conftest import require_system_package

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
PACKAGES = ("swagger-ui-dist", "redoc")


def require_node_modules() -> None:
    require_system_package(all((NODE_MODULES / p / "package.json").is_file() for p in PACKAGES),
                           "node_modules is not installed (make install runs npm ci)")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_documentation_pages_load_only_files_of_this_server(client, page: str) -> None:
    require_node_modules()
    html = client.get(page).text
    references = re.findall(r'(?:src|href|spec-url)="([^"]+)"', html) + re.findall(r"url: '([^']+)'", html)
    assert references, html
    assert all(r.startswith("/") and not r.startswith("//") for r in references), references
    for reference in references:
        answer = client.get(reference)
        assert answer.status_code == 200, reference
    scripts = re.findall(r'<script src="/vendor/([^/]+)/([^"]+)"', html)
    assert scripts
    for package, name in scripts:  # the very files npm installed, not copies of them
        folder = {"redoc": "bundles"}.get(package, "")
        assert client.get(f"/vendor/{package}/{name}").content == (NODE_MODULES / package / folder / name).read_bytes()


@pytest.mark.parametrize("package", PACKAGES)
def test_the_documentation_packages_are_pinned_exactly(package: str) -> None:
    require_node_modules()
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"][package]
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"][f"node_modules/{package}"]["version"]
    installed = json.loads((NODE_MODULES / package / "package.json").read_text())["version"]
    assert pinned == locked == installed


@pytest.fixture(scope="module")
def offline_browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Headless Chromium that can reach 127.0.0.1 and no other host: a machine without a network."""
    require_system_package(CHROMIUM.exists() and CHROMEDRIVER.exists(),
                           "Debian's chromium and chromium-driver are not installed")
    require_node_modules()
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1400,1100",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-offline')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.mark.browser
@pytest.mark.parametrize(("page", "selector"), [
    ("/docs", "#swagger-ui .opblock-summary-path"),  # Swagger UI's row of each operation
    ("/redoc", "[data-section-id^='operation/']"),   # ReDoc's section of each operation
])
def test_the_documentation_pages_render_with_no_network(offline_browser, live_server: str, page: str,
                                                         selector: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser = offline_browser
    browser.get(live_server + page)  # type: ignore[attr-defined]
    WebDriverWait(browser, 30).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, selector)) > 10)
    # The title drawn by the page's script from /openapi.json (the HTML's <title> is not in the body).
    assert "Commitments knowledge graph" in browser.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
