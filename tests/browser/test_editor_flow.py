"""An editor's path in a real browser: upload two files, watch the rows, review; what analysts then see."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from articles import services
from articles.models import Article
from pledges.models import Pledge
from tests.articles.helpers import ARTICLE
from tests.browser.conftest import browser_tab, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parents[2] / "docs"
BROKEN_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"  # a PDF that ends before it should


@pytest.fixture
def held_queue(monkeypatch):
    """Uploads stay queued until the test runs them, so the page has something to watch."""
    from articles.tasks import ingest_article

    monkeypatch.setattr(ingest_article, "delay", lambda *args, **kwargs: None)


def card(page, pledge: Pledge):
    return page.locator(f"#pledge-{pledge.pk}")


def test_editor_uploads_reviews_and_analyst_sees_only_the_confirmed_pledge(
    page, browser, live_server, people, held_queue, artifacts, tmp_path
):
    base = live_server.url
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    log_in(page, base, "eddie")

    # Upload two files at once: one good, one broken.
    good, broken = tmp_path / "allies.txt", tmp_path / "scan.pdf"
    good.write_text(ARTICLE, encoding="utf-8")
    broken.write_bytes(BROKEN_PDF)
    page.goto(f"{base}/articles/upload/")
    page.set_input_files("input[type=file][name=files]", [str(good), str(broken)])
    page.click("form.upload-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/articles/upload/\?new=.*"))
    rows = page.locator("tr.article-row")
    expect(rows).to_have_count(2)
    expect(page.locator("tr.article-row.state-queued")).to_have_count(2)
    page.evaluate("window.__notReloaded = true")
    page.screenshot(path=str(artifacts / "upload-queued.png"), full_page=True)

    # A worker picks them up; the rows follow by polling, without a reload.
    status_requests: list[str] = []
    page.on("request", lambda r: status_requests.append(r.url) if "/status/" in r.url else None)
    for article in Article.objects.order_by("pk"):
        services.ingest(article.pk, "browser-test")
    good_row = page.locator("tr.article-row", has_text="allies.txt")
    bad_row = page.locator("tr.article-row", has_text="scan.pdf")
    expect(good_row.locator(".state-done")).to_be_visible()
    expect(good_row).to_contain_text("2 pledges")
    expect(bad_row.locator(".state-failed")).to_be_visible()
    expect(bad_row).to_contain_text("damaged")
    expect(bad_row.get_by_role("button", name="Retry")).to_be_visible()
    assert page.evaluate("window.__notReloaded") is True
    page.screenshot(path=str(artifacts / "upload-finished.png"), full_page=True)
    seen = len(status_requests)
    page.wait_for_timeout(2500)
    assert len(status_requests) == seen, "polling should stop once every row is finished (286)"

    # The review queue: the source sentence with its entities highlighted.
    article = Article.objects.get(original_name="allies.txt")
    french = Pledge.objects.get(evidence__article=article, actor_country__code="FR")
    british = Pledge.objects.get(evidence__article=article, actor_country__code="GB")
    page.goto(f"{base}/review/")
    expect(card(page, french).locator(".passage .ent-person")).to_have_text("Emmanuel Macron")
    page.screenshot(path=str(artifacts / "review-queue.png"), full_page=True)
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS / "review-queue.png"))

    # Edit the French pledge's condition in place, then confirm it.
    page.evaluate("window.__notReloaded = true")
    card(page, french).get_by_role("link", name="Edit").click()
    condition = card(page, french).locator(f"input[name='p{french.pk}-cond-0-text']")
    expect(condition).to_be_visible()
    page.screenshot(path=str(artifacts / "review-edit.png"), full_page=True)
    condition.fill("once a ceasefire with Russia is agreed (edited)")
    card(page, french).get_by_role("button", name="Save").click()
    expect(card(page, french)).to_contain_text("Saved.")
    expect(card(page, french)).to_contain_text("once a ceasefire with Russia is agreed (edited)")
    card(page, french).get_by_role("button", name="Confirm").click()
    expect(card(page, french)).to_contain_text("Confirmed by eddie")

    # Reject the British one from the keyboard: focus its card, press "r".
    card(page, british).focus()
    page.keyboard.press("r")
    expect(card(page, british)).to_contain_text("Rejected by eddie")
    assert page.evaluate("window.__notReloaded") is True
    page.screenshot(path=str(artifacts / "review-done.png"), full_page=True)

    french.refresh_from_db()
    british.refresh_from_db()
    assert (french.review_state, british.review_state) == ("confirmed", "rejected")
    assert french.conditions.filter(text__endswith="(edited)").exists()
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems

    # The analyst's timeline shows the confirmed pledge only.
    with browser_tab(browser) as analyst:
        log_in(analyst, base, "ana")
        analyst.goto(f"{base}/coalitions/coalition-of-the-willing/")
        marks = analyst.locator("#lanes a.mk[data-pledge]")
        expect(marks).to_have_count(1)
        assert marks.first.get_attribute("data-pledge") == str(french.pk)
        analyst.screenshot(path=str(artifacts / "analyst-timeline.png"), full_page=True)
