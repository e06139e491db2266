"""Rollups of confirmed pledges, kept current by the writers, so cold pages aggregate a few
thousand rows instead of every pledge.

Two tables (pledges/models.py), both keyed per actor and month, with the stages, currencies and
units as measure columns:

- `PledgeRollup`: actor × month × category (timeline bins; rankings by actor, category, month;
  the country page's totals and count);
- `BeneficiaryRollup`: actor × month × beneficiary (ranking by beneficiary; a beneficiary filter).

What is in them: **confirmed** pledges only (what analysts see by default). Unreviewed results
(ingestion writes nothing else) never touch them; a view asking for unreviewed pledges reads the
pledges (see `PledgeFilterSet.rollup`). Money is converted to USD and EUR when the rollup row is
written, at the announcement month's rate, by the same rules as pledges/data_out/money.py.

How they stay current — in the writing transaction, by recomputing **slices** (one actor, one
month) from the pledges rather than adding deltas:

- saves and deletes of pledges and conditions (signals: the review queue, the admin, merges, undo);
  a save that changes nothing the rollup reads costs no query;
- exchange-rate saves and deletes (signals), and `refresh_months()` after bulk rate loads;
- bulk writers call `refresh()` / `rebuild()` themselves (`generate_synthetic_data`).

Concurrency: on PostgreSQL a writer takes a transaction-level advisory lock per slice (in a fixed
order) before it reads the slice's pledges, so a second writer of the same slice waits for the first
to commit and then reads its rows (READ COMMITTED: each statement sees what committed before it).
No count is lost, and readers never wait. Month-wide refreshes and `rebuild()` lock the pledge and
condition tables in SHARE mode instead. SQLite has one writer at a time already.
A save outside any transaction (a shell) gets the refresh in a transaction of its own right after.

`rebuild()` recomputes everything (`manage.py rebuild_rollups`); `differences()` compares the
tables with a fresh computation (`manage.py rebuild_rollups --check`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, Sum

from pledges.querysets import PeriodStart

CONFIRMED = "confirmed"
NON_MONEY = ("troops", "percent_gdp", "people", "items")
BUCKETS = ("announced", "committed", "delivered", "conditional")
CENT = Decimal("0.01")
# The pledge fields a rollup row depends on: a save that changes none of them needs no refresh.
FIELDS = (
    "actor_country_id",
    "actor_organisation_id",
    "beneficiary_country_id",
    "beneficiary_organisation_id",
    "category",
    "announced_on",
    "status",
    "review_state",
    "amount_value",
    "amount_unit",
    "amount_approximate",
    "restates_id",
)
Slice = tuple[int | None, int | None, dt.date | None]  # actor country, actor organisation, month


@dataclass(frozen=True)
class Models:
    """The models the rollup is computed from and written to: the app's own, or a migration's."""

    pledge: Any
    condition: Any
    rate: Any
    by_category: Any
    by_beneficiary: Any


def current_models() -> Models:
    from pledges.models import BeneficiaryRollup, Condition, ExchangeRate, Pledge, PledgeRollup

    return Models(Pledge, Condition, ExchangeRate, PledgeRollup, BeneficiaryRollup)


# --- computing ---------------------------------------------------------------------------------


def month_of(day: dt.date | str | None) -> dt.date | None:
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    if isinstance(day, dt.datetime):
        day = day.date()
    return day.replace(day=1) if day else None


def _grouped(m: Models, pledge_q: Q) -> models.QuerySet:
    """Confirmed pledges of the slices, grouped by everything a rollup row is keyed or split on."""
    conditions = m.condition.objects.filter(pledge=OuterRef("pk"))
    return (
        m.pledge.objects.filter(pledge_q, review_state=CONFIRMED)
        .order_by()
        .annotate(
            m=PeriodStart("announced_on", "month"),
            restatement=ExpressionWrapper(Q(restates__isnull=False), output_field=BooleanField()),
            unmet=Exists(conditions.exclude(state="met")),
            anycond=Exists(conditions),
        )
        .values(
            "actor_country_id",
            "actor_organisation_id",
            "beneficiary_country_id",
            "beneficiary_organisation_id",
            "category",
            "m",
            "status",
            "amount_unit",
            "amount_approximate",
            "restatement",
            "unmet",
            "anycond",
        )
        .annotate(n=Count("id"), total=Sum("amount_value"))
    )


def _bucket(status: str, unmet: bool) -> str:
    if status == "withdrawn":
        return "withdrawn"
    if unmet:
        return "conditional"
    if status == "delivered":
        return "delivered"
    if status in ("committed", "in_progress"):
        return "committed"
    return "announced"


def _rates(m: Models, groups: list[dict]) -> dict[tuple[str, dt.date], Decimal]:
    months = {g["m"] for g in groups if g["amount_unit"] and g["amount_unit"] not in NON_MONEY and g["m"]}
    if not months:
        return {}
    currencies = {g["amount_unit"] for g in groups} - {"USD", "", *NON_MONEY} | {"EUR"}
    rows = m.rate.objects.filter(month__in=months, currency__in=currencies).values_list(
        "currency", "month", "usd_per_unit"
    )
    return {(c, month): rate for c, month, rate in rows if rate}


def _convert(value: Decimal, unit: str, month: dt.date | None, currency: str, rates: dict) -> Decimal | None:
    from pledges.data_out.money import _convert as convert

    return convert(value, unit, month, currency, rates)


def read_sums(currency: str, *, unit_approx: bool = False) -> dict[str, Sum]:
    """The aggregate every reader of the rollups asks for: per stage, the count, the money in the
    display currency (with how many amounts and how many approximate) and each other unit."""
    from pledges.models import ROLLUP_BUCKETS, ROLLUP_UNITS

    cur = currency.lower()
    sums = {"withdrawn": Sum("withdrawn"), "missing": Sum(f"missing_{cur}")}
    for bucket in ROLLUP_BUCKETS:
        sums[f"n_{bucket}"] = Sum(f"pledges_{bucket}")
        sums[f"money_{bucket}"] = Sum(f"{cur}_{bucket}")
        sums[f"money_n_{bucket}"] = Sum(f"{cur}_n_{bucket}")
        sums[f"approx_{bucket}"] = Sum(f"{cur}_approx_{bucket}")
        for unit in ROLLUP_UNITS:
            sums[f"{unit}_{bucket}"] = Sum(f"{unit}_{bucket}")
            sums[f"{unit}_n_{bucket}"] = Sum(f"{unit}_n_{bucket}")
    if unit_approx:
        for unit in ROLLUP_UNITS:
            sums[f"{unit}_approx"] = Sum(f"{unit}_approx")
    return sums


def hundredths(value: Decimal) -> int:
    """How amounts are stored in the rollups: whole cents (hundredths of a unit)."""
    return int(value.quantize(CENT) * 100)


def from_hundredths(value: int | None) -> Decimal:
    return Decimal(value or 0) / 100


def fold(m: Models, groups: Iterable[dict], rates: dict) -> tuple[dict, dict]:
    """Rollup rows (key -> measures) of both tables from the grouped pledges."""
    by_category: dict[tuple, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    by_beneficiary: dict[tuple, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    for g in groups:
        month = g["m"].date() if isinstance(g["m"], dt.datetime) else g["m"]
        actor = (g["actor_country_id"], g["actor_organisation_id"], month)
        rows = (
            by_category[(*actor, g["category"])],
            by_beneficiary[(*actor, g["beneficiary_country_id"], g["beneficiary_organisation_id"])],
        )
        n, unit, total = g["n"], g["amount_unit"], g["total"]
        for row in rows:
            if g["restatement"]:
                row["restated"] += n
                continue
            if g["anycond"]:
                row["any_condition"] += n
            if g["status"] == "delivered":
                row["delivered_status"] += n
            bucket = _bucket(g["status"], g["unmet"])
            if bucket == "withdrawn":
                row["withdrawn"] += n
                continue
            row[f"pledges_{bucket}"] += n
            if not unit or total is None:
                continue
            value = Decimal(total)
            if unit in NON_MONEY:
                row[f"{unit}_{bucket}"] += hundredths(value)
                row[f"{unit}_n_{bucket}"] += n
                if g["amount_approximate"]:
                    row[f"{unit}_approx"] += n
                continue
            for currency in ("USD", "EUR"):
                key = currency.lower()
                converted = _convert(value, unit, month, currency, rates)
                if converted is None:
                    row[f"missing_{key}"] += n
                    continue
                row[f"{key}_{bucket}"] += hundredths(converted)
                row[f"{key}_n_{bucket}"] += n
                if g["amount_approximate"]:
                    row[f"{key}_approx_{bucket}"] += n
    return by_category, by_beneficiary


def compute(m: Models, pledge_q: Q) -> tuple[dict, dict]:
    """Both tables' rows for the pledges matching `pledge_q`, computed afresh."""
    groups = list(_grouped(m, pledge_q).iterator(chunk_size=10_000))
    return fold(m, groups, _rates(m, groups))


def _instances(m: Models, by_category: dict, by_beneficiary: dict) -> tuple[list, list]:
    first = [
        m.by_category(actor_country_id=c, actor_organisation_id=o, month=month, category=cat, **measures)
        for (c, o, month, cat), measures in by_category.items()
    ]
    second = [
        m.by_beneficiary(
            actor_country_id=c,
            actor_organisation_id=o,
            month=month,
            beneficiary_country_id=bc,
            beneficiary_organisation_id=bo,
            **measures,
        )
        for (c, o, month, bc, bo), measures in by_beneficiary.items()
    ]
    return first, second


def _replace(m: Models, pledge_q: Q, rollup_q: Q) -> None:
    by_category, by_beneficiary = compute(m, pledge_q)
    m.by_category.objects.filter(rollup_q).delete()
    m.by_beneficiary.objects.filter(rollup_q).delete()
    first, second = _instances(m, by_category, by_beneficiary)
    m.by_category.objects.bulk_create(first, batch_size=2000)
    m.by_beneficiary.objects.bulk_create(second, batch_size=2000)


# --- slices and locks ----------------------------------------------------------------------------


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _pledge_q(piece: Slice) -> Q:
    country, organisation, month = piece
    q = Q(actor_country_id=country) if country is not None else Q(actor_organisation_id=organisation)
    if month is None:
        return q & Q(announced_on__isnull=True)
    return q & Q(announced_on__gte=month, announced_on__lt=_next_month(month))


def _rollup_q(piece: Slice) -> Q:
    country, organisation, month = piece
    q = Q(actor_country_id=country) if country is not None else Q(actor_organisation_id=organisation)
    return q & (Q(month__isnull=True) if month is None else Q(month=month))


def _lock_key(piece: Slice) -> int:
    digest = hashlib.blake2b(repr(("pledge-rollup", *piece)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _lock(pieces: list[Slice]) -> None:
    """Wait for (and hold until commit) the slices' advisory locks, in one statement, sorted."""
    if connection.vendor != "postgresql":
        return
    keys = sorted({_lock_key(piece) for piece in pieces})
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(["pg_advisory_xact_lock(%s)"] * len(keys)), keys)


def _lock_tables(m: Models) -> None:
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(t._meta.db_table) for t in (m.pledge, m.condition))
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {tables} IN SHARE MODE")


def refresh(pieces: Iterable[Slice], m: Models | None = None) -> None:
    """Recompute the rollup rows of these (actor, month) slices from their pledges."""
    pieces = sorted(set(pieces), key=lambda p: (p[0] or 0, p[1] or 0, p[2] or dt.date.min))
    if not pieces:
        return
    m = m or current_models()
    pledge_q, rollup_q = Q(), Q()
    for piece in pieces:
        pledge_q |= _pledge_q(piece)
        rollup_q |= _rollup_q(piece)
    with transaction.atomic():
        _lock(pieces)
        _replace(m, pledge_q, rollup_q)


def refresh_months(months: Iterable[dt.date | None], m: Models | None = None) -> None:
    """Recompute whole months (every actor): after exchange rates of those months changed."""
    months = {month_of(month) for month in months}
    if not months:
        return
    m = m or current_models()
    ordered = sorted(months, key=lambda month: month or dt.date.min)
    with transaction.atomic():
        _lock_tables(m)
        for start in range(0, len(ordered), 48):  # a few years per statement: SQLite limits OR depth
            pledge_q, rollup_q = Q(), Q()
            for month in ordered[start : start + 48]:
                if month is None:
                    pledge_q |= Q(announced_on__isnull=True)
                    rollup_q |= Q(month__isnull=True)
                else:
                    pledge_q |= Q(announced_on__gte=month, announced_on__lt=_next_month(month))
                    rollup_q |= Q(month=month)
            _replace(m, pledge_q, rollup_q)


def rebuild(m: Models | None = None) -> tuple[int, int]:
    """Recompute both tables from scratch; returns their row counts."""
    m = m or current_models()
    with transaction.atomic():
        _lock_tables(m)
        by_category, by_beneficiary = compute(m, Q())
        m.by_category.objects.all().delete()
        m.by_beneficiary.objects.all().delete()
        first, second = _instances(m, by_category, by_beneficiary)
        m.by_category.objects.bulk_create(first, batch_size=5000)
        m.by_beneficiary.objects.bulk_create(second, batch_size=5000)
    return len(first), len(second)


KEYS = {
    "by_category": ("actor_country_id", "actor_organisation_id", "month", "category"),
    "by_beneficiary": (
        "actor_country_id",
        "actor_organisation_id",
        "month",
        "beneficiary_country_id",
        "beneficiary_organisation_id",
    ),
}


def _normal(measures: dict[str, Any]) -> dict[str, Any]:
    exact: dict[str, Any] = {
        k: Decimal(v).quantize(CENT) if isinstance(v, Decimal | float) else v for k, v in measures.items()
    }
    return {k: v for k, v in exact.items() if v}


def differences(m: Models | None = None, limit: int = 20) -> list[str]:
    """Where the tables differ from a fresh computation (empty when incremental upkeep is right)."""
    m = m or current_models()
    expected = dict(zip(("by_category", "by_beneficiary"), compute(m, Q()), strict=True))
    out: list[str] = []
    for name, keys in KEYS.items():
        model = getattr(m, name)
        measures = [f.attname for f in model._meta.concrete_fields if f.attname not in (*keys, "id")]
        stored: dict[tuple, dict] = {}
        for row in model.objects.values(*keys, *measures):
            key = tuple(row[k] for k in keys)
            if key in stored:
                out.append(f"{name}: key {key} stored twice")
            stored[key] = _normal({k: row[k] for k in measures})
        fresh = {key: _normal(dict(values)) for key, values in expected[name].items()}
        for key in sorted(set(stored) | set(fresh), key=repr):
            if stored.get(key) != fresh.get(key):
                out.append(f"{name} {key}: stored {stored.get(key)} != computed {fresh.get(key)}")
    return out[:limit]


# --- upkeep from signals --------------------------------------------------------------------------


def state_of(pledge: models.Model) -> tuple:
    return tuple(getattr(pledge, name) for name in FIELDS)


def slice_of(state: tuple | None) -> Slice | None:
    """The slice a pledge in this state counts in, or None when it counts nowhere (not confirmed)."""
    if state is None:
        return None
    values = dict(zip(FIELDS, state, strict=True))
    if values["review_state"] != CONFIRMED:
        return None
    return (values["actor_country_id"], values["actor_organisation_id"], month_of(values["announced_on"]))


def remember(pledge: models.Model, field_names: Iterable[str]) -> None:
    """Called when a pledge is loaded: what it looked like, so a save can tell what changed."""
    if set(FIELDS) <= set(field_names) | {"id"}:
        pledge._rollup_state = state_of(pledge)


def _pledge_pre_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or getattr(instance, "_rollup_state", None) is not None or instance.pk is None:
        return
    if instance._state.adding:
        instance._rollup_state = None
        return
    instance._rollup_state = sender._default_manager.filter(pk=instance.pk).values_list(*FIELDS).first()


def _pledge_post_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    old, new = getattr(instance, "_rollup_state", None), state_of(instance)
    instance._rollup_state = new
    if old == new:
        return
    refresh(piece for piece in (slice_of(old), slice_of(new)) if piece is not None)


def _pledge_pre_delete(sender, instance, **kwargs) -> None:
    # Its confirmed re-announcements become originals (restates is SET_NULL, without signals).
    restatements = sender._default_manager.filter(restates=instance.pk, review_state=CONFIRMED)
    pieces = (slice_of(state) for state in restatements.values_list(*FIELDS))
    instance._rollup_restatements = [piece for piece in pieces if piece is not None]


def _pledge_post_delete(sender, instance, **kwargs) -> None:
    pieces = [*getattr(instance, "_rollup_restatements", []), slice_of(state_of(instance))]
    refresh(piece for piece in pieces if piece is not None)


def _condition_state(condition: models.Model) -> tuple:
    return (condition.pledge_id, condition.state)


def remember_condition(condition: models.Model, field_names: Iterable[str]) -> None:
    if {"pledge_id", "state"} <= set(field_names):
        condition._rollup_state = _condition_state(condition)


def _condition_post_save(sender, instance, raw=False, created=False, **kwargs) -> None:
    if raw:
        return
    if not created and getattr(instance, "_rollup_state", None) == _condition_state(instance):
        return
    _refresh_pledge_of(instance)


def _condition_post_delete(sender, instance, **kwargs) -> None:
    _refresh_pledge_of(instance)


def _refresh_pledge_of(condition: models.Model) -> None:
    from pledges.models import Pledge

    condition._rollup_state = _condition_state(condition)
    pledge = condition._state.fields_cache.get("pledge")
    if pledge is not None and pledge.pk == condition.pledge_id:
        state = state_of(pledge)
    else:
        state = Pledge._default_manager.filter(pk=condition.pledge_id).values_list(*FIELDS).first()
    piece = slice_of(state)
    if piece is not None:
        refresh([piece])


def _rate_pre_save(sender, instance, raw=False, **kwargs) -> None:
    # A rate moved to another month changes the conversions of both months (a new rate has no old one).
    instance._rollup_old_month = None
    if not raw and instance.pk is not None:
        instance._rollup_old_month = (
            sender._default_manager.filter(pk=instance.pk).values_list("month", flat=True).first()
        )


def _rate_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        months = {instance.month, getattr(instance, "_rollup_old_month", None)} - {None}
        refresh_months(months)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

    from pledges.models import Condition, ExchangeRate, Pledge

    pre_save.connect(_pledge_pre_save, sender=Pledge, dispatch_uid="rollup-pledge-pre-save")
    post_save.connect(_pledge_post_save, sender=Pledge, dispatch_uid="rollup-pledge-save")
    pre_delete.connect(_pledge_pre_delete, sender=Pledge, dispatch_uid="rollup-pledge-pre-delete")
    post_delete.connect(_pledge_post_delete, sender=Pledge, dispatch_uid="rollup-pledge-delete")
    post_save.connect(_condition_post_save, sender=Condition, dispatch_uid="rollup-condition-save")
    post_delete.connect(_condition_post_delete, sender=Condition, dispatch_uid="rollup-condition-delete")
    pre_save.connect(_rate_pre_save, sender=ExchangeRate, dispatch_uid="rollup-rate-pre-save")
    post_save.connect(_rate_changed, sender=ExchangeRate, dispatch_uid="rollup-rate-save")
    post_delete.connect(_rate_changed, sender=ExchangeRate, dispatch_uid="rollup-rate-delete")
