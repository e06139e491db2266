"""Pickers (issue 13, part 5): countries, organisations and beneficiaries picked by name with a
server-side type-ahead; the filters stay plain GET parameters and read names without JavaScript."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.factories import (
    CountryAliasFactory,
    CountryFactory,
    OrganisationAliasFactory,
    OrganisationFactory,
    PledgeFactory,
)
from tests.pledges.views.helpers import HX, coalition, queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def names():
    fr = CountryFactory(code="FR", alpha3="FRA", name="France")
    de = CountryFactory(code="DE", alpha3="DEU", name="Germany")
    ua = CountryFactory(code="UA", alpha3="UKR", name="Ukraine")
    CountryAliasFactory(country=fr, name="French", kind="demonym")
    fund = OrganisationFactory(name="Francophone Relief Fund", slug="frf")
    OrganisationAliasFactory(organisation=fund, name="the Relief Fund")
    PledgeFactory(actor_country=fr, beneficiary_country=ua, summary="French tanks")
    PledgeFactory(
        actor_country=de,
        beneficiary_country=None,
        beneficiary_organisation=fund,
        summary="German money for the fund",
    )
    PledgeFactory(actor_organisation=fund, actor_country=None, beneficiary_country=ua, summary="Fund grant")
    return {"fr": fr, "de": de, "ua": ua, "fund": fund}


def hrefs(body: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'<a href="([^"]+)" hx-get=', body)]


def test_typing_suggests_countries_then_organisations_as_links_keeping_the_filters(analyst_client, names):
    response = analyst_client.get(
        "/pledges/pick/?role=actor&actor=fr&category=military&member=DE&page=3",
        HTTP_HX_CURRENT_URL="http://testserver/pledges/?category=military&member=DE",
        **HX,
    )
    body = response.content.decode()
    assert response.status_code == 200
    links = hrefs(body)
    assert links[0] == "/pledges/?category=military&member=DE&member=FR"  # France first: starts with "fr"
    assert "/pledges/?category=military&member=DE&actor_org=frf" in links  # the fund, by its name
    assert "France" in body and "country · FR" in body


def test_demonyms_and_aliases_are_found(analyst_client, names):
    body = analyst_client.get("/pledges/pick/?role=actor&actor=Frenc", **HX).content.decode()
    assert "France" in body
    body = analyst_client.get("/pledges/pick/?role=beneficiary&beneficiary=relief", **HX).content.decode()
    assert hrefs(body) == ["/pledges/?beneficiary=frf"]


def test_suggestions_lead_back_to_the_timeline_they_were_asked_from(analyst_client, names):
    org, _ = coalition(1)
    body = analyst_client.get(
        "/pledges/pick/?role=beneficiary&beneficiary=ukr",
        HTTP_HX_CURRENT_URL=f"http://testserver/coalitions/{org.slug}/?lanes=count",
        **HX,
    ).content.decode()
    assert hrefs(body) == [f"/coalitions/{org.slug}/?beneficiary=UA"]


def test_nothing_found_says_so(analyst_client, names):
    body = analyst_client.get("/pledges/pick/?role=actor&actor=Atlantis", **HX).content.decode()
    assert "No country or organisation called “Atlantis”" in body


def test_filters_read_names_without_javascript(analyst_client, names):
    def summaries(query):
        response = analyst_client.get(f"/pledges/?{query}")
        return {p.summary for p in response.context["pledges"]}

    assert summaries("actor=France") == {"French tanks"}
    assert summaries("actor=french") == {"French tanks"}  # the demonym
    assert summaries("actor=the+Relief+Fund") == {"Fund grant"}
    assert summaries("beneficiary=Ukraine") == {"French tanks", "Fund grant"}
    assert summaries("beneficiary=UA") == {"French tanks", "Fund grant"}
    assert summaries("beneficiary=Francophone+Relief+Fund") == {"German money for the fund"}
    assert summaries("actor=Atlantis") == set()


def test_chosen_actors_are_chips_that_remove_only_themselves(analyst_client, names):
    body = analyst_client.get("/pledges/?member=FR&member=DE&category=military").content.decode()
    assert '<select name="member"' not in body  # no 249-row multi-select any more
    assert (
        'type="hidden" name="member" value="FR"' in body and 'type="hidden" name="member" value="DE"' in body
    )
    assert 'aria-label="Remove France"' in body
    link = re.search(r'<a href="([^"]+)" hx-get="[^"]+" aria-label="Remove France"', body).group(1)
    assert unescape(link) == "?member=DE&category=military"


def test_picker_query_count(analyst_client, names):
    for i in range(10):
        CountryAliasFactory(country=names["fr"], name=f"Frankreich {i}")
    # session, user, 2× perms, countries, organisations
    assert queries(analyst_client, "/pledges/pick/?role=actor&actor=fr", **HX) == 6
