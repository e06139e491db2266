"""The account page: a user's API tokens, made and revoked by that user.

Thin views over pledges/tokens.py. A new key is shown once, in the answer to the POST that made
it (never in a redirect URL, a message cookie or the cache), marked `no-store`.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from pledges.access import read_access
from pledges.htmx import htmx_partial
from pledges.models import ApiToken
from pledges.tokens import create_token, revoke


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, label="What is it for?", widget=forms.TextInput(attrs={"placeholder": "nightly sync"})
    )


def _page(request: HttpRequest, form: TokenForm, new_key: str = "", status: int = 200) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=request.user).order_by("revoked_at", "-created_at", "-id")
    context = {
        "form": form,
        "tokens": tokens,
        "new_key": new_key,
        "api_url": request.build_absolute_uri(reverse("pledges:api-pledges")),
        "feed_url": request.build_absolute_uri(reverse("pledges:feed")),
        "rate": settings.API_TOKEN_REQUESTS_PER_MINUTE,
    }
    template = "pledges/account.html#token_section" if htmx_partial(request) else "pledges/account.html"
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@read_access
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """`/account/`: the user's tokens; POST makes one and shows its key once."""
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            _, key = create_token(request.user, form.cleaned_data["name"])
            return _page(request, TokenForm(), new_key=key, status=201)
        # htmx swaps only 2xx answers: the form with its error comes back as 200 to htmx.
        return _page(request, form, status=200 if htmx_partial(request) else 400)
    return _page(request, TokenForm())


@login_required
@read_access
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens (someone else's is a 404)."""
    revoke(get_object_or_404(ApiToken, pk=pk, user=request.user))
    if htmx_partial(request):
        return _page(request, TokenForm())
    return redirect("pledges:account")
