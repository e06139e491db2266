"""A small hand-written gazetteer and one Extractor shared by the extraction tests."""

from __future__ import annotations

import pytest

from articles.extraction import Extractor, Gazetteer, gazetteer_from_records

COUNTRIES = [
    {"alpha2": "FR", "name": "France", "short_names": ["France"], "demonyms": ["French"], "capital": "Paris"},
    {
        "alpha2": "GB",
        "short_names": ["United Kingdom", "UK", "Britain"],
        "demonyms": ["British"],
        "capital": "London",
    },
    {"alpha2": "DE", "short_names": ["Germany"], "demonyms": ["German", "Germans"], "capital": "Berlin"},
    {"alpha2": "UA", "short_names": ["Ukraine"], "demonyms": ["Ukrainian", "Ukrainians"], "capital": "Kyiv"},
    {"alpha2": "RU", "short_names": ["Russia"], "demonyms": ["Russian"], "capital": "Moscow"},
    {
        "alpha2": "US",
        "short_names": ["United States", "US", "U.S."],
        "demonyms": ["American"],
        "capital": "Washington",
        "institutions": ["USAID", "the Pentagon"],
    },
    {"alpha2": "SY", "short_names": ["Syria"], "demonyms": ["Syrian", "Syrians"], "capital": "Damascus"},
    {"alpha2": "NG", "short_names": ["Nigeria"], "demonyms": ["Nigerian"], "capital": "Abuja"},
    {"alpha2": "NO", "short_names": ["Norway"], "demonyms": ["Norwegian"], "capital": "Oslo"},
    {"alpha2": "CA", "short_names": ["Canada"], "demonyms": ["Canadian"], "capital": "Ottawa"},
    {"alpha2": "CD", "short_names": ["Congo"], "demonyms": ["Congolese"], "capital": "Kinshasa"},
    {"alpha2": "JP", "short_names": ["Japan"], "demonyms": ["Japanese"], "capital": "Tokyo"},
]
ORGANISATIONS = [
    {
        "slug": "nato",
        "name": "NATO",
        "full_name": "North Atlantic Treaty Organization",
        "kind": "alliance",
        "aliases": ["the Alliance"],
        "members": [{"country": "FR", "joined": "1949-04-04", "left": None}],
    },
    {
        "slug": "eu",
        "name": "EU",
        "full_name": "European Union",
        "kind": "bloc",
        "aliases": ["European Commission"],
        "members": [],
    },
    {
        "slug": "cotw",
        "name": "Coalition of the Willing",
        "full_name": "Coalition of the Willing",
        "kind": "ad_hoc_coalition",
        "aliases": ["coalition of the willing"],
        "members": [],
    },
    {
        "slug": "wfp",
        "name": "WFP",
        "full_name": "World Food Programme",
        "kind": "international_organisation",
        "aliases": [],
        "members": [],
    },
]
LEADERS = [
    {
        "name": "Anna Lindqvist",
        "aliases": ["Lindqvist"],
        "country": "FR",
        "offices": [
            {"title": "President", "country": "FR", "organisation": None, "start": "2020-01-01", "end": None}
        ],
    },
    {
        "name": "Tomas Brennan",
        "aliases": [],
        "country": "GB",
        "offices": [
            {
                "title": "Prime Minister",
                "country": "GB",
                "organisation": None,
                "start": "2021-01-01",
                "end": None,
            }
        ],
    },
    {
        "name": "Oleh Marchenko",
        "aliases": ["Marchenko"],
        "country": "UA",
        "offices": [
            {"title": "President", "country": "UA", "organisation": None, "start": "2019-01-01", "end": None}
        ],
    },
    {
        "name": "Hanna Kuusk",
        "aliases": ["Kuusk"],
        "country": None,
        "offices": [
            {
                "title": "Prime Minister",
                "country": "JP",
                "organisation": None,
                "start": "2010-01-01",
                "end": "2020-01-01",
            },
            {
                "title": "President of the European Commission",
                "country": None,
                "organisation": "eu",
                "start": "2021-01-01",
                "end": None,
            },
        ],
    },
]


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return gazetteer_from_records(COUNTRIES, ORGANISATIONS, LEADERS)


@pytest.fixture(scope="session")
def extractor(gazetteer: Gazetteer) -> Extractor:
    return Extractor(gazetteer)
