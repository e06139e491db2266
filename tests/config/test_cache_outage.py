"""Redis (cache and cached sessions) stopped under a running site: pages render uncached, sessions come
from the database, a login works, and a logout made during the outage stays a logout afterwards.

A real redis-server on a free port is stopped and started; nothing of our stack is mocked.
"""

from __future__ import annotations

import shutil
import time

import environ
import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from config.cache import ResilientRedisCache, cache_settings
from tests.integration.harness import RedisServer
from tests.pledges.views.helpers import HX, add_pledges, coalition

BREAKER_SECONDS = 0.3

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(data_dir=tmp_path).start()  # persistent, like compose's: data survives a restart
    yield server
    server.stop()


@pytest.fixture
def redis_cache(redis_server, roles, monkeypatch):
    """The site configured as docker-compose configures it: fragments and sessions on Redis."""
    monkeypatch.setattr(ResilientRedisCache, "RETRY_AFTER", BREAKER_SECONDS)
    config = cache_settings(environ.Env.cache_url_config(f"redis://127.0.0.1:{redis_server.port}/1"))
    with override_settings(
        CACHES={"default": config}, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"
    ):
        yield redis_server


def pages(org) -> list[tuple[str, dict]]:
    return [
        ("/", {}),
        (f"/coalitions/{org.slug}/", {}),
        (f"/coalitions/{org.slug}/", HX),
        ("/pledges/", {}),
        ("/pledges/", HX),
    ]


def test_settings_use_the_resilient_backend_for_redis():
    config = cache_settings(environ.Env.cache_url_config("redis://127.0.0.1:6379/1"))
    assert config["BACKEND"] == "config.cache.ResilientRedisCache"
    assert config["OPTIONS"]["socket_connect_timeout"] <= 1


def test_logged_in_pages_render_with_redis_down(redis_cache, analyst_client):
    org, members = coalition(2)
    add_pledges(members, 3)
    warm = {url + str(h): analyst_client.get(url, **h).content for url, h in pages(org)}
    redis_cache.stop()
    started = time.monotonic()
    for url, headers in pages(org):
        response = analyst_client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
        if url != "/":
            assert response.content.count(b"data-pledge=") == warm[url + str(headers)].count(b"data-pledge=")
    assert time.monotonic() - started < 5  # the breaker keeps an outage from costing a timeout per call

    redis_cache.start()
    time.sleep(BREAKER_SECONDS)
    assert analyst_client.get(f"/coalitions/{org.slug}/", **HX).status_code == 200
    cache.set("probe", 1)
    assert cache.get("probe") == 1  # back in use


def test_login_works_with_redis_down(redis_cache, analyst):
    analyst.set_password("the-right-password")
    analyst.save()
    redis_cache.stop()
    client = Client()
    assert client.get("/accounts/login/").status_code == 200
    response = client.post(
        "/accounts/login/", {"username": analyst.username, "password": "the-right-password"}
    )
    assert response.status_code == 302, response.content[:500]
    assert client.get("/").status_code == 200  # the session was stored in the database


def test_a_logout_during_the_outage_is_not_undone_when_redis_returns(redis_cache, analyst):
    client = Client()
    client.force_login(analyst)
    assert client.get("/").status_code == 200  # the session is cached in Redis now
    stolen = client.cookies["sessionid"].value

    redis_cache.stop()
    assert client.post("/accounts/logout/").status_code == 302  # deleted from the database only
    redis_cache.start()
    time.sleep(BREAKER_SECONDS)
    replay = Client()
    replay.cookies["sessionid"] = stolen
    response = replay.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
