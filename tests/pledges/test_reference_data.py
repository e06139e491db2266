"""load_reference_data: counts, idempotence, and admins' edits surviving a second run."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from pledges.models import Country, CountryAlias, Leader, Membership, Organisation
from pledges.reference_data import load_reference_data
from tests.factories import CountryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db):
    return load_reference_data()


def test_every_iso_country_is_loaded(loaded):
    assert Country.objects.count() == 249
    assert Country.objects.get(code="GB").name == "United Kingdom"
    assert Country.objects.get(code="RU").name == "Russia"


def test_short_names_demonyms_and_capitals_are_aliases(loaded):
    gb = set(CountryAlias.objects.filter(country__code="GB").values_list("kind", "name"))
    assert {("name", "UK"), ("name", "Britain"), ("demonym", "British"), ("capital", "London")} <= gb
    assert CountryAlias.objects.filter(country__code="UA", kind="capital", name="Kyiv").exists()


def test_coalition_of_the_willing_has_its_members(loaded):
    coalition = Organisation.objects.get(name="Coalition of the Willing")
    codes = set(Membership.objects.filter(organisation=coalition).values_list("country__code", flat=True))
    assert coalition.kind == "ad_hoc_coalition"
    assert len(codes) >= 25
    assert {"FR", "GB", "UA"} <= codes


def test_main_organisations_exist(loaded):
    names = set(Organisation.objects.values_list("name", flat=True))
    assert {"EU", "NATO", "UN", "G7", "G20", "African Union", "OSCE"} <= names
    assert Membership.objects.filter(organisation__name="NATO", country__code="FI").exists()
    uk_eu = Membership.objects.get(organisation__name="EU", country__code="GB")
    assert uk_eu.left is not None


def test_second_run_changes_nothing(loaded):
    counts = {
        model: model.objects.count() for model in (Country, CountryAlias, Organisation, Membership, Leader)
    }
    report = load_reference_data()
    assert str(report) == "Reference data already loaded: nothing to add."
    assert {model: model.objects.count() for model in counts} == counts


def test_admin_edits_survive_a_second_run(loaded):
    Country.objects.filter(code="GB").update(name="Britain (edited)", capital="Londinium")
    load_reference_data()
    gb = Country.objects.get(code="GB")
    assert (gb.name, gb.capital) == ("Britain (edited)", "Londinium")


def test_gdp_is_loaded_with_its_year(loaded):
    us = Country.objects.get(code="US")
    assert (us.gdp_usd_millions, us.gdp_year) == (20_936_600, 2020)
    assert Country.objects.get(code="AQ").gdp_usd_millions is None  # no figure in the source


def test_gdp_fills_only_empty_figures_so_admin_corrections_survive(loaded):
    Country.objects.filter(code="DE").update(gdp_usd_millions=4_000_000, gdp_year=2022)
    Country.objects.filter(code="FR").update(gdp_usd_millions=None, gdp_year=None)
    report = load_reference_data()
    assert report.created["GDP figures"] == 1  # France again, nothing else
    de, fr = Country.objects.get(code="DE"), Country.objects.get(code="FR")
    assert (de.gdp_usd_millions, de.gdp_year) == (4_000_000, 2022)
    assert (fr.gdp_usd_millions, fr.gdp_year) == (2_603_004, 2020)


def test_command_prints_a_report(capsys):
    call_command("load_reference_data")
    assert "249 countries" in capsys.readouterr().out


def test_admin_shows_and_edits_the_gdp(admin_client):
    country = CountryFactory(name="Testland", gdp_usd_millions=1000, gdp_year=2020)
    url = f"/admin/pledges/country/{country.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert 'name="gdp_usd_millions"' in page and 'name="gdp_year"' in page
    form = {
        "code": country.code,
        "alpha3": country.alpha3,
        "name": country.name,
        "official_name": "",
        "capital": "",
        "gdp_usd_millions": "1234",
        "gdp_year": "2023",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    country.refresh_from_db()
    assert (country.gdp_usd_millions, country.gdp_year) == (1234, 2023)
    assert country.history.first().gdp_usd_millions == 1234  # tracked like the other fields
