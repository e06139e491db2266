"""Who may read: logged-in users with the view permission, or anyone when anonymous reading is on."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def can_read(request: HttpRequest) -> bool:
    user = request.user
    if user.is_authenticated:
        return user.has_perm("pledges.view_pledge")
    return bool(settings.ALLOW_ANONYMOUS_READ)


def read_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Analyst-level read access, checked on the server for every read-only page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if can_read(request):
            return view(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied

    return wrapper
