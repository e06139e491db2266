"""Turn reference-data records into a Gazetteer, and normalise aliases.

The Django side reads the same records from the database, the dev harness reads them from
the JSON files; both go through `gazetteer_from_records` so they see identical aliases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .types import CountryEntry, Gazetteer, LeaderEntry, OfficeEntry, OrganisationEntry


def _clean(values: Iterable[str | None], *, keep_case_variants: bool = False) -> tuple[str, ...]:
    """Strip, drop empties and duplicates, keep order.

    Case variants are kept for aliases: "coalition of the willing" written in lowercase tells
    the matcher the lowercase form is a name too.
    """
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        if not value:
            continue
        value = " ".join(str(value).split())
        key = value if keep_case_variants else value.lower()
        if key in seen:
            continue
        seen.add(key)
        out.append(value)
    return tuple(out)


def natural_order(name: str) -> str:
    """ISO lists write "Korea, Republic of"; news writes "Republic of Korea"."""
    if ", " in name:
        head, _, tail = name.partition(", ")
        name = f"{tail} {head}"
    if name.lower().startswith("the "):
        name = name[4:]
    return name


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v]  # type: ignore[union-attr]


def _date(value: object) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _is_current(record: dict, today: dt.date) -> bool:
    left = record.get("left") or record.get("end")
    if not left:
        return True
    try:
        return dt.date.fromisoformat(str(left)[:10]) > today
    except ValueError:
        return True


def gazetteer_from_records(
    countries: list[dict],
    organisations: list[dict],
    leaders: list[dict],
    *,
    today: dt.date | None = None,
) -> Gazetteer:
    """Build a Gazetteer from records shaped like pledges/reference_data/*.json.

    Countries: {"alpha2", "short_names", "demonyms", "capital", "capital_aliases",
    optional "name"/"names"/"institutions"}. Organisations: {"slug", "name", "full_name", "kind",
    "aliases", "members": [{"country", "joined", "left"}]}. Leaders: {"name", "aliases",
    "country", "offices": [{"title", "country", "organisation", "start", "end"}]}.
    """
    today = today or dt.date.today()
    country_entries: list[CountryEntry] = []
    for rec in countries:
        code = str(rec.get("alpha2") or rec.get("code") or "").upper()
        if len(code) != 2:
            continue
        raw_names = (
            _as_list(rec.get("name"))
            + _as_list(rec.get("names"))
            + _as_list(rec.get("short_names"))
            + _as_list(rec.get("aliases"))
        )
        names = _clean(natural_order(n) for n in raw_names)
        canonical = names[0] if names else code
        capitals = _clean(_as_list(rec.get("capital")) + _as_list(rec.get("capital_aliases")))
        institutions = _clean(_as_list(rec.get("institutions")), keep_case_variants=True)
        country_entries.append(
            CountryEntry(
                code=code,
                name=canonical,
                names=names[1:],
                demonyms=_clean(_as_list(rec.get("demonyms"))),
                capitals=capitals,
                institutions=institutions,
            )
        )

    org_entries: list[OrganisationEntry] = []
    org_key_by_ref: dict[str, str] = {}
    for rec in organisations:
        key = rec.get("name") or rec.get("key") or rec.get("slug")
        for ref in (rec.get("slug"), rec.get("name"), rec.get("full_name")):
            if ref and key:
                org_key_by_ref[str(ref).lower()] = str(key)
    for rec in organisations:
        key = rec.get("name") or rec.get("key") or rec.get("slug")
        if not key:
            continue
        names = _clean([rec.get("full_name"), *_as_list(rec.get("aliases"))], keep_case_variants=True)
        members = _clean(
            str(m.get("country", "")).upper()
            for m in rec.get("members") or []
            if isinstance(m, dict) and _is_current(m, today)
        )
        org_entries.append(
            OrganisationEntry(
                key=str(key),
                names=tuple(n for n in names if n != str(key)),
                kind=str(rec.get("kind") or "international_organisation"),
                members=members,
            )
        )

    leader_entries: list[LeaderEntry] = []
    for rec in leaders:
        name = rec.get("name")
        if not name:
            continue
        offices = [o for o in rec.get("offices") or [] if isinstance(o, dict)]
        # Most recent office first: it decides whom the person speaks for.
        offices.sort(key=lambda o: str(o.get("start") or ""), reverse=True)
        # "country" is whom the person speaks for by default; officials of organisations have none
        country = rec.get("country")
        organisation = None
        if not country and offices:
            organisation = offices[0].get("organisation")
            if not organisation:
                country = offices[0].get("country")

        def org_key(ref: object) -> str | None:
            return org_key_by_ref.get(str(ref).lower(), str(ref)) if ref else None

        office_entries = tuple(
            OfficeEntry(
                title=str(o.get("title") or ""),
                country=str(o["country"]).upper() if o.get("country") else None,
                organisation=org_key(o.get("organisation")),
                start=_date(o.get("start")),
                end=_date(o.get("end")),
            )
            for o in offices
        )
        leader_entries.append(
            LeaderEntry(
                name=str(name),
                aliases=_clean(a for a in _as_list(rec.get("aliases")) if a != name),
                country=str(country).upper() if country else None,
                titles=_clean(o.get("title") for o in offices),
                organisation=org_key(organisation),
                offices=office_entries,
            )
        )
    return Gazetteer(countries=country_entries, organisations=org_entries, leaders=leader_entries)
