"""Money totals: converted at the announcement month's rate, units never mixed, nothing silently dropped."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from pledges.data_out.money import category_totals, overall, totals_context
from pledges.models import Pledge
from tests.factories import ConditionFactory, ExchangeRateFactory, PledgeFactory

pytestmark = pytest.mark.django_db

JAN, FEB = dt.date(2026, 1, 15), dt.date(2026, 2, 3)


@pytest.fixture
def rates():
    ExchangeRateFactory(currency="EUR", month=dt.date(2026, 1, 1), usd_per_unit="1.10")
    ExchangeRateFactory(currency="EUR", month=dt.date(2026, 2, 1), usd_per_unit="1.20")
    ExchangeRateFactory(currency="GBP", month=dt.date(2026, 1, 1), usd_per_unit="1.25")


def money(category: str = "military", **kwargs) -> Pledge:
    kwargs.setdefault("amount_unit", "USD")
    kwargs.setdefault("announced_on", JAN)
    return PledgeFactory(category=category, **kwargs)


def only(totals, category: str = "military"):
    (total,) = [t for t in totals if t.category == category]
    return total


def test_converts_each_amount_at_its_own_months_rate(rates):
    money(amount_value=100, amount_unit="EUR", announced_on=JAN)
    money(amount_value=100, amount_unit="EUR", announced_on=FEB)
    money(amount_value=100, amount_unit="GBP", announced_on=JAN)
    money(amount_value=5, amount_unit="USD", announced_on=FEB)
    total = only(category_totals(Pledge.objects.all()))
    assert total.money.committed.value == Decimal("110.00") + Decimal("120.00") + Decimal("125.00") + 5
    assert total.money.committed.pledges == 4
    assert total.currency == "USD"
    assert not total.missing


def test_eur_display_goes_through_usd_at_the_same_month(rates):
    money(amount_value=110, amount_unit="USD", announced_on=JAN)  # 110 / 1.10 = 100 EUR
    money(amount_value=100, amount_unit="GBP", announced_on=JAN)  # 125 USD / 1.10 = 113.64 EUR
    money(amount_value=7, amount_unit="EUR", announced_on=FEB)  # no conversion at all
    total = only(category_totals(Pledge.objects.all(), "EUR"))
    assert total.money.committed.value == Decimal("100.00") + Decimal("113.64") + 7
    assert total.currency == "EUR"


def test_units_are_never_mixed_with_money_or_each_other(rates):
    money(amount_value=1000, amount_unit="USD")
    money(amount_value=500, amount_unit="troops")
    money(amount_value=200, amount_unit="troops")
    money(amount_value=30, amount_unit="items")
    money(amount_value="0.25", amount_unit="percent_gdp")
    PledgeFactory(category="military", amount_value=None, amount_unit="")
    total = only(category_totals(Pledge.objects.all()))
    assert total.money.committed.value == 1000
    assert total.unit("troops").split.committed.value == 700
    assert total.unit("items").split.committed.value == 30
    assert not total.unit("percent_gdp").additive
    assert [u.unit for u in total.units] == ["troops", "percent_gdp", "items"]
    assert total.pledges == 6


def test_a_total_with_any_approximate_amount_is_flagged(rates):
    money(amount_value=100)
    money(amount_value=100, amount_approximate=True, status="delivered")
    money(amount_value=100, status="delivered")
    total = only(category_totals(Pledge.objects.all()))
    assert not total.money.committed.approximate
    assert total.money.delivered.approximate
    assert total.money.all.approximate


def test_buckets_conditional_pledges_are_never_delivered(rates):
    money(amount_value=1, status="delivered")
    pending = money(amount_value=10, status="delivered")
    ConditionFactory(pledge=pending, state="pending")
    lapsed = money(amount_value=100, status="committed")
    ConditionFactory(pledge=lapsed, state="lapsed")
    met = money(amount_value=1000, status="delivered")
    ConditionFactory(pledge=met, state="met")
    money(amount_value=10000, status="in_progress")
    money(amount_value=100000, status="withdrawn")
    total = only(category_totals(Pledge.objects.all()))
    assert total.money.delivered.value == 1001
    assert total.money.conditional.value == 110
    assert total.money.committed.value == 10000
    assert total.money.all.value == 11111
    assert (total.pledges, total.withdrawn) == (5, 1)


def test_missing_rate_is_reported_not_counted_as_zero(rates):
    money(amount_value=100, amount_unit="EUR", announced_on=JAN)
    money(amount_value=50, amount_unit="EUR", announced_on=dt.date(2026, 3, 9))  # no March rate
    money(amount_value=40, amount_unit="EUR", announced_on=dt.date(2026, 3, 20))
    money(amount_value=9, amount_unit="CHF", announced_on=JAN)  # no CHF at all
    money(amount_value=3, amount_unit="EUR", announced_on=None)  # no date: no month to pick
    total = only(category_totals(Pledge.objects.all()))
    assert total.money.committed.value == Decimal("110.00")
    assert total.money.committed.pledges == 1
    gaps = {(g.currency, g.month): (g.pledges, g.amount) for g in total.missing}
    assert gaps == {
        ("CHF", dt.date(2026, 1, 1)): (1, 9),
        ("EUR", dt.date(2026, 3, 1)): (2, 90),
        ("EUR", None): (1, 3),
    }
    assert total.missing_pledges == 4
    assert total.pledges == 5


def test_missing_display_rate_is_reported_too(rates):
    money(amount_value=100, amount_unit="GBP", announced_on=dt.date(2026, 2, 1))  # no GBP in Feb
    money(amount_value=100, amount_unit="USD", announced_on=dt.date(2026, 4, 1))  # no EUR in April
    total = only(category_totals(Pledge.objects.all(), "EUR"))
    assert total.money.all.pledges == 0
    assert {(g.currency, g.month) for g in total.missing} == {
        ("GBP", dt.date(2026, 2, 1)),
        ("USD", dt.date(2026, 4, 1)),
    }


def test_restatements_are_not_counted_twice(rates):
    original = money(amount_value=500)
    money(amount_value=500, restates=original, announced_on=FEB)
    money(amount_value=500, restates=original, status="delivered")
    total = only(category_totals(Pledge.objects.all()))
    assert total.money.all.value == 500
    assert total.pledges == 1


def test_categories_in_choice_order_and_overall(rates):
    money("humanitarian", amount_value=2)
    money("military", amount_value=1)
    money("financial", amount_value=4, amount_unit="EUR")
    totals = category_totals(Pledge.objects.all())
    assert [t.category for t in totals] == ["military", "financial", "humanitarian"]
    assert overall(totals).money.committed.value == Decimal("7.40")


def test_fixed_number_of_queries_whatever_the_rows(rates, django_assert_num_queries):
    for i in range(30):
        money(
            amount_value=i + 1,
            amount_unit=["EUR", "GBP", "USD"][i % 3],
            category=["military", "financial"][i % 2],
        )
    with django_assert_num_queries(2):  # one aggregate, one for the rates
        category_totals(Pledge.objects.all(), "EUR")


def test_filtered_queryset_with_joins_is_not_double_counted(rates):
    pledge = money(amount_value=100)
    ConditionFactory(pledge=pledge, text="ceasefire first", state="met")
    ConditionFactory(pledge=pledge, text="ceasefire and vote", state="met")
    qs = Pledge.objects.filter(conditions__text__icontains="ceasefire").distinct()
    assert only(category_totals(qs)).money.delivered.value == 0
    assert only(category_totals(qs)).money.committed.value == 100


def test_rejects_unknown_display_currency():
    with pytest.raises(ValueError):
        category_totals(Pledge.objects.none(), "XAU")


def test_partial_renders_totals_switch_and_gaps(rates):
    money(amount_value=1100, amount_unit="USD", amount_approximate=True)
    money(amount_value=5, amount_unit="GBP", announced_on=dt.date(2026, 9, 1))
    money(amount_value=300, amount_unit="troops")
    request = RequestFactory().get("/countries/fr/", {"currency": "eur", "q": "x"})
    context = totals_context(request, Pledge.objects.all())
    assert context["display_currency"] == "EUR"
    html = render_to_string("pledges/_totals.html", context, request=request)
    assert "≈ 1,000" in html
    assert "300 troops" in html
    assert "no rate for 2026-09" in html
    assert "?currency=USD&amp;q=x" in html
    assert '<strong aria-current="true">EUR</strong>' in html


def test_country_page_shows_the_totals_in_the_chosen_currency(analyst_client, rates):
    pledge = money(amount_value=110, amount_unit="USD")
    response = analyst_client.get(pledge.actor_country.get_absolute_url(), {"currency": "EUR"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="totals"' in body
    assert "Committed (EUR)" in body
    assert ">100</span>" in body  # 110 USD at 1.10 USD per EUR
