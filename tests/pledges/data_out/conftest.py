"""A small, varied set of pledges the export, API and feed tests read back."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    CountryFactory,
    EvidenceFactory,
    LeaderFactory,
    OrganisationFactory,
    PledgeFactory,
)


@pytest.fixture
def sample(db) -> dict:
    france = CountryFactory(code="FR", alpha3="FRA", name="France")
    germany = CountryFactory(code="DE", alpha3="DEU", name="Germany")
    ukraine = CountryFactory(code="UA", alpha3="UKR", name="Ukraine")
    coalition = OrganisationFactory(name="Coalition of the Willing", slug="coalition-of-the-willing")
    macron = LeaderFactory(name="Emmanuel Macron", slug="emmanuel-macron", country=france)
    tanks = PledgeFactory(
        actor_country=france,
        announced_by=macron,
        beneficiary_country=ukraine,
        category="military",
        summary='France will send 40 tanks, "Leclerc", once peace holds; =HYPERLINK("x")',
        amount_value=40,
        amount_unit="items",
        announced_on=dt.date(2026, 2, 10),
        status="committed",
    )
    ConditionFactory(pledge=tanks, kind="ceasefire", text="once a ceasefire holds", state="pending")
    ConditionFactory(pledge=tanks, kind="approval", text="if parliament approves", state="met")
    article = ArticleFactory(source_url="https://news.example/fr-tanks")
    EvidenceFactory(pledge=tanks, article=article, start=0, end=10)
    EvidenceFactory(pledge=tanks, article=article, start=20, end=30)
    EvidenceFactory(pledge=tanks, article=ArticleFactory(source_url=""), start=0, end=5)
    money = PledgeFactory(
        actor_country=germany,
        beneficiary_country=ukraine,
        category="financial",
        summary="Germany pledges about €1.5bn.",
        amount_value="1500000000.00",
        amount_unit="EUR",
        amount_approximate=True,
        announced_on=dt.date(2026, 1, 20),
        status="delivered",
    )
    restated = PledgeFactory(
        actor_country=germany,
        beneficiary_country=ukraine,
        category="financial",
        summary="Germany repeats its €1.5bn pledge.",
        amount_value="1500000000.00",
        amount_unit="EUR",
        announced_on=dt.date(2026, 3, 1),
        restates=money,
    )
    org = PledgeFactory(
        actor_country=None,
        actor_organisation=coalition,
        beneficiary_country=None,
        category="security_guarantee",
        summary="The coalition offers a security guarantee.",
        announced_on=dt.date(2025, 12, 1),
    )
    unreviewed = PledgeFactory(actor_country=france, category="military", review_state="extracted")
    rejected = PledgeFactory(actor_country=france, category="military", review_state="rejected")
    return {
        "tanks": tanks,
        "money": money,
        "restated": restated,
        "org": org,
        "unreviewed": unreviewed,
        "rejected": rejected,
        "article": article,
    }
