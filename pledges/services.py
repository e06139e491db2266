"""Writes on the domain that several entry points share (review queue, admin actions)."""

from __future__ import annotations

from django.utils import timezone

from pledges.models import Pledge


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
