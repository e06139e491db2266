"""Share of the donor's GDP in the totals by actor (issue 13, part 1): each stage's money in US dollars
divided by the country's GDP, stages apart; organisations and countries without a figure get none;
the same number from the rollups and from the pledges; in the table, the summary and the CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.http import QueryDict

from pledges import rankings as rank
from pledges.filtersets import PledgeFilterSet
from pledges.models import Pledge, PledgeRollup
from tests.factories import CountryFactory, ExchangeRateFactory, OrganisationFactory, PledgeFactory
from tests.pledges.views.helpers import HX

pytestmark = pytest.mark.django_db

D = dt.date
MILLION = 1_000_000


@pytest.fixture
def donors():
    ExchangeRateFactory(currency="EUR", month=D(2025, 3, 1), usd_per_unit="1.10")
    pl = CountryFactory(code="PL", alpha3="POL", name="Poland", gdp_usd_millions=300_000, gdp_year=2020)
    fr = CountryFactory(code="FR", alpha3="FRA", name="France", gdp_usd_millions=1_100_000, gdp_year=2020)
    de = CountryFactory(code="DE", alpha3="DEU", name="Germany")  # no GDP figure
    ua = CountryFactory(code="UA", alpha3="UKR", name="Ukraine", gdp_usd_millions=155_582, gdp_year=2020)
    eu = OrganisationFactory(slug="eu", name="EU")

    def pledge(status, value, unit="USD", **actor):
        return PledgeFactory(
            beneficiary_country=ua,
            status=status,
            amount_value=value,
            amount_unit=unit,
            announced_on=D(2025, 3, 10),
            **actor,
        )

    pledge("committed", 3_000 * MILLION, actor_country=pl)
    pledge("delivered", 150 * MILLION, actor_country=pl)
    pledge("committed", 1_000 * MILLION, "EUR", actor_country=fr)  # 1,100 million USD at March's rate
    pledge("committed", 2_000 * MILLION, actor_country=de)
    pledge("committed", 5_000 * MILLION, actor_organisation=eu, actor_country=None)
    return {"pl": pl, "fr": fr, "de": de, "eu": eu}


def _filterset(query: str) -> PledgeFilterSet:
    return PledgeFilterSet(QueryDict(query), queryset=Pledge.objects.all())


def _actors(query: str = "", currency: str = "USD") -> dict[str, rank.Row]:
    filterset = _filterset(query)
    ranking = rank.rankings(filterset.qs, currency, ("actor",), filterset=filterset)["actor"]
    return {row.label: row for row in ranking.rows}


def test_share_is_each_stages_us_dollars_over_the_gdp(donors):
    rows = _actors()
    poland = rows["Poland"]
    assert poland.gdp_share("committed") == Decimal("1")  # 3,000 of 300,000 million: 1.000 %
    assert poland.gdp_share("delivered") == Decimal("0.05")
    assert poland.gdp_share("announced") == 0  # stages apart, never added together
    assert poland.gdp_lines() == [("committed", Decimal("1")), ("delivered", Decimal("0.05"))]
    assert rows["France"].gdp_share("committed") == Decimal("0.1")  # EUR converted at the month's rate


def test_organisations_and_countries_without_gdp_have_no_share(donors):
    rows = _actors()
    assert rows["EU"].gdp_share("committed") is None and rows["EU"].gdp_lines() == []
    assert rows["Germany"].gdp_share("committed") is None


def test_share_stays_in_us_dollars_whatever_the_display_currency(donors):
    in_eur = _actors(currency="EUR")
    assert in_eur["France"].cells["committed"].money == Decimal("1000000000.00")
    assert in_eur["France"].gdp_share("committed") == Decimal("0.1")
    assert in_eur["Poland"].gdp_share("committed") == Decimal("1")


@pytest.mark.parametrize("currency", ["USD", "EUR"])
def test_rollup_and_pledges_give_the_same_share(donors, currency):
    # "start" inside a month forces the pledges (README: which filters use which path); same pledges
    assert _filterset("").rollup(PledgeRollup) is not None
    assert _filterset("start=2025-03-02").rollup(PledgeRollup) is None
    fast, slow = _actors("", currency), _actors("start=2025-03-02", currency)
    assert fast.keys() == slow.keys()
    for label, row in fast.items():
        assert row.gdp_shares == slow[label].gdp_shares, label
        assert row.gdp_year == slow[label].gdp_year, label
    assert fast["Poland"].gdp_share("committed") == Decimal("1")


def test_totals_page_shows_the_share_with_its_footnote(analyst_client, donors):
    body = analyst_client.get("/pledges/totals/").content.decode()
    assert "Share of GDP" in body
    assert "1.000 % <small>committed</small>" in body and "0.050 % <small>delivered</small>" in body
    assert "0.100 % <small>committed</small>" in body
    assert "GDP of 2020 (World Bank, World Development Indicators" in body
    assert body.count('<td class="num gdp-share">—</td>') == 2  # the EU and Germany


def test_summary_shows_the_share_of_the_top_actors(analyst_client, donors):
    summary = analyst_client.get("/pledges/totals/summary/", **HX).content.decode()
    assert "Share of GDP, committed:" in summary and "Poland 1.000 %" in summary
    assert "France 0.100 %" in summary and "Germany" not in summary.split("Share of GDP")[1].split("*")[0]


def test_the_by_actor_csv_has_the_share_column(analyst_client, donors):
    response = analyst_client.get("/pledges/totals.csv?dimension=actor")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {"share_of_gdp_percent", "gdp_year"} <= set(rows[0])
    share = {(r["label"], r["stage"]): (r["share_of_gdp_percent"], r["gdp_year"]) for r in rows}
    assert share[("Poland", "committed")] == ("1.000", "2020")
    assert share[("Poland", "delivered")] == ("0.050", "2020")
    assert share[("EU", "committed")] == ("", "")
    assert share[("Germany", "committed")] == ("", "")
    other = analyst_client.get("/pledges/totals.csv?dimension=category").content.decode()
    assert "share_of_gdp_percent" not in other.splitlines()[0]  # only actors have a GDP
