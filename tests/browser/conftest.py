"""Real headless Chromium (Debian's package) driven by Playwright.

The browser tests need committed data, so they run as transactional tests after
every other test (see the top-level conftest) and reload the sample when an
earlier browser test's flush emptied the database (the loader recreates the roots
Wagtail's migrations made).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("WATCHDESK_CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(
    os.environ.get("WATCHDESK_SCREENSHOTS", Path(__file__).parents[2] / "artifacts" / "screenshots")
)
# Playwright's sync API runs an event loop in this thread; the Django ORM calls the
# fixtures make here are ordinary blocking calls, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium package (`make test` does), "
            "or point WATCHDESK_CHROMIUM at a Chromium binary."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
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
        yield browser
        browser.close()


@pytest.fixture
def served(live_server, transactional_db):
    """The live server's URL, with the sample archive in the database."""
    from watchdesk.monitoring.models import CommentaryPage
    from watchdesk.sample.loader import load_demo

    if not CommentaryPage.objects.exists():
        load_demo()
    return live_server.url


@pytest.fixture
def page_at(browser):
    """Open a page at a viewport width; collect console errors (CSP violations show there)."""
    pages = []

    def open_page(url: str, width: int = 1280):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.errors = []
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.goto(url)
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        page.close()


@pytest.fixture
def shot():
    SHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        path = SHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
