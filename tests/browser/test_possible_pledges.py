"""In a real browser: a possible pledge (below the confidence threshold) is promoted from the review queue
through the add-pledge form, or dismissed in place."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from articles.models import Article, PossiblePledge
from pledges.models import Pledge
from tests.articles.helpers import ARTICLE
from tests.browser.conftest import ingested, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HISTORY = "Germany has sent 500 tents to Ukraine, the ministry said."
TEXT = ARTICLE + "\n" + HISTORY + "\n"


@pytest.fixture
def article(people, gazetteer) -> Article:
    return ingested(TEXT, "tents.txt")


def test_editor_promotes_a_possible_pledge(page, live_server, article, artifacts):
    base = live_server.url
    (possible,) = PossiblePledge.objects.filter(article=article)
    log_in(page, base, "eddie")
    page.goto(f"{base}/review/")
    row = page.locator(f"#possible-{possible.pk}")
    expect(row).to_contain_text(HISTORY)
    page.screenshot(path=str(artifacts / "possible-pledges.png"), full_page=True)
    row.get_by_role("link", name="Promote to a pledge…").click()
    form = page.locator(".add-pledge form")
    expect(page.locator(".add-pledge .chosen-quote")).to_have_text(HISTORY)
    form.locator("select[name=add-actor]").select_option(label="Germany")
    form.locator("select[name=add-beneficiary]").select_option(label="Ukraine")
    form.locator("select[name=add-category]").select_option("humanitarian")
    form.get_by_role("button", name="Add and confirm").click()
    expect(page.locator("body")).to_contain_text("added and confirmed")
    possible.refresh_from_db()
    pledge = Pledge.objects.get(origin="editor")
    assert possible.state == "accepted" and pledge.actor_country.code == "DE"
    assert pledge.evidence.get().quote == HISTORY
    page.goto(f"{base}/review/")
    expect(page.locator(f"#possible-{possible.pk}")).to_have_count(0)


def test_editor_dismisses_a_possible_pledge_in_place(page, live_server, article):
    base = live_server.url
    (possible,) = PossiblePledge.objects.filter(article=article)
    log_in(page, base, "eddie")
    page.goto(f"{base}/review/")
    row = page.locator(f"#possible-{possible.pk}")
    row.get_by_role("button", name="Dismiss").click()
    expect(page.locator(f"#possible-{possible.pk}")).to_have_count(0)
    possible.refresh_from_db()
    assert possible.state == "dismissed" and possible.decided_by.username == "eddie"
