"""The worker builds the extractor before its pool forks, and starts anyway when it cannot."""

from __future__ import annotations

import pytest

from articles import gazetteer
from config import celery as celery_app
from config.celery import build_the_extractor_before_the_pool_forks


@pytest.mark.django_db
def test_the_worker_start_builds_the_extractor(monkeypatch):
    monkeypatch.setattr(gazetteer, "_cached", None)
    build_the_extractor_before_the_pool_forks()
    assert gazetteer._cached is not None


def test_a_worker_starts_when_the_extractor_cannot_be_built(monkeypatch):
    def unavailable():
        raise ConnectionError("database down")

    warnings: list[str] = []
    monkeypatch.setattr(gazetteer, "get_extractor", unavailable)
    monkeypatch.setattr(celery_app.logger, "warning", lambda message, **kwargs: warnings.append(message))
    build_the_extractor_before_the_pool_forks()  # does not raise: the worker goes on starting
    assert warnings == ["extractor not built at worker start; the first task will build it"]
