"""Playwright with Debian's chromium (Playwright cannot download browsers here), a live
server, and axe-core from npm to check every page a journey visits."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CME_CHROMIUM", "/usr/bin/chromium")
PROJECT_DIR = Path(__file__).resolve().parents[2]
AXE = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = PROJECT_DIR / "test-results" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"The browser tests need Debian chromium at {CHROMIUM}: run scripts/ensure-chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@functools.cache
def _axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run make install")
    return AXE.read_text()


def check_accessibility(page, name: str | None = None) -> None:
    """Run axe-core on the page: no serious or critical WCAG 2.2 AA violations; and the page
    checks every server-rendered page passes (tests/pages.py)."""
    from tests.pages import page_problems

    # A click on a link returns once the next page's navigation has begun; read the page
    # only when it has loaded (otherwise a slow machine gives an empty document).
    page.wait_for_load_state("load")
    structure = page_problems(page.content(), None)
    assert not structure, f"{page.url}: " + "; ".join(structure)
    page.evaluate(_axe_source())
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    problems = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    if name:
        screenshot(page, name)
    assert not problems, f"{page.url}: " + json.dumps(
        [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]} for v in problems], indent=1)


def screenshot(page, name: str) -> Path | None:
    """A full-page screenshot for a person to read, in test-results/screenshots/, when
    CME_SCREENSHOTS is set (`make test-browser` sets it). No test reads them, and taking
    some 200 of them made every `make test` and CI run slower."""
    if not os.environ.get("CME_SCREENSHOTS"):
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # A full-page screenshot of a long page on a busy machine (CI runs two suites side by side
    # on two cores) has taken more than the 15 s every other step may take.
    page.screenshot(path=str(path), full_page=True, timeout=60_000)
    return path
