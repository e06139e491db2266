"""Error pages: a database outage answers 503 "try again in a minute" instead of the 500 page."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.defaults import server_error as default_server_error

RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: called while the exception is being handled, from any middleware or view. The 503
    page uses no database (no user, no session); the failed transaction was rolled back whole."""
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    try:
        return default_server_error(request)
    except Exception:  # the 500 template itself failed: never a second traceback
        return HttpResponseServerError("<h1>Server Error (500)</h1>")
