"""The controlled vocabularies, shared by models, forms, filters, exports and extraction output.

Categories and condition kinds are exactly those of the evaluation schema (eval/SCHEMA.md).
"""

from django.db import models


class OrganisationKind(models.TextChoices):
    ALLIANCE = "alliance", "Alliance"
    BLOC = "bloc", "Bloc"
    INTERNATIONAL_ORGANISATION = "international_organisation", "International organisation"
    AD_HOC_COALITION = "ad_hoc_coalition", "Ad-hoc coalition"


class Category(models.TextChoices):
    MILITARY = "military", "Military"
    FINANCIAL = "financial", "Financial"
    HUMANITARIAN = "humanitarian", "Humanitarian"
    RECONSTRUCTION = "reconstruction", "Reconstruction"
    SECURITY_GUARANTEE = "security_guarantee", "Security guarantee"
    MONITORING = "monitoring", "Monitoring"
    DIPLOMATIC = "diplomatic", "Diplomatic"
    SANCTIONS = "sanctions", "Sanctions"
    OTHER = "other", "Other"


class ConditionKind(models.TextChoices):
    CEASEFIRE = "ceasefire", "Ceasefire"
    PEACE_AGREEMENT = "peace_agreement", "Peace agreement"
    APPROVAL = "approval", "Approval"
    RECIPROCITY = "reciprocity", "Reciprocity"
    LIMITATION = "limitation", "Limitation"
    TIMING = "timing", "Timing"
    OTHER = "other", "Other"


class ConditionState(models.TextChoices):
    PENDING = "pending", "Pending"
    MET = "met", "Met"
    LAPSED = "lapsed", "Lapsed"


class PledgeStatus(models.TextChoices):
    ANNOUNCED = "announced", "Announced"
    COMMITTED = "committed", "Committed"
    IN_PROGRESS = "in_progress", "In progress"
    DELIVERED = "delivered", "Delivered"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ReviewState(models.TextChoices):
    EXTRACTED = "extracted", "Awaiting review"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class Origin(models.TextChoices):
    """Where a pledge came from: found by extraction, or added by an editor from the text."""

    EXTRACTED = "extracted", "Extracted"
    EDITOR = "editor", "Added by an editor"


class AliasKind(models.TextChoices):
    NAME = "name", "Name or short name"
    DEMONYM = "demonym", "Demonym"
    CAPITAL = "capital", "Capital (as government)"
    INSTITUTION = "government", "Government body (acts for the state)"


# Units that are not money. Money amounts use an ISO 4217 code in base units.
NON_MONEY_UNITS = ("troops", "percent_gdp", "people", "items")
