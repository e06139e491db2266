"""Shared helpers for the analyst page tests: data shapes and query counting."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ConditionFactory,
    CountryFactory,
    EvidenceFactory,
    MembershipFactory,
    OrganisationFactory,
    PledgeFactory,
)

HX = {"HTTP_HX_REQUEST": "true"}
# The timeline partial with a date window, nothing cached: session, user, 2× permissions, organisation,
# revision counters, memberships, the capped count, the extent outside the window, the pledge rows.
PARTIAL_QUERIES_ZOOMED = 10


def queries(client: Client, url: str, **headers: str) -> int:
    """How many queries one GET runs (and that it succeeded)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


def cold_queries(client: Client, url: str, **headers: str) -> int:
    """Queries of one GET with nothing cached: what a page costs the first time it is asked for."""
    cache.clear()
    return queries(client, url, **headers)


def coalition(members: int = 3, slug: str = "test-coalition"):
    """A coalition with `members` member countries; returns (organisation, [countries])."""
    org = OrganisationFactory(slug=slug, name=f"Coalition {slug}")
    countries = [
        CountryFactory(code=f"M{chr(65 + i)}", alpha3=f"MM{chr(65 + i)}", name=f"Member {i}")
        for i in range(members)
    ]
    for country in countries:
        MembershipFactory(organisation=org, country=country, joined=dt.date(2025, 3, 2))
    return org, countries


def add_pledges(actors, n: int, **extra) -> list:
    """`n` pledges spread over the actors and a year, every third conditional, with a source each."""
    beneficiary = CountryFactory(code="UA", alpha3="UKR", name="Ukraine")
    made = []
    for i in range(n):
        actor = actors[i % len(actors)]
        if actor._meta.model_name == "organisation":
            who = {"actor_organisation": actor, "actor_country": None}
        else:
            who = {"actor_country": actor}
        pledge = PledgeFactory(
            **who,
            beneficiary_country=beneficiary,
            announced_on=dt.date(2025, 4, 1) + dt.timedelta(days=(i * 37) % 360),
            category=["military", "financial", "humanitarian"][i % 3],
            **extra,
        )
        if i % 3 == 0:
            ConditionFactory(pledge=pledge)
        EvidenceFactory(pledge=pledge)
        made.append(pledge)
    return made
