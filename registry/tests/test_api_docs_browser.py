"""The API documentation pages in Chromium, under the real CSP header: they render the operations
and load nothing from other hosts."""

import os
import shutil

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")

# Playwright's sync API runs an event loop in the test thread; the ORM calls the database
# fixtures make from that thread are deliberate (scripts/test sets this for the whole run).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def chromium_page(transactional_db, live_server, browser_type):
    """A page in the system's Chromium. pytest-playwright's `browser_type` shares one Playwright
    per test session with the other browser tests; a second one in the same thread would fail."""
    if not CHROMIUM:
        pytest.skip("Chromium is not installed (scripts/test installs it)")
    browser = browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    )
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.console_messages = []
        page.loaded = []
        page.on("console", lambda message: page.console_messages.append(message.text))
        # Responses, not requests: a request the CSP blocks (ReDoc's footer logo on its CDN) is
        # attempted but never reaches the network.
        page.on("response", lambda response: page.loaded.append(response.url))
        yield page
    finally:
        browser.close()


def _from_elsewhere(page, server_url):
    return [
        url for url in page.loaded if not url.startswith((server_url, "data:", "blob:", "about:"))
    ]


def test_swagger_ui_renders_every_operation_without_a_csp_violation(chromium_page, live_server):
    page = chromium_page
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/organizations/{bin}/dossier/" in [p.replace("\u200b", "") for p in paths]
    violations = [m for m in page.console_messages if "Content Security Policy" in m]
    assert violations == []
    assert _from_elsewhere(page, live_server.url) == []


def test_redoc_renders_with_its_styles_under_the_csp(chromium_page, live_server):
    page = chromium_page
    page.goto(f"{live_server.url}/api/redoc/")
    page.wait_for_selector("h1", timeout=15_000)
    page.get_by_text("/api/v1/organizations/{bin}/dossier/").first.wait_for(timeout=15_000)
    # ReDoc's layout comes from the <style> elements it writes with the nonce: without them the
    # side menu would not be a fixed column.
    menu_position = page.evaluate(
        "getComputedStyle(document.querySelector('.menu-content')).position"
    )
    assert menu_position in ("sticky", "fixed")
    script_violations = [
        m for m in page.console_messages if "Content Security Policy" in m and "script" in m
    ]
    assert script_violations == []
    assert _from_elsewhere(page, live_server.url) == []
