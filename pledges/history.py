"""A pledge's change history as people read it: who, when, why, and field-by-field differences.

One implementation for the analysts' pledge page and the editors' history page (they differ only
in what they show around it), read from django-simple-history's records in one query.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from pledges.models import Pledge

HIDDEN = {"id", "created_at", "updated_at", "reviewed_at", "reviewed_by"}
KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class Change:
    field: str  # the field's label ("Review state")
    old: str
    new: str


@dataclass
class Entry:
    when: dt.datetime
    who: Any  # the user, or None for the system (ingestion, loaders)
    kind: str  # Created / Changed / Deleted
    reason: str  # the change reason recorded with it ("Confirmed in review", "Undone: …")
    changes: list[Change] = field(default_factory=list)


def pledge_history(pledge: Pledge) -> list[Entry]:
    """Every recorded version of the pledge, newest first, each compared with the one before it."""
    records = list(pledge.history.select_related("history_user").order_by("-history_date", "-history_id"))
    fields = {f.name: f for f in Pledge._meta.fields}
    entries = []
    for newer, older in itertools.zip_longest(records, records[1:]):
        changes = []
        if older is not None:
            for change in newer.diff_against(older).changes:
                if change.field in HIDDEN:
                    continue
                model_field = fields.get(change.field)
                label = model_field.verbose_name if model_field else change.field
                changes.append(
                    Change(
                        str(label).capitalize(),
                        display(model_field, change.old),
                        display(model_field, change.new),
                    )
                )
        entries.append(
            Entry(
                when=newer.history_date,
                who=newer.history_user,
                kind=KINDS.get(newer.history_type, ""),
                reason=newer.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def display(model_field: Any, value: Any) -> str:
    """A stored value as a reader knows it: choice labels, #id for relations, — for nothing."""
    if value in (None, ""):
        return "—"
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field is not None and model_field.is_relation:
        return f"#{value}"
    return str(value)
