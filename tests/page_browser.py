"""Fixtures and helpers of the browser tests of the page: headless Debian chromium through
selenium, waiting for a view to be drawn, and the axe-core accessibility check from node_modules."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import require_system_package

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
NODE_MODULES = ROOT / "node_modules"
CYTOSCAPE = NODE_MODULES / "cytoscape" / "dist" / "cytoscape.min.js"
D3 = NODE_MODULES / "d3" / "dist" / "d3.min.js"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
NPM_MISSING = "node_modules is not installed (make install runs npm ci)"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    require_system_package(CHROMIUM.exists() and CHROMEDRIVER.exists(),
                           "Debian's chromium and chromium-driver are not installed")
    require_system_package(CYTOSCAPE.is_file() and D3.is_file(), NPM_MISSING)
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1400,1100",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def wait_rendered(driver: Any, view: str | None = None, timeout: float = 20) -> None:
    """Until the page has drawn its current view (and it is `view`, when given)."""
    from selenium.webdriver.support.ui import WebDriverWait

    def drawn(d: Any) -> bool:
        state = d.execute_script("return [document.body.dataset.rendered, document.body.dataset.view]")
        return state[0] == "yes" and (view is None or state[1] == view)

    WebDriverWait(driver, timeout).until(drawn)


def open_view(driver: Any, url: str, view: str | None = None) -> None:
    driver.get(url)
    wait_rendered(driver, view)


def query(driver: Any) -> dict[str, str]:
    """The page's URL parameters as the browser shows them."""
    return driver.execute_script("return Object.fromEntries(new URLSearchParams(window.location.search))")


def screenshot(driver: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, min(max(height + 140, 800), 4000))  # the window counts its own frame too
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    driver.set_window_size(1400, 1100)
    return path


def axe_violations(driver: Any, name: str) -> list[dict[str, Any]]:
    """Run axe-core (the npm package, injected from node_modules) on the current view; its
    violations are saved under tests/artifacts/ whatever their impact."""
    require_system_package(AXE.is_file(), NPM_MISSING)
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then((r) => done(r.violations))"
        ".catch((e) => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result
