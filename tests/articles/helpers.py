"""Shared helpers for the article tests."""

from __future__ import annotations

from articles import services
from articles.models import Article


def ingest(text: str, capture, name: str = "article.txt") -> Article:
    """Upload `text` and run its ingestion now (`capture`: django_capture_on_commit_callbacks)."""
    with capture(execute=True):
        article = services.store_upload(text.encode(), original_name=name).article
    article.refresh_from_db()
    assert article.state == "done", article.error_message
    return article
