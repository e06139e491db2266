"""Probes for load balancers and docker-compose.

`/healthz` is liveness: the process serves requests. It touches no dependency, so an outage elsewhere
never gets a healthy web process restarted. `/readyz` is readiness: each dependency checked on its own,
as JSON. Only the database is required to serve pages (503 without it); without the cache pages render
uncached, without the broker uploads are stored and sent when it returns, so both answer 200 "degraded".
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

PROBE_TIMEOUT = 1.0  # seconds a dependency may take to answer before it counts as down


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def check_broker() -> str:
    url = settings.CELERY_BROKER_URL
    if not url or settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    if urlsplit(url).scheme in ("redis", "rediss"):
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        client = redis.Redis.from_url(
            url,
            socket_connect_timeout=PROBE_TIMEOUT,
            socket_timeout=PROBE_TIMEOUT,
            retry=Retry(NoBackoff(), 0),
        )
        try:
            client.ping()
        finally:
            client.close()
        return "ok"
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=PROBE_TIMEOUT)
    return "ok"


def check_cache() -> str:
    ping = getattr(cache, "ping", None)
    if ping is None:
        return "in-process"
    if not ping():
        raise ConnectionError("no answer")
    return "ok"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "broker": check_broker,
    "cache": check_cache,
}
REQUIRED = {"database"}


def run_check(check: Callable[[], str]) -> dict:
    started = time.perf_counter()
    try:
        result = {"ok": True, "detail": check()}
    except Exception as exc:  # a probe reports every failure, it never raises
        result = {"ok": False, "detail": type(exc).__name__}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {name: run_check(check) for name, check in CHECKS.items()}
    if any(not checks[name]["ok"] for name in REQUIRED):
        status, code = "unavailable", 503
    elif all(c["ok"] for c in checks.values()):
        status, code = "ok", 200
    else:
        status, code = "degraded", 200
    return JsonResponse({"status": status, "checks": checks}, status=code)
