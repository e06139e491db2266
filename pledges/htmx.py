"""HTMX helpers shared by the views."""

from __future__ import annotations

from django.http import HttpRequest


def htmx_partial(request: HttpRequest) -> bool:
    """True when the response should be the partial, not the whole page.

    Boosted requests and history restores (Back after the cache missed) want the full page, so
    that the browser gets the page's real state for the URL it shows.
    """
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request
