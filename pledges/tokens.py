"""Per-user, read-only API tokens: made and revoked by their user (/account/) or by admins.

A script sends `Authorization: Bearer pw_…` to the JSON API, the exports or the Atom feed and is
treated as the token's user for that one request: no session, no cookie, nothing written but a
throttled "last used" time. Only GET views accept tokens, so a token can read and never change.

The key never reaches a log or a URL: it travels only in that header (Django's error reports
mask `HTTP_AUTHORIZATION`), error answers never repeat it, the page that shows a new key once is a
POST response marked `no-store`, and a key found in a query string is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from pledges.models import ApiToken

KEY_PREFIX = "pw_"
SHOWN_CHARS = 10  # "pw_" and 7 characters: enough to tell keys apart, useless to an attacker
TOUCH_EVERY = dt.timedelta(minutes=5)  # last_used_at is written at most this often per token
QUERY_NAMES = ("token", "api_key", "access_token", "key")


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key(token: ApiToken) -> str:
    """Give an unsaved token a fresh key (its prefix and digest); the key is returned, never stored."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token.prefix, token.digest = key[:SHOWN_CHARS], digest(key)
    return key


def create_token(user: Any, name: str, created_by: Any = None) -> tuple[ApiToken, str]:
    """A new token and its key; the key is returned once and never stored."""
    token = ApiToken(user=user, name=name.strip() or "API token", created_by=created_by or user)
    key = new_key(token)
    token.save()
    return token, key


def revoke(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def find(key: str) -> ApiToken | None:
    """The active token of an active user with this key, or None (one query)."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def _touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


def over_limit(token: ApiToken) -> int:
    """Seconds to wait when the token used up this minute's requests, else 0.

    A counter per token and minute in the cache (shared between processes when CACHE_URL is Redis).
    """
    limit = settings.API_TOKEN_REQUESTS_PER_MINUTE
    if limit <= 0:
        return 0
    now = time.time()
    key = f"api-token-rate:{token.pk}:{int(now // 60)}"
    cache.add(key, 0, 90)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 90)
        used = 1
    return max(1, 60 - int(now % 60)) if used > limit else 0


def _refuse(status: int, detail: str, **headers: str) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    response["Cache-Control"] = "no-store"
    return response


def accepts_token(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let a read-only view be called with an API token instead of a session.

    Without an Authorization header the view runs as before (session, or the login redirect).
    With one, the token must be valid (401 otherwise) and within its rate (429 with Retry-After);
    the view then runs as the token's user and checks that user's permissions as usual.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if any(name in request.GET for name in QUERY_NAMES) and _looks_like_key(request):
            return _refuse(
                400, "Send the token in an 'Authorization: Bearer <token>' header, never in the URL."
            )
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return view(request, *args, **kwargs)
        scheme, _, key = header.strip().partition(" ")
        realm = 'Bearer realm="Pledgewatch"'
        if scheme.lower() != "bearer" or not key.strip():
            return _refuse(401, "Use 'Authorization: Bearer <token>'.", WWW_Authenticate=realm)
        if request.method not in ("GET", "HEAD"):
            return _refuse(405, "API tokens can only read.", Allow="GET, HEAD")
        token = find(key.strip())
        if token is None:
            return _refuse(
                401, "This token is unknown or revoked.", WWW_Authenticate=f'{realm}, error="invalid_token"'
            )
        wait = over_limit(token)
        if wait:
            detail = f"Too many requests: {settings.API_TOKEN_REQUESTS_PER_MINUTE} a minute per token."
            return _refuse(429, detail, Retry_After=str(wait))
        request.user = token.user
        request.api_token = token
        _touch(token)
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ("Authorization",))
        return response

    return wrapper


def _looks_like_key(request: HttpRequest) -> bool:
    return any(value.startswith(KEY_PREFIX) for name in QUERY_NAMES for value in request.GET.getlist(name))
