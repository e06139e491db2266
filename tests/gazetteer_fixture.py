"""A small real gazetteer in the database: enough countries, one coalition and two leaders."""

from __future__ import annotations

import datetime as dt

import pytest

from pledges.choices import AliasKind
from tests.factories import (
    CountryAliasFactory,
    CountryFactory,
    LeaderAliasFactory,
    LeaderFactory,
    MembershipFactory,
    OfficeFactory,
    OrganisationAliasFactory,
    OrganisationFactory,
)


@pytest.fixture
def gazetteer(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    countries = {}
    for code, alpha3, name, demonym, capital in [
        ("FR", "FRA", "France", "French", "Paris"),
        ("GB", "GBR", "United Kingdom", "British", "London"),
        ("UA", "UKR", "Ukraine", "Ukrainian", "Kyiv"),
        ("RU", "RUS", "Russia", "Russian", "Moscow"),
        ("DE", "DEU", "Germany", "German", "Berlin"),
    ]:
        country = CountryFactory(code=code, alpha3=alpha3, name=name, capital=capital)
        CountryAliasFactory(country=country, kind=AliasKind.DEMONYM, name=demonym)
        CountryAliasFactory(country=country, kind=AliasKind.CAPITAL, name=capital)
        countries[code] = country
    CountryAliasFactory(country=countries["GB"], kind=AliasKind.NAME, name="UK")
    CountryAliasFactory(country=countries["GB"], kind=AliasKind.NAME, name="Britain")
    coalition = OrganisationFactory(name="Coalition of the Willing", slug="coalition-of-the-willing")
    OrganisationAliasFactory(organisation=coalition, name="coalition of the willing")
    for code in ("FR", "GB", "DE", "UA"):
        MembershipFactory(organisation=coalition, country=countries[code], joined=dt.date(2025, 3, 2))
    macron = LeaderFactory(name="Emmanuel Macron", slug="emmanuel-macron", country=countries["FR"])
    LeaderAliasFactory(leader=macron, name="Macron")
    OfficeFactory(leader=macron, title="President", country=countries["FR"], start=dt.date(2017, 5, 14))
    starmer = LeaderFactory(name="Keir Starmer", slug="keir-starmer", country=countries["GB"])
    LeaderAliasFactory(leader=starmer, name="Starmer")
    OfficeFactory(leader=starmer, title="Prime Minister", country=countries["GB"], start=dt.date(2024, 7, 5))
    return countries
