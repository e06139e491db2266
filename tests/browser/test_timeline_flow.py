"""An analyst's path through the timeline, in a real browser."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import ConditionFactory, EvidenceFactory, PledgeFactory, UserFactory
from tests.pledges.views.helpers import coalition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(live_server):
    from django.contrib.auth.models import Group

    from pledges.roles import ANALYST, ensure_role_groups

    ensure_role_groups()
    user = UserFactory(username="ana")  # password: pw-for-tests
    user.groups.add(Group.objects.get(name=ANALYST))
    org, members = coalition(5, slug="coalition-of-the-willing")
    pledges = []
    for i in range(30):
        actor = members[i % 5]
        pledge = PledgeFactory(
            actor_country=actor,
            beneficiary_country=members[-1],
            category=["military", "financial", "humanitarian"][i % 3],
            status=["announced", "committed", "delivered"][i % 3],
            announced_on=dt.date(2025, 4, 1) + dt.timedelta(days=i * 11),
            summary=f"{actor.name} pledged package {i}.",
        )
        if i % 4 == 0:
            ConditionFactory(pledge=pledge, text="contingent on a ceasefire")
        EvidenceFactory(pledge=pledge, quote=f"Source sentence for package {i}.")
        pledges.append(pledge)
    PledgeFactory(actor_country=members[0], restates=pledges[0], announced_on=dt.date(2025, 8, 1))
    return {"org": org, "pledges": pledges}


MARKS = "#lanes a.mk[data-pledge]"


def marks(page) -> int:
    return page.locator(MARKS).count()


def test_analyst_filters_goes_back_opens_a_pledge_and_exports(page, live_server, data, artifacts):
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "ana")
    page.fill("#id_password", "pw-for-tests")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{base}/")

    timeline = f"{base}/coalitions/coalition-of-the-willing/"
    page.goto(timeline)
    assert marks(page) == 30
    page.evaluate("window.__notReloaded = true")
    page.screenshot(path=str(artifacts / "timeline.png"), full_page=True)

    # Filter: only the lanes are swapped, the URL becomes a permalink.
    page.click("label.chip:has(input[name=category][value=military])")
    page.wait_for_url("**category=military**")
    expect(page.locator(MARKS)).to_have_count(10)
    assert page.evaluate("window.__notReloaded") is True
    assert page.is_checked("input[name=category][value=military]")

    # Back: URL and lanes restored, still without a reload.
    page.go_back()
    page.wait_for_url(timeline)
    expect(page.locator(MARKS)).to_have_count(30)
    assert page.evaluate("window.__notReloaded") is True
    assert not page.is_checked("input[name=category][value=military]")

    # A mark opens the pledge in the side panel, with its source quote.
    pledge = data["pledges"][4]
    page.click(f"#lanes a.mk[data-pledge='{pledge.pk}']")
    panel = page.locator("#panel .pledge-panel")
    panel.wait_for()
    assert f"#{pledge.pk}" in panel.inner_text()
    assert "Source sentence for package 4." in panel.inner_text()
    assert page.url == timeline
    page.screenshot(path=str(artifacts / "timeline-panel.png"))
    page.keyboard.press("Escape")
    expect(page.locator("#panel .pledge-panel")).to_have_count(0)

    # The pledge's own page.
    page.goto(f"{base}/pledges/{pledge.pk}/")
    assert "Source sentence for package 4." in page.inner_text("main")
    page.screenshot(path=str(artifacts / "pledge-detail.png"), full_page=True)

    # Export what the timeline shows as CSV.
    page.goto(f"{timeline}?category=financial")
    with page.expect_download() as download:
        page.click("a[data-export=csv]")
    path = download.value.path()
    content = Path(path).read_text(encoding="utf-8")
    lines = [line for line in content.splitlines() if line.strip()]
    assert len(lines) == 1 + 10  # header + the financial pledges
