"""Rendered page fragments cached under the revision of the data they were drawn from.

The timeline's lanes and the list's results cost a large aggregate query and the rendering of
thousands of SVG elements or table rows, yet are the same for every analyst who asks for the same
filters on the same day. They are cached whole, keyed on the path, the query string, today's date and
the `Revision` counters they depend on, so any write that could change them (a review, an admin
edit, a merge, a new alias) makes the next request render afresh: nothing waits for a timeout.

Only fragments with nothing personal in them belong here: no CSRF token, no nonce, no user.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from pledges.models import Revision

UNREVIEWED_PARAM = "include_unreviewed"


def revisions_for(request: HttpRequest) -> tuple[str, ...]:
    """The counters a filtered view depends on: unreviewed results only when the filter asks for them."""
    names = (Revision.ENTITIES, Revision.PLEDGES)
    if request.GET.get(UNREVIEWED_PARAM):
        names += (Revision.EXTRACTIONS,)
    return names


def fragment_key(
    request: HttpRequest, name: str, counters: tuple[tuple[str, int], ...] | None = None, extra: tuple = ()
) -> str:
    """A digest of everything the fragment is drawn from; the counters cost one query unless given."""
    if counters is None:
        names = revisions_for(request)
        counters = tuple(zip(names, Revision.numbers(*names), strict=True))
    params = sorted((key, value) for key, values in request.GET.lists() for value in values)
    source = repr((request.path, params, dt.date.today().isoformat(), counters, extra))
    return f"fragment:{name}:{hashlib.blake2b(source.encode(), digest_size=16).hexdigest()}"


def cached_fragment(
    request: HttpRequest,
    name: str,
    render: Callable[[], str],
    *,
    counters: tuple[tuple[str, int], ...] | None = None,
    extra: tuple = (),
) -> SafeString:
    """The fragment from the cache, or rendered by `render` and stored.

    `counters`: (name, number) of the revisions it depends on, when the caller read them already
    (default: those the filters need, read here); `extra`: anything else that changes it.
    """
    timeout = settings.FRAGMENT_CACHE_SECONDS
    if timeout <= 0:
        return mark_safe(render())
    key = fragment_key(request, name, counters, extra)
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, str(html), timeout)
    # Stored by us, rendered by our templates with autoescaping: safe to mark as such.
    return mark_safe(html)
