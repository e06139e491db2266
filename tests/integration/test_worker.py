"""Upload → a real Celery worker on Redis → pledges in PostgreSQL.

Runs in CI's services pass (DATABASE_URL=postgres://…, CELERY_BROKER_URL=redis://…); skipped otherwise.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from articles import services
from articles.models import Article
from config.celery import app
from pledges.models import Pledge

ROOT = Path(__file__).resolve().parents[2]
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


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@pytest.fixture
def real_worker(gazetteer):
    """A Celery worker process on the test database, started and stopped by the test."""
    db = connection.settings_dict
    env = dict(os.environ)
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    env["DATABASE_URL"] = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}/{db['NAME']}"
    env["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)  # the test's upload folder
    app.control.purge()
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--hostname",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(lambda: app.control.ping(timeout=0.5), 60, "the worker to answer a ping")
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()


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
