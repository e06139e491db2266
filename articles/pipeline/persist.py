"""Resolve extraction results against the database and write them in one transaction.

Re-running an article replaces its earlier *unreviewed* results; what editors confirmed or
rejected stays, and is not extracted a second time. A pledge that restates a known one is stored
with a `restates` link, so it adds a source without counting twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from articles.models import (
    Article,
    ArticleState,
    CandidateState,
    EntityMention,
    Evidence,
    LeaderCandidate,
    OrganisationCandidate,
    PossiblePledge,
)
from articles.pipeline.base import IngestionContext
from pledges.choices import OrganisationKind, ReviewState
from pledges.models import Condition, Country, Leader, Organisation, OrganisationAlias, Pledge
from pledges.revisions import extraction_writes
from pledges.wording import CLOSE, similarity

RESTATEMENT_WINDOW = dt.timedelta(days=365)
SUMMARY_LIMIT = 600


@dataclass
class Directory:
    """Name → row lookups for one article, loaded with one query per kind."""

    countries: dict[str, Country]
    organisations: dict[str, Organisation]
    leaders: dict[str, Leader]

    @classmethod
    def for_result(cls, result) -> Directory:
        codes, org_keys, people = set(), set(), set()
        for mention in result.mentions:
            {"country": codes, "organisation": org_keys, "person": people}[mention.kind].add(mention.key)
        for pledge in result.pledges:
            (codes if pledge.actor_kind == "country" else org_keys).add(pledge.actor)
            if pledge.beneficiary:
                (codes if pledge.beneficiary_kind == "country" else org_keys).add(pledge.beneficiary)
            if pledge.actor_person:
                people.add(pledge.actor_person)
        codes |= {c.country for c in result.candidates if c.country}
        return cls(
            countries={c.code: c for c in Country.objects.filter(code__in=codes)},
            organisations={o.name: o for o in Organisation.objects.filter(name__in=org_keys)},
            leaders={leader.name: leader for leader in Leader.objects.filter(name__in=people)},
        )

    def party(self, key: str | None, kind: str | None) -> tuple[Country | None, Organisation | None]:
        if not key:
            return None, None
        if kind == "organisation":
            return None, self.organisations.get(key)
        return self.countries.get(key), None


def _same_amount(pledge: Pledge, value: Decimal | None, unit: str) -> bool:
    if value is None or pledge.amount_value is None or pledge.amount_unit != unit:
        return False
    return abs(pledge.amount_value - value) <= Decimal("0.1") * abs(pledge.amount_value)


def find_restated(candidate: Pledge, known: list[Pledge]) -> Pledge | None:
    """An earlier pledge with the same actor, beneficiary and category, and the same amount or wording."""
    for earlier in known:
        if (
            earlier.actor_country_id == candidate.actor_country_id
            and earlier.actor_organisation_id == candidate.actor_organisation_id
            and earlier.beneficiary_country_id == candidate.beneficiary_country_id
            and earlier.beneficiary_organisation_id == candidate.beneficiary_organisation_id
            and earlier.category == candidate.category
            and (
                _same_amount(earlier, candidate.amount_value, candidate.amount_unit)
                or similarity(earlier.summary, candidate.summary) >= CLOSE
            )
        ):
            return earlier
    return None


def _known_pledges(article: Article, drafts: list[Pledge]) -> list[Pledge]:
    """Originals by the same actors within the window, from other articles, not rejected."""
    if not drafts:
        return []
    days = [d.announced_on for d in drafts if d.announced_on]
    window = Q()
    if days:
        window = Q(
            announced_on__gte=min(days) - RESTATEMENT_WINDOW, announced_on__lte=max(days) + RESTATEMENT_WINDOW
        )
    actors = Q(actor_country_id__in={d.actor_country_id for d in drafts if d.actor_country_id}) | Q(
        actor_organisation_id__in={d.actor_organisation_id for d in drafts if d.actor_organisation_id}
    )
    return list(
        Pledge.objects.filter(actors, window, restates__isnull=True)
        .exclude(review_state=ReviewState.REJECTED)
        .exclude(evidence__article=article)
        .order_by("announced_on", "id")
    )


def _amount(result_pledge) -> tuple[Decimal | None, str, bool]:
    amount = result_pledge.amount
    if amount is None:
        return None, "", False
    return Decimal(str(round(amount.value, 2))), amount.unit, bool(amount.approximate)


def remove_unreviewed(article: Article) -> int:
    """Drop this article's unreviewed results (mentions, pending candidates, undecided pledges sourced
    only here); returns how many undecided pledges it no longer holds.

    Call inside a transaction and `extraction_writes()`.
    """
    EntityMention.objects.filter(article=article).delete()
    LeaderCandidate.objects.filter(article=article, state=CandidateState.PENDING).delete()
    OrganisationCandidate.objects.filter(article=article, state=CandidateState.PENDING).delete()
    PossiblePledge.objects.filter(article=article, state=CandidateState.PENDING).delete()
    unreviewed = list(
        Pledge.objects.filter(evidence__article=article, review_state=ReviewState.EXTRACTED).values_list(
            "pk", flat=True
        )
    )
    # A pledge also sourced from another article keeps living; it only loses this article's evidence.
    Evidence.objects.filter(article=article, pledge__in=unreviewed).delete()
    Pledge.objects.filter(pk__in=unreviewed, evidence__isnull=True).delete()
    return len(unreviewed)


def _replace_unreviewed(article: Article) -> list[tuple[int, int | None, int | None, int]]:
    """Drop this article's unreviewed results; return the spans of reviewed pledges it still supports."""
    remove_unreviewed(article)
    return list(
        Evidence.objects.filter(article=article).values_list(
            "start", "pledge__actor_country_id", "pledge__actor_organisation_id", "end"
        )
    )


def known_organisation_names(names: set[str]) -> set[str]:
    """Those of `names` (lowercased) that an organisation or alias already has, in any case.

    A worker's extractor is rebuilt only when it next runs, so a name accepted a moment ago can
    still come out of extraction as unknown; it is not proposed again.
    """
    lowered = {n.lower() for n in names}
    if not lowered:
        return set()
    wanted = lowered | {f"the {n}" for n in lowered}  # the gazetteer also matches "the …" names without it
    known: set[str] = set()
    for name, full_name in (
        Organisation.objects.annotate(n=Lower("name"), f=Lower("full_name"))
        .filter(Q(n__in=wanted) | Q(f__in=wanted))
        .values_list("n", "f")
    ):
        known.update((name, full_name))
    known.update(
        OrganisationAlias.objects.annotate(n=Lower("name")).filter(n__in=wanted).values_list("n", flat=True)
    )
    return {n for n in lowered if n in known or f"the {n}" in known}


def _organisation_candidates(article: Article, result) -> list[OrganisationCandidate]:
    """Unknown organisations to propose: one per name, unless decided for this article or known by now."""
    decided = set(OrganisationCandidate.objects.filter(article=article).values_list("name", flat=True))
    known = known_organisation_names({c.name[:200] for c in result.organisation_candidates})
    rows = []
    for c in result.organisation_candidates:
        name = c.name[:200]
        if name in decided or name.lower() in known:
            continue
        decided.add(name)
        kind = c.kind if c.kind in OrganisationKind.values else ""
        rows.append(OrganisationCandidate(article=article, name=name, kind=kind, start=c.start, end=c.end))
    return rows


def _possible_pledges(article: Article, result) -> list[PossiblePledge]:
    """Candidates below the threshold, except those an editor already dismissed or promoted here."""
    decided = set(
        PossiblePledge.objects.filter(article=article)
        .exclude(state=CandidateState.PENDING)
        .values_list("actor", "start", "end")
    )
    return [
        PossiblePledge(
            article=article,
            actor=p.actor[:200],
            beneficiary=(p.beneficiary or "")[:200],
            category=p.category,
            quote=p.quote,
            start=p.start,
            end=p.end,
            confidence=p.confidence,
            rule=p.rule[:80],
        )
        for p in result.possible_pledges
        if (p.actor[:200], p.start, p.end) not in decided
    ]


def _already_reviewed(draft: Pledge, start: int, end: int, reviewed_spans) -> bool:
    return any(
        s < end and start < e and draft.actor_country_id == c and draft.actor_organisation_id == o
        for s, c, o, e in reviewed_spans
    )


def persist_results(context: IngestionContext) -> dict[str, int]:
    article, document, result = context.article, context.document, context.result
    assert document is not None and result is not None
    directory = Directory.for_result(result)
    # Only unreviewed results are written here: analysts' default views (and their caches) keep.
    with transaction.atomic(), extraction_writes():
        article = Article.objects.select_for_update().get(pk=article.pk)
        reviewed_spans = _replace_unreviewed(article)
        _update_article(article, document, context)

        mentions = []
        for m in result.mentions:
            row = EntityMention(article=article, kind=m.kind, text=m.text[:300], start=m.start, end=m.end)
            if m.kind == "country":
                row.country = directory.countries.get(m.key)
            elif m.kind == "organisation":
                row.organisation = directory.organisations.get(m.key)
            else:
                row.leader = directory.leaders.get(m.key)
            if row.country or row.organisation or row.leader:
                mentions.append(row)
        EntityMention.objects.bulk_create(mentions)

        seen_names = set(LeaderCandidate.objects.filter(article=article).values_list("name", flat=True))
        candidates = []
        for c in result.candidates:
            if c.name in seen_names:
                continue
            seen_names.add(c.name)
            candidates.append(
                LeaderCandidate(
                    article=article,
                    name=c.name[:150],
                    title=(c.title or "")[:150],
                    country=directory.countries.get(c.country or ""),
                    start=c.start,
                    end=c.end,
                )
            )
        LeaderCandidate.objects.bulk_create(candidates)
        organisation_candidates = _organisation_candidates(article, result)
        OrganisationCandidate.objects.bulk_create(organisation_candidates)
        possible = _possible_pledges(article, result)
        PossiblePledge.objects.bulk_create(possible, batch_size=500)

        drafts: list[tuple[Pledge, object]] = []
        for p in result.pledges:
            actor_country, actor_org = directory.party(p.actor, p.actor_kind)
            if actor_country is None and actor_org is None:
                continue
            beneficiary_country, beneficiary_org = directory.party(p.beneficiary, p.beneficiary_kind)
            value, unit, approximate = _amount(p)
            draft = Pledge(
                actor_country=actor_country,
                actor_organisation=actor_org,
                announced_by=directory.leaders.get(p.actor_person or ""),
                beneficiary_country=beneficiary_country,
                beneficiary_organisation=beneficiary_org,
                category=p.category,
                summary=p.quote[:SUMMARY_LIMIT],
                amount_value=value,
                amount_unit=unit,
                amount_approximate=approximate,
                announced_on=p.announced_on or article.published_on,
                review_state=ReviewState.EXTRACTED,
            )
            if not _already_reviewed(draft, p.start, p.end, reviewed_spans):
                drafts.append((draft, p))

        known = _known_pledges(article, [d for d, _ in drafts])
        for draft, _ in drafts:
            draft.restates = find_restated(draft, known)
        # Bulk writes keep a 10,000-pledge article to a handful of queries; history rows included.
        created = bulk_create_with_history([d for d, _ in drafts], Pledge, batch_size=500)
        conditions, evidence = [], []
        for pledge, (_, p) in zip(created, drafts, strict=True):
            conditions += [Condition(pledge=pledge, kind=c.kind, text=c.text) for c in p.conditions]
            evidence.append(Evidence(pledge=pledge, article=article, quote=p.quote, start=p.start, end=p.end))
        bulk_create_with_history(conditions, Condition, batch_size=500)
        Evidence.objects.bulk_create(evidence, batch_size=500)
        restated = sum(d.restates is not None for d, _ in drafts)

        counts = {
            "entities": len(mentions),
            "candidates": len(candidates),
            "organisation_candidates": len(organisation_candidates),
            "pledges": len(drafts),
            "restatements": restated,
            "possible_pledges": len(possible),
            "conditions": sum(len(p.conditions) for _, p in drafts),
        }
        article.state = ArticleState.DONE
        article.error_message = ""
        article.processed_at = article.state_changed_at = timezone.now()
        article.timings = {**context.timings, "counts": counts}
        article.save()
    return counts


def _update_article(article: Article, document, context: IngestionContext) -> None:
    """Take the text and fill metadata the editor left empty; never overwrite what they typed."""
    article.text = document.text
    article.content_type = document.content_type
    article.title = article.title or (document.title or "")[:500]
    article.publisher = article.publisher or (document.publisher or "")[:200]
    article.author = article.author or (document.author or "")[:200]
    article.published_on = article.published_on or document.published
    article.source_url = article.source_url or (document.source_url or "")[:500]
    if article.credibility is None:
        article.credibility = document.credibility
    article.extractor_version = context.extractor_version
