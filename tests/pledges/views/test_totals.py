"""Totals and rankings (issue 13, part 1): by actor, category, beneficiary and month; stages never
added together; money in the display currency at the month's rate, other units apart; SVG charts
with a table and a CSV of the same numbers; filters respected; a fixed number of queries."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from pledges import rankings as rank
from pledges.models import Pledge
from pledges.tokens import create_token
from tests.factories import (
    ConditionFactory,
    CountryFactory,
    ExchangeRateFactory,
    PledgeFactory,
)
from tests.pledges.views.helpers import HX, coalition, cold_queries

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def world():
    fr = CountryFactory(code="FR", alpha3="FRA", name="France")
    de = CountryFactory(code="DE", alpha3="DEU", name="Germany")
    ua = CountryFactory(code="UA", alpha3="UKR", name="Ukraine")
    md = CountryFactory(code="MD", alpha3="MDA", name="Moldova")
    ExchangeRateFactory(currency="EUR", month=D(2025, 3, 1), usd_per_unit="1.10")
    ExchangeRateFactory(currency="EUR", month=D(2025, 4, 1), usd_per_unit="1.20")

    march = D(2025, 3, 10)

    def pledge(actor, status, value, unit="USD", day=march, to=ua, **extra):
        return PledgeFactory(
            actor_country=actor,
            beneficiary_country=to,
            status=status,
            amount_value=value,
            amount_unit=unit,
            announced_on=day,
            **extra,
        )

    first = pledge(fr, "announced", 100)
    pledge(fr, "committed", 1000, "EUR")  # 1,100 USD at March's rate
    pledge(fr, "in_progress", 50, day=D(2025, 4, 2))
    pledge(fr, "delivered", 30, day=D(2025, 4, 20))
    conditional = pledge(fr, "committed", 500, day=D(2025, 4, 21))
    ConditionFactory(pledge=conditional, state="pending")
    met = pledge(de, "delivered", 1000, "EUR", day=D(2025, 4, 5))  # 1,200 USD at April's rate
    ConditionFactory(pledge=met, state="met")  # a met condition no longer holds it back
    pledge(de, "committed", 2000, "troops", category="security_guarantee", to=md)
    pledge(de, "withdrawn", 999)
    pledge(fr, "announced", 100, restates=first)  # a re-announcement: counted once
    pledge(fr, "committed", 7, review_state="extracted")  # unreviewed: not shown by default
    return {"fr": fr, "de": de, "ua": ua, "md": md}


def test_stages_are_kept_apart_and_converted_at_the_months_rate(world):
    found = rank.rankings(Pledge.objects.visible(), "USD")
    france = next(r for r in found["actor"].rows if r.label == "France")
    assert {b: (c.money, c.pledges) for b, c in france.cells.items()} == {
        "announced": (Decimal("100.00"), 1),
        "committed": (Decimal("1150.00"), 2),  # 1000 EUR × 1.10 + 50 in progress
        "delivered": (Decimal("30.00"), 1),
        "conditional": (Decimal("500.00"), 1),
    }
    germany = next(r for r in found["actor"].rows if r.label == "Germany")
    assert germany.cells["delivered"].money == Decimal("1200.00")
    assert germany.units == {("troops", "committed"): Decimal(2000)}  # never mixed into money
    assert germany.cells["committed"].money == 0 and germany.cells["committed"].pledges == 1
    assert germany.withdrawn == 1
    # the same in euros: USD amounts divided by the month's EUR rate
    in_eur = rank.rankings(Pledge.objects.visible(), "EUR", ("actor",))["actor"]
    germany_eur = next(r for r in in_eur.rows if r.label == "Germany")
    assert germany_eur.cells["delivered"].money == Decimal("1000.00")


def test_every_dimension_ranks_and_months_are_in_order(world):
    found = rank.rankings(Pledge.objects.visible(), "USD", measure="delivered")
    assert [r.label for r in found["actor"].rows] == ["Germany", "France"]  # by delivered money
    assert [r.key for r in found["month"].rows] == ["2025-03", "2025-04"]
    assert {r.label for r in found["beneficiary"].rows} == {"Ukraine", "Moldova"}
    assert {r.key for r in found["category"].rows} == {"military", "security_guarantee"}
    by_category = found["category"].totals()
    by_actor = found["actor"].totals()
    # every ranking accounts for the same pledges, stage by stage
    assert {b: c.pledges for b, c in by_category.items()} == {b: c.pledges for b, c in by_actor.items()}


def test_the_totals_page_draws_charts_tables_and_links_csv(analyst_client, world):
    response = analyst_client.get("/pledges/totals/")
    assert response.status_code == 200
    body = response.content.decode()
    for dimension in rank.DIMENSIONS:
        assert f'id="by-{dimension}"' in body
        assert f'data-csv="{dimension}"' in body
    assert body.count('<svg class="ranking-chart"') == 3 and '<svg class="month-chart"' in body
    assert "<title>France, committed: 1,150 USD (2 pledges with an amount)</title>" in body
    assert body.count('<details class="table-view"') == 4
    assert "2,000 troops committed" in body
    assert "never added together" in body
    assert 'href="/pledges/?member=FR"' in body  # each row opens its pledges


def test_csv_has_the_same_numbers_as_the_table(analyst_client, world):
    response = analyst_client.get("/pledges/totals.csv?dimension=actor")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    money = {(r["label"], r["stage"]): Decimal(r["value"]) for r in rows if r["unit"] == "USD"}
    assert money[("France", "committed")] == Decimal("1150.00")
    assert money[("Germany", "delivered")] == Decimal("1200.00")
    assert ("Germany", "committed", "troops", "2000") in {
        (r["label"], r["stage"], r["unit"], r["value"]) for r in rows
    }
    assert not any(r["stage"] in ("all", "total") for r in rows)  # no column adds stages up
    assert analyst_client.get("/pledges/totals.csv?dimension=nope").status_code == 400


def test_filters_and_currency_are_respected(analyst_client, world):
    body = analyst_client.get("/pledges/totals/?member=DE&currency=EUR").content.decode()
    assert "France" not in body and "Germany" in body and "EUR" in body
    rows = list(
        csv.DictReader(
            io.StringIO(
                analyst_client.get("/pledges/totals.csv?dimension=month&category=military").content.decode()
            )
        )
    )
    assert {r["key"] for r in rows} == {"2025-03", "2025-04"}
    assert all(r["label"] != "" for r in rows)
    unreviewed = analyst_client.get("/pledges/totals.csv?dimension=actor&include_unreviewed=on")
    assert "7.00" in unreviewed.content.decode()


def test_list_timeline_and_overview_load_the_totals_of_their_filters(analyst_client, world):
    org, members = coalition(1)
    PledgeFactory(actor_country=members[0], amount_value=42, amount_unit="USD", status="committed")
    # the pages carry a placeholder that htmx fills after the page (the aggregate never slows the
    # page), and a plain link to the full totals without JavaScript
    for page, query in (
        ("/pledges/?member=FR&page=1", "member=FR"),
        (f"/coalitions/{org.slug}/", f"coalition={org.slug}"),
        ("/", ""),
    ):
        body = analyst_client.get(page).content.decode()
        suffix = f"?{query}" if query else ""
        assert f'hx-get="/pledges/totals/summary/{suffix}" hx-trigger="load"' in body, page
        assert f'href="/pledges/totals/{suffix}"' in body, page
    summary = analyst_client.get("/pledges/totals/summary/?member=FR", **HX).content.decode()
    assert 'class="totals-summary"' in summary and "1,150" in summary and "Germany" not in summary
    assert 'href="/pledges/totals/?member=FR"' in summary
    summary = analyst_client.get(f"/pledges/totals/summary/?coalition={org.slug}", **HX).content.decode()
    assert ">42<" in summary and "France" not in summary
    # without htmx, the summary URL is the full totals page
    plain = analyst_client.get("/pledges/totals/summary/?member=FR")
    assert plain.status_code == 302 and plain["Location"] == "/pledges/totals/?member=FR"


def test_summary_query_count_is_constant(analyst_client, world):
    few = cold_queries(analyst_client, "/pledges/totals/summary/", **HX)
    for i in range(20):
        PledgeFactory(actor_country=CountryFactory(), amount_value=i, amount_unit="EUR")
    # session, user, 2× perms, revisions, the aggregate by actor over the rollup (money converted
    # when the rollup was written: no exchange-rate query), the actors' names
    assert few == cold_queries(analyst_client, "/pledges/totals/summary/", **HX) == 7


def test_htmx_gets_the_rankings_partial(analyst_client, world):
    response = analyst_client.get("/pledges/totals/?currency=EUR", **HX)
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="rankings"') and "<html" not in body


def test_totals_csv_accepts_a_token(analyst, world):
    from django.test import Client

    _, key = create_token(analyst, "sheet")
    response = Client().get("/pledges/totals.csv?dimension=category", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200


def test_totals_page_query_count_is_constant(analyst_client, world):
    few = cold_queries(analyst_client, "/pledges/totals/")
    for i in range(30):
        PledgeFactory(
            actor_country=CountryFactory(),
            amount_value=i,
            amount_unit="EUR",
            announced_on=D(2025, 3, 1) + dt.timedelta(days=i),
        )
    many = cold_queries(analyst_client, "/pledges/totals/")
    # session, user, 2× perms, revisions, three aggregates over the rollups (actor and category
    # share one; money converted when the rollup rows were written: no exchange-rate query), the
    # names of actors and beneficiaries
    assert few == many == 9


def test_charts_draw_stages_side_by_side_and_months_in_their_place(world):
    PledgeFactory(
        actor_country=world["fr"],
        amount_value=10,
        amount_unit="USD",
        status="announced",
        announced_on=D(2025, 7, 1),
    )
    found = rank.rankings(Pledge.objects.visible(), "USD")
    chart = rank.ranking_chart(found["actor"], {})
    for row in chart.rows:
        ys = [bar.y for bar in row.bars]
        assert len(set(ys)) == len(rank.BUCKETS)  # one bar per stage, each on its own line
        assert all(bar.x == rank.LABEL_W for bar in row.bars)  # every bar starts at zero: none stacked
    strips, _, _ = rank.month_chart(found["month"])
    announced = next(s for s in strips if s.bucket == "announced")
    march, july = sorted(announced.bars, key=lambda b: b.x)
    step = (rank.CHART_WIDTH - rank.MONTH_LEFT - 10) / 5  # March to July: five months on the axis
    assert round(july.x - march.x, 1) == round(4 * step, 1)  # April–June without pledges keep their place
