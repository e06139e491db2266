"""Fixtures for the editor pages (the small real gazetteer `gazetteer` comes from tests/conftest.py)."""

from __future__ import annotations

import pytest

ARTICLE = (
    "Allies pledge troops for Ukraine\n\n"
    "Published: 6 January 2026\n\n"
    "French President Emmanuel Macron said on Tuesday that France would send several thousand soldiers "
    "to Ukraine once a ceasefire with Russia is agreed. "
    "They will not take part in combat, he added.\n\n"
    "British Prime Minister Keir Starmer pledged £200 million to Ukraine for drones.\n"
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
