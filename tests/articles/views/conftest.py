"""Fixtures for the editor pages (the small real gazetteer `gazetteer` comes from tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
