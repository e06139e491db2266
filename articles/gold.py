"""Reviewed articles as gold annotations (eval/SCHEMA.md): the editors' decisions become a corpus.

An article is *reviewed* when extraction has finished, it is not archived, an editor has decided at
least one of its pledges (or added one) and none awaits review, so its gold file is complete: the
confirmed pledges (extracted or added by editors) are in it, rejected ones are not. Entities are
those recognised in the text plus every party of a confirmed pledge; editors do not review them one
by one, so only the pledge scores measure extraction against editors' decisions.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.text import slugify

from articles.models import Article, ArticleState, EntityMention, Evidence
from pledges.choices import Origin, ReviewState
from pledges.models import Pledge

LICENSE_NOTE = "not recorded: uploaded to Pledgewatch by an editor; check before publishing"


def reviewed_articles(since: dt.date | None = None) -> QuerySet[Article]:
    """Articles whose every pledge has been decided, at least one of them by an editor."""
    on_article = Evidence.objects.filter(article=OuterRef("pk"))
    pending = on_article.filter(pledge__review_state=ReviewState.EXTRACTED)
    decided = on_article.filter(
        Q(pledge__review_state__in=[ReviewState.CONFIRMED, ReviewState.REJECTED])
        | Q(pledge__origin=Origin.EDITOR)
    )
    if since is not None:
        decided = decided.filter(pledge__reviewed_at__date__gte=since)
    return (
        Article.objects.active()
        .filter(state=ArticleState.DONE)
        .filter(Exists(decided), ~Exists(pending))
        .order_by("pk")
    )


def stem(article: Article) -> str:
    """File name without extension: stable per article, readable."""
    return f"pw{article.pk:05d}-{slugify(article.title or article.original_name)[:60] or 'article'}"


def _party(country, organisation) -> str | None:
    if country is not None:
        return country.code
    if organisation is not None:
        return organisation.name
    return None


def _amount(pledge: Pledge) -> dict | None:
    if pledge.amount_value is None:
        return None
    value = float(pledge.amount_value)
    return {
        "value": int(value) if value.is_integer() else value,
        "unit": pledge.amount_unit,
        "approximate": pledge.amount_approximate,
    }


def gold_for(article: Article) -> dict:
    """The SCHEMA.md answer for one article, from its confirmed pledges and recognised entities."""
    evidence = list(
        article.evidence.filter(pledge__review_state=ReviewState.CONFIRMED)
        .with_pledge()
        .order_by("start", "pledge_id")
    )
    countries: dict[str, None] = {}
    people: dict[str, None] = {}
    organisations: dict[str, None] = {}
    for mention in EntityMention.objects.filter(article=article).select_related(
        "country", "organisation", "leader"
    ):
        if mention.country:
            countries[mention.country.code] = None
        elif mention.organisation:
            organisations[mention.organisation.name] = None
        elif mention.leader:
            people[mention.leader.name] = None
    pledges, seen = [], set()
    for ev in evidence:
        pledge = ev.pledge
        if pledge.pk in seen:  # stated twice in the article: one pledge, on its first quote
            continue
        seen.add(pledge.pk)
        for party in (pledge.actor_country, pledge.beneficiary_country):
            if party is not None:
                countries[party.code] = None
        for party in (pledge.actor_organisation, pledge.beneficiary_organisation):
            if party is not None:
                organisations[party.name] = None
        if pledge.announced_by is not None:
            people[pledge.announced_by.name] = None
        pledges.append(
            {
                "actor": _party(pledge.actor_country, pledge.actor_organisation),
                "actor_person": pledge.announced_by.name if pledge.announced_by else None,
                "beneficiary": _party(pledge.beneficiary_country, pledge.beneficiary_organisation),
                "category": pledge.category,
                "quote": ev.quote,
                "amount": _amount(pledge),
                "conditions": [{"kind": c.kind, "text": c.text} for c in pledge.conditions.all()],
            }
        )
    return {
        "source": {
            "url": article.source_url or None,
            "license": LICENSE_NOTE,
            "retrieved": article.uploaded_at.date().isoformat(),
        },
        "article": {
            "title": article.title or None,
            "published": article.published_on.isoformat() if article.published_on else None,
            "publisher": article.publisher or None,
            "author": article.author or None,
        },
        "entities": {
            "countries": list(countries),
            "people": list(people),
            "organizations": list(organisations),
        },
        "pledges": pledges,
    }


@dataclass
class Written:
    stem: str
    pledges: int


def export(out: Path, since: dt.date | None = None) -> Iterator[Written]:
    """Write NAME.txt (the text, as stored) and NAME.json (the gold) for every reviewed article."""
    out.mkdir(parents=True, exist_ok=True)
    for article in reviewed_articles(since).iterator(chunk_size=200):
        name = stem(article)
        gold = gold_for(article)
        (out / f"{name}.txt").write_text(article.text, encoding="utf-8")
        (out / f"{name}.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        yield Written(name, len(gold["pledges"]))


# ------------------------------------------------------------------------------------------------
# Agreement with a gold annotation (the demo loader confirms only what agrees)


def _key(value: str | None) -> str:
    return (value or "").strip().upper().removeprefix("THE ")


def _amount_agrees(gold: dict | None, pledge: Pledge) -> bool:
    """As the scorer judges amounts: same unit, value within 10%; no amount on both sides also agrees."""
    if not gold:
        return pledge.amount_value is None
    if pledge.amount_value is None or pledge.amount_unit.lower() != str(gold.get("unit", "")).lower():
        return False
    value = float(gold["value"])
    return abs(float(pledge.amount_value) - value) <= 0.1 * abs(value)


def _agrees(gold: dict, pledge: Pledge) -> bool:
    """Everything analysts are shown: actor, beneficiary, category, amount and the kinds of condition."""
    return (
        _key(gold.get("actor")) == _key(_party(pledge.actor_country, pledge.actor_organisation))
        and _key(gold.get("beneficiary"))
        == _key(_party(pledge.beneficiary_country, pledge.beneficiary_organisation))
        and gold.get("category") == pledge.category
        and _amount_agrees(gold.get("amount"), pledge)
        and {c["kind"] for c in gold.get("conditions") or []} == {c.kind for c in pledge.conditions.all()}
    )


def agreeing_pledges(article: Article, gold: dict) -> list[Pledge]:
    """The article's pledges awaiting review that agree with a gold pledge whose quote overlaps theirs.

    One gold pledge vouches for one extracted pledge at most (the one whose quote overlaps it most),
    as the scorer pairs them.
    """
    text = article.text
    spans = []
    for index, item in enumerate(gold.get("pledges") or []):
        start = text.find(item.get("quote") or "\0")
        if start >= 0:
            spans.append((index, item, start, start + len(item["quote"])))
    evidence = article.evidence.filter(pledge__review_state=ReviewState.EXTRACTED).with_pledge()
    pairs = []
    for ev in evidence:
        for index, item, start, end in spans:
            overlap = min(end, ev.end) - max(start, ev.start)
            if overlap > 0 and _agrees(item, ev.pledge):
                pairs.append((overlap / max(1, min(end - start, ev.end - ev.start)), index, ev.pledge))
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2].pk))
    used_gold, chosen = set(), {}
    for _, index, pledge in pairs:
        if index not in used_gold and pledge.pk not in chosen:
            used_gold.add(index)
            chosen[pledge.pk] = pledge
    return list(chosen.values())
