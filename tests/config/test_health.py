"""Liveness and readiness: /healthz needs nothing but the process, /readyz reports each dependency.

Broker and cache are a real redis-server on a free port, stopped to take them away.
"""

from __future__ import annotations

import shutil

import environ
import pytest
from django.test import override_settings

from config.cache import ResilientRedisCache, cache_settings
from tests.integration.harness import RedisServer

pytestmark = pytest.mark.django_db

needs_redis = pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")


@pytest.fixture
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def on_redis(redis_server, monkeypatch):
    """Broker and cache on the private Redis, as docker-compose configures them."""
    monkeypatch.setattr(ResilientRedisCache, "RETRY_AFTER", 0.1)
    url = f"redis://127.0.0.1:{redis_server.port}"
    with override_settings(
        CACHES={"default": cache_settings(environ.Env.cache_url_config(url + "/1"))},
        CELERY_BROKER_URL=url + "/0",
        CELERY_TASK_ALWAYS_EAGER=False,
    ):
        yield redis_server


def test_healthz_is_liveness_only(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_as_configured(client, settings):
    """Embedded default: no broker, per-process cache. The services pass: its broker answers."""
    body = client.get("/readyz").json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"]
    assert body["checks"]["broker"]["detail"] == ("ok" if settings.CELERY_BROKER_URL else "in-process")
    assert body["checks"]["cache"]["detail"] == "in-process"


@needs_redis
def test_readyz_reports_broker_and_cache_separately(client, on_redis):
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok", body
    assert {name: c["ok"] for name, c in body["checks"].items()} == {
        "database": True,
        "broker": True,
        "cache": True,
    }

    on_redis.stop()
    response = client.get("/readyz")
    body = response.json()
    # Pages still render (uncached) and uploads are kept for later: degraded, not unavailable.
    assert response.status_code == 200 and body["status"] == "degraded", body
    assert {name: c["ok"] for name, c in body["checks"].items()} == {
        "database": True,
        "broker": False,
        "cache": False,
    }
    assert client.get("/healthz").status_code == 200
    assert all(c["ms"] < 2000 for c in body["checks"].values())
