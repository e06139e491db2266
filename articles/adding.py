"""Pledges an editor adds from an article's text: the span they chose, a proposal read from it, the save.

Extraction misses pledges; an editor who sees one selects its passage and gets a form filled in by
running the extractor on that span alone (actor, beneficiary, amount, conditions, category, and the
people and places it recognises there). The editor corrects what is wrong and saves: the pledge is
confirmed by them at once, marked `origin = editor`, and tied to the exact quote by its offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from articles.models import Article, Evidence
from articles.review import promote_possible
from pledges.choices import Category, Origin, ReviewState
from pledges.models import Country, Leader, Organisation, Pledge

# A sentence ends at . ! or ? (and any closing quote or bracket) before white space and a capital,
# a digit or an opening quote; a blank line or a line break also ends one (headlines, bylines).
SENTENCE_END = re.compile(r"""(?<=[.!?])["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9])|\n+""")
MAX_SPAN = 3000  # characters: a passage, not an article
SUMMARY_LIMIT = 600


class SpanError(ValueError):
    """Offsets that do not name a passage of the article; the message is for the editor."""


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence, white space trimmed; offsets index `text` itself.

    A plain splitter on purpose: it only offers editors passages to choose from (the no-JavaScript
    form, and a click on a sentence), so it needs no model and must never fail.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        piece = text[a:b]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            out.append((a + lead, a + lead + len(stripped)))
    return out


def clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span with surrounding white space dropped; SpanError when it is empty, reversed or too long."""
    if not 0 <= start < end <= len(text):
        raise SpanError("Choose a passage of the article text.")
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    start, end = start + lead, end - trail
    if start >= end:
        raise SpanError("The chosen passage is empty.")
    if end - start > MAX_SPAN:
        raise SpanError(f"Choose at most {MAX_SPAN:,} characters: the sentence or two that state the pledge.")
    return start, end


def span_of_sentences(text: str, indexes: list[int]) -> tuple[int, int]:
    """From the first to the last chosen sentence (the no-JavaScript form's choice)."""
    spans = sentence_spans(text)
    chosen = [spans[i] for i in indexes if 0 <= i < len(spans)]
    if not chosen:
        raise SpanError("Choose at least one sentence.")
    return min(s for s, _ in chosen), max(e for _, e in chosen)


@dataclass
class Recognised:
    kind: str  # country | organisation | person
    name: str


@dataclass
class Proposal:
    """What the form starts from: initial field values, conditions, and what the extractor recognised."""

    start: int
    end: int
    quote: str
    initial: dict = field(default_factory=dict)
    conditions: list[dict] = field(default_factory=list)
    recognised: list[Recognised] = field(default_factory=list)
    found: bool = False  # the extractor read a pledge in the span (else the fields are guesses)


def propose(article: Article, start: int, end: int) -> Proposal:
    """Run the extractor on the span alone and turn what it reads into the pledge form's initial values."""
    from articles.gazetteer import get_extractor

    start, end = clean_span(article.text, start, end)
    quote = article.text[start:end]
    result = get_extractor().extract(quote, article.published_on)
    proposal = Proposal(start=start, end=end, quote=quote)
    countries = {c.code: c for c in Country.objects.filter(code__in=_keys(result, "country"))}
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=_keys(result, "organisation"))}
    leaders = {person.name: person for person in Leader.objects.filter(name__in=_keys(result, "person"))}
    seen: set[tuple[str, str]] = set()
    for mention in result.mentions:
        entity = {"country": countries, "organisation": organisations, "person": leaders}[mention.kind].get(
            mention.key
        )
        if entity is not None and (mention.kind, entity.name) not in seen:
            seen.add((mention.kind, entity.name))
            proposal.recognised.append(Recognised(mention.kind, entity.name))

    def party(key: str | None, kind: str | None) -> str:
        if kind == "organisation" and key in organisations:
            return f"organisation:{organisations[key].pk}"
        if kind == "country" and key in countries:
            return f"country:{countries[key].pk}"
        return ""

    initial: dict = {"summary": quote[:SUMMARY_LIMIT], "announced_on": article.published_on}
    pledge = _best(result.pledges)
    if pledge is not None:
        proposal.found = True
        initial.update(
            actor=party(pledge.actor, pledge.actor_kind),
            beneficiary=party(pledge.beneficiary, pledge.beneficiary_kind),
            category=pledge.category,
            announced_on=pledge.announced_on or article.published_on,
        )
        if pledge.actor_person in leaders:
            initial["announced_by"] = leaders[pledge.actor_person].pk
        if pledge.amount is not None:
            initial.update(
                amount_value=Decimal(str(pledge.amount.value)).quantize(Decimal("0.01")),
                amount_unit=pledge.amount.unit,
                amount_approximate=pledge.amount.approximate,
            )
        proposal.conditions = [{"kind": c.kind, "text": c.text} for c in pledge.conditions]
    else:
        # Nothing read as a pledge: the first state named is the likeliest actor, the next the beneficiary.
        states = [party(m.key, m.kind) for m in result.mentions if m.kind != "person" and m.state]
        states = list(dict.fromkeys(s for s in states if s))
        initial.update(actor=states[0] if states else "", beneficiary=states[1] if len(states) > 1 else "")
        initial["category"] = Category.OTHER
        people = [leaders[m.key].pk for m in result.mentions if m.kind == "person" and m.key in leaders]
        if people:
            initial["announced_by"] = people[0]
    proposal.initial = initial
    return proposal


def _keys(result, kind: str) -> set[str]:
    keys = {m.key for m in result.mentions if m.kind == kind}
    for p in result.pledges:
        if p.actor_kind == kind:
            keys.add(p.actor)
        if p.beneficiary_kind == kind and p.beneficiary:
            keys.add(p.beneficiary)
        if kind == "person" and p.actor_person:
            keys.add(p.actor_person)
    return keys


def _best(pledges: list) -> object | None:
    """The pledge to propose when the span holds several: the one with an amount, else the first."""
    if not pledges:
        return None
    return next((p for p in pledges if p.amount is not None), pledges[0])


def add_pledge(form, conditions, article: Article, start: int, end: int, user) -> Pledge:
    """Save the editor's pledge, confirmed by them, with its evidence and conditions, in one transaction."""
    start, end = clean_span(article.text, start, end)
    with transaction.atomic():
        pledge = form.save(commit=False)
        pledge.origin = Origin.EDITOR
        pledge.review_state = ReviewState.CONFIRMED
        pledge.reviewed_by = user
        pledge.reviewed_at = timezone.now()
        pledge._history_user = user
        pledge._change_reason = f"Added from article #{article.pk}"
        pledge.save()
        quote = article.text[start:end]
        evidence = Evidence(pledge=pledge, article=article, quote=quote, start=start, end=end)
        evidence._history_user = user
        evidence.save()
        conditions.instance = pledge
        for condition in conditions.save(commit=False):
            condition._history_user = user
            condition._change_reason = "Added with the pledge"
            condition.save()
        promote_possible(article, start, end, user)
    return pledge
