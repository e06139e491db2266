"""Pledge extraction: article text + gazetteer -> entities, pledges and conditions.

Pure Python on spaCy's rule machinery (no statistical model, no Django): the Celery task
and the `extract` management command both build one `Extractor` per gazetteer version.
"""

from __future__ import annotations

import datetime as dt

from .extractor import Extractor
from .gazetteer import gazetteer_from_records
from .schema import result_to_schema
from .types import (
    Amount,
    ConditionResult,
    CountryEntry,
    ExtractionResult,
    Gazetteer,
    LeaderCandidate,
    LeaderEntry,
    Mention,
    OfficeEntry,
    OrganisationCandidate,
    OrganisationEntry,
    PledgeResult,
)

# 2.1: the parse corrects word-order actors; speeches set out line by line are joined; government
# bodies ("USAID") act for their state
# 2.5: an article's subject found in one scan (same output); the learned models refitted on 349
# tuning articles
# 2.6: hyphenated and appositive names of titled people; two parties that sign or agree commit to
# each other
# 2.7: "pledged by NATO members A, B and C" is the states named; namesakes told apart by first name,
# title and date (a rank and a date no office of theirs fits: not them)
EXTRACTOR_VERSION = "rules-2.7"

__all__ = [
    "EXTRACTOR_VERSION",
    "Amount",
    "ConditionResult",
    "CountryEntry",
    "ExtractionResult",
    "Extractor",
    "Gazetteer",
    "LeaderCandidate",
    "LeaderEntry",
    "Mention",
    "OfficeEntry",
    "OrganisationCandidate",
    "OrganisationEntry",
    "PledgeResult",
    "extract",
    "gazetteer_from_records",
    "result_to_schema",
]


def extract(text: str, gazetteer: Gazetteer, published: dt.date | None = None) -> ExtractionResult:
    """One-off extraction; builds an Extractor each call, so cache an `Extractor` for bulk work."""
    return Extractor(gazetteer).extract(text, published)
