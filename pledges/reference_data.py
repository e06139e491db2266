"""Load the reference data (countries, organisations, memberships, leaders, exchange rates, GDP).

Idempotent by construction: rows are created when missing and never overwritten, so a second
run changes nothing and what admins corrected in the meantime survives.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pycountry
from django.db import transaction

from pledges import rollup
from pledges.choices import AliasKind
from pledges.models import (
    Country,
    CountryAlias,
    ExchangeRate,
    Leader,
    LeaderAlias,
    Membership,
    Office,
    Organisation,
    OrganisationAlias,
    Revision,
    unique_slug,
)

DATA_DIR = Path(__file__).resolve().parent / "reference_data"


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)

    def __str__(self) -> str:
        parts = [f"{n} {what}" for what, n in sorted(self.created.items()) if n]
        return "Created " + ", ".join(parts) if parts else "Reference data already loaded: nothing to add."


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _read_json(name: str, data_dir: Path) -> list[dict]:
    path = data_dir / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def display_name(pyc, record: dict) -> str:
    """The name people write: "Russia", "South Korea", not "Russian Federation", "Korea, Republic of"."""
    short = record.get("short_names") or []
    return short[0] if short else getattr(pyc, "common_name", None) or pyc.name


@transaction.atomic
def load_reference_data(data_dir: Path = DATA_DIR) -> LoadReport:
    report = LoadReport()
    countries = _load_countries(data_dir, report)
    organisations = _load_organisations(data_dir, countries, report)
    _load_leaders(data_dir, countries, organisations, report)
    _load_exchange_rates(data_dir, report)
    _load_gdp(data_dir, report)
    if any(report.created.values()):
        # bulk_create sends no signals
        Revision.bump(Revision.ENTITIES, Revision.PLEDGES)  # exchange rates change money totals
    return report


def _load_countries(data_dir: Path, report: LoadReport) -> dict[str, Country]:
    records = {r["alpha2"]: r for r in _read_json("countries.json", data_dir)}
    existing = {c.code: c for c in Country.objects.all()}
    new = []
    for pyc in pycountry.countries:
        if pyc.alpha_2 in existing:
            continue
        record = records.get(pyc.alpha_2, {})
        new.append(
            Country(
                code=pyc.alpha_2,
                alpha3=pyc.alpha_3,
                name=display_name(pyc, record),
                official_name=getattr(pyc, "official_name", "") or "",
                capital=record.get("capital") or "",
            )
        )
    Country.objects.bulk_create(new)
    report.created["countries"] += len(new)
    countries = {c.code: c for c in Country.objects.all()}

    have = set(CountryAlias.objects.values_list("country__code", "kind", "name"))
    aliases = []
    for pyc in pycountry.countries:
        record = records.get(pyc.alpha_2, {})
        names = [pyc.name, getattr(pyc, "official_name", None), getattr(pyc, "common_name", None)]
        wanted = [(AliasKind.NAME, n) for n in [*names, *record.get("short_names", [])] if n]
        wanted += [(AliasKind.DEMONYM, n) for n in record.get("demonyms", [])]
        capitals = [record.get("capital"), *record.get("capital_aliases", [])]
        wanted += [(AliasKind.CAPITAL, n) for n in capitals if n]
        wanted += [(AliasKind.INSTITUTION, n) for n in record.get("institutions", [])]
        country = countries[pyc.alpha_2]
        for kind, name in wanted:
            key = (pyc.alpha_2, kind.value, name)
            if name != country.name and key not in have:
                have.add(key)
                aliases.append(CountryAlias(country=country, kind=kind, name=name))
    CountryAlias.objects.bulk_create(aliases)
    report.created["country aliases"] += len(aliases)
    return countries


def _load_organisations(
    data_dir: Path, countries: dict[str, Country], report: LoadReport
) -> dict[str, Organisation]:
    organisations = {o.name: o for o in Organisation.objects.all()}
    alias_have = set(OrganisationAlias.objects.values_list("organisation__name", "name"))
    member_have = set(Membership.objects.values_list("organisation__name", "country__code", "joined"))
    for record in _read_json("organisations.json", data_dir):
        org = organisations.get(record["name"])
        if org is None:
            org = Organisation.objects.filter(slug=record["slug"]).first()
        if org is None:
            org = Organisation.objects.create(
                slug=record["slug"],
                name=record["name"],
                full_name=record.get("full_name") or "",
                kind=record["kind"],
                description=record.get("description") or "",
            )
            report.created["organisations"] += 1
        organisations[record["name"]] = org
        names = [record.get("full_name"), *record.get("aliases", [])]
        new_aliases = []
        for name in names:
            if name and name != org.name and (org.name, name) not in alias_have:
                alias_have.add((org.name, name))
                new_aliases.append(OrganisationAlias(organisation=org, name=name))
        OrganisationAlias.objects.bulk_create(new_aliases)
        report.created["organisation aliases"] += len(new_aliases)
        new_members = []
        for member in record.get("members", []):
            joined = _date(member.get("joined"))
            key = (org.name, member["country"], joined)
            if key in member_have or member["country"] not in countries:
                continue
            member_have.add(key)
            new_members.append(
                Membership(
                    organisation=org,
                    country=countries[member["country"]],
                    joined=joined,
                    left=_date(member.get("left")),
                )
            )
        Membership.objects.bulk_create(new_members)
        report.created["memberships"] += len(new_members)
    return organisations


def _load_leaders(
    data_dir: Path,
    countries: dict[str, Country],
    organisations: dict[str, Organisation],
    report: LoadReport,
) -> None:
    leaders = {leader.name: leader for leader in Leader.objects.all()}
    alias_have = set(LeaderAlias.objects.values_list("leader__name", "name"))
    office_have = set(Office.objects.values_list("leader__name", "title", "start"))
    for record in _read_json("leaders.json", data_dir):
        leader = leaders.get(record["name"])
        if leader is None:
            leader = Leader.objects.create(
                name=record["name"],
                slug=unique_slug(Leader, record["name"]),
                country=countries.get(record.get("country") or ""),
            )
            leaders[leader.name] = leader
            report.created["leaders"] += 1
        new_aliases = []
        for name in record.get("aliases", []):
            if name and name != leader.name and (leader.name, name) not in alias_have:
                alias_have.add((leader.name, name))
                new_aliases.append(LeaderAlias(leader=leader, name=name))
        LeaderAlias.objects.bulk_create(new_aliases)
        report.created["leader aliases"] += len(new_aliases)
        new_offices = []
        for office in record.get("offices", []):
            start = _date(office.get("start"))
            key = (leader.name, office["title"], start)
            if key in office_have:
                continue
            office_have.add(key)
            new_offices.append(
                Office(
                    leader=leader,
                    title=office["title"],
                    country=countries.get(office.get("country") or ""),
                    organisation=organisations.get(office.get("organisation") or ""),
                    start=start,
                    end=_date(office.get("end")),
                )
            )
        Office.objects.bulk_create(new_offices)
        report.created["offices"] += len(new_offices)


def _load_exchange_rates(data_dir: Path, report: LoadReport) -> None:
    path = data_dir / "exchange_rates.csv"
    if not path.exists():
        return
    have = set(ExchangeRate.objects.values_list("currency", "month"))
    new = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            month = dt.date.fromisoformat(row["month"] + "-01")
            currency = row["currency"].strip().upper()
            if (currency, month) in have:
                continue
            have.add((currency, month))
            new.append(
                ExchangeRate(month=month, currency=currency, usd_per_unit=Decimal(row["usd_per_unit"]))
            )
    ExchangeRate.objects.bulk_create(new)
    if new:  # bulk_create sends no signals: pledges of those months convert differently now
        rollup.refresh_months({rate.month for rate in new})
    report.created["exchange rates"] += len(new)


def _load_gdp(data_dir: Path, report: LoadReport) -> None:
    """GDP figures (for the totals' share of GDP) go only where a country has none yet, so a figure an
    admin corrected or updated survives every later load."""
    path = data_dir / "gdp.csv"
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as handle:
        figures = {row["alpha2"].strip().upper(): row for row in csv.DictReader(handle)}
    empty = Country.objects.filter(code__in=figures, gdp_usd_millions__isnull=True)
    filled = []
    for country in empty:
        row = figures[country.code]
        country.gdp_usd_millions = int(row["gdp_usd_millions"])
        country.gdp_year = int(row["year"])
        filled.append(country)
    Country.objects.bulk_update(filled, ["gdp_usd_millions", "gdp_year"])
    report.created["GDP figures"] += len(filled)
