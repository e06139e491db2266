"""A readable timeline (issue 13, part 3): bounded dates, hidden empty lanes, zoom presets at the
latest pledge, an empty window that says so, the search term kept by every zoom link."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from pledges.dates import EARLIEST, LATEST
from tests.factories import PledgeFactory
from tests.pledges.views.helpers import HX, PARTIAL_QUERIES_ZOOMED, add_pledges, coalition, cold_queries

pytestmark = pytest.mark.django_db


def url(org, query=""):
    return f"/coalitions/{org.slug}/" + (f"?{query}" if query else "")


@pytest.mark.parametrize(
    "query",
    [
        "start=0001-01-01",
        "end=9999-12-31",
        "start=0001-01-01&end=9999-12-31",
        "start=9999-12-31",
        "end=0001-01-01",
        "start=1899-12-31&end=2101-01-01",
    ],
)
def test_dates_out_of_bounds_are_reported_not_a_500(analyst_client, query):
    org, members = coalition(2)
    add_pledges(members, 4)
    for headers in ({}, HX):
        response = analyst_client.get(url(org, query), **headers)
        assert response.status_code == 200
        body = response.content.decode()
        assert 'role="alert"' in body and "Enter a date between 1 Jan 1900 and 31 Dec 2100" in body
        assert "<strong>4</strong> pledges" in body  # the bad date is left out, like any bad filter


def _zoom_out(body: str) -> str | None:
    found = re.search(r'<a href="([^"]+)" hx-get="[^"]+"[^>]*>zoom out</a>', body)
    return unescape(found.group(1)) if found else None


def test_zooming_out_again_and_again_stops_at_sensible_dates(analyst_client):
    org, members = coalition(2)
    add_pledges(members, 4)  # April 2025 – March 2026
    link = url(org, "start=2025-06-01&end=2025-06-30")
    seen = []
    for step in range(16):
        response = analyst_client.get(link, **HX)
        assert response.status_code == 200
        drawing = response.context["timeline"]
        seen.append((drawing.start, drawing.end))
        link = _zoom_out(response.content.decode())
        assert link or step > 0, "a one-month window can be zoomed out"
        if link is None:
            break
    assert link is None, "zooming out ends: the window already shows everything within reach"
    start, end = seen[-1]
    today = dt.date.today()
    assert start >= dt.date(2024, 4, 1) - dt.timedelta(days=1)  # a year before the first pledge
    assert end <= max(dt.date(2026, 3, 31), today) + dt.timedelta(days=367)
    assert all(EARLIEST <= d <= LATEST for pair in seen for d in pair)
    assert len(seen) < 16


def test_zoom_out_from_the_edges_of_the_accepted_dates(analyst_client):
    org, members = coalition(1)
    add_pledges(members, 2)
    for query in ("start=1900-01-01&end=2100-12-31", "start=1900-01-01", "end=2100-12-31"):
        response = analyst_client.get(url(org, query))
        assert response.status_code == 200
        link = _zoom_out(response.content.decode())
        if link:
            assert analyst_client.get(link).status_code == 200


def test_empty_lanes_hidden_with_a_count_and_a_toggle(analyst_client):
    org, members = coalition(5)
    add_pledges(members[:2], 4)
    response = analyst_client.get(url(org), **HX)
    drawing = response.context["timeline"]
    assert [lane.label for lane in drawing.lanes] == ["Member 0", "Member 1"]
    assert drawing.hidden_lanes == 4  # three members and the coalition's own lane
    body = response.content.decode()
    assert "4 lanes without pledges here hidden" in body
    toggle = re.search(r'<a href="([^"]+)"[^>]*class="lane-toggle">show all lanes</a>', body)
    shown = analyst_client.get(unescape(toggle.group(1)), **HX)
    assert len(shown.context["timeline"].lanes) == 6 and shown.context["timeline"].hidden_lanes == 0
    assert 'name="empty" value="show"' in shown.content.decode()  # filters keep the choice
    assert "hide lanes without pledges" in shown.content.decode()


def test_empty_lanes_follow_the_window_and_chosen_members_always_show(analyst_client):
    org, members = coalition(3)
    PledgeFactory(actor_country=members[0], announced_on=dt.date(2025, 5, 1))
    PledgeFactory(actor_country=members[1], announced_on=dt.date(2025, 11, 1))
    drawing = analyst_client.get(url(org, "start=2025-10-01&end=2025-12-31")).context["timeline"]
    assert [lane.label for lane in drawing.lanes] == ["Member 1"]
    drawing = analyst_client.get(url(org, f"member={members[2].code}")).context["timeline"]
    assert [lane.label for lane in drawing.lanes] == ["Member 2"]


def test_zoom_presets_end_at_the_latest_pledge_not_today(analyst_client):
    org, members = coalition(1)
    PledgeFactory(actor_country=members[0], announced_on=dt.date(2021, 3, 20))
    PledgeFactory(actor_country=members[0], announced_on=dt.date(2021, 1, 5))
    response = analyst_client.get(url(org))
    presets = {p["label"]: parse_qs(urlsplit(p["href"]).query) for p in response.context["zoom"]["presets"]}
    assert presets["3 months"]["end"] == ["2021-03-20"] and presets["3 months"]["start"] == ["2020-12-19"]
    assert presets["12 months"]["end"] == ["2021-03-20"]
    assert "to the latest pledge (20 Mar 2021)" in response.content.decode()
    # the preset shows the pledges, where "last 3 months" counted from today showed none
    drawing = analyst_client.get(response.context["zoom"]["presets"][1]["href"]).context["timeline"]
    assert drawing.total == 2


def test_presets_follow_the_filters_even_when_zoomed(analyst_client):
    org, members = coalition(1)
    PledgeFactory(actor_country=members[0], announced_on=dt.date(2024, 2, 1), category="military")
    PledgeFactory(actor_country=members[0], announced_on=dt.date(2024, 9, 1), category="financial")
    zoom = analyst_client.get(url(org, "category=military&start=2020-01-01&end=2020-02-01")).context["zoom"]
    assert zoom["latest"] == dt.date(2024, 2, 1)


def test_an_empty_window_says_so_and_offers_the_nearest_pledges(analyst_client):
    org, members = coalition(1)
    PledgeFactory(actor_country=members[0], announced_on=dt.date(2025, 1, 10))
    PledgeFactory(actor_country=members[0], announced_on=dt.date(2025, 9, 20))
    response = analyst_client.get(url(org, "start=2025-04-01&end=2025-04-30"), **HX)
    body = response.content.decode()
    assert "No pledges between 1 Apr 2025 and 30 Apr 2025" in body
    nearest = r'<a href="([^"]+)" hx-get="[^"]+" class="nearest" data-side="(\w+)">([^<]+)</a>'
    links = re.findall(nearest, body)
    assert [(side, text) for _, side, text in links] == [
        ("before", "10 Jan 2025 (before)"),
        ("after", "20 Sep 2025 (after)"),
    ]
    for href, _, _ in links:
        assert analyst_client.get(unescape(href)).context["timeline"].total == 1


def test_an_empty_window_with_nothing_anywhere_says_that(analyst_client):
    org, _ = coalition(1)
    body = analyst_client.get(url(org, "start=2025-04-01&end=2025-04-30")).content.decode()
    assert "No pledge matches these filters at any date" in body
    assert "No pledges in this window: the 2 lanes without pledges are hidden." in body
    assert "No members recorded" not in body


def test_every_zoom_link_keeps_the_search_term(analyst_client):
    org, members = coalition(2)
    add_pledges(members, 6)
    PledgeFactory(actor_country=members[0], announced_on=dt.date(2024, 1, 3), summary="Tanks for Kyiv")
    response = analyst_client.get(url(org, "q=Tanks&start=2024-06-01&end=2024-06-30"), **HX)
    body = response.content.decode()
    zoom_links = [p["href"] for p in response.context["zoom"]["presets"]]
    zoom_links += [response.context["zoom"]["out"], response.context["zoom"]["all"]]
    zoom_links += [t.href for t in response.context["timeline"].ticks]
    zoom_links += [n["href"] for n in response.context["nearest"]]
    assert len(zoom_links) > 5
    for link in zoom_links:
        assert parse_qs(urlsplit(link).query)["q"] == ["Tanks"], link
    # links marked for the script that carries a term typed but not yet applied
    assert body.count("data-keep-search") >= 3


def test_query_count_with_a_window(analyst_client):
    org, members = coalition(3)
    add_pledges(members, 6)
    few = cold_queries(analyst_client, url(org, "start=2025-05-01&end=2025-09-30"), **HX)
    add_pledges(members, 40)
    many = cold_queries(analyst_client, url(org, "start=2025-05-01&end=2025-09-30"), **HX)
    assert few == many == PARTIAL_QUERIES_ZOOMED
