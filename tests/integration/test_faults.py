"""Faults injected into the real stack: nothing lost, nothing counted twice.

Each test runs its own redis-server and Celery workers against the test database on PostgreSQL.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

from articles.models import Article
from pledges.models import Pledge
from tests.integration.harness import RedisServer, Worker, run_command, upload_in_another_process, wait_for

POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not POSTGRES or not settings.CELERY_BROKER_URL, reason="needs PostgreSQL and Redis"),
    pytest.mark.django_db(transaction=True),
]

TEXT = (
    "Paris summit\n\nPublished: 6 January 2026\n\n"
    "French President Emmanuel Macron said France would send several thousand soldiers to Ukraine "
    "once a ceasefire with Russia is agreed.\n\n"
    "British Prime Minister Keir Starmer pledged £200 million to Ukraine for drones.\n"
)
EXPECTED_PLEDGES = 2


@pytest.fixture
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def article_file(tmp_path, request):
    path = tmp_path / "article.txt"
    path.write_text(TEXT + f"\n[{request.node.name}]\n")  # unique content per test
    return path


def finished(article_id: int):
    article = Article.objects.get(pk=article_id)
    return article if article.is_finished else None


@pytest.mark.parametrize("point", ["read", "parse", "extract", "persist", "in-transaction"])
def test_worker_killed_mid_ingestion_finishes_exactly_once(
    gazetteer, redis_server, article_file, tmp_path, point
):
    marker = tmp_path / "paused"
    article_id = upload_in_another_process(article_file, redis_server.url)
    first = Worker(
        redis_server.url,
        log=tmp_path / "worker1.log",
        PLEDGEWATCH_FAULT_AT=point,
        PLEDGEWATCH_FAULT_MARKER=str(marker),
        PLEDGEWATCH_FAULT_SLEEP="60",
    )
    try:
        wait_for(marker.exists, 60, f"the worker to reach {point}")
        first.kill()
    finally:
        first.stop()
    assert Article.objects.get(pk=article_id).state == "processing"

    # The unacknowledged message comes back once its visibility timeout has passed.
    second = Worker(redis_server.url, log=tmp_path / "worker2.log", CELERY_VISIBILITY_TIMEOUT="1")
    try:
        article = wait_for(lambda: finished(article_id), 90, "the redelivered message to finish the article")
    finally:
        second.stop()
    assert article.state == "done", article.error_message
    assert article.attempts == 2
    assert Pledge.objects.filter(evidence__article=article).count() == EXPECTED_PLEDGES
    assert Pledge.objects.count() == EXPECTED_PLEDGES


def test_broker_down_at_upload_then_swept_when_back(gazetteer, redis_server, article_file, tmp_path):
    redis_server.stop()
    article_id = upload_in_another_process(article_file, redis_server.url)
    assert Article.objects.get(pk=article_id).state == "queued"  # stored, visible to the editor

    redis_server.start()
    worker = Worker(redis_server.url, log=tmp_path / "worker.log")
    try:
        sweep = run_command(["requeue_stale", "--older-than", "0"], redis_server.url)
        assert "Re-enqueued 1 stale article" in sweep
        article = wait_for(lambda: finished(article_id), 60, "the swept article to finish")
    finally:
        worker.stop()
    assert article.state == "done", article.error_message
    assert Pledge.objects.filter(evidence__article=article).count() == EXPECTED_PLEDGES


def test_database_connection_lost_mid_task_is_retried(gazetteer, redis_server, article_file, tmp_path):
    marker = tmp_path / "paused"
    article_id = upload_in_another_process(article_file, redis_server.url)
    worker = Worker(
        redis_server.url,
        log=tmp_path / "worker.log",
        PLEDGEWATCH_FAULT_AT="extract",
        PLEDGEWATCH_FAULT_MARKER=str(marker),
        PLEDGEWATCH_FAULT_SLEEP="3",
    )
    try:
        wait_for(marker.exists, 60, "the worker to reach extraction")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        article = wait_for(lambda: finished(article_id), 60, "the retried task to finish")
        log = (tmp_path / "worker.log").read_text()
    finally:
        worker.stop()
    assert article.state == "done", article.error_message
    assert "retrying" in log
    assert Pledge.objects.filter(evidence__article=article).count() == EXPECTED_PLEDGES


def test_time_limit_ends_a_slow_task_and_the_worker_lives_on(gazetteer, redis_server, article_file, tmp_path):
    marker = tmp_path / "paused"
    # The sender puts the limits in the message, so web and worker share them (as in a deployment).
    limits = {"CELERY_TASK_SOFT_TIME_LIMIT": "2", "CELERY_TASK_TIME_LIMIT": "5"}
    article_id = upload_in_another_process(article_file, redis_server.url, **limits)
    worker = Worker(
        redis_server.url,
        pool="prefork",
        log=tmp_path / "worker.log",
        PLEDGEWATCH_FAULT_AT="extract",
        PLEDGEWATCH_FAULT_MARKER=str(marker),
        PLEDGEWATCH_FAULT_SLEEP="30",
        **limits,
    )
    try:
        article = wait_for(lambda: finished(article_id), 60, "the time limit to end the task")
        assert article.state == "failed"
        assert "took too long" in article.error_message
        # The worker still takes work: a second article goes through.
        other = article_file.with_name("other.txt")
        other.write_text(TEXT.replace("Paris summit", "London summit"))
        second_id = upload_in_another_process(other, redis_server.url, **limits)
        second = wait_for(lambda: finished(second_id), 60, "the worker to process the next article")
        assert worker.alive()
    finally:
        worker.stop()
    assert second.state == "done", second.error_message
