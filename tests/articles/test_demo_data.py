"""load_demo_data: every demo article ingested and its pledges confirmed; a second run adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles import gazetteer
from articles.management.commands.load_demo_data import REVIEW_NOTE, demo_files
from articles.models import Article, ArticleState
from pledges.choices import ReviewState
from pledges.models import Condition, Pledge
from pledges.reference_data import load_reference_data


@pytest.fixture
def media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    # The per-process extractor is keyed by entity revision, which restarts with each test database:
    # build ours from this test's reference data, and leave other tests' cache as it was.
    monkeypatch.setattr(gazetteer, "_cached", None)


def load() -> str:
    out = StringIO()
    call_command("load_demo_data", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_demo_data_loads_confirmed_pledges_once(media):
    load_reference_data()
    files = demo_files()
    assert 10 <= len(files) <= 12

    summary = load()

    articles = Article.objects.all()
    assert articles.count() == len(files)
    assert {a.original_name for a in articles} == {f.name for f in files}
    assert all(a.state == ArticleState.DONE for a in articles), [
        (a.original_name, a.state, a.error_message) for a in articles
    ]
    pledges = Pledge.objects.filter(evidence__article__in=articles).distinct()
    assert pledges.count() >= len(files)
    with_pledges = articles.filter(evidence__isnull=False).distinct().count()
    assert with_pledges >= 0.8 * len(files)
    assert Condition.objects.filter(pledge__in=pledges).exists()
    assert pledges.filter(restates__isnull=False).exists()
    assert set(pledges.values_list("review_state", "review_note")) == {(ReviewState.CONFIRMED, REVIEW_NOTE)}
    assert not pledges.filter(reviewed_at__isnull=True).exists()
    assert f"{len(files)}/{len(files)} articles done" in summary

    counts = (Article.objects.count(), Pledge.objects.count(), Condition.objects.count())
    again = load()
    assert again.startswith("Demo data already loaded")
    assert (Article.objects.count(), Pledge.objects.count(), Condition.objects.count()) == counts


@pytest.mark.django_db
def test_demo_data_needs_reference_data(media):
    with pytest.raises(CommandError, match="load_reference_data"):
        load()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_demo_data_refuses_production(media, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        load()
