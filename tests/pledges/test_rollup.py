"""The rollups (pledges/rollup.py): kept current by every kind of write, equal to a rebuild, and
giving the same numbers as the queries over the pledges they replace."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from pledges import rankings, rollup
from pledges.data_out.money import category_totals, category_totals_from_rollup
from pledges.filtersets import PledgeFilterSet
from pledges.merge import merge_countries
from pledges.models import BeneficiaryRollup, Condition, ExchangeRate, Pledge, PledgeRollup
from pledges.services import set_review_state
from tests.factories import (
    ConditionFactory,
    CountryFactory,
    ExchangeRateFactory,
    MembershipFactory,
    OrganisationFactory,
    PledgeFactory,
)
from tests.pledges.views.helpers import HX

pytestmark = pytest.mark.django_db
D = dt.date


def assert_consistent() -> None:
    """Incremental upkeep left exactly what a rebuild computes."""
    assert rollup.differences() == []


@pytest.fixture
def data():
    """Two actors, a beneficiary, money in three currencies, conditions, a restatement."""
    ExchangeRateFactory(month=D(2025, 3, 1), currency="EUR", usd_per_unit="1.10")
    ExchangeRateFactory(month=D(2025, 4, 1), currency="EUR", usd_per_unit="1.20")
    ExchangeRateFactory(month=D(2025, 3, 1), currency="GBP", usd_per_unit="1.25")
    fr = CountryFactory(code="FR", alpha3="FRA", name="France")
    de = CountryFactory(code="DE", alpha3="DEU", name="Germany")
    ua = CountryFactory(code="UA", alpha3="UKR", name="Ukraine")
    org = OrganisationFactory(slug="rollup-coalition", name="Rollup coalition")
    MembershipFactory(organisation=org, country=fr)
    MembershipFactory(organisation=org, country=de)
    first = PledgeFactory(
        actor_country=fr,
        beneficiary_country=ua,
        amount_value=100,
        amount_unit="EUR",
        announced_on=D(2025, 3, 10),
        status="committed",
    )
    PledgeFactory(
        actor_country=fr,
        beneficiary_country=ua,
        category="financial",
        amount_value=40,
        amount_unit="USD",
        announced_on=D(2025, 4, 2),
        status="delivered",
        amount_approximate=True,
    )
    conditional = PledgeFactory(
        actor_country=de,
        beneficiary_country=ua,
        amount_value=80,
        amount_unit="GBP",
        announced_on=D(2025, 3, 20),
    )
    ConditionFactory(pledge=conditional, state="pending")
    PledgeFactory(actor_country=de, beneficiary_country=None, amount_value=500, amount_unit="troops")
    PledgeFactory(actor_organisation=org, actor_country=None, announced_on=None, status="withdrawn")
    PledgeFactory(actor_country=fr, restates=first, announced_on=D(2025, 5, 1))
    PledgeFactory(actor_country=fr, review_state="extracted", amount_value=9, amount_unit="USD")
    return {"fr": fr, "de": de, "ua": ua, "org": org, "first": first, "conditional": conditional}


def test_creates_and_saves_keep_the_rollup_equal_to_a_rebuild(data):
    assert PledgeRollup.objects.exists() and BeneficiaryRollup.objects.exists()
    assert_consistent()
    # only confirmed pledges are rolled up: the unreviewed one is nowhere
    assert PledgeRollup.objects.filter(usd_n_announced__gt=0, actor_country=data["fr"]).count() == 0


def test_every_kind_of_write_keeps_the_rollup_current(data, editor):
    first, conditional = data["first"], data["conditional"]
    first.announced_on, first.category = D(2025, 4, 15), "humanitarian"  # another month and category
    first.save()
    assert_consistent()
    first.actor_country = data["de"]  # another actor
    first.save()
    assert_consistent()
    set_review_state(first, editor, "rejected", reason="test")  # leaves the rollup
    assert_consistent()
    set_review_state(first, editor, "confirmed", reason="test")  # comes back
    assert_consistent()
    unreviewed = Pledge.objects.get(review_state="extracted")
    set_review_state(unreviewed, editor, "confirmed", reason="test")
    assert_consistent()
    condition = Condition.objects.get(pledge=conditional)
    condition.state = "met"  # the pledge leaves the conditional stage
    condition.save()
    assert_consistent()
    ConditionFactory(pledge=first, state="lapsed")
    assert_consistent()
    condition.delete()
    assert_consistent()
    first.delete()  # its restatement becomes an original; its condition goes with it
    assert_consistent()
    ExchangeRateFactory(month=D(2025, 4, 1), currency="GBP", usd_per_unit="1.30")
    assert_consistent()
    moved = ExchangeRate.objects.get(month=D(2025, 3, 1), currency="GBP")
    moved.month = D(2025, 5, 1)  # the March GBP pledge loses its rate
    moved.save()
    assert_consistent()
    stale = Pledge.objects.get(pk=conditional.pk)
    Pledge.objects.get(pk=conditional.pk).delete()
    PledgeFactory(pk=conditional.pk, actor_country=data["de"], announced_on=D(2025, 3, 20))
    stale.refresh_from_db()
    stale.status = "delivered"
    stale.save()
    assert_consistent()
    merge_countries(data["fr"], [data["de"]])  # pledges move to the survivor
    assert_consistent()


def test_a_save_that_changes_nothing_counted_touches_no_rollup(data):
    pledge = Pledge.objects.get(pk=data["first"].pk)
    pledge.summary = "Reworded."
    with CaptureQueriesContext(connection) as ctx:
        pledge.save()
    assert not [q for q in ctx.captured_queries if "rollup" in q["sql"]]


def test_rebuild_gives_the_same_rows_as_incremental_upkeep(data):
    before = sorted(map(repr, PledgeRollup.objects.values_list(*rollup.KEYS["by_category"], "usd_committed")))
    PledgeRollup.objects.all().delete()
    BeneficiaryRollup.objects.all().delete()
    call_command("rebuild_rollups")
    after = sorted(map(repr, PledgeRollup.objects.values_list(*rollup.KEYS["by_category"], "usd_committed")))
    assert before == after
    call_command("rebuild_rollups", "--check")


def test_check_reports_a_rollup_that_drifted(data):
    PledgeRollup.objects.filter(actor_country=data["fr"]).update(pledges_committed=99)
    with pytest.raises(CommandError):
        call_command("rebuild_rollups", "--check")


def _filterset(query: str) -> PledgeFilterSet:
    return PledgeFilterSet(QueryDict(query), queryset=Pledge.objects.all())


@pytest.mark.parametrize(
    ("query", "answered"),
    [
        ("", True),
        ("coalition=rollup-coalition&category=military", True),
        ("member=FR&start=2025-03-01&end=2025-04-30", True),
        ("start=2025-03-02", False),  # inside a month
        ("end=2025-04-29", False),
        ("q=tents", False),
        ("status=delivered", False),
        ("include_unreviewed=on", False),
        ("conditional=on", False),
    ],
)
def test_which_filters_the_rollup_answers(data, query, answered):
    assert (_filterset(query).rollup(PledgeRollup) is not None) is answered


def test_a_beneficiary_filter_is_answered_by_the_beneficiary_rollup_only(data):
    filterset = _filterset("beneficiary=UA")
    assert filterset.rollup(PledgeRollup) is None
    assert filterset.rollup(BeneficiaryRollup).pledge_count() == 3


def _numbers(ranking: rankings.Ranking) -> list:
    return [
        (
            row.key,
            row.missing,
            row.withdrawn,
            sorted(row.units.items()),
            [(b, c.money, c.usd, c.money_pledges, c.pledges, c.approximate) for b, c in row.cells.items()],
            (row.gdp_usd_millions, row.gdp_year, row.gdp_shares),
        )
        for row in ranking.rows
    ]


@pytest.mark.parametrize("currency", ["USD", "EUR"])
@pytest.mark.parametrize(
    "query", ["", "coalition=rollup-coalition", "member=FR&start=2025-03-01&end=2025-03-31"]
)
def test_rankings_from_the_rollup_equal_rankings_from_the_pledges(data, query, currency):
    filterset = _filterset(query)
    fast = rankings.rankings(filterset.qs, currency, rankings.DIMENSIONS, filterset=filterset)
    slow = rankings.rankings(filterset.qs, currency, rankings.DIMENSIONS)
    for dimension in rankings.DIMENSIONS:
        assert _numbers(fast[dimension]) == _numbers(slow[dimension]), dimension
    assert fast["actor"].rows, "the data must rank something"


def test_rankings_with_a_rollup_take_four_queries(data, django_assert_num_queries):
    filterset = _filterset("coalition=rollup-coalition")
    filterset.form.is_valid()
    # by actor and category (one aggregate for both), by beneficiary, by month, the names; no rates
    with django_assert_num_queries(4):
        found = rankings.rankings(filterset.qs, "EUR", rankings.DIMENSIONS, filterset=filterset)
    # 100 EUR committed (France), 40 USD at 1.20 delivered, 80 GBP × 1.25 / 1.10 conditional
    totals = found["actor"].totals()
    assert totals["committed"].money == Decimal("100.00")
    assert totals["delivered"].money == Decimal("33.33")
    assert totals["conditional"].money == Decimal("90.91")


def test_country_totals_from_the_rollup_equal_those_from_the_pledges(data):
    for country in (data["fr"], data["de"]):
        pledges = Pledge.objects.visible().filter(actor_country=country)
        for currency in ("USD", "EUR"):
            fast = category_totals_from_rollup(PledgeRollup.objects.filter(actor_country=country), currency)
            assert fast == category_totals(pledges, currency)


def test_country_totals_name_the_amounts_without_a_rate_from_the_pledges(data):
    PledgeFactory(actor_country=data["fr"], amount_value=5, amount_unit="JPY", announced_on=D(2025, 3, 3))
    rows = PledgeRollup.objects.filter(actor_country=data["fr"])
    assert category_totals_from_rollup(rows) is None  # counted, but not named, by the rollup
    pledges = Pledge.objects.visible().filter(actor_country=data["fr"])
    fast = category_totals_from_rollup(rows, "USD", pledges)
    assert fast == category_totals(pledges, "USD")
    assert [(gap.currency, gap.month, gap.pledges) for t in fast for gap in t.missing] == [
        ("JPY", D(2025, 3, 1), 1)
    ]


@pytest.mark.parametrize("unit", ["month", "quarter", "year"])
def test_timeline_bins_from_the_rollup_equal_those_from_the_pledges(data, unit):
    filterset = _filterset("coalition=rollup-coalition")

    def rows(queryset) -> list:
        found = [
            {k: (v.date() if isinstance(v, dt.datetime) else v or 0) for k, v in row.items()}
            for row in queryset.timeline_bins(unit)
        ]
        return sorted(found, key=repr)

    assert rows(filterset.rollup(PledgeRollup)) == rows(filterset.qs)


# --- the views read the rollups where their filters allow ----------------------------------------


def _sql(client, url: str, **headers) -> list[str]:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, **headers).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def _aggregates_pledges(sql: list[str]) -> bool:
    return any("GROUP BY" in q and 'FROM "pledges_pledge"' in q for q in sql)


@pytest.mark.parametrize(
    ("query", "rollup_read"),
    [("", True), ("category=military&start=2019-01-01&end=2025-12-31", True), ("q=equipment", False)],
)
def test_binned_timeline_reads_the_rollup_unless_a_filter_needs_the_pledges(
    analyst_client, data, monkeypatch, query, rollup_read
):
    monkeypatch.setattr("pledges.timeline.MARK_LIMIT", 1)  # bin even these few pledges
    PledgeFactory(actor_country=data["fr"], announced_on=D(2019, 6, 1))  # years: months, not weeks
    sql = _sql(analyst_client, f"/coalitions/rollup-coalition/?{query}", **HX)
    assert any("pledges_pledgerollup" in q for q in sql) is rollup_read
    assert _aggregates_pledges(sql) is not rollup_read


def test_totals_read_the_rollups_unless_a_filter_needs_the_pledges(analyst_client, data):
    sql = _sql(analyst_client, "/pledges/totals/?coalition=rollup-coalition")
    assert not _aggregates_pledges(sql) and len(sql) == 9
    sql = _sql(analyst_client, "/pledges/totals/?coalition=rollup-coalition&status=delivered")
    assert _aggregates_pledges(sql)


def test_country_page_counts_and_totals_from_the_rollups(analyst_client, data):
    body = analyst_client.get("/countries/fr/").content.decode()
    # made: two confirmed originals and one re-announcement; received: none
    assert "Pledges made <small>3 " in body and "Pledges received <small>0 " in body
    sql = _sql(analyst_client, "/countries/fr/")
    assert not _aggregates_pledges(sql)
    # session, user, 2× perms, country, made, received, totals, memberships, leaders, pledges made
    # and their conditions, pledges received (none: no conditions query)
    assert len(sql) == 13


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_two_writers_of_one_slice_lose_no_count():
    """The second writer waits on the slice's lock and recounts after the first commits.

    Inside extraction_writes() the `pledges` revision counter is not moved on each save (its row
    lock would otherwise serialize the two writers before they reach the rollup)."""
    import threading
    import time

    from django.db import connections, transaction

    from pledges.revisions import extraction_writes

    france = CountryFactory(code="FR", alpha3="FRA", name="France")
    inside = threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with transaction.atomic(), extraction_writes():
                PledgeFactory(actor_country=france, beneficiary_country=None, announced_on=D(2025, 3, 1))
                inside.set()
                time.sleep(0.5)  # the second writer saves its pledge meanwhile
        except BaseException as error:
            errors.append(error)
        finally:
            inside.set()
            connections.close_all()

    def second() -> None:
        try:
            inside.wait(5)
            with transaction.atomic(), extraction_writes():
                PledgeFactory(actor_country=france, beneficiary_country=None, announced_on=D(2025, 3, 2))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert not errors
    assert PledgeRollup.objects.filter(actor_country=france).pledge_count() == 2
    assert_consistent()


def test_loading_rates_for_many_months_refreshes_them_all(data):
    """Reference-data loads add rates in bulk (no signals): their months are recomputed."""
    from pledges.reference_data import load_reference_data

    PledgeFactory(actor_country=data["fr"], amount_value=7, amount_unit="JPY", announced_on=D(2024, 2, 9))
    assert PledgeRollup.objects.filter(missing_usd__gt=0).exists()
    load_reference_data()  # every month of pledges/reference_data/exchange_rates.csv, JPY included
    assert not PledgeRollup.objects.filter(month=D(2024, 2, 1), missing_usd__gt=0).exists()
    assert_consistent()
