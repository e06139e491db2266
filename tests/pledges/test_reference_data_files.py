"""Checks of the reference data files in pledges/reference_data/ (plain files, no database)."""

import csv
import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pycountry
import pytest

DATA = Path(__file__).resolve().parents[2] / "pledges" / "reference_data"
ISO_CODES = {c.alpha_2 for c in pycountry.countries}
ORG_KINDS = {"alliance", "bloc", "international_organisation", "ad_hoc_coalition"}
CURRENCIES = {"EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "CNY", "INR"}
# Capitals that really are shared by name (Kingston: Jamaica and Norfolk Island).
SHARED_CAPITALS = {"kingston"}


def load(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def countries():
    return load("countries.json")


@pytest.fixture(scope="module")
def organisations():
    return load("organisations.json")


@pytest.fixture(scope="module")
def leaders():
    return load("leaders.json")


@pytest.fixture(scope="module")
def rates():
    with (DATA / "exchange_rates.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def parse_date(value):
    return None if value is None else dt.date.fromisoformat(value)


def check_period(start, end, where):
    start, end = parse_date(start), parse_date(end)
    if start and end:
        assert end > start, where


def is_clean_name(value):
    return isinstance(value, str) and value == value.strip() and value != "" and "  " not in value


@pytest.mark.parametrize("name", ["countries.json", "organisations.json", "leaders.json"])
def test_json_files_are_pretty_printed_utf8(name):
    text = (DATA / name).read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- countries


def test_every_pycountry_country_present_exactly_once(countries):
    codes = [c["alpha2"] for c in countries]
    assert Counter(codes).most_common(1)[0][1] == 1
    assert set(codes) == ISO_CODES
    assert codes == sorted(codes)


def test_country_fields(countries):
    for c in countries:
        assert set(c) <= {
            "alpha2",
            "short_names",
            "demonyms",
            "capital",
            "capital_aliases",
            "institutions",
        }, c["alpha2"]
        assert c["short_names"], c["alpha2"]
        assert c.get("institutions", [None]), c["alpha2"]  # present means listed
        for value in (
            c["short_names"] + c["demonyms"] + c.get("capital_aliases", []) + c.get("institutions", [])
        ):
            assert is_clean_name(value), (c["alpha2"], value)
        for demonym in c["demonyms"]:
            assert demonym[0].isupper(), (c["alpha2"], demonym)
        assert c["capital"] is None or is_clean_name(c["capital"]), c["alpha2"]
        if "capital_aliases" in c:
            assert c["capital"] is not None and c["capital_aliases"], c["alpha2"]


def test_country_names_point_to_one_country(countries):
    owner = {}
    for c in countries:
        for value in c["short_names"] + c["demonyms"] + c.get("institutions", []):
            assert owner.setdefault(value.casefold(), c["alpha2"]) == c["alpha2"], value
    capitals = {}
    for c in countries:
        for value in ([c["capital"]] if c["capital"] else []) + c.get("capital_aliases", []):
            key = value.casefold()
            if key not in SHARED_CAPITALS:
                assert capitals.setdefault(key, c["alpha2"]) == c["alpha2"], value


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("GB", {"UK", "Britain"}),
        ("US", {"US", "U.S.", "USA", "America"}),
        ("NL", {"the Netherlands", "Holland"}),
        ("TR", {"Turkey", "Türkiye"}),
        ("CZ", {"Czechia", "Czech Republic"}),
        ("CI", {"Ivory Coast"}),
        ("KR", {"South Korea"}),
        ("RU", {"Russia"}),
    ],
)
def test_common_short_names(countries, code, names):
    by_code = {c["alpha2"]: c for c in countries}
    assert names <= set(by_code[code]["short_names"])


def test_well_known_capitals_and_demonyms(countries):
    by_code = {c["alpha2"]: c for c in countries}
    assert by_code["UA"]["capital"] == "Kyiv" and "Kiev" in by_code["UA"]["capital_aliases"]
    assert by_code["US"]["capital"] == "Washington"
    assert by_code["BE"]["capital"] == "Brussels"
    assert by_code["CN"]["capital"] == "Beijing"
    assert by_code["RU"]["capital"] == "Moscow"
    assert {"French"} <= set(by_code["FR"]["demonyms"])
    assert {"Ukrainian", "Ukrainians"} <= set(by_code["UA"]["demonyms"])
    assert {"Palestinian"} <= set(by_code["PS"]["demonyms"])


# ---------------------------------------------------------------- organisations


def test_organisation_fields(organisations):
    slugs = [o["slug"] for o in organisations]
    names = [o["name"] for o in organisations]
    assert slugs == sorted(slugs)
    assert len(set(slugs)) == len(slugs)
    assert len(set(names)) == len(names)
    for o in organisations:
        assert set(o) <= {"slug", "name", "full_name", "kind", "aliases", "members", "organisation_members"}
        assert o["kind"] in ORG_KINDS, o["slug"]
        assert is_clean_name(o["name"]) and is_clean_name(o["full_name"]), o["slug"]
        assert all(is_clean_name(a) for a in o["aliases"]), o["slug"]
        for other in o.get("organisation_members", []):
            assert other in names and other != o["name"], (o["slug"], other)


def test_organisation_aliases_point_to_one_organisation(organisations):
    owner = {}
    for o in organisations:
        for value in {o["name"], o["full_name"], *o["aliases"]}:
            assert owner.setdefault(value.casefold(), o["slug"]) == o["slug"], value


def test_memberships_reference_iso_countries_with_valid_dates(organisations):
    for o in organisations:
        codes = [m["country"] for m in o["members"]]
        assert len(codes) == len(set(codes)), o["slug"]
        for m in o["members"]:
            assert set(m) == {"country", "joined", "left"}, o["slug"]
            assert m["country"] in ISO_CODES, (o["slug"], m["country"])
            check_period(m["joined"], m["left"], (o["slug"], m["country"]))


def members(organisations, name, current=True):
    org = next(o for o in organisations if o["name"] == name)
    return {m["country"] for m in org["members"] if not (current and m["left"])}


def test_key_memberships(organisations):
    assert len(members(organisations, "EU")) == 27
    assert "GB" not in members(organisations, "EU") and "GB" in members(organisations, "EU", current=False)
    assert len(members(organisations, "NATO")) == 32
    assert {"FI", "SE"} <= members(organisations, "NATO")
    assert members(organisations, "G7") == {"CA", "FR", "DE", "IT", "JP", "GB", "US"}
    assert len(members(organisations, "G20")) == 19
    assert len(members(organisations, "UN")) == 193
    assert len(members(organisations, "OSCE")) == 57
    assert len(members(organisations, "African Union")) == 55


def test_coalition_of_the_willing(organisations):
    coalition = next(o for o in organisations if o["slug"] == "coalition-of-the-willing")
    assert coalition["name"] == "Coalition of the Willing"
    assert coalition["kind"] == "ad_hoc_coalition"
    codes = members(organisations, "Coalition of the Willing")
    assert len(codes) >= 25
    assert {"UA", "FR", "GB"} <= codes


def test_scorer_names_are_canonical_or_aliases(organisations):
    names = {o["name"] for o in organisations}
    assert {"EU", "NATO", "UN", "G7", "G20", "African Union", "OSCE", "Coalition of the Willing"} <= names
    eu = next(o for o in organisations if o["name"] == "EU")
    assert {"European Union", "European Commission"} <= set(eu["aliases"]) | {eu["full_name"]}


# ---------------------------------------------------------------- leaders


def test_leader_names_unique_and_sorted(leaders):
    names = [p["name"] for p in leaders]
    assert len(set(names)) == len(names)
    assert names == sorted(names, key=str.casefold)


def test_leader_fields_and_references(leaders, organisations):
    org_names = {o["name"] for o in organisations}
    for p in leaders:
        assert set(p) == {"name", "aliases", "country", "offices"}, p["name"]
        assert is_clean_name(p["name"])
        assert p["country"] is None or p["country"] in ISO_CODES, p["name"]
        assert all(is_clean_name(a) for a in p["aliases"]), p["name"]
        for office in p["offices"]:
            assert set(office) == {"title", "country", "organisation", "start", "end"}, p["name"]
            assert is_clean_name(office["title"]), p["name"]
            assert (office["country"] is None) != (office["organisation"] is None), p["name"]
            assert office["country"] is None or office["country"] in ISO_CODES, p["name"]
            assert office["organisation"] is None or office["organisation"] in org_names, p["name"]
            check_period(office["start"], office["end"], (p["name"], office["title"]))


def test_leader_aliases_point_to_one_person(leaders):
    owner = {}
    for p in leaders:
        for value in [p["name"], *p["aliases"]]:
            assert owner.setdefault(value.casefold(), p["name"]) == p["name"], value


def test_short_aliases_are_acronyms(leaders):
    for p in leaders:
        for alias in p["aliases"]:
            assert len(alias) > 3 or alias.isupper(), (p["name"], alias)


def current_offices(leaders, name):
    person = next(p for p in leaders if p["name"] == name)
    return {(o["title"], o["country"] or o["organisation"]) for o in person["offices"] if o["end"] is None}


def test_some_current_offices(leaders):
    assert ("President", "UA") in current_offices(leaders, "Volodymyr Zelenskyy")
    assert ("Prime Minister", "GB") in current_offices(leaders, "Keir Starmer")
    assert ("Secretary General", "NATO") in current_offices(leaders, "Mark Rutte")
    assert ("Secretary-General", "UN") in current_offices(leaders, "António Guterres")
    assert ("President of the European Commission", "EU") in current_offices(leaders, "Ursula von der Leyen")
    assert current_offices(leaders, "Olaf Scholz") == set()
    assert current_offices(leaders, "Joe Biden") == set()


# ---------------------------------------------------------------- exchange rates


def test_exchange_rate_rows_parse(rates):
    assert rates, "no rows"
    seen = set()
    for row in rates:
        assert set(row) == {"month", "currency", "usd_per_unit"}
        month = dt.datetime.strptime(row["month"], "%Y-%m").date()
        assert row["currency"] in CURRENCIES
        value = float(row["usd_per_unit"])
        assert 0 < value < 10
        key = (month, row["currency"])
        assert key not in seen
        seen.add(key)
    keys = [(r["month"], r["currency"]) for r in rates]
    assert keys == sorted(keys)


def test_exchange_rates_cover_every_month(rates):
    months = {r["month"] for r in rates}
    expected = {
        f"{y}-{m:02d}" for y in range(2014, 2027) for m in range(1, 13) if f"{y}-{m:02d}" <= "2026-10"
    }
    assert months == expected
    assert len(rates) == len(expected) * len(CURRENCIES)


@pytest.fixture(scope="module")
def gdp():
    with (DATA / "gdp.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_gdp_rows_are_known_countries_with_positive_figures(gdp, countries):
    known = {c["alpha2"] for c in countries}
    assert gdp, "gdp.csv is empty"
    assert list(gdp[0]) == ["alpha2", "year", "gdp_usd_millions"]
    for row in gdp:
        assert row["alpha2"] in ISO_CODES and row["alpha2"] in known, row
        assert row["year"] == "2020", row  # one source: World Bank WDI, GDP 2020
        assert int(row["gdp_usd_millions"]) > 0, row
    codes = [row["alpha2"] for row in gdp]
    assert len(codes) == len(set(codes)), "one row per country"
    assert codes == sorted(codes)
    by_code = {row["alpha2"]: int(row["gdp_usd_millions"]) for row in gdp}
    assert by_code["US"] == 20_936_600  # spot checks against the World Bank table
    assert by_code["DE"] == 3_806_060
    assert by_code["UA"] == 155_582
