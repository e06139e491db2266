"""Writes on the domain that several entry points share (review queue, admin actions)."""

from __future__ import annotations

from django.utils import timezone

from pledges.models import Condition, Pledge


def set_review_state(pledge: Pledge, user, state: str, *, reason: str, note: str = "") -> Pledge:
    """Confirm or reject one pledge, recording who did it and why on its history."""
    pledge.review_state = state
    pledge.reviewed_by = user if getattr(user, "is_authenticated", False) else None
    pledge.reviewed_at = timezone.now()
    if note:
        pledge.review_note = note
    pledge._history_user = user
    pledge._change_reason = reason[:100]
    pledge.save()
    return pledge


def set_condition_state(condition, user, state: str, on, source: str = "") -> Condition:
    """Mark a condition met, lapsed or pending again, with the day it changed and the article that
    reports it; recorded on the condition's history with the editor. Saving moves the `pledges`
    revision (pledges/revisions.py), so cached lists, totals and timelines are drawn afresh."""
    condition.state = state
    condition.state_changed_on = on
    condition.state_source = source
    condition._history_user = user
    condition._change_reason = f"state set to {state}"[:100]
    condition.save(update_fields=["state", "state_changed_on", "state_source"])
    return condition
