"""The pledge page and the side panel it gives HTMX."""

from __future__ import annotations

import pytest

from tests.factories import ConditionFactory, EvidenceFactory, PledgeFactory
from tests.pledges.views.helpers import HX, cold_queries, queries

pytestmark = pytest.mark.django_db

# Nothing cached: session, user, 2× permissions, the pledge's cache facts (with the revision counters),
# pledge (+ related), conditions, evidence, restatements (+ their conditions); the full page adds the
# change history. Cached: session, user, 2× permissions, facts.
PANEL_QUERIES = 10
PAGE_QUERIES = 11
CACHED_QUERIES = 5


def test_all_fields_conditions_sources_restatements_and_history(analyst_client):
    pledge = PledgeFactory(summary="Send 3,000 troops", amount_value=3000, amount_unit="troops")
    ConditionFactory(pledge=pledge, text="once a ceasefire holds", state="met")
    evidence = EvidenceFactory(pledge=pledge, quote="France will send 3,000 troops")
    again = PledgeFactory(restates=pledge, actor_country=pledge.actor_country)
    pledge.status = "committed"
    pledge.save()
    body = analyst_client.get(pledge.get_absolute_url()).content.decode()
    assert "3,000 troops" in body
    assert "once a ceasefire holds" in body and "met" in body
    assert "France will send 3,000 troops" in body
    assert f"/articles/{evidence.article_id}/?ev={evidence.pk}#ev-{evidence.pk}" in body
    assert f"/pledges/{again.pk}/" in body
    assert "Change history" in body and "Announced" in body and "Committed" in body


def test_htmx_gets_the_panel_without_the_page(analyst_client):
    evidence = EvidenceFactory(quote="France pledged support")
    response = analyst_client.get(evidence.pledge.get_absolute_url(), **HX)
    body = response.content.decode()
    assert body.lstrip().startswith('<div class="pledge-panel"')
    assert "France pledged support" in body
    assert "data-close-panel" in body and "Open full page" in body
    assert "<html" not in body and "Change history" not in body


def test_restatement_points_to_original(analyst_client):
    original = PledgeFactory()
    again = PledgeFactory(restates=original)
    body = analyst_client.get(again.get_absolute_url()).content.decode()
    assert "Re-announcement of" in body and f"/pledges/{original.pk}/" in body


def test_editing_link_only_for_those_who_may_edit(analyst_client, admin_client):
    pledge = PledgeFactory()
    assert "/admin/" not in analyst_client.get(pledge.get_absolute_url()).content.decode()
    assert (
        f"/admin/pledges/pledge/{pledge.pk}/change/"
        in admin_client.get(pledge.get_absolute_url()).content.decode()
    )


def test_missing_pledge_is_404(analyst_client):
    assert analyst_client.get("/pledges/999999/").status_code == 404


def test_query_count_is_constant(analyst_client):
    pledge = PledgeFactory()
    EvidenceFactory(pledge=pledge)
    PledgeFactory(restates=pledge)
    few = (
        cold_queries(analyst_client, pledge.get_absolute_url()),
        cold_queries(analyst_client, pledge.get_absolute_url(), **HX),
    )
    for _ in range(8):
        EvidenceFactory(pledge=pledge)
        ConditionFactory(pledge=pledge)
        ConditionFactory(pledge=PledgeFactory(restates=pledge))
        pledge.summary += "."
        pledge.save()
    many = (
        cold_queries(analyst_client, pledge.get_absolute_url()),
        cold_queries(analyst_client, pledge.get_absolute_url(), **HX),
    )
    assert few == many == (PAGE_QUERIES, PANEL_QUERIES)
    assert queries(analyst_client, pledge.get_absolute_url(), **HX) == CACHED_QUERIES
