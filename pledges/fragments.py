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
    request: HttpRequest, name: str, revisions: tuple[str, ...] | None = None, extra: tuple = ()
) -> str:
    """One query for the counters, then a digest of everything the fragment is drawn from."""
    names = revisions if revisions is not None else revisions_for(request)
    numbers = Revision.numbers(*names)
    params = sorted((key, value) for key, values in request.GET.lists() for value in values)
    counters = tuple(zip(names, numbers, strict=True))
    source = repr((request.path, params, dt.date.today().isoformat(), counters, extra))
    return f"fragment:{name}:{hashlib.blake2b(source.encode(), digest_size=16).hexdigest()}"


def cached_fragment(
    request: HttpRequest,
    name: str,
    render: Callable[[], str],
    *,
    revisions: tuple[str, ...] | None = None,
    extra: tuple = (),
) -> SafeString:
    """The fragment from the cache, or rendered by `render` and stored.

    `revisions`: the counters it depends on (default: from the filters); `extra`: anything else that
    changes it and is already at hand (a flag, a count read for the purpose).
    """
    timeout = settings.FRAGMENT_CACHE_SECONDS
    if timeout <= 0:
        return mark_safe(render())
    key = fragment_key(request, name, revisions, extra)
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, str(html), timeout)
    # Stored by us, rendered by our templates with autoescaping: safe to mark as such.
    return mark_safe(html)
