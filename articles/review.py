"""Review actions on extracted pledges and on leader and organisation candidates, and what the queue shows.

Every write goes through a function here so that the queue, the bulk form and the Django admin
record the same history: who acted (`_history_user`), when, and why (`_change_reason`).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, QuerySet
from simple_history.utils import bulk_update_with_history

from articles import services
from articles.models import (
    Article,
    CandidateState,
    EntityMention,
    Evidence,
    LeaderCandidate,
    OrganisationCandidate,
)
from pledges.choices import Origin, ReviewState
from pledges.models import (
    Country,
    Leader,
    LeaderAlias,
    Office,
    Organisation,
    OrganisationAlias,
    Pledge,
    unique_slug,
)
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

    One query for the whole page: every non-rejected pledge by the actors on it.
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
    suggestions: dict[int, list[Pledge]] = {}
    for pledge in pledges:
        scored = []
        for other in by_parties.get(_parties(pledge), []):
            if other.pk == pledge.pk or other.pk == pledge.restates_id:
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


# ---------------------------------------------------------------------------------------------
# Source text with highlights


@dataclass
class Segment:
    text: str
    quote: bool = False
    entity: str = ""  # mention kind when the segment is inside a named entity

    @property
    def css(self) -> str:
        classes = []
        if self.quote:
            classes.append("quote")
        if self.entity:
            classes.append(f"ent ent-{self.entity}")
        return " ".join(classes)


@dataclass
class Passage:
    """The paragraph around a quote, cut into plain-text segments the template escapes one by one."""

    segments: list[Segment] = field(default_factory=list)
    truncated_before: bool = False
    truncated_after: bool = False
    start: int = 0  # offset of the first segment in the article text (selections are counted from it)


PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
LINE_BREAK = re.compile(r"\n")
MAX_PASSAGE = 900


def _block(text: str, start: int, end: int, breaks: re.Pattern) -> tuple[int, int]:
    before = [m.end() for m in breaks.finditer(text, 0, start)]
    after = breaks.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph holding [start, end): blank-line separated, else one line, else a window.

    Some sources put every sentence on its own line, others hard-wrap: a long block falls back
    to the quote's own lines, then to a window cut at spaces, so the card stays readable.
    """
    lo, hi = _block(text, start, end, PARAGRAPH_BREAK)
    if hi - lo <= MAX_PASSAGE:
        return lo, hi
    lo, hi = _block(text, start, end, LINE_BREAK)
    if hi - lo <= MAX_PASSAGE:
        return lo, hi
    slack = max(0, (MAX_PASSAGE - (end - start)) // 2)
    cut_lo, cut_hi = max(lo, start - slack), min(hi, end + slack)
    if cut_lo > lo:  # start at a word, not inside one
        space = text.find(" ", cut_lo, start)
        cut_lo = space + 1 if space != -1 else cut_lo
    if cut_hi < hi:
        space = text.rfind(" ", end, cut_hi)
        cut_hi = space if space != -1 else cut_hi
    return cut_lo, cut_hi


def build_passage(text: str, start: int, end: int, mentions: Iterable[EntityMention]) -> Passage:
    """Segments of the quote's paragraph: the quote marked, and every entity mention inside it."""
    start, end = max(0, start), min(len(text), end)
    lo, hi = paragraph_bounds(text, start, end)
    spans = [(max(m.start, lo), min(m.end, hi), m.kind) for m in mentions if m.start < hi and m.end > lo]
    cuts = {lo, hi, max(lo, start), min(hi, end)}
    for s, e, _ in spans:
        cuts.update((s, e))
    points = sorted(c for c in cuts if lo <= c <= hi)
    passage = Passage(
        start=lo,
        truncated_before=lo > 0 and text[lo - 1] != "\n",
        truncated_after=hi < len(text) and text[hi] != "\n",
    )
    for a, b in itertools.pairwise(points):
        if a == b:
            continue
        entity = next((kind for s, e, kind in spans if s <= a and b <= e), "")
        passage.segments.append(Segment(text[a:b], quote=start <= a and b <= end, entity=entity))
    return passage


# ---------------------------------------------------------------------------------------------
# The queue


@dataclass
class ReviewItem:
    pledge: Pledge
    evidence: Evidence | None
    passage: Passage | None
    suggestions: list[Pledge]


@dataclass
class ArticleCounts:
    """How extraction did on one article so far, by the editors' decisions."""

    extracted: int = 0  # pledges extraction found (whatever became of them)
    confirmed: int = 0  # of those, confirmed by an editor
    rejected: int = 0
    added: int = 0  # pledges editors added from the text: what extraction missed


@dataclass
class ArticleGroup:
    article: Article | None
    items: list[ReviewItem]
    candidates: list[LeaderCandidate]
    organisation_candidates: list[OrganisationCandidate] = field(default_factory=list)
    counts: ArticleCounts = field(default_factory=ArticleCounts)


def article_counts(ids: list[int]) -> dict[int, ArticleCounts]:
    """Extracted / confirmed / rejected / added pledges per article, in one query."""
    extracted = Q(pledge__origin=Origin.EXTRACTED)
    rows = (
        Evidence.objects.filter(article_id__in=ids)
        .values("article_id")
        .annotate(
            extracted=Count("pledge", filter=extracted, distinct=True),
            confirmed=Count(
                "pledge", filter=extracted & Q(pledge__review_state=ReviewState.CONFIRMED), distinct=True
            ),
            rejected=Count(
                "pledge", filter=extracted & Q(pledge__review_state=ReviewState.REJECTED), distinct=True
            ),
            added=Count("pledge", filter=Q(pledge__origin=Origin.EDITOR), distinct=True),
        )
        .order_by()
    )
    return {
        row["article_id"]: ArticleCounts(row["extracted"], row["confirmed"], row["rejected"], row["added"])
        for row in rows
    }


def queue_pledges() -> QuerySet[Pledge]:
    return Pledge.objects.filter(review_state=ReviewState.EXTRACTED)


def queue_articles() -> QuerySet[Article]:
    """Articles (not archived) with pledges awaiting review or pending candidates, newest first."""
    waiting = (
        Q(evidence__pledge__review_state=ReviewState.EXTRACTED)
        | Q(leader_candidates__state=CandidateState.PENDING)
        | Q(organisation_candidates__state=CandidateState.PENDING)
    )
    return Article.objects.active().filter(waiting).distinct().order_by("-uploaded_at", "-id")


def build_groups(articles: list[Article]) -> list[ArticleGroup]:
    """Everything the queue page shows for these articles, in a fixed number of queries."""
    ids = [a.pk for a in articles]
    evidence = list(
        Evidence.objects.filter(article_id__in=ids, pledge__review_state=ReviewState.EXTRACTED)
        .select_related(
            "pledge__actor_country",
            "pledge__actor_organisation",
            "pledge__announced_by",
            "pledge__beneficiary_country",
            "pledge__beneficiary_organisation",
            "pledge__restates",
        )
        .prefetch_related("pledge__conditions")
        .order_by("article_id", "start")
    )
    mentions: dict[int, list[EntityMention]] = defaultdict(list)
    for mention in EntityMention.objects.filter(article_id__in=ids).only(
        "article_id", "kind", "start", "end"
    ):
        mentions[mention.article_id].append(mention)
    candidates: dict[int, list[LeaderCandidate]] = defaultdict(list)
    for candidate in LeaderCandidate.objects.filter(
        article_id__in=ids, state=CandidateState.PENDING
    ).select_related("country"):
        candidates[candidate.article_id].append(candidate)
    organisations: dict[int, list[OrganisationCandidate]] = defaultdict(list)
    for org_candidate in OrganisationCandidate.objects.filter(
        article_id__in=ids, state=CandidateState.PENDING
    ):
        organisations[org_candidate.article_id].append(org_candidate)
    suggestions = restatement_suggestions([ev.pledge for ev in evidence])
    by_article: dict[int, list[ReviewItem]] = defaultdict(list)
    seen: set[int] = set()
    texts = {a.pk: a.text for a in articles}
    for ev in evidence:
        if ev.pledge_id in seen:  # a pledge sourced twice is reviewed once, under its first article
            continue
        seen.add(ev.pledge_id)
        passage = build_passage(texts[ev.article_id], ev.start, ev.end, mentions[ev.article_id])
        item = ReviewItem(ev.pledge, ev, passage, suggestions.get(ev.pledge_id, []))
        by_article[ev.article_id].append(item)
    counts, empty = article_counts(ids), ArticleCounts()
    return [
        ArticleGroup(a, by_article[a.pk], candidates[a.pk], organisations[a.pk], counts.get(a.pk, empty))
        for a in articles
    ]


def review_item(pledge_id: int) -> ReviewItem:
    """One pledge as the queue shows it (after an HTMX action re-renders its card)."""
    pledge = Pledge.objects.with_related().select_related("restates").get(pk=pledge_id)
    evidence = pledge.evidence.select_related("article").order_by("article__uploaded_at", "start").first()
    passage = None
    if evidence is not None:
        mentions = EntityMention.objects.filter(article_id=evidence.article_id).only("kind", "start", "end")
        passage = build_passage(evidence.article.text, evidence.start, evidence.end, mentions)
    suggestions = restatement_suggestions([pledge]).get(pledge.pk, [])
    return ReviewItem(pledge, evidence, passage, suggestions)


# ---------------------------------------------------------------------------------------------
# Leader candidates


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
