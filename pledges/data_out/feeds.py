"""Atom feed of any filtered pledge list: `/pledges/feed/?<the list page's filters>`.

Newest changes first, so a feed reader notices new pledges and corrections alike; each entry's
`updated` is the pledge's `updated_at`. Same permission as the pages.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import NoReverseMatch, reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_GET

from pledges.access import read_access
from pledges.data_out.exports import filtered_pledges
from pledges.filtersets import PledgeFilterSet
from pledges.models import Pledge
from pledges.tokens import accepts_token

FEED_SIZE = 100


def _list_path() -> str:
    try:
        return reverse("pledges:list")
    except NoReverseMatch:  # the list page is being written; its path is fixed by the design
        return "/pledges/"


class PledgeFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> PledgeFilterSet:
        self.request = request
        return kwargs.get("filterset") or filtered_pledges(request)[0]

    def title(self, obj: PledgeFilterSet) -> str:
        return f"{obj.describe()} · Pledgewatch"

    def subtitle(self, obj: PledgeFilterSet) -> str:
        return f"The {FEED_SIZE} most recently added or corrected pledges of this list."

    def link(self, obj: PledgeFilterSet) -> str:
        query = urlencode(obj.params(), doseq=True)
        return self.request.build_absolute_uri(_list_path() + (f"?{query}" if query else ""))

    def feed_url(self, obj: PledgeFilterSet) -> str:
        return self.request.build_absolute_uri()

    def items(self, obj: PledgeFilterSet) -> list[Pledge]:
        return list(obj.qs.with_related().order_by("-updated_at", "-id")[:FEED_SIZE])

    def item_title(self, item: Pledge) -> str:
        amount = f" — {item.amount_display}" if item.amount_value is not None else ""
        return f"{item}{amount}"

    def item_description(self, item: Pledge) -> str:
        # Atom summaries are HTML; the text comes from news articles, so everything is escaped.
        conditions = format_html_join(
            "",
            "<li>{} ({}): {}</li>",
            ((c.get_kind_display(), c.state, c.text) for c in item.conditions.all()),
        )
        parts = format_html(
            "<p>{}</p><p>Status: {} · review: {}{}</p>",
            item.summary,
            item.get_status_display(),
            item.get_review_state_display(),
            format_html(" · restates #{}", item.restates_id) if item.restates_id else "",
        )
        if conditions:
            parts += format_html("<p>Conditions:</p><ul>{}</ul>", conditions)
        return str(parts)

    def item_link(self, item: Pledge) -> str:
        return item.get_absolute_url()

    def item_updateddate(self, item: Pledge):
        return item.updated_at

    def item_pubdate(self, item: Pledge):
        return item.created_at

    def item_author_name(self, item: Pledge) -> str:
        return item.actor_name

    def item_categories(self, item: Pledge) -> tuple[str, ...]:
        return (item.get_category_display(),)


@require_GET
@accepts_token
@read_access
def pledge_feed(request: HttpRequest) -> HttpResponse:
    """The feed behind the pages' permission check; invalid filters are a 400, not an empty feed."""
    filterset, _ = filtered_pledges(request)
    if not filterset.is_valid():
        return HttpResponseBadRequest(
            json.dumps({"errors": filterset.errors.get_json_data()}), content_type="application/json"
        )
    return PledgeFeed()(request, filterset=filterset)
