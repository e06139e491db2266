"""The gazetteer the extraction library needs, read from the database.

Building an Extractor compiles spaCy matchers for every name, so each process keeps one and
rebuilds it only when the entity revision moves (an admin added an alias, merged leaders…).
"""

from __future__ import annotations

import threading
from collections import defaultdict

from django.conf import settings

from articles.extraction import Extractor, gazetteer_from_records
from articles.extraction.types import Gazetteer
from pledges.choices import AliasKind
from pledges.models import (
    Country,
    CountryAlias,
    Leader,
    LeaderAlias,
    Membership,
    Office,
    Organisation,
    OrganisationAlias,
    Revision,
)

_lock = threading.Lock()
_cached: tuple[int, Extractor] | None = None


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def gazetteer_records() -> tuple[list[dict], list[dict], list[dict]]:
    """Countries, organisations and leaders as plain records, in a fixed number of queries."""
    aliases: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for country_id, kind, name in CountryAlias.objects.values_list("country_id", "kind", "name"):
        aliases[country_id][kind].append(name)
    countries = []
    for country in Country.objects.order_by("code"):
        own = aliases[country.pk]
        countries.append(
            {
                "alpha2": country.code,
                "name": country.name,
                "names": [country.official_name, *own[AliasKind.NAME]],
                "demonyms": own[AliasKind.DEMONYM],
                "capital": country.capital,
                "capital_aliases": own[AliasKind.CAPITAL],
                "institutions": own[AliasKind.INSTITUTION],
            }
        )

    org_aliases: dict[int, list[str]] = defaultdict(list)
    for org_id, name in OrganisationAlias.objects.values_list("organisation_id", "name"):
        org_aliases[org_id].append(name)
    members: dict[int, list[dict]] = defaultdict(list)
    for org_id, code, joined, left in Membership.objects.values_list(
        "organisation_id", "country__code", "joined", "left"
    ):
        members[org_id].append({"country": code, "joined": _iso(joined), "left": _iso(left)})
    organisations = [
        {
            "slug": org.slug,
            "name": org.name,
            "full_name": org.full_name,
            "kind": org.kind,
            "aliases": org_aliases[org.pk],
            "members": members[org.pk],
        }
        for org in Organisation.objects.order_by("name")
    ]

    leader_aliases: dict[int, list[str]] = defaultdict(list)
    for leader_id, name in LeaderAlias.objects.values_list("leader_id", "name"):
        leader_aliases[leader_id].append(name)
    offices: dict[int, list[dict]] = defaultdict(list)
    for office in Office.objects.values(
        "leader_id", "title", "country__code", "organisation__name", "start", "end"
    ):
        offices[office["leader_id"]].append(
            {
                "title": office["title"],
                "country": office["country__code"],
                "organisation": office["organisation__name"],
                "start": _iso(office["start"]),
                "end": _iso(office["end"]),
            }
        )
    leaders = [
        {"name": name, "aliases": leader_aliases[pk], "country": code, "offices": offices[pk]}
        for pk, name, code in Leader.objects.order_by("name").values_list("pk", "name", "country__code")
    ]
    return countries, organisations, leaders


def build_gazetteer() -> Gazetteer:
    return gazetteer_from_records(*gazetteer_records())


def get_extractor() -> Extractor:
    """This process's Extractor, rebuilt when the entities changed since it was built."""
    global _cached
    revision = Revision.current(Revision.ENTITIES)
    cached = _cached
    if cached is not None and cached[0] == revision:
        return cached[1]
    with _lock:
        if _cached is None or _cached[0] != revision:
            _cached = (revision, Extractor(build_gazetteer(), threshold=settings.EXTRACTION_THRESHOLD))
        return _cached[1]
