"""What the review queue shows: articles awaiting decisions, each pledge's source passage with its
entities marked, suggestions, and the per-article tally; built in a fixed number of queries.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from articles.models import (
    Article,
    CandidateState,
    EntityMention,
    Evidence,
    LeaderCandidate,
    OrganisationCandidate,
    PossiblePledge,
)
from articles.review import restatement_suggestions
from pledges.choices import Origin, ReviewState
from pledges.models import Pledge


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
    possible: list[PossiblePledge] = field(default_factory=list)  # below the threshold, for editors


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
        | Q(possible_pledges__state=CandidateState.PENDING)
    )
    return Article.objects.active().filter(waiting).distinct().order_by("-uploaded_at", "-id")


def build_groups(articles: list[Article]) -> list[ArticleGroup]:
    """Everything the queue page shows for these articles, in a fixed number of queries."""
    ids = [a.pk for a in articles]
    evidence = list(
        Evidence.objects.filter(article_id__in=ids, pledge__review_state=ReviewState.EXTRACTED)
        .with_pledge()
        .select_related("pledge__restates")
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
    possible: dict[int, list[PossiblePledge]] = defaultdict(list)
    for row in PossiblePledge.objects.filter(article_id__in=ids, state=CandidateState.PENDING):
        possible[row.article_id].append(row)
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
        ArticleGroup(
            a,
            by_article[a.pk],
            candidates[a.pk],
            organisations[a.pk],
            counts.get(a.pk, empty),
            possible[a.pk],
        )
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
