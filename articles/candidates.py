"""Decisions on leader and organisation candidates: names extraction found that the gazetteer lacks.

Accepting or attaching a name closes every pending candidate of that name (each with a history
record) and runs extraction again on their articles once the new name is committed.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from simple_history.utils import bulk_update_with_history

from articles import services
from articles.models import Article, CandidateState, LeaderCandidate, OrganisationCandidate
from articles.review import ReviewError, _record
from pledges.models import Country, Leader, LeaderAlias, Office, Organisation, OrganisationAlias, unique_slug


def _lock_pending(candidate: LeaderCandidate | OrganisationCandidate) -> None:
    """Hold the candidate for this decision; a second editor acting on it at once gets a message."""
    pending = (
        type(candidate).objects.select_for_update().filter(pk=candidate.pk, state=CandidateState.PENDING)
    )
    if not pending:
        raise ReviewError(f"“{candidate.name}” has already been decided.")


def _close_same_name(
    candidate: LeaderCandidate | OrganisationCandidate, user, state: str, field: str, target, reason: str
) -> set[int]:
    """Decide every pending candidate of the same name at once, each with a history record; return
    their articles."""
    model = type(candidate)
    same = list(
        model.objects.filter(Q(name=candidate.name, state=CandidateState.PENDING) | Q(pk=candidate.pk))
    )
    for row in same:
        row.state = state
        setattr(row, field, target)
    bulk_update_with_history(same, model, ["state", field], default_user=user, default_change_reason=reason)
    candidate.state = state
    setattr(candidate, field, target)
    return {row.article_id for row in same}


def _requeue_after_commit(article_ids: set[int]) -> None:
    """Run extraction again for these articles once the new names are committed."""
    transaction.on_commit(lambda: services.requeue(Article.objects.filter(pk__in=article_ids)))


def accept_candidate(
    candidate: LeaderCandidate,
    user,
    *,
    name: str,
    country: Country | None,
    office: str = "",
    organisation: Organisation | None = None,
    start=None,
) -> Leader:
    """Create the leader (and office) from a candidate; re-run every article that named them."""
    with transaction.atomic():
        _lock_pending(candidate)
        leader = Leader(name=name, country=country)
        _record(leader, user, f"Accepted from article #{candidate.article_id}")
        leader.save()
        if name != candidate.name:
            alias = LeaderAlias(leader=leader, name=candidate.name)
            _record(alias, user, "Name as written in the article")
            alias.save()
        if office:
            row = Office(leader=leader, title=office, country=country, organisation=organisation, start=start)
            _record(row, user, "Accepted from an article")
            row.save()
        article_ids = _close_same_name(
            candidate, user, CandidateState.ACCEPTED, "leader", leader, f"Accepted as {leader.name}"
        )
        _requeue_after_commit(article_ids)
    return leader


def alias_candidate(candidate: LeaderCandidate, user, leader: Leader) -> LeaderAlias | None:
    """Attach the candidate's name to an existing leader; re-run every article that named them."""
    with transaction.atomic():
        _lock_pending(candidate)
        alias = None
        if candidate.name != leader.name and not leader.aliases.filter(name=candidate.name).exists():
            alias = LeaderAlias(leader=leader, name=candidate.name)
            _record(alias, user, f"Alias from article #{candidate.article_id}")
            alias.save()
        article_ids = _close_same_name(
            candidate, user, CandidateState.ALIASED, "leader", leader, f"Attached to {leader.name}"
        )
        _requeue_after_commit(article_ids)
    return alias


def dismiss_candidate(candidate: LeaderCandidate | OrganisationCandidate, user) -> None:
    """Not a leader or organisation worth tracking; re-extraction will not propose the name again for
    this article."""
    with transaction.atomic():
        _lock_pending(candidate)
        candidate.state = CandidateState.DISMISSED
        _record(candidate, user, "Dismissed in review")
        candidate.save(update_fields=["state"])


# ---------------------------------------------------------------------------------------------
# Organisation candidates


def accept_org_candidate(
    candidate: OrganisationCandidate, user, *, name: str, kind: str, full_name: str = ""
) -> Organisation:
    """Create the organisation from a candidate; re-run every article that named it.

    The name as the article wrote it becomes an alias when the organisation is called otherwise.
    """
    with transaction.atomic():
        _lock_pending(candidate)
        organisation = Organisation(
            name=name, full_name=full_name, kind=kind, slug=unique_slug(Organisation, name, max_length=80)
        )
        _record(organisation, user, f"Accepted from article #{candidate.article_id}")
        try:
            with transaction.atomic():
                organisation.save()
        except IntegrityError as exc:  # the same name added a moment ago by someone else
            raise ReviewError(f"There is already an organisation called “{name}”.") from exc
        if candidate.name not in (name, full_name):
            alias = OrganisationAlias(organisation=organisation, name=candidate.name)
            _record(alias, user, "Name as written in the article")
            alias.save()
        article_ids = _close_same_name(
            candidate,
            user,
            CandidateState.ACCEPTED,
            "organisation",
            organisation,
            f"Accepted as {organisation.name}",
        )
        _requeue_after_commit(article_ids)
    return organisation


def alias_org_candidate(
    candidate: OrganisationCandidate, user, organisation: Organisation
) -> OrganisationAlias | None:
    """Attach the candidate's name to an existing organisation; re-run every article that named it."""
    with transaction.atomic():
        _lock_pending(candidate)
        alias = None
        known = candidate.name in (organisation.name, organisation.full_name)
        if not known and not organisation.aliases.filter(name=candidate.name).exists():
            alias = OrganisationAlias(organisation=organisation, name=candidate.name)
            _record(alias, user, f"Alias from article #{candidate.article_id}")
            alias.save()
        article_ids = _close_same_name(
            candidate,
            user,
            CandidateState.ALIASED,
            "organisation",
            organisation,
            f"Attached to {organisation.name}",
        )
        _requeue_after_commit(article_ids)
    return alias
