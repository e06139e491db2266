"""Plain data that goes into and comes out of extraction.

The extraction library imports no Django: the caller reads the gazetteer from the
database (or from the reference-data files) into these records, and persists the
results itself. Keeping the contract in one module lets the Celery task, the
`extract` command and the tests share it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class CountryEntry:
    code: str  # ISO 3166-1 alpha-2, e.g. "GB"
    name: str  # canonical short name, e.g. "United Kingdom"
    names: tuple[str, ...] = ()  # other names: official, common, short names, aliases ("UK", "Britain")
    demonyms: tuple[str, ...] = ()  # "British", "Briton"
    capitals: tuple[str, ...] = ()  # "London" (used as metonym for the government)
    institutions: tuple[str, ...] = ()  # "USAID", "the Foreign Office": bodies that act for the state


@dataclass(frozen=True, slots=True)
class OrganisationEntry:
    key: str  # canonical name as written in output, e.g. "NATO", "EU", "Coalition of the Willing"
    names: tuple[str, ...] = ()  # aliases: "North Atlantic Treaty Organization", "the alliance"...
    kind: str = "international_organisation"  # or alliance, bloc, ad_hoc_coalition
    members: tuple[str, ...] = ()  # alpha-2 codes of current members


@dataclass(frozen=True, slots=True)
class OfficeEntry:
    """One office a leader held; dates let a 2014 article attribute the right country."""

    title: str
    country: str | None = None
    organisation: str | None = None  # OrganisationEntry.key
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class LeaderEntry:
    name: str  # canonical full name, as Wikipedia titles it: "Volodymyr Zelenskyy"
    aliases: tuple[str, ...] = ()  # "Zelensky", "Volodymyr Zelensky"
    country: str | None = None  # alpha-2 of the country they speak for
    titles: tuple[str, ...] = ()  # "President", "Prime Minister", "Foreign Minister"
    organisation: str | None = None  # OrganisationEntry.key when they speak for one (von der Leyen: "EU")
    offices: tuple[OfficeEntry, ...] = ()  # optional detail; country/organisation above are the default


@dataclass(slots=True)
class Gazetteer:
    countries: list[CountryEntry] = field(default_factory=list)
    organisations: list[OrganisationEntry] = field(default_factory=list)
    leaders: list[LeaderEntry] = field(default_factory=list)


@dataclass(slots=True)
class Mention:
    kind: str  # "country" | "organisation" | "person"
    key: str  # alpha-2, organisation key, or person's canonical name
    text: str  # the text as it stands in the article
    start: int  # character offsets into the article text
    end: int
    state: bool = True  # countries: the text refers to the state, not only to a place in it


@dataclass(slots=True)
class LeaderCandidate:
    """An unknown person introduced by a title or role ("US envoy Steve Witkoff")."""

    name: str
    title: str | None
    country: str | None
    start: int
    end: int


@dataclass(slots=True)
class OrganisationCandidate:
    """An organisation the gazetteer lacks, named by a capitalised phrase ("the Blue Harbour Fund")."""

    name: str
    start: int  # character offsets of its first mention
    end: int
    kind: str | None = None  # a guess from the head word: ad_hoc_coalition, international_organisation


@dataclass(slots=True)
class Amount:
    value: float
    unit: str  # ISO 4217 code in base units, or troops | percent_gdp | people | items
    approximate: bool
    text: str
    start: int
    end: int


@dataclass(slots=True)
class ConditionResult:
    kind: str  # ceasefire | peace_agreement | approval | reciprocity | limitation | timing | other
    text: str
    start: int
    end: int


@dataclass(slots=True)
class PledgeResult:
    actor: str  # alpha-2 or organisation key
    actor_kind: str  # "country" | "organisation"
    actor_person: str | None
    beneficiary: str | None
    beneficiary_kind: str | None  # "country" | "organisation" | None
    category: str
    quote: str  # the sentence(s) stating it, exactly as in the text
    start: int
    end: int
    amount: Amount | None = None
    announced_on: dt.date | None = None
    conditions: list[ConditionResult] = field(default_factory=list)
    rule: str = ""  # the trigger that read it: "provision_forward", "legacy:MODAL", …
    confidence: float = 1.0  # below the threshold it is a possible pledge, not a pledge


@dataclass(slots=True)
class ExtractionResult:
    mentions: list[Mention] = field(default_factory=list)
    candidates: list[LeaderCandidate] = field(default_factory=list)
    organisation_candidates: list[OrganisationCandidate] = field(default_factory=list)
    pledges: list[PledgeResult] = field(default_factory=list)
    possible_pledges: list[PledgeResult] = field(default_factory=list)  # below the confidence threshold
