"""Countries and organisations picked by name: what analysts type ("France", "the French", "EU",
"Coalition of the Willing") resolved to the codes and slugs the filters use.

Used two ways, both plain GET parameters: the `actor` and `beneficiary` filters accept a name, a code
or a slug (so a form submitted without JavaScript works), and the type-ahead endpoint suggests names
as links that set the canonical parameter (`member=FR`, `actor_org=nato`, `beneficiary=UA`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from pledges.models import Country, Organisation

LIMIT = 8


@dataclass(frozen=True)
class Suggestion:
    label: str
    detail: str  # "country · FR" or the organisation's kind
    param: str  # the filter it sets
    value: str


def countries_named(text: str) -> QuerySet:
    """Countries whose code, name or any alias (demonym, short name, capital) is `text`."""
    text = text.strip()
    return Country.objects.filter(
        Q(code=text.upper()) | Q(alpha3=text.upper()) | Q(name__iexact=text) | Q(aliases__name__iexact=text)
    ).distinct()


def organisations_named(text: str) -> QuerySet:
    text = text.strip()
    return Organisation.objects.filter(
        Q(slug=text.lower()) | Q(name__iexact=text) | Q(aliases__name__iexact=text)
    ).distinct()


ROLES = {  # which filter a picked country / organisation sets
    "actor": ("member", "actor_org"),
    "beneficiary": ("beneficiary", "beneficiary"),
}


def suggest(text: str, role: str = "actor", limit: int = LIMIT) -> list[Suggestion]:
    """Countries, then organisations, whose name, code or alias starts with (or contains) `text`;
    two queries whatever the number of names."""
    country_param, org_param = ROLES[role]
    text = text.strip()
    if len(text) < 2:
        return []
    starts = Q(name__istartswith=text) | Q(aliases__name__istartswith=text)
    contains = Q(name__icontains=text) | Q(aliases__name__icontains=text)
    countries = list(
        Country.objects.filter(starts | contains | Q(code=text.upper()))
        .distinct()
        .order_by("name")
        .values_list("code", "name")[: limit * 2]
    )
    organisations = list(
        Organisation.objects.filter(starts | contains | Q(slug__istartswith=text))
        .distinct()
        .order_by("name")
        .values_list("slug", "name", "kind")[: limit * 2]
    )
    lowered = text.lower()

    def rank(name: str) -> tuple[int, str]:  # names that start with the text first
        return (0 if name.lower().startswith(lowered) else 1, name)

    out = [
        Suggestion(name, f"country · {code}", country_param, code)
        for code, name in sorted(countries, key=lambda c: rank(c[1]))
    ]
    out += [
        Suggestion(name, kind.replace("_", " "), org_param, slug)
        for slug, name, kind in sorted(organisations, key=lambda o: rank(o[1]))
    ]
    return out[:limit]
