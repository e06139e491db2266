"""The cache is an accelerator, never a dependency: a Redis cache that degrades instead of raising.

With Django's own RedisCache, Redis down means every cached page, and every request that reads a
session from `cached_db`, answers 500. `ResilientRedisCache` turns a failed cache call into a miss (reads)
or a no-op (writes), so pages render uncached and sessions come from the database. After a failure the
cache is skipped for `RETRY_AFTER` seconds (a small circuit breaker per process), so an outage costs one
failed connection attempt per process every few seconds, not one per cache call.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

log = logging.getLogger(__name__)

T = TypeVar("T")

# Connection options for a cache that must fail fast: a page is better uncached than late.
FAST_FAIL_OPTIONS: dict[str, Any] = {
    "socket_connect_timeout": 0.5,
    "socket_timeout": 0.5,
    "retry": Retry(NoBackoff(), 0),
    "health_check_interval": 30,
}
RESILIENT_BACKEND = "config.cache.ResilientRedisCache"
# django.contrib.sessions.backends.cached_db.KEY_PREFIX (not imported: settings load this module).
SESSION_CACHE_PREFIX = "django.contrib.sessions.cached_db"


def cache_settings(url_config: dict[str, Any]) -> dict[str, Any]:
    """Swap Django's RedisCache for the resilient one, with fast-failing connection options."""
    if url_config.get("BACKEND", "").endswith("RedisCache"):
        url_config = {**url_config, "BACKEND": RESILIENT_BACKEND}
        url_config["OPTIONS"] = {**FAST_FAIL_OPTIONS, **url_config.get("OPTIONS", {})}
    return url_config


class ResilientRedisCache(RedisCache):
    """RedisCache whose errors are logged and answered as misses; see the module docstring."""

    RETRY_AFTER = 5.0

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        """False while the breaker is open (a recent call failed)."""
        return time.monotonic() >= self._down_until

    def _run(self, call: Callable[[], T], fallback: T) -> T:
        """`call()`, or `fallback` when Redis fails or failed in the last RETRY_AFTER seconds."""
        if not self.available:
            return fallback
        try:
            if self._down_until:  # first call after an outage: clean up before trusting what is there
                self._after_outage()
            return call()
        except RedisError as exc:
            with self._lock:
                was_up = self._down_until == 0.0
                self._down_until = time.monotonic() + self.RETRY_AFTER
            if was_up:
                log.warning("cache unavailable, serving uncached: %s", exc)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._run(lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), False)

    def get(self, key, default=None, version=None) -> Any:
        return self._run(lambda: super(ResilientRedisCache, self).get(key, default, version), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        self._run(lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._run(lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key, version=None) -> bool:
        return self._run(lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def get_many(self, keys, version=None) -> dict:
        return self._run(lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None) -> bool:
        return self._run(lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def incr(self, key, delta=1, version=None) -> int:
        # Raises ValueError for a missing key like every backend; an outage looks like a missing key.
        sentinel = object()
        value = self._run(lambda: super(ResilientRedisCache, self).incr(key, delta, version), sentinel)
        if value is sentinel:
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None) -> list:
        return self._run(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), list(data)
        )

    def delete_many(self, keys, version=None) -> None:
        self._run(lambda: super(ResilientRedisCache, self).delete_many(keys, version), None)

    def clear(self) -> bool:
        return self._run(lambda: super(ResilientRedisCache, self).clear(), False)

    def ping(self) -> bool:
        """For /readyz: ask Redis itself, past the breaker (a success closes it)."""
        try:
            ok = bool(self._cache.get_client(write=False).ping())
        except RedisError:
            return False
        if ok and self._down_until:
            self._run(lambda: None, None)  # closes the breaker, after the clean-up
        return ok

    def _after_outage(self) -> None:
        """Drop cached sessions: a logout during the outage deleted its session from the database only,
        and the stale cached copy must not log the user back in. Sessions are re-read from the database.
        Raises RedisError when Redis is still down (the breaker stays open)."""
        client = self._cache.get_client(write=True)
        keys = list(client.scan_iter(match=self.make_key(SESSION_CACHE_PREFIX + "*"), count=1000))
        for start in range(0, len(keys), 1000):
            client.unlink(*keys[start : start + 1000])
        with self._lock:
            self._down_until = 0.0
        log.warning("cache reachable again; dropped %d cached session(s)", len(keys))
