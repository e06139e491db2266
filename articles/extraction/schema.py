"""The ExtractionResult in the JSON shape of eval/SCHEMA.md (what `manage.py extract` prints)."""

from __future__ import annotations

import datetime as dt

from .types import ExtractionResult, PledgeResult


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for v in values:
        key = v.casefold()
        if v and key not in seen:
            seen.add(key)
            out.append(v)
    return out


def result_to_schema(
    result: ExtractionResult,
    *,
    title: str | None,
    published: dt.date | str | None,
    publisher: str | None,
    author: str | None,
) -> dict:
    """Article metadata + entities (countries as state actors, people, organisations) + pledges."""
    if isinstance(published, dt.datetime):
        published = published.date()
    published_text = published.isoformat() if isinstance(published, dt.date) else (published or None)
    countries = _unique([m.key for m in result.mentions if m.kind == "country" and m.state])
    people = _unique(
        [m.key for m in result.mentions if m.kind == "person"] + [c.name for c in result.candidates]
    )
    if author:
        people = _unique([*people, author])
    organisations = _unique([m.key for m in result.mentions if m.kind == "organisation"])
    pledges = [_pledge(p) for p in result.pledges]
    return {
        "article": {"title": title, "published": published_text, "publisher": publisher, "author": author},
        "entities": {"countries": countries, "people": people, "organizations": organisations},
        "pledges": pledges,
        # below the confidence threshold: for editors to promote or dismiss (the scorer ignores them)
        "possible_pledges": [_pledge(p) for p in result.possible_pledges],
    }


def _pledge(p: PledgeResult) -> dict:
    return {
        "actor": p.actor,
        "actor_person": p.actor_person,
        "beneficiary": p.beneficiary,
        "category": p.category,
        "quote": p.quote,
        "amount": (
            {"value": p.amount.value, "unit": p.amount.unit, "approximate": p.amount.approximate}
            if p.amount
            else None
        ),
        "conditions": [{"kind": c.kind, "text": c.text} for c in p.conditions],
        "rule": p.rule,
        "confidence": p.confidence,
    }
