"""Read-only JSON API: the pledge list with the pages' filters and pagination, and one pledge in full.

Same permission as the pages, but API clients get 401/403 JSON instead of a login redirect.
Records are built by `pledges.data_out.exports.RecordBuilder`, so the API, the JSON export and the CSV agree.
Documented at /api/ (templates/pledges/api_docs.html) and in docs/api.md.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from pledges import sources
from pledges.access import can_read
from pledges.choices import ReviewState
from pledges.data_out.exports import RecordBuilder, export_values, filtered_pledges
from pledges.models import Pledge
from pledges.tokens import accepts_token

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


def json_response(data: Any, status: int = 200, **headers: str) -> JsonResponse:
    response = JsonResponse(
        data, status=status, encoder=DjangoJSONEncoder, safe=False, json_dumps_params={"ensure_ascii": False}
    )
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def api_read_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """`read_access` for machines: 401 (not logged in) or 403 (no permission) as JSON, never a redirect."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if can_read(request):
            return view(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return json_response(
                {
                    "detail": "Authentication required: send 'Authorization: Bearer <token>' "
                    "(make a token on your account page) or log in first.",
                    "login_url": reverse("login"),
                    "account_url": reverse("pledges:account"),
                },
                status=401,
                WWW_Authenticate='Bearer realm="Pledgewatch"',
            )
        return json_response({"detail": "You do not have permission to read pledges."}, status=403)

    return wrapper


def _positive_int(value: str | None, default: int, name: str, maximum: int | None = None) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number") from None
    if number < 1:
        raise ValueError(f"{name} must be 1 or more")
    if maximum is not None and number > maximum:
        raise ValueError(f"{name} must be at most {maximum}")
    return number


def _stable(pledges: QuerySet) -> QuerySet:
    """Pages must not overlap or skip rows: every ordering ends with the id."""
    ordering = list(pledges.query.order_by) or list(Pledge._meta.ordering)
    if not any(str(field).lstrip("-") in ("id", "pk") for field in ordering):
        pledges = pledges.order_by(*ordering, "id")
    return pledges


def _page_url(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@require_GET
@accepts_token
@api_read_access
def pledge_list(request: HttpRequest) -> HttpResponse:
    """`/api/pledges/?<filters>&page=&page_size=`: count, next, previous, results."""
    try:
        page = _positive_int(request.GET.get("page"), 1, "page")
        size = _positive_int(request.GET.get("page_size"), DEFAULT_PAGE_SIZE, "page_size", MAX_PAGE_SIZE)
    except ValueError as error:
        return json_response({"detail": str(error)}, status=400)
    filterset, pledges = filtered_pledges(request)
    if not filterset.is_valid():
        return json_response({"detail": "Invalid filter.", "errors": filterset.errors.get_json_data()}, 400)

    count = filterset.count()  # from the rollup when the filters allow
    last_page = max(1, -(-count // size))
    if page > last_page:
        return json_response({"detail": f"Invalid page: there are {last_page}."}, status=404)
    offset = (page - 1) * size
    builder = RecordBuilder(request)
    rows = export_values(_stable(pledges))[offset : offset + size]
    data: dict[str, Any] = {
        "count": count,
        "page": page,
        "page_size": size,
        "next": _page_url(request, page + 1) if page < last_page else None,
        "previous": _page_url(request, page - 1) if page > 1 else None,
        "results": [builder.json_record(row) for row in rows],
    }
    changed_since = filterset.form.cleaned_data.get("changed_since")
    if changed_since:
        # Rejected pledges drop out of every list; tell people who synced them to delete them.
        data["rejected_since"] = list(
            Pledge.objects.filter(updated_at__gte=changed_since, review_state=ReviewState.REJECTED)
            .order_by("id")
            .values_list("id", flat=True)
        )
    return json_response(data)


@require_GET
@accepts_token
@api_read_access
def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """`/api/pledges/<id>/`: the list record plus every quote that states it and its restatements."""
    row = export_values(Pledge.objects.filter(pk=pk)).first()
    if row is None:
        return json_response({"detail": "No such pledge."}, status=404)
    builder = RecordBuilder(request)
    record = builder.json_record(row)
    pledge = Pledge(pk=pk)
    evidence = sources.evidence_of(pledge, "article_id", "start")
    record["evidence"] = [
        {
            "quote": ev.quote,
            "start": ev.start,
            "end": ev.end,
            "article": {
                "id": ev.article_id,
                "url": builder.article_url(ev.article_id),
                "title": ev.article.title,
                "publisher": ev.article.publisher,
                "published_on": ev.article.published_on,
                "source_url": ev.article.source_url,
            },
        }
        for ev in evidence
    ]
    record["restatements"] = list(pledge.restatements.order_by("id").values_list("id", flat=True))
    return json_response(record)


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    """`/api/`: how to use the API. Public: it shows no data."""
    context = {
        "list_url": request.build_absolute_uri(reverse("pledges:api-pledges")),
        "max_page_size": MAX_PAGE_SIZE,
        "default_page_size": DEFAULT_PAGE_SIZE,
        "rate": settings.API_TOKEN_REQUESTS_PER_MINUTE,
    }
    return render(request, "pledges/api_docs.html", context)
