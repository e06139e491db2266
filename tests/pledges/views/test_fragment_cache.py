"""Cached timeline and list fragments: served again while nothing changed, drawn afresh after any
write that could change them, and never carrying anything personal."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.test import override_settings

from pledges.choices import ReviewState
from pledges.models import Revision
from pledges.revisions import extraction_writes
from pledges.services import set_review_state
from tests.factories import ConditionFactory, PledgeFactory
from tests.pledges.views.helpers import HX, add_pledges, coalition

pytestmark = pytest.mark.django_db


def timeline(client, org, query: str = "", **headers) -> str:
    response = client.get(f"/coalitions/{org.slug}/" + (f"?{query}" if query else ""), **headers)
    assert response.status_code == 200
    return response.content.decode()


def pledge_count(body: str) -> int:
    return body.count("data-pledge=")


def test_second_request_is_served_from_the_cache(analyst_client, django_assert_max_num_queries):
    org, members = coalition(2)
    add_pledges(members, 4)
    first = timeline(analyst_client, org, **HX)
    with django_assert_max_num_queries(6):  # session, user, perms, organisation, counters
        again = timeline(analyst_client, org, **HX)
    assert again == first and pledge_count(again) == 4


def test_a_confirmed_pledge_shows_on_the_next_request(analyst_client, editor):
    org, members = coalition(2)
    add_pledges(members, 3)
    assert pledge_count(timeline(analyst_client, org, **HX)) == 3
    pledge = PledgeFactory(actor_country=members[0], review_state=ReviewState.EXTRACTED)
    assert pledge_count(timeline(analyst_client, org, **HX)) == 3  # unreviewed: not shown
    set_review_state(pledge, editor, ReviewState.CONFIRMED, reason="Confirmed in review")
    assert pledge_count(timeline(analyst_client, org, **HX)) == 4
    set_review_state(pledge, editor, ReviewState.REJECTED, reason="Rejected in review")
    assert pledge_count(timeline(analyst_client, org, **HX)) == 3


def test_a_new_condition_and_a_deleted_pledge_show_at_once(analyst_client):
    org, members = coalition(1)
    pledge = PledgeFactory(actor_country=members[0], announced_on=dt.date(2025, 6, 1))
    other = PledgeFactory(actor_country=members[0], announced_on=dt.date(2025, 7, 1))
    assert pledge_count(timeline(analyst_client, org, "conditional=on", **HX)) == 0
    ConditionFactory(pledge=pledge)
    assert pledge_count(timeline(analyst_client, org, "conditional=on", **HX)) == 1
    other.delete()
    assert pledge_count(timeline(analyst_client, org, **HX)) == 1


def test_renaming_a_member_renames_its_lane(analyst_client):
    org, members = coalition(1)
    add_pledges(members, 1)
    assert "Member 0" in timeline(analyst_client, org, **HX)
    members[0].name = "Renamed Republic"
    members[0].save()
    body = timeline(analyst_client, org, **HX)
    assert "Renamed Republic" in body and "Member 0" not in body


def test_the_list_follows_edits_too(analyst_client):
    _, members = coalition(1)
    (pledge,) = add_pledges(members, 1)
    assert pledge.summary in analyst_client.get("/pledges/", **HX).content.decode()
    pledge.summary = "An edited summary of the pledge."
    pledge.save()
    assert "An edited summary of the pledge." in analyst_client.get("/pledges/", **HX).content.decode()


def test_ingestion_writes_leave_the_reviewed_views_cached(analyst_client):
    """Unreviewed results move only their own counter; views that include them see them at once."""
    org, members = coalition(1)
    add_pledges(members, 2)
    before = Revision.numbers(Revision.PLEDGES, Revision.EXTRACTIONS)
    timeline(analyst_client, org, "include_unreviewed=on", **HX)
    with extraction_writes():
        PledgeFactory(actor_country=members[0], review_state=ReviewState.EXTRACTED)
    after = Revision.numbers(Revision.PLEDGES, Revision.EXTRACTIONS)
    assert after[0] == before[0] and after[1] > before[1]
    assert pledge_count(timeline(analyst_client, org, "include_unreviewed=on", **HX)) == 3


def test_fragments_hold_nothing_personal(analyst_client, editor_client):
    org, members = coalition(1)
    add_pledges(members, 2)
    analyst_page = analyst_client.get(f"/coalitions/{org.slug}/")
    editor_page = editor_client.get(f"/coalitions/{org.slug}/")  # served from the analyst's fragment
    assert editor_page.context is None or "timeline" not in editor_page.context
    for page, client in ((analyst_page, analyst_client), (editor_page, editor_client)):
        body = page.content.decode()
        lanes = body[body.index('<div id="lanes"') : body.index("</figure>")]
        # Filter choices are vocabulary, not people ("editor" is also a pledge origin).
        without_choices = re.sub(r"<option[^>]*>[^<]*</option>", "", lanes)
        assert page.wsgi_request.user.get_username() not in without_choices
        assert client.cookies["csrftoken"].value not in lanes
        assert "csrf" not in lanes.lower() and "nonce" not in lanes
        assert page.wsgi_request.user.get_username() in body  # the header is the user's own


@override_settings(FRAGMENT_CACHE_SECONDS=0)
def test_caching_can_be_turned_off(analyst_client):
    org, members = coalition(1)
    add_pledges(members, 1)
    timeline(analyst_client, org, **HX)
    analyst_client.get("/pledges/")
    assert not cache._cache  # nothing stored (the test cache is process memory)


def test_pledge_page_shows_a_new_unreviewed_reannouncement(analyst_client, editor):
    """Ingestion does not move the `pledges` counter, so the page's key counts re-announcements."""
    pledge = PledgeFactory(summary="Send field hospitals")
    url = pledge.get_absolute_url()
    assert "Not re-announced." in analyst_client.get(url).content.decode()
    with extraction_writes():
        again = PledgeFactory(restates=pledge, review_state=ReviewState.EXTRACTED)
    assert f'href="/pledges/{again.pk}/"' in analyst_client.get(url).content.decode()
    set_review_state(again, editor, ReviewState.REJECTED, reason="Not a pledge")
    assert "Not re-announced." in analyst_client.get(url).content.decode()


def test_pledge_page_and_panel_are_cached_apart_and_per_editing_right(analyst_client, editor_client):
    pledge = PledgeFactory()
    url = pledge.get_absolute_url()
    panel = analyst_client.get(url, **HX).content.decode()
    page = analyst_client.get(url).content.decode()
    assert "Open full page" in panel and "Open full page" not in page
    assert "Change history" in page and "Change history" not in panel
    assert "Edit in admin" not in page
    assert "Edit in admin" in editor_client.get(url).content.decode()
    history_restore = analyst_client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "Open full page" not in history_restore.content.decode()


def test_a_deleted_pledge_is_not_served_from_the_cache(analyst_client):
    pledge = PledgeFactory()
    url = pledge.get_absolute_url()
    assert analyst_client.get(url).status_code == 200
    with extraction_writes():
        pledge.delete()
    assert analyst_client.get(url).status_code == 404
