"""Constraints and QuerySet methods of the domain model."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from pledges.models import Membership, Pledge
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    CountryFactory,
    MembershipFactory,
    OrganisationFactory,
    PledgeFactory,
)

pytestmark = pytest.mark.django_db


def test_pledge_needs_exactly_one_actor():
    country, org = CountryFactory(), OrganisationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeFactory(actor_country=None, actor_organisation=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeFactory(actor_country=country, actor_organisation=org)
    assert PledgeFactory(actor_country=None, actor_organisation=org).actor == org


def test_pledge_amount_needs_a_unit():
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeFactory(amount_value=100, amount_unit="")
    pledge = PledgeFactory(amount_value=1_500_000_000, amount_unit="USD", amount_approximate=True)
    assert pledge.amount_display == "about 1,500,000,000 USD"
    assert pledge.is_money


def test_percent_of_gdp_is_not_money():
    pledge = PledgeFactory(amount_value=2, amount_unit="percent_gdp")
    assert not pledge.is_money
    assert pledge.amount_display == "2% of GDP"


def test_pledge_cannot_restate_itself():
    pledge = PledgeFactory()
    pledge.restates_id = pledge.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        pledge.save()


def test_membership_left_must_follow_joined():
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(joined=dt.date(2024, 1, 1), left=dt.date(2023, 1, 1))
    ok = MembershipFactory(joined=dt.date(2020, 1, 1), left=dt.date(2023, 1, 1))
    assert ok.active_on(dt.date(2022, 6, 1))
    assert not ok.active_on(dt.date(2023, 1, 1))


def test_article_content_hash_is_unique():
    first = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(text="other", sha256=first.sha256)


def test_article_credibility_between_0_and_1():
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(credibility=1.5)


def test_visible_is_confirmed_only_unless_asked():
    confirmed = PledgeFactory(review_state="confirmed")
    extracted = PledgeFactory(review_state="extracted")
    PledgeFactory(review_state="rejected")
    assert list(Pledge.objects.visible()) == [confirmed]
    assert set(Pledge.objects.visible(include_unreviewed=True)) == {confirmed, extracted}


def test_conditional_and_originals():
    plain = PledgeFactory()
    conditional = ConditionFactory().pledge
    restatement = PledgeFactory(restates=plain)
    assert list(Pledge.objects.conditional()) == [conditional]
    assert set(Pledge.objects.conditional(False)) == {plain, restatement}
    assert restatement not in Pledge.objects.originals()


def test_for_timeline_covers_members_and_the_coalition_itself():
    coalition = OrganisationFactory()
    member, former, outsider = CountryFactory(), CountryFactory(), CountryFactory()
    MembershipFactory(organisation=coalition, country=member)
    MembershipFactory(
        organisation=coalition, country=former, joined=dt.date(2020, 1, 1), left=dt.date(2021, 1, 1)
    )
    by_member = PledgeFactory(actor_country=member, announced_on=dt.date(2026, 2, 1))
    by_former = PledgeFactory(actor_country=former, announced_on=dt.date(2020, 6, 1))
    by_coalition = PledgeFactory(
        actor_country=None, actor_organisation=coalition, announced_on=dt.date(2025, 1, 1)
    )
    PledgeFactory(actor_country=outsider)
    assert list(Pledge.objects.for_timeline(coalition)) == [by_former, by_coalition, by_member]
    assert list(Pledge.objects.for_timeline(coalition, start=dt.date(2025, 6, 1))) == [by_member]


def test_active_memberships_on_a_day():
    old = MembershipFactory(joined=dt.date(2000, 1, 1), left=dt.date(2020, 1, 31))
    current = MembershipFactory(joined=dt.date(2010, 1, 1))
    assert set(Membership.objects.active_on(dt.date(2019, 1, 1))) == {old, current}
    assert list(Membership.objects.active_on(dt.date(2021, 1, 1))) == [current]


def test_history_records_every_change():
    pledge = PledgeFactory(category="military")
    pledge.category = "financial"
    pledge.save()
    assert [h.category for h in pledge.history.all()] == ["financial", "military"]


def test_str_is_readable():
    pledge = PledgeFactory(
        actor_country=CountryFactory(code="QF", name="Fooland"),
        beneficiary_country=CountryFactory(code="QB", name="Barland"),
        announced_on=dt.date(2026, 1, 6),
    )
    assert str(pledge) == "Fooland → Barland: Military (2026-01-06)"


def test_organisations_with_the_same_slug_get_distinct_ones(db):
    from pledges.models import Organisation

    first = Organisation.objects.create(name="Harbour Fund", kind="alliance")
    second = Organisation.objects.create(name="Harbour-Fund", kind="alliance")
    assert (first.slug, second.slug) == ("harbour-fund", "harbour-fund-2")
