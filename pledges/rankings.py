"""Totals and rankings of the filtered pledges: by actor, category, beneficiary and month.

The same rules as pledges/data_out/money.py (amounts converted at the announcement month's rate, units other
than money kept apart, re-announcements counted once, withdrawn pledges left out, amounts without a
rate listed rather than counted as zero), with one difference analysts asked for: the stages of a
pledge are four buckets that are **never added together**, because "announced" money is not
"delivered" money:

1. **conditional** — a condition not met yet (pending, or lapsed), whatever the status;
2. **delivered** — status delivered;
3. **committed** — status committed or in progress;
4. **announced** — status announced.

Cost: given the filterset, each ranking the rollups can answer (pledges/rollup.py; which filters
they answer: `PledgeFilterSet.rollup`) is one aggregate over the rollup rows, with the money already
converted: four queries for all four rankings, whatever the number of pledges. Otherwise one
aggregate query per dimension over the pledges (grouped by the dimension, bucket, unit and, for
money that needs converting, month) and one query for every rate they need.

**Share of GDP** (actor rankings, countries with a GDP figure): each stage's money in US dollars —
from the same path as the money (the rollups' `usd_*` columns, or the pledges converted at their
month's rate) — divided by the country's GDP (`Country.gdp_usd_millions`, World Bank, see
pledges/reference_data/README.md). The figures come with the actor names already read (no query more).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Case, CharField, Count, DateField, F, IntegerField, Q, QuerySet, Sum, Value, When

from pledges.choices import NON_MONEY_UNITS, Category, ConditionState, PledgeStatus
from pledges.data_out.money import UNIT_LABELS, _as_date, _convert, _needs_wrap, _rates_for
from pledges.models import (
    ROLLUP_UNITS,
    BeneficiaryRollup,
    Condition,
    Country,
    Organisation,
    Pledge,
    PledgeRollup,
)
from pledges.querysets import PeriodStart
from pledges.rollup import from_hundredths, read_sums

if TYPE_CHECKING:
    from pledges.filtersets import PledgeFilterSet

BUCKETS = ("announced", "committed", "delivered", "conditional")
BUCKET_LABELS = {
    "announced": "Announced",
    "committed": "Committed",
    "delivered": "Delivered",
    "conditional": "Conditional, pending",
}
DIMENSIONS = ("actor", "category", "beneficiary", "month")
DIMENSION_LABELS = {"actor": "Actor", "category": "Category", "beneficiary": "Beneficiary", "month": "Month"}
CENT = Decimal("0.01")
GDP_SOURCE = "World Bank, World Development Indicators (GDP, current US$)"

# What each dimension groups by, and the label columns read with it (joined, not queried per row).
GROUP_FIELDS = {
    "actor": (
        "actor_country__code",
        "actor_country__name",
        "actor_country__gdp_usd_millions",
        "actor_country__gdp_year",
        "actor_organisation__slug",
        "actor_organisation__name",
    ),
    "category": ("category",),
    "beneficiary": (
        "beneficiary_country__code",
        "beneficiary_country__name",
        "beneficiary_organisation__slug",
        "beneficiary_organisation__name",
    ),
}


@dataclass
class Cell:
    """One bucket of one row: the money (in the display currency), the pledges, approximate or not."""

    money: Decimal = Decimal(0)
    usd: Decimal = Decimal(0)  # the same money in US dollars, for the share of GDP (actor rankings only)
    money_pledges: int = 0
    pledges: int = 0
    approximate: bool = False


@dataclass
class Row:
    """One actor, category, beneficiary or month."""

    key: str
    label: str
    param: tuple[str, str] = ("", "")  # the list filter selecting it (month: start of the month)
    cells: dict[str, Cell] = field(default_factory=lambda: {b: Cell() for b in BUCKETS})
    units: dict[tuple[str, str], Decimal] = field(default_factory=dict)  # (unit, bucket) -> value
    missing: int = 0  # pledges whose amount has no rate for its month: listed, not counted
    withdrawn: int = 0
    gdp_usd_millions: int | None = None  # country actors with a GDP figure only
    gdp_year: int | None = None

    @property
    def pledges(self) -> int:
        return sum(cell.pledges for cell in self.cells.values())

    def gdp_share(self, bucket: str) -> Decimal | None:
        """One stage's money as a percentage of the actor's GDP; None without a GDP figure."""
        if not self.gdp_usd_millions:
            return None
        return self.cells[bucket].usd * 100 / (Decimal(self.gdp_usd_millions) * 1_000_000)

    @property
    def gdp_shares(self) -> dict[str, Decimal | None]:
        """Every stage's share of GDP, stages apart (what the rollup and pledge paths must agree on)."""
        return {bucket: self.gdp_share(bucket) for bucket in BUCKETS}

    def gdp_lines(self) -> list[tuple[str, Decimal]]:
        """(stage, share) for each stage with money, stages apart; empty without a GDP figure."""
        return [
            (BUCKET_LABELS[b].lower(), share)
            for b in BUCKETS
            if self.cells[b].money_pledges and (share := self.gdp_share(b)) is not None
        ]

    def unit_lines(self) -> list[str]:
        out = []
        for (unit, bucket), value in sorted(
            self.units.items(), key=lambda kv: (kv[0][0], BUCKETS.index(kv[0][1]))
        ):
            label = UNIT_LABELS.get(unit, unit)
            shown = f"{value.normalize():,f}" if unit != "percent_gdp" else "(not added up)"
            out.append(f"{shown} {label} {BUCKET_LABELS[bucket].lower()}")
        return out

    @property
    def month(self) -> dt.date | None:
        return dt.date.fromisoformat(f"{self.key}-01") if len(self.key) == 7 else None


@dataclass
class Ranking:
    dimension: str
    currency: str
    rows: list[Row]
    measure: str = "committed"

    @property
    def label(self) -> str:
        return DIMENSION_LABELS[self.dimension]

    def totals(self) -> dict[str, Cell]:
        """Each bucket over all rows (buckets still apart)."""
        out = {b: Cell() for b in BUCKETS}
        for row in self.rows:
            for bucket, cell in row.cells.items():
                mine = out[bucket]
                mine.money += cell.money
                mine.money_pledges += cell.money_pledges
                mine.pledges += cell.pledges
                mine.approximate = mine.approximate or cell.approximate
        return out

    @property
    def missing(self) -> int:
        return sum(row.missing for row in self.rows)

    @property
    def gdp_years(self) -> list[int]:
        """The years of the GDP figures the shares divide by (for the footnote)."""
        return sorted({row.gdp_year for row in self.rows if row.gdp_usd_millions and row.gdp_year})

    @property
    def gdp_note(self) -> str:
        """The footnote under a share of GDP: which year's GDP, from where."""
        years = self.gdp_years
        when = " and ".join(map(str, years)) if years else "the year loaded"
        return (
            f"Share of GDP: each stage's money in US dollars at the pledge's month rate, divided by the "
            f"country's GDP of {when} ({GDP_SOURCE}; CC BY 4.0). Stages are never added together; "
            "organisations and countries without a GDP figure show —."
        )


def bucket_expression() -> Case:
    # IN (subquery), not a correlated EXISTS: PostgreSQL hashes the subquery once instead of probing
    # the conditions once per pledge (on 100k pledges, the difference between ~100 and ~400 ms).
    unmet = Q(pk__in=Condition.objects.exclude(state=ConditionState.MET).values("pledge_id"))
    return Case(
        When(status=PledgeStatus.WITHDRAWN, then=Value("withdrawn")),
        When(unmet, then=Value("conditional")),
        When(status=PledgeStatus.DELIVERED, then=Value("delivered")),
        When(status__in=[PledgeStatus.COMMITTED, PledgeStatus.IN_PROGRESS], then=Value("committed")),
        default=Value("announced"),
        output_field=CharField(),
    )


def rate_month(currency: str, *, usd_too: bool = False) -> Case:
    """The month whose rate converts a pledge's amount; NULL when nothing needs converting, so the
    groups stay few. PeriodStart truncates as a plain timestamp (no time-zone work per row).
    `usd_too`: amounts also go to US dollars (share of GDP), so every money amount keeps its month."""
    no_rate_needed = [*NON_MONEY_UNITS, ""] if usd_too else [*NON_MONEY_UNITS, "", currency]
    return Case(
        When(amount_unit__in=no_rate_needed, then=None),
        default=PeriodStart("announced_on", "month"),
        output_field=DateField(),
    )


def rankings(
    pledges: QuerySet,
    currency: str = "USD",
    dimensions: Iterable[str] = DIMENSIONS,
    measure: str = "committed",
    filterset: PledgeFilterSet | None = None,
) -> dict[str, Ranking]:
    """The rankings of the given (already filtered, visible) pledges, one per dimension asked for.

    With the `filterset` that filtered them, the rankings its filters allow come from the rollups.
    """
    dimensions = list(dimensions)
    found: dict[str, Ranking] = {}
    grouped: dict[str, list[dict]] = {}
    if filterset is not None:
        by_category = filterset.rollup(PledgeRollup)
        by_beneficiary = filterset.rollup(BeneficiaryRollup)
        # Actor and category from one aggregate by both (a few hundred groups) when both are asked.
        both = by_category is not None and {"actor", "category"} <= set(dimensions)
        if both:
            grouped["actor"] = grouped["category"] = _rollup_groups(by_category, "actor+category", currency)
        for dimension in dimensions:
            if dimension in grouped:
                continue
            if dimension == "beneficiary":
                source = by_beneficiary
            elif dimension == "category":
                source = by_category
            else:
                source = by_category if by_category is not None else by_beneficiary
            if source is not None:
                grouped[dimension] = _rollup_groups(source, dimension, currency)
        _label(grouped)
        for dimension, groups in grouped.items():
            found[dimension] = _rank_rollup(dimension, groups, currency, measure)
    rest = [d for d in dimensions if d not in found]
    if rest:
        found.update(_rankings_from_pledges(pledges, currency, rest, measure))
    return {dimension: found[dimension] for dimension in dimensions}


def _rollup_groups(source: QuerySet, dimension: str, currency: str) -> list[dict]:
    """One aggregate over the rollup rows, by the dimension; every stage's columns side by side."""
    sums = read_sums(currency)
    if currency != "USD" and dimension in ("actor", "actor+category"):
        sums.update({f"usd_{bucket}": Sum(f"usd_{bucket}") for bucket in BUCKETS})  # share of GDP
    rows = source.order_by()
    if dimension == "month":
        return list(rows.filter(month__isnull=False).values(period=F("month")).annotate(**sums))
    if dimension == "category":
        return list(rows.values("category").annotate(**sums))
    if dimension == "actor+category":
        return list(rows.values("actor_country_id", "actor_organisation_id", "category").annotate(**sums))
    # Grouped by ids, named afterwards (_label): grouping by the joined names made PostgreSQL sort
    # every row (on disk) instead of hashing a few dozen groups.
    prefix = "actor" if dimension == "actor" else "beneficiary"
    return list(rows.values(f"{prefix}_country_id", f"{prefix}_organisation_id").annotate(**sums))


def _label(grouped: dict[str, list[dict]]) -> None:
    """Give the actor and beneficiary groups the names and codes _identify() reads: one query for
    the countries and organisations of every ranking."""
    countries, organisations = set(), set()
    for dimension in ("actor", "beneficiary"):
        for group in grouped.get(dimension, []):
            countries.add(group[f"{dimension}_country_id"])
            organisations.add(group[f"{dimension}_organisation_id"])
    countries.discard(None)
    organisations.discard(None)
    if not (countries or organisations):
        return
    nothing = Value(None, output_field=IntegerField())
    names = (
        Country.objects.filter(pk__in=countries)
        .order_by()
        .annotate(source=Value("c"))
        .values_list("source", "pk", "code", "name", "gdp_usd_millions", "gdp_year")
    )
    names = names.union(
        Organisation.objects.filter(pk__in=organisations)
        .order_by()
        .annotate(source=Value("o"), no_gdp=nothing, no_year=nothing)
        .values_list("source", "pk", "slug", "name", "no_gdp", "no_year")
    )
    found = {(source, pk): rest for source, pk, *rest in names}
    for dimension in ("actor", "beneficiary"):
        for group in grouped.get(dimension, []):
            code, name, gdp, year = found.get(("c", group[f"{dimension}_country_id"]), (None,) * 4)
            slug, org_name, _, _ = found.get(("o", group[f"{dimension}_organisation_id"]), (None,) * 4)
            group.update(
                {
                    f"{dimension}_country__code": code,
                    f"{dimension}_country__name": name,
                    f"{dimension}_country__gdp_usd_millions": gdp,
                    f"{dimension}_country__gdp_year": year,
                    f"{dimension}_organisation__slug": slug,
                    f"{dimension}_organisation__name": org_name,
                }
            )


def _rank_rollup(dimension: str, groups: list[dict], currency: str, measure: str) -> Ranking:
    rows: dict[str, Row] = {}
    for group in groups:
        key, label, param = _identify(dimension, group)
        row = rows.setdefault(key, Row(key, label, param))
        _take_gdp(row, dimension, group)
        row.withdrawn += group["withdrawn"] or 0
        row.missing += group["missing"] or 0
        for bucket in BUCKETS:
            cell = row.cells[bucket]
            cell.pledges += group[f"n_{bucket}"] or 0
            cell.money += from_hundredths(group[f"money_{bucket}"])
            if dimension == "actor":
                cell.usd += from_hundredths(group.get(f"usd_{bucket}", group[f"money_{bucket}"]))
            cell.money_pledges += group[f"money_n_{bucket}"] or 0
            cell.approximate = cell.approximate or bool(group[f"approx_{bucket}"])
            for unit in ROLLUP_UNITS:
                if group[f"{unit}_n_{bucket}"]:
                    value = from_hundredths(group[f"{unit}_{bucket}"])
                    row.units[(unit, bucket)] = row.units.get((unit, bucket), Decimal(0)) + value
    return _finish(dimension, rows, currency, measure)


def _rankings_from_pledges(
    pledges: QuerySet, currency: str, dimensions: Iterable[str], measure: str
) -> dict[str, Ranking]:
    dimensions = list(dimensions)
    base = Pledge.objects.filter(pk__in=pledges.order_by().values("pk")) if _needs_wrap(pledges) else pledges
    usd_too = currency != "USD" and "actor" in dimensions  # the share of GDP needs US dollars
    base = (
        base.order_by()
        .filter(restates__isnull=True)
        .annotate(bucket=bucket_expression(), rate_month=rate_month(currency, usd_too=usd_too))
    )
    grouped: dict[str, list[dict]] = {}
    for dimension in dimensions:
        if dimension == "month":
            keys = ("period",)
            query = base.annotate(period=PeriodStart("announced_on", "month")).filter(
                announced_on__isnull=False
            )
        else:
            keys = GROUP_FIELDS[dimension]
            query = base
        grouped[dimension] = list(
            query.values(*keys, "bucket", "amount_unit", "rate_month").annotate(
                n=Count("id"),
                approx=Count("id", filter=Q(amount_approximate=True)),
                total=Sum("amount_value"),
            )
        )
    for groups in grouped.values():
        for group in groups:
            group["rate_month"] = _as_date(group["rate_month"])
    rates = _rates_for(
        [
            {"amount_unit": g["amount_unit"], "month": g["rate_month"]}
            for groups in grouped.values()
            for g in groups
        ],
        currency,
    )
    return {
        dimension: _rank(dimension, groups, rates, currency, measure) for dimension, groups in grouped.items()
    }


def _identify(dimension: str, group: dict) -> tuple[str, str, tuple[str, str]]:
    if dimension == "category":
        value = group["category"]
        label = Category(value).label if value in Category.values else value
        return value, label, ("category", value)
    if dimension == "month":
        period = _as_date(group["period"])
        return f"{period:%Y-%m}", f"{period:%b %Y}", ("start", period.isoformat())
    prefix = "actor" if dimension == "actor" else "beneficiary"
    code, name = group[f"{prefix}_country__code"], group[f"{prefix}_country__name"]
    if code:
        return f"c:{code}", name, ("member" if prefix == "actor" else "beneficiary", code)
    slug, name = group[f"{prefix}_organisation__slug"], group[f"{prefix}_organisation__name"]
    if slug:
        return f"o:{slug}", name, ("actor_org" if prefix == "actor" else "beneficiary", slug)
    return "", "(none recorded)", ("", "")


def _rank(dimension: str, groups: list[dict], rates: dict, currency: str, measure: str) -> Ranking:
    rows: dict[str, Row] = {}
    for group in groups:
        key, label, param = _identify(dimension, group)
        row = rows.setdefault(key, Row(key, label, param))
        _take_gdp(row, dimension, group)
        bucket, unit, n = group["bucket"], group["amount_unit"], group["n"]
        if bucket == "withdrawn":
            row.withdrawn += n
            continue
        cell = row.cells[bucket]
        cell.pledges += n
        if not unit or group["total"] is None:
            continue
        value = Decimal(group["total"])
        if unit in NON_MONEY_UNITS:
            row.units[(unit, bucket)] = row.units.get((unit, bucket), Decimal(0)) + value
            continue
        converted = _convert(value, unit, group["rate_month"], currency, rates)
        if converted is None:
            row.missing += n
            continue
        cell.money += converted
        if dimension == "actor":
            usd = converted if currency == "USD" else _convert(value, unit, group["rate_month"], "USD", rates)
            cell.usd += usd or 0
        cell.money_pledges += n
        cell.approximate = cell.approximate or group["approx"] > 0
    return _finish(dimension, rows, currency, measure)


def _take_gdp(row: Row, dimension: str, group: dict) -> None:
    """A country actor's GDP figure, read with its name (organisations have none)."""
    if dimension == "actor" and group.get("actor_country__code"):
        row.gdp_usd_millions = group.get("actor_country__gdp_usd_millions")
        row.gdp_year = group.get("actor_country__gdp_year")


def _finish(dimension: str, rows: dict[str, Row], currency: str, measure: str) -> Ranking:
    for row in rows.values():
        for cell in row.cells.values():
            cell.money = cell.money.quantize(CENT)
            cell.usd = cell.usd.quantize(CENT)
    ordered = [row for row in rows.values() if row.pledges or row.withdrawn]
    if dimension == "month":
        ordered.sort(key=lambda r: r.key)
    else:
        measure = measure if measure in BUCKETS else "committed"
        ordered.sort(key=lambda r: (-r.cells[measure].money, -r.cells[measure].pledges, -r.pledges, r.label))
    return Ranking(dimension, currency, ordered, measure)


# --- drawing: server-side SVG geometry ----------------------------------------------------------

CHART_WIDTH = 640.0
LABEL_W = 170.0
VALUE_W = 70.0
BAR_H = 5.0
ROW_H = 4 * (BAR_H + 1) + 8


@dataclass
class Bar:
    bucket: str
    x: float
    y: float
    width: float
    height: float
    title: str


@dataclass
class ChartRow:
    label: str
    y: float
    text_y: float
    href: str
    bars: list[Bar]


@dataclass
class Chart:
    """Grouped horizontal bars: one bar per bucket for each row, side by side, never stacked."""

    rows: list[ChartRow]
    height: float
    width: float = CHART_WIDTH
    unit: str = ""  # what the bars measure: the display currency, or "pledges"
    label_x: float = LABEL_W - 6
    empty: bool = False


def _money(value: Decimal) -> str:
    return f"{value:,.0f}"


def ranking_chart(ranking: Ranking, hrefs: dict[str, str], limit: int = 12) -> Chart:
    """The top `limit` rows as grouped bars of money (or of pledge counts when no row has money)."""
    rows = ranking.rows[:limit]
    by_money = any(cell.money for row in rows for cell in row.cells.values())
    top = (
        max(
            ((cell.money if by_money else cell.pledges) for row in rows for cell in row.cells.values()),
            default=0,
        )
        or 1
    )
    span = CHART_WIDTH - LABEL_W - VALUE_W
    out = []
    for i, row in enumerate(rows):
        y0 = i * ROW_H + 4
        bars = []
        for j, bucket in enumerate(BUCKETS):
            cell = row.cells[bucket]
            value = cell.money if by_money else cell.pledges
            width = round(float(value) / float(top) * span, 1) if value else 0.0
            what = (
                f"{'≈ ' if cell.approximate else ''}{_money(cell.money)} {ranking.currency} "
                f"({cell.money_pledges} pledge{'s' if cell.money_pledges != 1 else ''} with an amount)"
                if by_money
                else f"{cell.pledges} pledge{'s' if cell.pledges != 1 else ''}"
            )
            bars.append(
                Bar(
                    bucket,
                    LABEL_W,
                    round(y0 + j * (BAR_H + 1), 1),
                    max(width, 0.0),
                    BAR_H,
                    f"{row.label}, {BUCKET_LABELS[bucket].lower()}: {what}",
                )
            )
        out.append(ChartRow(row.label, y0, round(y0 + ROW_H / 2, 1), hrefs.get(row.key, ""), bars))
    return Chart(
        out, height=len(rows) * ROW_H + 8, unit=ranking.currency if by_money else "pledges", empty=not rows
    )


MONTH_STRIP_H = 44.0
MONTH_LEFT = 140.0


@dataclass
class MonthStrip:
    bucket: str
    label: str
    y: float
    bars: list[Bar]
    top_label: str


def month_chart(ranking: Ranking) -> tuple[list[MonthStrip], float, list[tuple[float, str]]]:
    """Monthly bars as four strips, one per bucket, on one month axis: stages are shown apart, never
    stacked on each other. Returns the strips, the drawing's height and the year labels (x, text)."""
    months = ranking.rows
    if not months:
        return [], 0.0, []

    def index(row: Row) -> int:  # months without pledges keep their place on the axis
        year, month = map(int, row.key.split("-"))
        first_year, first_month = map(int, months[0].key.split("-"))
        return (year - first_year) * 12 + month - first_month

    slots = index(months[-1]) + 1
    span = CHART_WIDTH - MONTH_LEFT - 10
    step = span / slots
    by_money = any(cell.money for row in months for cell in row.cells.values())
    # One scale for all four strips, so that a tall bar means the same amount in every stage.
    top = (
        max(
            ((cell.money if by_money else cell.pledges) for row in months for cell in row.cells.values()),
            default=0,
        )
        or 1
    )
    strips = []
    for s, bucket in enumerate(BUCKETS):
        values = [(row.cells[bucket].money if by_money else row.cells[bucket].pledges) for row in months]
        y_base = (s + 1) * MONTH_STRIP_H
        bars = []
        for row, value in zip(months, values, strict=True):
            if not value:
                continue
            i = index(row)
            h = round(float(value) / float(top) * (MONTH_STRIP_H - 10), 1)
            shown = f"{_money(value)} {ranking.currency}" if by_money else f"{value} pledges"
            bars.append(
                Bar(
                    bucket,
                    round(MONTH_LEFT + i * step + 0.5, 1),
                    round(y_base - h, 1),
                    round(max(step - 1, 1.0), 1),
                    h,
                    f"{row.label}, {BUCKET_LABELS[bucket].lower()}: {shown}",
                )
            )
        top_label = f"max {_money(top)} {ranking.currency}" if by_money else f"max {top}"
        strips.append(MonthStrip(bucket, BUCKET_LABELS[bucket], y_base, bars, top_label))
    first_year, first_month = map(int, months[0].key.split("-"))
    years = [(MONTH_LEFT, str(first_year))]
    for i in range(1, slots):
        if (first_month - 1 + i) % 12 == 0:
            years.append((round(MONTH_LEFT + i * step, 1), str(first_year + (first_month - 1 + i) // 12)))
    return strips, len(BUCKETS) * MONTH_STRIP_H + 18, years


# --- CSV: the same numbers, one line per row, bucket and unit -------------------------------------

CSV_HEADER = ["dimension", "key", "label", "stage", "unit", "value", "pledges", "approximate"]
# The by-actor CSV also has each stage's share of the country's GDP (on its money line) and the GDP year.
GDP_COLUMNS = ["share_of_gdp_percent", "gdp_year"]


def ranking_csv(ranking: Ranking) -> str:
    """Long format, so that no column invites adding stages or units together."""
    out = io.StringIO()
    writer = csv.writer(out)
    by_actor = ranking.dimension == "actor"
    writer.writerow(CSV_HEADER + GDP_COLUMNS if by_actor else CSV_HEADER)
    for row in ranking.rows:
        for bucket in BUCKETS:
            cell = row.cells[bucket]
            if cell.pledges:
                line = [
                    ranking.dimension,
                    row.key,
                    _safe(row.label),
                    bucket,
                    ranking.currency,
                    cell.money,
                    cell.pledges,
                    "yes" if cell.approximate else "no",
                ]
                if by_actor:
                    share = row.gdp_share(bucket)
                    line += [f"{share:.3f}", row.gdp_year or ""] if share is not None else ["", ""]
                writer.writerow(line)
        for (unit, bucket), value in sorted(row.units.items()):
            # normalize(): 2000, not 2000.00 on PostgreSQL and 2000 on SQLite
            plain = f"{value.normalize():f}"
            line = [ranking.dimension, row.key, _safe(row.label), bucket, unit, plain, "", ""]
            writer.writerow([*line, "", ""] if by_actor else line)
    return out.getvalue()


def _safe(text: str) -> str:
    # Spreadsheets run cells that start with these as formulas.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text
