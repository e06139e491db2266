"""Merge duplicate countries, leaders or organisations into one survivor.

Extraction and admins sometimes create the same entity twice ("Zelensky" and "Volodymyr
Zelenskyy"). A merge re-points every row that refers to the duplicates (pledges, offices,
memberships, mentions, candidates…) to the survivor, keeps the duplicates' names as aliases so
the next extraction still recognises them, deletes the duplicates, and records all of it in the
history — in one transaction, so a failure leaves nothing half merged.

Relations are discovered from the model's meta, so a foreign key added later is merged too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, models, transaction
from simple_history.models import HistoricalChanges

from pledges.choices import AliasKind
from pledges.models import Country, CountryAlias, Leader, LeaderAlias, Organisation, OrganisationAlias


class MergeError(ValueError):
    """The merge cannot be done as asked (nothing to merge, survivor among the duplicates…)."""


@dataclass
class MergeResult:
    survivor: models.Model
    merged: list[str] = field(default_factory=list)  # names of the rows merged away
    moved: Counter = field(default_factory=Counter)  # "pledges.Pledge.actor_country" -> rows re-pointed
    aliases_added: list[str] = field(default_factory=list)


def _record(obj: models.Model, user, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason[:100]


def _tracked(model: type[models.Model]) -> bool:
    """True for models with django-simple-history: those rows are saved one by one for the record."""
    return hasattr(model, "history")


def references(model: type[models.Model]) -> list[models.ForeignKey]:
    """Every foreign key pointing at `model` (hidden ones too), except simple-history's records."""
    return [
        rel.field
        for rel in model._meta.get_fields(include_hidden=True)
        if rel.auto_created
        and not rel.concrete
        and (rel.one_to_many or rel.one_to_one)
        and not rel.field.model._meta.auto_created
        and not issubclass(rel.field.model, HistoricalChanges)
    ]


def usage(obj: models.Model) -> dict[str, int]:
    """How many rows refer to `obj`, by relation: shown when an admin picks the survivor."""
    counts = {}
    for fk in references(type(obj)):
        n = fk.model._default_manager.filter(**{fk.name: obj}).count()
        if n:
            counts[f"{fk.model._meta.verbose_name_plural} ({fk.verbose_name})"] = n
    return counts


def _repoint(survivor: models.Model, losers: Sequence[models.Model], user, result: MergeResult) -> None:
    reason = f"Merged into {survivor} (#{survivor.pk})"
    for fk in references(type(survivor)):
        rows = fk.model._default_manager.filter(**{f"{fk.name}__in": losers})
        key = f"{fk.model._meta.label}.{fk.name}"
        if not _tracked(fk.model):
            try:
                with transaction.atomic():
                    result.moved[key] += rows.update(**{fk.name: survivor})
                continue
            except IntegrityError:
                pass  # a unique constraint: fall back to one row at a time below
        for row in rows:
            setattr(row, fk.name, survivor)
            _record(row, user, reason)
            try:
                with transaction.atomic():
                    row.save()
                result.moved[key] += 1
            except IntegrityError:
                # The survivor already has the same row (an alias, a membership): drop the duplicate.
                _record(row, user, f"Duplicate removed by merge into #{survivor.pk}")
                type(row)._default_manager.filter(pk=row.pk).delete()


def _validate(survivor: models.Model, others: Iterable[models.Model]) -> list[models.Model]:
    losers = [o for o in others if o.pk != survivor.pk]
    if not losers:
        raise MergeError("Choose at least one other row to merge into the survivor.")
    if any(type(o) is not type(survivor) for o in losers):
        raise MergeError("Only rows of the same kind can be merged.")
    return losers


def _finish(survivor: models.Model, losers: Sequence[models.Model], user, result: MergeResult) -> MergeResult:
    names = ", ".join(f"{o} (#{o.pk})" for o in losers)
    for loser in losers:
        result.merged.append(str(loser))
        _record(loser, user, f"Merged into {survivor} (#{survivor.pk})")
        loser.delete()
    _record(survivor, user, f"Merged in: {names}")
    survivor.save()
    return result


def _add_alias(model: type[models.Model], user, survivor_reason: str, **fields) -> bool:
    if model._default_manager.filter(**fields).exists():
        return False
    alias = model(**fields)
    _record(alias, user, survivor_reason)
    alias.save()
    return True


@transaction.atomic
def merge_leaders(survivor: Leader, others: Iterable[Leader], user=None) -> MergeResult:
    """Fold duplicate leaders into `survivor`; their names become its aliases."""
    losers = _validate(survivor, others)
    result = MergeResult(survivor)
    _repoint(survivor, losers, user, result)
    for loser in losers:
        if loser.name != survivor.name and _add_alias(
            LeaderAlias, user, f"Name of merged #{loser.pk}", leader=survivor, name=loser.name
        ):
            result.aliases_added.append(loser.name)
        if survivor.country_id is None and loser.country_id is not None:
            survivor.country_id = loser.country_id
    return _finish(survivor, losers, user, result)


@transaction.atomic
def merge_organisations(survivor: Organisation, others: Iterable[Organisation], user=None) -> MergeResult:
    """Fold duplicate organisations into `survivor`; their names become its aliases."""
    losers = _validate(survivor, others)
    result = MergeResult(survivor)
    _repoint(survivor, losers, user, result)
    known = {survivor.name, survivor.full_name}
    for loser in losers:
        for name in (loser.name, loser.full_name):
            if (
                name
                and name not in known
                and _add_alias(
                    OrganisationAlias, user, f"Name of merged #{loser.pk}", organisation=survivor, name=name
                )
            ):
                result.aliases_added.append(name)
                known.add(name)
    return _finish(survivor, losers, user, result)


@transaction.atomic
def merge_countries(survivor: Country, others: Iterable[Country], user=None) -> MergeResult:
    """Fold duplicate countries into `survivor`; names and capitals become its aliases."""
    losers = _validate(survivor, others)
    result = MergeResult(survivor)
    _repoint(survivor, losers, user, result)
    known = {survivor.name, survivor.official_name}
    for loser in losers:
        wanted = [(loser.name, AliasKind.NAME), (loser.official_name, AliasKind.NAME)]
        if loser.capital and loser.capital != survivor.capital:
            wanted.append((loser.capital, AliasKind.CAPITAL))
        for name, kind in wanted:
            if (
                name
                and name not in known
                and _add_alias(
                    CountryAlias, user, f"Name of merged #{loser.pk}", country=survivor, kind=kind, name=name
                )
            ):
                result.aliases_added.append(name)
                known.add(name)
    return _finish(survivor, losers, user, result)
