"""The outbox: an article whose message the broker never accepted is sent by the relay, once.

Tasks run in-process here; tests/integration/test_outages.py takes a real broker away and back.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from articles import services
from articles.models import Article, ArticleState
from tests.articles.helpers import ARTICLE

pytestmark = pytest.mark.django_db


def test_a_sent_upload_is_marked_sent(gazetteer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        stored = services.store_upload(ARTICLE.encode(), original_name="a.txt")
    article = Article.objects.get(pk=stored.article.pk)
    assert article.sent_at is not None
    assert article.state == ArticleState.DONE


def test_the_relay_sends_what_the_broker_never_took(gazetteer, django_capture_on_commit_callbacks):
    # on_commit never runs: as if the broker was down, or the web process died right after the commit.
    stored = services.store_upload(ARTICLE.encode(), original_name="a.txt").article
    assert Article.objects.get(pk=stored.pk).sent_at is None
    assert services.relay_outbox() == 0  # too young: the sender may still be trying

    Article.objects.filter(pk=stored.pk).update(state_changed_at=timezone.now() - dt.timedelta(minutes=1))
    assert services.relay_outbox() == 1
    article = Article.objects.get(pk=stored.pk)
    assert article.state == ArticleState.DONE and article.sent_at is not None and article.attempts == 1
    assert services.relay_outbox(0) == 0  # sent once


def test_requeue_puts_the_article_back_in_the_outbox(gazetteer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        stored = services.store_upload(ARTICLE.encode(), original_name="a.txt").article
    first_sent = Article.objects.get(pk=stored.pk).sent_at
    assert services.requeue(Article.objects.filter(pk=stored.pk)) == 1
    article = Article.objects.get(pk=stored.pk)
    assert article.sent_at > first_sent and article.attempts == 2
