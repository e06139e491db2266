"""The domain's only door to the articles app: where pledges meet the articles that state them.

Dependencies point one way (articles → pledges), so nothing in `pledges` imports `articles`. The
models that tie a pledge to its sources (Evidence, and Article behind it) are reached here, through
the pledge's reverse relation or the app registry, and every other module of the pledges app asks
this one. A change on the articles side (a renamed relation, a new state) is mended in one place.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

ARTICLES_APP = "articles"
EVIDENCE_MODEL = "articles.Evidence"  # the label signals connect to (pledges/revisions.py)
# Prefetch path from a condition to its pledge's source articles (the conditions page).
CONDITION_SOURCES = "pledge__evidence__article"


def evidence_model() -> type[models.Model]:
    """Evidence (pledge ↔ article ↔ quote), through the pledge's reverse relation."""
    from pledges.models import Pledge

    return Pledge._meta.get_field("evidence").related_model


def evidence_of(pledge: models.Model, *order: str) -> models.QuerySet:
    """The quotes that state a pledge, with their articles, in the order given."""
    return pledge.evidence.select_related("article").order_by(*order)


def processed_articles() -> int:
    """How many articles ingestion has finished (the overview's headline figure)."""
    article = apps.get_model(ARTICLES_APP, "Article")
    return article.objects.filter(state="done").count()
