"""Totals of pledged amounts per category, in one display currency, without mixing units.

Rules (what analysts rely on when they quote a figure):

* Amounts keep their original currency in the database. A total converts each amount at the
  monthly rate of the month it was announced in (``ExchangeRate``: usd_per_unit, first of month):
  currency → USD → display currency. USD itself needs no rate.
* Non-money units (troops, % of GDP, people, items) are never added to money; each has its own total.
* A total that contains any approximate amount ("about €1bn") is flagged approximate.
* An amount that cannot be converted (no rate for its currency or the display currency in that month,
  or no announcement date) is left out of the total and reported in ``missing`` — never counted as 0.
* Re-announcements (``restates`` set) are one commitment with many sources: only the original counts.
  A restatement whose original falls outside the filtered list is not counted either.
* Every original pledge falls in exactly one bucket, decided in this order:

  1. **withdrawn** — status withdrawn: left out of every total (only counted).
  2. **conditional** — has at least one condition that is not met (pending or lapsed), whatever its
     status. Conditional pledges are never added to delivered.
  3. **delivered** — status delivered (and, by rule 2, no condition left unmet).
  4. **committed** — everything else (announced, committed, in progress).

Cost: one aggregate query grouped by category / bucket / unit / month, and at most one query for
the rates those groups need — never a query per pledge.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncMonth
from django.http import HttpRequest

from pledges.choices import NON_MONEY_UNITS, Category, ConditionState, PledgeStatus
from pledges.models import Condition, ExchangeRate, Pledge

DISPLAY_CURRENCIES = ("USD", "EUR")
BUCKETS = ("committed", "delivered", "conditional")
UNIT_LABELS = {"troops": "troops", "percent_gdp": "% of GDP", "people": "people", "items": "items"}
# Percentages of different countries' GDP do not add up to anything meaningful.
NOT_ADDITIVE_UNITS = frozenset({"percent_gdp"})
CENT = Decimal("0.01")


@dataclass
class Amount:
    """A sum in one unit, how many pledges went into it, and whether any of them was approximate."""

    value: Decimal = Decimal(0)
    pledges: int = 0
    approximate: bool = False

    def add(self, value: Decimal, pledges: int, approximate: bool) -> None:
        self.value += value
        self.pledges += pledges
        self.approximate = self.approximate or approximate


@dataclass
class Split:
    """The three buckets of a total; see the module docstring for what goes where."""

    committed: Amount = field(default_factory=Amount)
    delivered: Amount = field(default_factory=Amount)
    conditional: Amount = field(default_factory=Amount)

    @property
    def all(self) -> Amount:
        """Committed + delivered + conditional (withdrawn never included)."""
        total = Amount()
        for bucket in BUCKETS:
            part = getattr(self, bucket)
            total.add(part.value, part.pledges, part.approximate)
        return total

    def bucket(self, name: str) -> Amount:
        return getattr(self, name)


@dataclass
class UnitTotal:
    unit: str
    split: Split = field(default_factory=Split)

    @property
    def label(self) -> str:
        return UNIT_LABELS.get(self.unit, self.unit)

    @property
    def additive(self) -> bool:
        return self.unit not in NOT_ADDITIVE_UNITS


@dataclass
class MissingRate:
    """Amounts left out of a money total because no rate converts them."""

    currency: str
    month: dt.date | None
    pledges: int = 0
    amount: Decimal = Decimal(0)

    @property
    def reason(self) -> str:
        return "no announcement date" if self.month is None else f"no rate for {self.month:%Y-%m}"


@dataclass
class CategoryTotal:
    category: str
    currency: str
    money: Split = field(default_factory=Split)
    units: list[UnitTotal] = field(default_factory=list)
    missing: list[MissingRate] = field(default_factory=list)
    pledges: int = 0  # originals, not withdrawn, with or without an amount
    withdrawn: int = 0

    @property
    def label(self) -> str:
        if self.category == "all":
            return "All categories"
        return Category(self.category).label if self.category in Category.values else self.category

    @property
    def missing_pledges(self) -> int:
        return sum(m.pledges for m in self.missing)

    def unit(self, unit: str) -> UnitTotal:
        for total in self.units:
            if total.unit == unit:
                return total
        total = UnitTotal(unit)
        self.units.append(total)
        return total


def display_currency(request: HttpRequest) -> str:
    """The `currency` GET parameter when it is one we offer, else USD."""
    wanted = request.GET.get("currency", "").upper()
    return wanted if wanted in DISPLAY_CURRENCIES else "USD"


def totals_context(request: HttpRequest, pledges: QuerySet, rollup: QuerySet | None = None) -> dict:
    """The context `pledges/_totals.html` expects, for views that include it; from the `rollup`
    rows of the same pledges when given (and every amount had a rate)."""
    currency = display_currency(request)
    if rollup is not None:
        totals = category_totals_from_rollup(rollup, currency, pledges)
    else:
        totals = category_totals(pledges, currency)
    return {"totals": totals, "display_currency": currency}


def category_totals_from_rollup(
    rows: QuerySet, currency: str = "USD", pledges: QuerySet | None = None
) -> list[CategoryTotal] | None:
    """category_totals() from PledgeRollup rows (pledges/rollup.py): one query over a few hundred
    rows. Amounts without a rate are counted in the rollup but not named: the same `pledges` of
    the months concerned say which currency and month (two more queries, only then); without
    them, None."""
    from pledges.models import ROLLUP_BUCKETS, ROLLUP_UNITS
    from pledges.rollup import from_hundredths, read_sums

    groups = list(rows.order_by().values("category").annotate(**read_sums(currency, unit_approx=True)))
    gaps: dict[str, list[MissingRate]] = {}
    if any(group["missing"] for group in groups):
        if pledges is None:
            return None
        gaps = _gaps(rows, pledges, currency)
    by_category: dict[str, CategoryTotal] = {}
    for group in groups:
        total = by_category.setdefault(group["category"], CategoryTotal(group["category"], currency))
        total.withdrawn += group["withdrawn"] or 0
        for bucket in ROLLUP_BUCKETS:
            mine = "committed" if bucket == "announced" else bucket  # three buckets here
            total.pledges += group[f"n_{bucket}"] or 0
            if group[f"money_n_{bucket}"]:
                total.money.bucket(mine).add(
                    from_hundredths(group[f"money_{bucket}"]),
                    group[f"money_n_{bucket}"],
                    bool(group[f"approx_{bucket}"]),
                )
            for unit in ROLLUP_UNITS:
                if group[f"{unit}_n_{bucket}"]:
                    total.unit(unit).split.bucket(mine).add(
                        from_hundredths(group[f"{unit}_{bucket}"]),
                        group[f"{unit}_n_{bucket}"],
                        bool(group[f"{unit}_approx"]),
                    )
    for category, missing in gaps.items():
        if category in by_category:
            by_category[category].missing = missing
    return _ordered(by_category)


def _bucket_expression() -> Case:
    unmet = Exists(Condition.objects.filter(pledge=OuterRef("pk")).exclude(state=ConditionState.MET))
    return Case(
        When(status=PledgeStatus.WITHDRAWN, then=Value("withdrawn")),
        When(unmet, then=Value("conditional")),
        When(status=PledgeStatus.DELIVERED, then=Value("delivered")),
        default=Value("committed"),
        output_field=CharField(),
    )


def _month_expression(currency: str) -> Case:
    # Only money that has to be converted needs its month; grouping the rest by month is wasted rows.
    no_rate_needed = [*NON_MONEY_UNITS, "", currency]
    # Cast: PostgreSQL's DATE_TRUNC returns a timestamp, and inside a Case Django does not convert it
    # back to a date, so the (currency, month) rate lookups would silently miss on PostgreSQL.
    month = Cast(TruncMonth("announced_on"), output_field=DateField())
    return Case(When(amount_unit__in=no_rate_needed, then=None), default=month, output_field=DateField())


def category_totals(pledges: QuerySet, currency: str = "USD") -> list[CategoryTotal]:
    """Totals per category of the given pledges (already filtered for what the reader may see).

    Returns one CategoryTotal per category present, in the order of `Category`, money in
    `currency` (USD or EUR). Amounts are Decimals rounded to cents.
    """
    currency = currency.upper()
    if currency not in DISPLAY_CURRENCIES:
        raise ValueError(f"Display currency must be one of {DISPLAY_CURRENCIES}, not {currency!r}")
    # A pk subquery keeps the grouping correct when the filtered queryset joins (text search on
    # conditions) or is distinct: grouping joined rows would count a pledge once per join row.
    base = Pledge.objects.filter(pk__in=pledges.order_by().values("pk")) if _needs_wrap(pledges) else pledges
    groups = list(
        base.order_by()
        .filter(restates__isnull=True)
        .annotate(bucket=_bucket_expression(), month=_month_expression(currency))
        .values("category", "bucket", "amount_unit", "month")
        .annotate(
            n=Count("id"),
            approx=Count("id", filter=Q(amount_approximate=True)),
            total=Sum("amount_value"),
        )
    )
    for row in groups:
        row["month"] = _as_date(row["month"])
    rates = _rates_for(groups, currency)

    by_category: dict[str, CategoryTotal] = {}
    missing: dict[tuple[str, str, dt.date | None], MissingRate] = {}
    for row in groups:
        cat = row["category"]
        total = by_category.setdefault(cat, CategoryTotal(cat, currency))
        bucket, unit, n = row["bucket"], row["amount_unit"], row["n"]
        if bucket == "withdrawn":
            total.withdrawn += n
            continue
        total.pledges += n
        if not unit or row["total"] is None:
            continue
        value, approximate = Decimal(row["total"]), row["approx"] > 0
        if unit in NON_MONEY_UNITS:
            total.unit(unit).split.bucket(bucket).add(value, n, approximate)
            continue
        converted = _convert(value, unit, row["month"], currency, rates)
        if converted is None:
            key = (cat, unit, row["month"])
            gap = missing.setdefault(key, MissingRate(unit, row["month"]))
            gap.pledges += n
            gap.amount += value
            continue
        total.money.bucket(bucket).add(converted, n, approximate)

    for (cat, _unit, _month), gap in sorted(missing.items(), key=_missing_sort_key):
        by_category[cat].missing.append(gap)
    return _ordered(by_category)


def _gaps(rows: QuerySet, pledges: QuerySet, currency: str) -> dict[str, list[MissingRate]]:
    """Which amounts had no rate, by category: from the pledges of the months the rollup flags."""
    months = set(rows.filter(**{f"missing_{currency.lower()}__gt": 0}).values_list("month", flat=True))
    when = Q(announced_on__isnull=True) if None in months else Q(pk__in=[])
    for month in months - {None}:
        when |= Q(announced_on__gte=month, announced_on__lt=(month + dt.timedelta(days=32)).replace(day=1))
    return {total.category: total.missing for total in category_totals(pledges.filter(when), currency)}


def _ordered(by_category: dict[str, CategoryTotal]) -> list[CategoryTotal]:
    order = {value: i for i, value in enumerate(Category.values)}
    result = sorted(by_category.values(), key=lambda t: order.get(t.category, len(order)))
    for total in result:
        _round(total)
        total.units.sort(key=lambda u: list(UNIT_LABELS).index(u.unit) if u.unit in UNIT_LABELS else 99)
    return result


def overall(totals: list[CategoryTotal], currency: str = "USD") -> CategoryTotal:
    """All categories added together (same rules; units still kept apart)."""
    grand = CategoryTotal("all", currency)
    for total in totals:
        grand.pledges += total.pledges
        grand.withdrawn += total.withdrawn
        for bucket in BUCKETS:
            part = total.money.bucket(bucket)
            grand.money.bucket(bucket).add(part.value, part.pledges, part.approximate)
        for unit_total in total.units:
            mine = grand.unit(unit_total.unit)
            for bucket in BUCKETS:
                part = unit_total.split.bucket(bucket)
                mine.split.bucket(bucket).add(part.value, part.pledges, part.approximate)
        grand.missing.extend(total.missing)
    return grand


def _as_date(value: dt.date | dt.datetime | None) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


def _needs_wrap(pledges: QuerySet) -> bool:
    # Filters across to-many relations (text search in conditions) come with distinct(); forward
    # joins (actor country code) cannot repeat a pledge and are grouped as they are.
    query = pledges.query
    return bool(query.distinct or query.is_sliced or query.combinator)


def _rates_for(groups: list[dict], currency: str) -> dict[tuple[str, dt.date], Decimal]:
    needed_currencies, months = set(), set()
    for row in groups:
        unit, month = row["amount_unit"], row["month"]
        if unit and unit not in NON_MONEY_UNITS and month is not None:
            months.add(month)
            needed_currencies.update(c for c in (unit, currency) if c != "USD")
    if not needed_currencies:
        return {}
    rows = ExchangeRate.objects.filter(currency__in=needed_currencies, month__in=months).values_list(
        "currency", "month", "usd_per_unit"
    )
    return {(c, m): rate for c, m, rate in rows if rate}


def _convert(
    value: Decimal,
    unit: str,
    month: dt.date | None,
    currency: str,
    rates: dict[tuple[str, dt.date], Decimal],
) -> Decimal | None:
    """`value` of `unit` in `currency` at the month's rate; None when a rate (or the date) is missing."""
    if unit == currency:
        return value
    if month is None:
        return None
    to_usd = Decimal(1) if unit == "USD" else rates.get((unit, month))
    usd_per_display = Decimal(1) if currency == "USD" else rates.get((currency, month))
    if to_usd is None or usd_per_display is None:
        return None
    return value * to_usd / usd_per_display


def _missing_sort_key(item: tuple) -> tuple:
    (_cat, unit, month), _gap = item
    return (unit, month or dt.date.min)


def _round(total: CategoryTotal) -> None:
    splits = [total.money, *(u.split for u in total.units)]
    for split in splits:
        for bucket in BUCKETS:
            part = split.bucket(bucket)
            part.value = part.value.quantize(CENT)
    for gap in total.missing:
        gap.amount = gap.amount.quantize(CENT)
