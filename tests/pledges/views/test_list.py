"""The pledge list: filters, sorting, pagination, HTMX partial, query counts."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import CountryFactory, PledgeFactory
from tests.pledges.views.helpers import HX, add_pledges, coalition, cold_queries, queries

pytestmark = pytest.mark.django_db

# session, user, 2× permissions, revisions, count, page rows, conditions; the actor is picked by name
# now, so the 249 countries of the old multi-select are no longer read
LIST_QUERIES = 8
PARTIAL_QUERIES = 8
CACHED_QUERIES = 5  # session, user, 2× perms, revisions


def test_lists_confirmed_pledges_newest_first(analyst_client):
    old = PledgeFactory(announced_on=dt.date(2025, 1, 1))
    new = PledgeFactory(announced_on=dt.date(2026, 1, 1))
    PledgeFactory(review_state="extracted")
    response = analyst_client.get("/pledges/")
    assert list(response.context["pledges"]) == [new, old]
    assert response.context["page"].paginator.count == 2


def test_sort_by_column_and_reverse(analyst_client):
    a = PledgeFactory(actor_country=CountryFactory(code="AA", alpha3="AAA", name="Alpha"))
    b = PledgeFactory(actor_country=CountryFactory(code="BB", alpha3="BBB", name="Beta"))
    assert list(analyst_client.get("/pledges/?sort=actor").context["pledges"]) == [a, b]
    assert next(iter(analyst_client.get("/pledges/?sort=date").context["pledges"])) == a
    body = analyst_client.get("/pledges/?sort=date").content.decode()
    assert 'aria-sort="ascending"' in body and "sort=-date" in body


def test_filters_combine(analyst_client):
    org, members = coalition(2)
    add_pledges(members, 9)
    response = analyst_client.get(f"/pledges/?category=military&conditional=on&member={members[0].code}")
    pledges = list(response.context["pledges"])
    assert pledges and all(p.category == "military" and p.actor_country == members[0] for p in pledges)
    assert all(p.conditions.all() for p in pledges)
    coalition_list = analyst_client.get(f"/pledges/?coalition={org.slug}").context["page"].paginator.count
    assert coalition_list == 9


def test_paginated_with_links_that_keep_the_filters(analyst_client):
    add_pledges([CountryFactory(code="FR", alpha3="FRA", name="France")], 55)
    response = analyst_client.get("/pledges/?category=military&category=financial")
    page = response.context["page"]
    assert page.paginator.num_pages == 1 or page.has_next()
    response = analyst_client.get("/pledges/")
    assert response.context["page"].paginator.num_pages == 2
    body = response.content.decode()
    assert "page=2" in body and 'rel="next"' in body
    second = analyst_client.get("/pledges/?page=2")
    assert len(second.context["pledges"]) == 5


def test_htmx_gets_the_results_partial_and_push_url(analyst_client):
    PledgeFactory()
    response = analyst_client.get("/pledges/?category=military", **HX)
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert 'hx-push-url="true"' in body
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_search(analyst_client):
    hit = PledgeFactory(summary="Air defence systems for Kyiv")
    PledgeFactory(summary="Grain shipments")
    assert list(analyst_client.get("/pledges/?q=air+defence").context["pledges"]) == [hit]


def test_bad_page_number_gives_a_page(analyst_client):
    PledgeFactory()
    assert analyst_client.get("/pledges/?page=abc").status_code == 200
    assert analyst_client.get("/pledges/?page=999").status_code == 200


def test_export_links_carry_the_filters(analyst_client):
    body = analyst_client.get("/pledges/?category=military").content.decode()
    assert "/pledges/export.csv?category=military" in body


def test_query_count_is_constant_in_the_number_of_pledges(analyst_client):
    _, members = coalition(3)
    add_pledges(members, 3)
    few = (cold_queries(analyst_client, "/pledges/"), cold_queries(analyst_client, "/pledges/", **HX))
    add_pledges(members, 60)
    many = (cold_queries(analyst_client, "/pledges/"), cold_queries(analyst_client, "/pledges/", **HX))
    assert few == many == (LIST_QUERIES, PARTIAL_QUERIES)
    assert (
        queries(analyst_client, "/pledges/") == queries(analyst_client, "/pledges/", **HX) == CACHED_QUERIES
    )
