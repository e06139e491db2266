"""Read-only pages for analysts. Thin: queries live in QuerySet methods, layout in templates."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from pledges.access import read_access
from pledges.models import Country, Leader, Organisation, Pledge


@read_access
def home(request: HttpRequest) -> HttpResponse:
    visible = Pledge.objects.visible()
    context = {
        "by_category": visible.values("category").annotate(n=Count("id")).order_by("-n"),
        "by_status": visible.values("status").annotate(n=Count("id")).order_by("-n"),
        "awaiting_review": Pledge.objects.awaiting_review().count(),
        "latest": visible.with_related().order_by("-announced_on", "-id")[:10],
        "coalitions": Organisation.objects.with_member_count().order_by("kind", "name"),
    }
    return render(request, "pledges/home.html", context)


@read_access
def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = get_object_or_404(Pledge.objects.with_related().select_related("restates"), pk=pk)
    context = {
        "pledge": pledge,
        "evidence": pledge.evidence.select_related("article"),
        "restatements": pledge.restatements.with_related(),
    }
    return render(request, "pledges/pledge_detail.html", context)


@read_access
def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    country = get_object_or_404(Country, code=code.upper())
    pledges = Pledge.objects.visible().with_related()
    context = {
        "country": country,
        "made": pledges.filter(actor_country=country)[:50],
        "received": pledges.filter(beneficiary_country=country)[:50],
        "memberships": country.memberships.select_related("organisation"),
        "leaders": country.leaders.all(),
    }
    return render(request, "pledges/country_detail.html", context)


@read_access
def leader_detail(request: HttpRequest, slug: str) -> HttpResponse:
    leader = get_object_or_404(Leader.objects.with_offices(), slug=slug)
    context = {
        "leader": leader,
        "pledges": Pledge.objects.visible().with_related().filter(announced_by=leader)[:50],
    }
    return render(request, "pledges/leader_detail.html", context)


@read_access
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    context = {
        "organisation": organisation,
        "memberships": organisation.memberships.select_related("country").order_by("country__name"),
        "pledges": Pledge.objects.visible().with_related().for_timeline(organisation).reverse()[:50],
    }
    return render(request, "pledges/organisation_detail.html", context)
