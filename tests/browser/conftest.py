"""Playwright driving Debian's Chromium against pytest-django's live server.

Skipped unless PLEDGEWATCH_BROWSER_TESTS=1 and /usr/bin/chromium exists (CI's PostgreSQL pass sets it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.factories import UserFactory

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ENABLED = os.environ.get("PLEDGEWATCH_BROWSER_TESTS") == "1" and CHROMIUM.exists()

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it
# are still synchronous and safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if ENABLED:
        return
    skip = pytest.mark.skip(reason="browser tests need PLEDGEWATCH_BROWSER_TESTS=1 and /usr/bin/chromium")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, transactional_db) -> Iterator:
    """A fresh browser tab, closed only once the live server has answered every request it sent.

    Depending on ``transactional_db`` makes this teardown run before the database flush: a lazy
    htmx request (totals, type-ahead) still being served while TRUNCATE ran deadlocked on PostgreSQL
    and left the next test with the previous one's rows.
    """
    with browser_tab(browser) as tab:
        yield tab


@contextmanager
def browser_tab(browser, **options) -> Iterator:
    """A tab in its own context (own cookies); on exit, waits for its requests to be answered, then closes."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, **options)
    in_flight: set = set()
    # Playwright wraps each handler and needs a Python function, not a builtin method
    context.on("request", lambda request: in_flight.add(request))
    context.on("requestfinished", lambda request: in_flight.discard(request))
    context.on("requestfailed", lambda request: in_flight.discard(request))
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    try:
        yield tab
    finally:
        _wait_until_answered(tab, in_flight)
        context.close()


def _wait_until_answered(tab, in_flight: set, timeout_ms: int = 10_000) -> None:
    # htmx's `load` and debounced triggers fire a moment after the page settles; give them that moment.
    quiet_for = 0
    for _ in range(timeout_ms // 50):
        quiet_for = quiet_for + 50 if not in_flight else 0
        if quiet_for >= 300:
            return
        tab.wait_for_timeout(50)


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def people(gazetteer, live_server) -> dict:
    """An editor (eddie) and an analyst (ana), both with the password pw-for-tests."""
    from django.contrib.auth.models import Group

    from pledges.roles import ANALYST, EDITOR, ensure_role_groups

    ensure_role_groups()
    editor = UserFactory(username="eddie")  # password: pw-for-tests
    editor.groups.add(Group.objects.get(name=EDITOR))
    analyst = UserFactory(username="ana")
    analyst.groups.add(Group.objects.get(name=ANALYST))
    return {"editor": editor, "analyst": analyst}


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{base}/")


def ingested(text: str, name: str):
    """An article uploaded and ingested in-process (the browser tests need it finished before they look)."""
    from articles import services

    stored = services.store_upload(text.encode(), original_name=name)
    services.ingest(stored.article.pk, "browser-test")
    stored.article.refresh_from_db()
    assert stored.article.state == "done", stored.article.error_message
    return stored.article
