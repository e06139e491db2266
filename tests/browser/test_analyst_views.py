"""Issue 13 in a real browser: a readable timeline (hidden lanes, no overlapping marks, the search
kept by zoom), totals charts, and an API token used from curl."""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess

import pytest
from playwright.sync_api import expect

from tests.factories import ConditionFactory, CountryFactory, MembershipFactory, PledgeFactory, UserFactory
from tests.pledges.views.helpers import coalition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def crowded(live_server):
    """A coalition of 12 with pledges on only three members, many on the same days."""
    from django.contrib.auth.models import Group

    from pledges.roles import ANALYST, ensure_role_groups

    ensure_role_groups()
    user = UserFactory(username="ana")
    user.groups.add(Group.objects.get(name=ANALYST))
    org, members = coalition(3, slug="crowded")
    for i in range(9):
        MembershipFactory(
            organisation=org, country=CountryFactory(name=f"Quiet {i}"), joined=dt.date(2025, 3, 2)
        )
    ua = CountryFactory(code="UA", alpha3="UKR", name="Ukraine")
    day = dt.date(2025, 6, 2)
    for i in range(60):
        actor = members[i % 3]
        # bursts: five pledges a day on some days, single ones in between
        on = day + dt.timedelta(days=(i // 5) * 9 if i % 2 else i * 3)
        pledge = PledgeFactory(
            actor_country=actor,
            beneficiary_country=ua,
            announced_on=on,
            category=["military", "financial", "humanitarian"][i % 3],
            status=["announced", "committed", "delivered"][i % 3],
            amount_value=100 + i,
            amount_unit="USD",
            summary=f"Package {i} for Kyiv" if i % 4 else f"Tanks batch {i}",
        )
        if i % 5 == 0:
            ConditionFactory(pledge=pledge)
    return {"org": org}


def login(page, base):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "ana")
    page.fill("#id_password", "pw-for-tests")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{base}/")


def centres(page, selector: str) -> list[tuple[float, float, float]]:
    """(x, y, radius) of each shape on screen."""
    return page.eval_on_selector_all(
        selector,
        """els => els.map(e => { const r = e.getBoundingClientRect();
            return [r.x + r.width / 2, r.y + r.height / 2, Math.min(r.width, r.height) / 2]; })""",
    )


def test_timeline_hides_empty_lanes_and_no_two_marks_overlap(page, live_server, crowded, artifacts):
    base = live_server.url
    login(page, base)
    page.goto(f"{base}/coalitions/crowded/")
    lanes = page.locator("#lanes g.lane")
    expect(lanes).to_have_count(3)
    assert "10 lanes without pledges here hidden" in page.inner_text("#lanes .summary")
    shapes = centres(page, "#lanes a.mk[data-pledge] .shape")
    assert len(shapes) > 10
    for i, (x1, y1, r1) in enumerate(shapes):
        for x2, y2, r2 in shapes[i + 1 :]:
            assert math.dist((x1, y1), (x2, y2)) >= max(r1, r2), "two marks drawn on top of each other"
    pills = page.eval_on_selector_all(
        "#lanes a.cl rect",
        """els => els.map(e => { const r = e.getBoundingClientRect();
            return [r.left, r.right, r.top, r.bottom]; })""",
    )
    for left, right, top, bottom in pills:
        for x, y, r in shapes:
            inside = left - r < x < right + r and top - r < y < bottom + r
            assert not inside, "a mark under a cluster"
    page.screenshot(path=str(artifacts / "timeline-readable.png"), full_page=True)
    page.click("a.lane-toggle")
    expect(lanes).to_have_count(13)  # the 12 members and the coalition's own lane
    assert "empty=show" in page.url


def test_a_typed_search_survives_zoom(page, live_server, crowded):
    base = live_server.url
    login(page, base)
    page.goto(f"{base}/coalitions/crowded/")
    page.fill("#lanes input[name=q]", "Tanks")  # typed, not applied
    page.click("nav.zoom a >> text=3 months")
    page.wait_for_url("**start=**")
    assert "q=Tanks" in page.url
    expect(page.locator("#lanes input[name=q]")).to_have_value("Tanks")


def test_totals_load_on_the_list_and_the_totals_page_draws_charts(page, live_server, crowded, artifacts):
    base = live_server.url
    login(page, base)
    page.goto(f"{base}/pledges/?coalition=crowded")
    summary = page.locator("section.totals-summary:not(.lazy)")
    summary.wait_for()
    assert "Committed" in summary.inner_text() and page.locator("section.totals-summary svg rect").count() > 3
    page.goto(f"{base}/pledges/totals/?coalition=crowded")
    assert page.locator("svg.ranking-chart").count() == 3
    assert page.locator("svg.month-chart rect").count() > 3
    page.click("#by-actor details summary")
    expect(page.locator("#by-actor table tbody tr")).to_have_count(3)
    page.screenshot(path=str(artifacts / "totals.png"), full_page=True)


def test_a_token_works_from_curl(live_server, crowded):
    from pledges.tokens import create_token

    _, key = create_token(UserFactory(username="ana"), "curl")
    url = f"{live_server.url}/api/pledges/?coalition=crowded&page_size=5"
    out = subprocess.run(
        ["curl", "-sS", "-H", f"Authorization: Bearer {key}", url], capture_output=True, text=True, timeout=30
    )
    data = json.loads(out.stdout)
    assert data["count"] == 60 and len(data["results"]) == 5
    refused = subprocess.run(
        ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", url],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert refused.stdout == "401"


def test_an_editor_marks_a_condition_met_in_place(page, live_server, crowded, artifacts):
    from django.contrib.auth.models import Group

    from pledges.models import Condition
    from pledges.roles import EDITOR

    editor = UserFactory(username="eddie")
    editor.groups.add(Group.objects.get(name=EDITOR))
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "eddie")
    page.fill("#id_password", "pw-for-tests")
    page.click("form button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/conditions/?kind=ceasefire")
    page.evaluate("window.__notReloaded = true")
    condition = Condition.objects.order_by("id").first()
    row = page.locator(f"#condition-{condition.pk}")
    row.locator("select[name=state]").select_option("met")
    row.locator("input[name=changed_on]").fill("2025-09-14")
    row.locator("input[name=source]").fill("https://news.example/truce")
    row.locator("button[type=submit]").click()
    expect(page.locator(f"#condition-{condition.pk} td strong")).to_have_text("Met")
    assert page.evaluate("window.__notReloaded") is True  # swapped in place
    condition.refresh_from_db()
    assert condition.state == "met" and str(condition.state_changed_on) == "2025-09-14"
    page.goto(f"{base}/conditions/")  # the change is now the latest: first in the list
    expect(page.locator("table.conditions tbody tr").first).to_contain_text("14 Sep 2025")
    page.screenshot(path=str(artifacts / "conditions.png"), full_page=False)
    page.goto(f"{base}/coalitions/crowded/")
    assert page.locator("#lanes path.cc-met").count() == 1
