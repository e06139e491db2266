"""The coalition timeline page and its HTMX partial."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import MembershipFactory, PledgeFactory
from tests.pledges.views.helpers import HX, add_pledges, coalition, cold_queries, queries

pytestmark = pytest.mark.django_db

# Nothing cached: session, user, 2× permissions, organisation (with its count of current members),
# revision counters, memberships (with countries), the capped count that chooses marks or bins, pledge
# rows (member choices come from the memberships): the same for the page and the partial. Binned: the
# count, the date range, the aggregate. A date window adds one query to the marks (the extent of the
# filtered pledges outside it: zoom presets and the nearest pledges). Cached: the lanes cost no query
# beyond the counters.
PARTIAL_QUERIES = 9
PAGE_QUERIES = 9
BINNED_QUERIES = 10
CACHED_PARTIAL_QUERIES = 6


def url(org, query=""):
    return f"/coalitions/{org.slug}/" + (f"?{query}" if query else "")


def test_lanes_for_the_organisation_and_each_member(analyst_client):
    org, members = coalition(3)
    add_pledges([org, *members], 8)
    response = analyst_client.get(url(org))
    assert response.status_code == 200
    drawing = response.context["timeline"]
    assert [lane.label for lane in drawing.lanes] == [org.name, "Member 0", "Member 1", "Member 2"]
    body = response.content.decode()
    assert "<svg" in body and 'aria-labelledby="tl-caption"' in body
    assert body.count("data-pledge=") == 8
    assert "<title>#" in body  # tooltips
    assert 'hx-target="#panel"' in body
    assert 'id="lanes"' in body and 'id="panel"' in body


def test_full_page_works_without_javascript(analyst_client):
    org, members = coalition(1)
    (pledge,) = add_pledges(members, 1)
    body = analyst_client.get(url(org)).content.decode()
    assert f'href="/pledges/{pledge.pk}/"' in body  # each mark is a real link
    assert 'method="get"' in body and f'action="/coalitions/{org.slug}/"' in body


def test_htmx_request_gets_only_the_lanes_partial(analyst_client):
    org, members = coalition(2)
    add_pledges(members, 4)
    response = analyst_client.get(url(org, "category=military"), **HX)
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="lanes"')
    assert "<html" not in body and "Legend" not in body
    assert "HX-Request" in response["Vary"]


def test_history_restore_and_boosted_requests_get_the_full_page(analyst_client):
    org, _ = coalition(1)
    for headers in ({**HX, "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}, {**HX, "HTTP_HX_BOOSTED": "true"}):
        assert "<html" in analyst_client.get(url(org), **headers).content.decode()


def test_filter_by_category_keeps_only_those_marks(analyst_client):
    org, members = coalition(2)
    add_pledges(members, 6)
    drawing = analyst_client.get(url(org, "category=financial"), **HX).context["timeline"]
    marks = [m for lane in drawing.lanes for m in lane.marks]
    assert len(marks) == 2 and {m.category for m in marks} == {"financial"}


def test_unreviewed_hidden_unless_asked(analyst_client):
    org, members = coalition(1)
    PledgeFactory(actor_country=members[0], review_state="extracted", announced_on=dt.date(2025, 6, 1))
    PledgeFactory(actor_country=members[0], review_state="rejected", announced_on=dt.date(2025, 6, 1))
    assert analyst_client.get(url(org)).context["timeline"].total == 0
    assert analyst_client.get(url(org, "include_unreviewed=on")).context["timeline"].total == 1


def test_member_filter_shows_only_those_lanes(analyst_client):
    org, members = coalition(3)
    add_pledges(members, 6)
    drawing = analyst_client.get(url(org, f"member={members[1].code}")).context["timeline"]
    assert [lane.label for lane in drawing.lanes] == ["Member 1"]


def test_lanes_sorted_by_count(analyst_client):
    org, members = coalition(3)
    add_pledges([members[2]], 3)
    add_pledges([members[1]], 1)
    drawing = analyst_client.get(url(org, "lanes=count&empty=show")).context["timeline"]
    assert [lane.label for lane in drawing.lanes][1:] == ["Member 2", "Member 1", "Member 0"]
    drawing = analyst_client.get(url(org, "lanes=count")).context["timeline"]
    assert [lane.label for lane in drawing.lanes] == ["Member 2", "Member 1"]


def test_zoom_to_a_date_range_and_tick_links_zoom(analyst_client):
    org, members = coalition(1)
    add_pledges(members, 10)
    response = analyst_client.get(url(org, "start=2025-06-01&end=2025-08-31"))
    drawing = response.context["timeline"]
    assert (drawing.start, drawing.end) == (dt.date(2025, 6, 1), dt.date(2025, 8, 31))
    assert all(dt.date(2025, 6, 1) <= t.start <= dt.date(2025, 8, 31) for t in drawing.ticks)
    assert all("start=" in t.href and "end=" in t.href for t in drawing.ticks)
    assert "all dates" in response.content.decode()


def test_joined_and_left_members_are_labelled(analyst_client):
    org, _ = coalition(2)
    late = MembershipFactory(organisation=org, joined=dt.date(2025, 9, 4))
    MembershipFactory(organisation=org, joined=dt.date(2025, 3, 2), left=dt.date(2025, 12, 1))
    body = analyst_client.get(url(org, "empty=show")).content.decode()
    assert f"{late.country.name}" in body
    assert "joined 4 Sep 2025" in body
    assert "left 1 Dec 2025" in body


def test_invalid_filter_is_reported_in_place(analyst_client):
    org, members = coalition(1)
    add_pledges(members, 2)
    response = analyst_client.get(url(org, "start=not-a-date"), **HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="alert"' in body and "Enter a valid date" in body
    assert response.context["timeline"].total == 2


def test_analyst_sees_no_editing_controls(analyst_client):
    org, members = coalition(1)
    add_pledges(members, 2)
    body = analyst_client.get(url(org)).content.decode()
    assert "/admin/" not in body


def test_unknown_coalition_is_404(analyst_client):
    assert analyst_client.get("/coalitions/nope/").status_code == 404


def test_anonymous_is_sent_to_login(anonymous_client):
    org, _ = coalition(1)
    response = anonymous_client.get(url(org))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_query_count_is_constant_in_the_number_of_pledges(analyst_client):
    org, members = coalition(4)
    add_pledges([org, *members], 3)
    few = (cold_queries(analyst_client, url(org)), cold_queries(analyst_client, url(org), **HX))
    add_pledges([org, *members], 60)
    PledgeFactory(actor_country=members[0], restates=members[0].pledges_made.first())
    many = (cold_queries(analyst_client, url(org)), cold_queries(analyst_client, url(org), **HX))
    assert few == many == (PAGE_QUERIES, PARTIAL_QUERIES)
    assert queries(analyst_client, url(org), **HX) == CACHED_PARTIAL_QUERIES
    filtered = url(org, "category=military&conditional=on&q=Pledge&member=MA&member=MB")
    assert (
        cold_queries(analyst_client, filtered, **HX) <= PARTIAL_QUERIES + 1
    )  # + validating the chosen members


@pytest.fixture
def few_marks(monkeypatch):
    """A low mark limit, so a handful of pledges is already "too many to read"."""
    from pledges import timeline as layout

    monkeypatch.setattr(layout, "MARK_LIMIT", 5)


def test_dense_window_is_drawn_as_bins_linking_to_the_list(analyst_client, few_marks):
    org, members = coalition(2)
    add_pledges(members, 12)
    response = analyst_client.get(url(org), **HX)
    drawing = response.context["timeline"]
    assert drawing.binned and drawing.unit in ("week", "month")
    assert drawing.total == 12
    cells = [b for lane in drawing.lanes for b in lane.bins]
    assert sum(b.total for b in cells) == 12
    body = response.content.decode()
    assert "data-pledge=" not in body  # no single marks
    assert drawing.lanes[0].label == "Member 0"  # the coalition's own lane is empty: hidden
    cell = next(b for b in drawing.lanes[0].bins if b.total)
    assert f'href="/pledges/?member=MA&amp;start={cell.start}&amp;end={cell.end}"' in body
    assert "<title>Member 0, " in body and "conditional" in body


def test_binned_cell_link_keeps_the_filters(analyst_client, few_marks):
    org, members = coalition(1)
    add_pledges(members, 24)
    drawing = analyst_client.get(url(org, "category=military&lanes=count"), **HX).context["timeline"]
    assert drawing.binned
    hrefs = [b.href for lane in drawing.lanes for b in lane.bins]
    assert hrefs and all("category=military" in h and "member=MA" in h for h in hrefs)
    assert all("lanes=" not in h for h in hrefs)


def test_binned_query_count_is_constant(analyst_client, few_marks):
    org, members = coalition(4)
    add_pledges([org, *members], 12)
    few = (cold_queries(analyst_client, url(org)), cold_queries(analyst_client, url(org), **HX))
    add_pledges([org, *members], 60)
    many = (cold_queries(analyst_client, url(org)), cold_queries(analyst_client, url(org), **HX))
    assert few == many == (BINNED_QUERIES, BINNED_QUERIES)
    # a window: the extent query (first, last and nearest dates whatever the window) replaces the
    # date range query
    zoomed = url(org, "start=2025-01-01&end=2025-12-31")
    assert cold_queries(analyst_client, zoomed, **HX) == BINNED_QUERIES


def test_cell_link_opens_a_compact_list_in_the_side_panel(analyst_client):
    _, members = coalition(1)
    add_pledges(members, 3)
    response = analyst_client.get(
        "/pledges/?member=MA&start=2025-01-01&end=2025-12-31", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="panel"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<form" not in body and 'class="pledge-panel list-panel"' in body
    assert body.count('hx-get="/pledges/') >= 3
    assert "HX-Target" in response["Vary"]
