"""Celery tasks: orchestration only. They get primary keys; the work is in services and the pipeline."""

from __future__ import annotations

import logging
import random

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError

from articles import services

log = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
MAX_RETRIES = 5


def backoff_seconds(retries: int) -> float:
    """Exponential backoff with full jitter, capped at a minute."""
    return random.uniform(0.5, 1.0) * min(60, 2**retries)


# Limits are set on the task itself: Celery 5.7's prefork pool does not apply the global defaults.
@shared_task(
    bind=True,
    max_retries=MAX_RETRIES,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def ingest_article(self, article_id: int) -> str:
    try:
        return services.ingest(article_id, self.request.id or "")
    except TRANSIENT_ERRORS as exc:
        if self.request.retries < self.max_retries:
            log.warning("transient error on article %s, retrying: %s", article_id, exc)
            raise self.retry(exc=exc, countdown=backoff_seconds(self.request.retries)) from exc
        try:
            services.mark_failed(article_id, "The database could not be reached; retry the article later.")
        except TRANSIENT_ERRORS:
            # Still unreachable, so the article cannot even be marked. Giving up here dropped the
            # message and left the article queued for the stale sweep (issue 12: a PostgreSQL restart
            # longer than the ~15-30 s of retries). Keep the message alive at the longest backoff.
            log.warning("database still unreachable for article %s; retrying until it is back", article_id)
            raise self.retry(
                exc=exc,
                countdown=backoff_seconds(self.max_retries),
                max_retries=self.request.retries + 1,  # None would mean the task's 5
            ) from exc
        return "failed"
    except SoftTimeLimitExceeded:
        services.mark_failed(
            article_id, "Processing took too long and was stopped; the file may be too complex."
        )
        return "failed"
    except Exception:
        log.exception("ingestion of article %s failed", article_id)
        services.fail_unexpectedly(article_id)
        raise


@shared_task
def requeue_stale_articles() -> int:
    return services.requeue_stale()


@shared_task
def relay_ingestion_outbox() -> int:
    return services.relay_outbox()
