"""The Celery app. Settings come from Django's (CELERY_ namespace); tasks get primary keys only."""

from __future__ import annotations

import logging
import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("pledgewatch")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
logger = logging.getLogger(__name__)


@worker_init.connect
def build_the_extractor_before_the_pool_forks(**kwargs) -> None:
    """Load the parser, the models and the gazetteer once, in the worker's main process: the pool's
    children start with them (copy-on-write), so no task pays seconds of loading inside its time limit,
    not even the first one after a child was replaced. Only a speed-up: a task builds it if this failed."""
    import django

    django.setup()  # idempotent; the handler may run before Celery's own Django set-up
    from django.db import connections

    from articles.gazetteer import get_extractor

    try:
        get_extractor()
    except Exception:  # the database may be down at start; a task builds it then
        logger.warning("extractor not built at worker start; the first task will build it", exc_info=True)
    finally:
        connections.close_all()  # a connection opened here must not be shared by the forked children
