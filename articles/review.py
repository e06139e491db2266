"""Review decisions on pledges: confirm, reject, bulk, edit, link a restatement, reopen and undo.

Every write goes through a function here so that the queue, the bulk form and the Django admin
record the same history: who acted (`_history_user`), when, and why (`_change_reason`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from articles.models import Article, CandidateState, Evidence, PossiblePledge
from pledges.choices import ReviewState
from pledges.models import Pledge
from pledges.services import set_review_state
from pledges.wording import similarity

SUGGESTION_LIMIT = 3
SUGGESTION_MIN_SIMILARITY = 0.3


class ReviewError(Exception):
    """An action that cannot apply (already reviewed, a restatement loop…); the message is for people."""


def _record(obj, user, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason[:100]


# ---------------------------------------------------------------------------------------------
# Pledges


def confirm(pledge: Pledge, user, note: str = "") -> Pledge:
    """Confirm an extracted pledge: from now on analysts see it."""
    return _set_state(pledge, user, ReviewState.CONFIRMED, note, "Confirmed in review")


def reject(pledge: Pledge, user, reason: str = "") -> Pledge:
    """Reject an extracted pledge; it stays (with the reason) so re-extraction does not bring it back."""
    label = f"Rejected in review: {reason}" if reason else "Rejected in review"
    return _set_state(pledge, user, ReviewState.REJECTED, reason, label)


def _set_state(pledge: Pledge, user, state: str, note: str, reason: str) -> Pledge:
    return set_review_state(pledge, user, state, reason=reason, note=note)


def bulk_review(pledges: Iterable[Pledge], user, action: str, reason: str = "") -> int:
    """Confirm or reject many pledges at once; each gets its own history record."""
    act = {"confirm": confirm, "reject": reject}[action]
    count = 0
    with transaction.atomic():
        for pledge in pledges:
            if action == "confirm":
                act(pledge, user)
            else:
                act(pledge, user, reason)
            count += 1
    return count


def reopen(pledge: Pledge, user) -> Pledge:
    """Put a decided pledge back in the queue (decided by mistake); the history keeps the decision."""
    if pledge.review_state == ReviewState.EXTRACTED:
        raise ReviewError(f"Pledge #{pledge.pk} is already awaiting review.")
    with transaction.atomic():
        pledge.review_state = ReviewState.EXTRACTED
        pledge.reviewed_by = None
        pledge.reviewed_at = None
        pledge.review_note = ""
        _record(pledge, user, "Reopened for review")
        pledge.save()
    return pledge


# Fields an undo leaves alone: identity and timestamps the database keeps.
UNDO_KEEPS = {"id", "created_at", "updated_at"}


def latest_record_id(pledge: Pledge) -> int | None:
    """The pledge's newest history record: what an Undo button names, so a stale undo is refused."""
    return latest_records([pledge.pk]).get(pledge.pk)


def latest_records(pledge_ids: list[int]) -> dict[int, int]:
    """The newest history record of each pledge, in one query (to undo a bulk action)."""
    rows = Pledge.history.filter(id__in=pledge_ids).values("id").annotate(last=Max("history_id")).order_by()
    return {row["id"]: row["last"] for row in rows}


def undo(pledge: Pledge, record_id: int, user) -> Pledge:
    """Undo the change recorded as `record_id` (confirm, reject, edit, link…): the pledge and its
    conditions go back to how they were just before it. Nothing is erased: the undo is a new record.

    Refused when the pledge changed again since, so an old Undo button cannot roll back someone else.
    """
    with transaction.atomic():
        locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
        records = list(locked.history.order_by("-history_id")[:2])
        if not records or records[0].history_id != record_id:
            raise ReviewError(f"Pledge #{pledge.pk} has changed since; undo is no longer possible.")
        if len(records) < 2:
            raise ReviewError(f"Pledge #{pledge.pk} has no earlier version to go back to.")
        undone, before = records
        previous = before.instance
        for f in Pledge._meta.concrete_fields:
            if f.attname not in UNDO_KEEPS:
                setattr(locked, f.attname, getattr(previous, f.attname))
        label = undone.history_change_reason or "change"
        _record(locked, user, f"Undone: {label}")
        locked.save()
        _restore_conditions(locked, undone.history_date, user)
    pledge.refresh_from_db()
    return pledge


def _restore_conditions(pledge: Pledge, moment, user) -> None:
    """Conditions as they stood just before `moment`, from their own history."""
    from pledges.models import Condition

    then: dict[int, object] = {}
    for record in Condition.history.filter(pledge_id=pledge.pk, history_date__lt=moment).order_by(
        "history_date", "history_id"
    ):
        then[record.id] = record
    wanted = {pk: r for pk, r in then.items() if r.history_type != "-"}
    current = {c.pk: c for c in pledge.conditions.all()}
    for pk, condition in current.items():
        if pk not in wanted:
            _record(condition, user, "Undone: removed")
            condition.delete()
    for pk, record in wanted.items():
        condition = current.get(pk)
        if condition is not None and (condition.kind, condition.text, condition.state) == (
            record.kind,
            record.text,
            record.state,
        ):
            continue
        restored = record.instance
        restored.pledge = pledge
        _record(restored, user, "Undone: restored")
        restored.save()


def changed_fields(before: Pledge, after: Pledge, names: Iterable[str]) -> list[str]:
    return [name for name in names if getattr(before, name) != getattr(after, name)]


def save_edit(form, conditions, user) -> Pledge:
    """Save an edit made in the queue: the pledge form and its condition formset, in one transaction."""
    with transaction.atomic():
        pledge = form.save(commit=False)
        changed = list(form.changed_data)
        _record(pledge, user, "Edited in review" + (f": {', '.join(changed)}" if changed else ""))
        pledge.save()
        conditions.instance = pledge
        for condition in conditions.save(commit=False):
            _record(condition, user, "Edited in review")
            condition.save()
        for condition in conditions.deleted_objects:
            _record(condition, user, "Removed in review")
            condition.delete()
    return pledge


def link_restatement(pledge: Pledge, original: Pledge | None, user) -> Pledge:
    """Mark `pledge` as a re-announcement of `original` (or unlink it with None).

    Links always point at the first announcement, so counting originals never double counts.
    """
    if original is not None:
        original = original.restates or original
        if original.pk == pledge.pk:
            raise ReviewError("A pledge cannot restate itself.")
        if original.restates_id == pledge.pk:
            raise ReviewError("That pledge already restates this one.")
    with transaction.atomic():
        pledge.restates = original
        label = f"Linked as restating #{original.pk}" if original else "Unlinked from the earlier pledge"
        _record(pledge, user, label)
        pledge.save()
        if original is not None:
            # Pledges that restated this one now restate the original directly.
            for follower in Pledge.objects.filter(restates=pledge):
                follower.restates = original
                _record(follower, user, f"Re-linked to #{original.pk}")
                follower.save()
    return pledge


def restatement_suggestions(pledges: list[Pledge]) -> dict[int, list[Pledge]]:
    """Existing pledges with the same actor and beneficiary and close wording, for each pledge.

    Two queries for the whole page: every non-rejected pledge by the actors on it, and the quotes in
    the page's articles, so that a sibling read from the same sentence is not offered as the earlier
    announcement it would restate.
    """
    if not pledges:
        return {}
    countries = {p.actor_country_id for p in pledges if p.actor_country_id}
    organisations = {p.actor_organisation_id for p in pledges if p.actor_organisation_id}
    pool = list(
        Pledge.objects.filter(Q(actor_country_id__in=countries) | Q(actor_organisation_id__in=organisations))
        .exclude(review_state=ReviewState.REJECTED)
        .filter(restates__isnull=True)
        .select_related(
            "actor_country", "actor_organisation", "beneficiary_country", "beneficiary_organisation"
        )
        .order_by("announced_on", "id")
    )
    by_parties: dict[tuple, list[Pledge]] = defaultdict(list)
    for other in pool:
        by_parties[_parties(other)].append(other)
    spans: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    page_articles = Evidence.objects.filter(pledge_id__in=[p.pk for p in pledges]).values("article_id")
    for pledge_id, article_id, start, end in Evidence.objects.filter(
        article_id__in=page_articles
    ).values_list("pledge_id", "article_id", "start", "end"):
        spans[pledge_id].append((article_id, start, end))

    def siblings(a: Pledge, b: Pledge) -> bool:
        return any(
            x[0] == y[0] and x[1] < y[2] and y[1] < x[2]
            for x in spans.get(a.pk, ())
            for y in spans.get(b.pk, ())
        )

    suggestions: dict[int, list[Pledge]] = {}
    for pledge in pledges:
        scored = []
        for other in by_parties.get(_parties(pledge), []):
            if other.pk == pledge.pk or other.pk == pledge.restates_id or siblings(pledge, other):
                continue
            score = similarity(pledge.summary, other.summary)
            score += 0.1 if other.category == pledge.category else 0
            if score >= SUGGESTION_MIN_SIMILARITY:
                scored.append((score, other))
        scored.sort(key=lambda pair: (-pair[0], pair[1].pk))
        suggestions[pledge.pk] = [other for _, other in scored[:SUGGESTION_LIMIT]]
    return suggestions


def _parties(pledge: Pledge) -> tuple:
    return (
        pledge.actor_country_id,
        pledge.actor_organisation_id,
        pledge.beneficiary_country_id,
        pledge.beneficiary_organisation_id,
    )


def dismiss_possible(possible: PossiblePledge, user) -> None:
    """Close a possible pledge as not a pledge; re-extraction will not propose it again."""
    PossiblePledge.objects.filter(pk=possible.pk, state=CandidateState.PENDING).update(
        state=CandidateState.DISMISSED, decided_by=user, decided_at=timezone.now()
    )


def promote_possible(article: Article, start: int, end: int, user) -> int:
    """The editor added a pledge over this passage: pending possible pledges it covers are promoted."""
    return PossiblePledge.objects.filter(
        article=article, state=CandidateState.PENDING, start__lt=end, end__gt=start
    ).update(state=CandidateState.ACCEPTED, decided_by=user, decided_at=timezone.now())
