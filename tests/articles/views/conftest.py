"""Fixtures for the editor pages (the small real gazetteer `gazetteer` comes from tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def ingested(gazetteer, django_capture_on_commit_callbacks):
    """The sample article, uploaded and extracted for real (two pledges: France and the UK)."""
    from tests.articles.helpers import ARTICLE, ingest

    return ingest(ARTICLE, django_capture_on_commit_callbacks, name="allies.txt")
