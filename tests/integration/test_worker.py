"""Upload → a real Celery worker on Redis → pledges in PostgreSQL.

Runs in CI's services pass (DATABASE_URL=postgres://…, CELERY_BROKER_URL=redis://…); skipped otherwise.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from articles import services
from articles.models import Article
from config.celery import app
from pledges.models import Pledge
from tests.integration.harness import Worker, wait_for

SERVICES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and bool(settings.CELERY_BROKER_URL)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not SERVICES, reason="needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis)"),
    pytest.mark.django_db(transaction=True),
]

TEXT = (
    "Paris summit\n\nPublished: 6 January 2026\n\n"
    "French President Emmanuel Macron said France would send several thousand soldiers to Ukraine "
    "once a ceasefire with Russia is agreed.\n"
)


@pytest.fixture
def real_worker(gazetteer, tmp_path):
    """A Celery worker process on the test database and the configured broker, stopped after the test."""
    app.control.purge()
    worker = Worker(settings.CELERY_BROKER_URL, log=tmp_path / "worker.log")
    try:
        wait_for(lambda: app.control.ping(timeout=0.5), 60, "the worker to answer a ping")
        yield worker
    finally:
        worker.stop()


def test_upload_is_ingested_by_a_real_worker(real_worker):
    stored = services.store_upload(TEXT.encode(), original_name="paris.txt")
    assert stored.created

    def finished():
        article = Article.objects.get(pk=stored.article.pk)
        return article if article.is_finished else None

    article = wait_for(finished, 60, "the worker to finish the article")
    assert article.state == "done", article.error_message
    assert article.attempts == 1
    pledge = Pledge.objects.get(evidence__article=article)
    assert (pledge.actor_country.code, pledge.beneficiary_country.code) == ("FR", "UA")
    assert pledge.conditions.filter(kind="ceasefire").exists()
