"""Shared helpers for the article tests."""

from __future__ import annotations

from articles import services
from articles.models import Article

# Two pledges, a condition and a limit on the troops, in our own words: the editors' and ingestion
# tests' standard article.
ARTICLE = (
    "Allies pledge troops for Ukraine\n\n"
    "Published: 6 January 2026\n\n"
    "French President Emmanuel Macron said on Tuesday that France would send several thousand soldiers "
    "to Ukraine once a ceasefire with Russia is agreed. "
    "They will not take part in combat, he added.\n\n"
    "British Prime Minister Keir Starmer pledged £200 million to Ukraine for drones.\n"
)


def ingest(text: str, capture, name: str = "article.txt") -> Article:
    """Upload `text` and run its ingestion now (`capture`: django_capture_on_commit_callbacks)."""
    with capture(execute=True):
        article = services.store_upload(text.encode(), original_name=name).article
    article.refresh_from_db()
    assert article.state == "done", article.error_message
    return article
