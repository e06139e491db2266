"""Read-only pages for analysts. Thin: queries live in QuerySet methods, layout in pledges/timeline.py
and the templates.

Pages that HTMX updates render the whole template for a normal request and one named partial of the
same template (`template.html#name`) for an HTMX request, so the page works without JavaScript and
every filtered view has a permalink.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from pledges import pickers, sources
from pledges import rankings as rank
from pledges import timeline as layout
from pledges.access import read_access
from pledges.choices import Category, ConditionKind, ConditionState, PledgeStatus, ReviewState
from pledges.data_out.money import DISPLAY_CURRENCIES, display_currency, totals_context
from pledges.filtersets import SORTS, BoundedDateField, PledgeFilterSet
from pledges.fragments import cached_fragment
from pledges.history import pledge_history
from pledges.htmx import htmx_partial
from pledges.models import (
    BeneficiaryRollup,
    Condition,
    Country,
    Leader,
    Membership,
    Office,
    Organisation,
    Pledge,
    PledgeRollup,
    Revision,
)
from pledges.services import set_condition_state
from pledges.tokens import accepts_token

PAGE_SIZE = 50
LANE_SORTS = {"name": "by name", "count": "by number of pledges"}
SHOW_EMPTY_PARAM = "empty"  # ?empty=show draws the lanes without pledges in the window too
VIEW_PARAMS = ("lanes", SHOW_EMPTY_PARAM)  # how the timeline is drawn, not which pledges
SCORES_FILE = Path(settings.BASE_DIR) / "docs" / "extraction_scores.json"
SCORE_LABELS = {
    "pledge_f1": "Pledges found (F1)",
    "pledge_precision": "Pledges found: precision",
    "pledge_recall": "Pledges found: recall",
    "entity_f1": "Entities (F1)",
    "country_f1": "Countries (F1)",
    "people_f1": "People (F1)",
    "organisation_f1": "Organisations (F1)",
    "category_accuracy": "Category of matched pledges",
    "beneficiary_accuracy": "Beneficiary of matched pledges",
    "amount_accuracy": "Amount of matched pledges",
    "condition_f1": "Condition kinds (F1)",
}
PARTIAL_VARY = ("HX-Request", "HX-History-Restore-Request")
REVISIONS = (Revision.ENTITIES, Revision.PLEDGES, Revision.EXTRACTIONS)
EXPORT_FORMATS = (("csv", "CSV"), ("xlsx", "Excel"), ("json", "JSON"))


def _filterset(
    request: HttpRequest, queryset: QuerySet, members: list[Country] | None = None
) -> PledgeFilterSet:
    """The shared filterset, with checkboxes for short choice lists and members limited to a coalition.

    Given `members` (already loaded), the member choices are drawn from them: no extra query.
    """
    filterset = PledgeFilterSet(request.GET, queryset=queryset, request=request)
    if members is not None:
        filterset.filters["member"].queryset = Country.objects.filter(pk__in=[c.pk for c in members])
    form = filterset.form
    for name in ("category", "status", "condition"):
        field = form.fields[name]
        field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
    if members is not None:
        choices = [(c.code, c.name) for c in sorted(members, key=lambda c: c.name)]
        form.fields["member"].widget = forms.CheckboxSelectMultiple(choices=choices)
    return filterset


def _query(request: HttpRequest, drop: tuple[str, ...] = (), **replace: Any) -> str:
    """The current query string with some parameters dropped or replaced; empty values left out."""
    params = {k: [v for v in vs if v != ""] for k, vs in request.GET.lists() if k not in drop}
    for key, value in replace.items():
        params[key] = [value] if value not in (None, "") else []
    return urlencode([(k, v) for k, vs in params.items() for v in vs])


def _export_links(query: str) -> list[dict[str, str]]:
    """Links to data-out's exports of the same filtered list; none until their URL exists."""
    links = []
    for fmt, label in EXPORT_FORMATS:
        try:
            url = reverse("pledges:export", kwargs={"fmt": fmt})
        except NoReverseMatch:
            return []
        links.append({"label": label, "href": f"{url}?{query}" if query else url, "fmt": fmt})
    return links


def _machine_links(query: str) -> dict[str, str]:
    """The same filtered list for machines: the Atom feed, the JSON API, and how to use them."""
    suffix = f"?{query}" if query else ""
    return {
        "feed": reverse("pledges:feed") + suffix,
        "api": reverse("pledges:api-pledges") + suffix,
        "docs": reverse("pledges:api-docs"),
    }


def _active_filters(filterset: PledgeFilterSet) -> int:
    """How many filters narrow the list (the sort order is not a filter)."""
    data = filterset.form.cleaned_data if filterset.form.is_valid() else {}
    return sum(1 for key, value in data.items() if key != "sort" and _is_set(value))


def _is_set(value: Any) -> bool:
    if value is None or value is False or value == "":
        return False
    return not (hasattr(value, "__len__") and len(value) == 0)


# --- home -------------------------------------------------------------------------------------


@read_access
def home(request: HttpRequest) -> HttpResponse:
    """Headline figures, counted once per commitment (restatements are not new pledges)."""
    visible = Pledge.objects.visible().originals()
    rows = list(
        visible.annotate(cond=Exists(Condition.objects.filter(pledge=OuterRef("pk"))))
        .order_by()
        .values_list("category", "status", "cond")
        .annotate(n=Count("id"))
    )
    by_category: Counter[str] = Counter()
    by_status: Counter[str] = Counter()
    conditional = Counter[bool]()
    for category, status, cond, n in rows:
        by_category[category] += n
        by_status[status] += n
        conditional[bool(cond)] += n
    total = sum(by_category.values())
    context = {
        "total": total,
        "by_category": _bars([(Category(k).label, k, n) for k, n in by_category.most_common()], total),
        "by_status": _bars(
            [(status.label, status.value, by_status[status.value]) for status in PledgeStatus], total
        ),
        "conditional": conditional[True],
        "unconditional": conditional[False],
        "articles_processed": sources.processed_articles(),
        "awaiting_review": Pledge.objects.awaiting_review().count(),
        "latest": visible.with_related().order_by("-announced_on", "-id")[:10],
        "coalitions": Organisation.objects.with_member_count()
        .filter(member_count__gt=0)
        .order_by("kind", "name"),
        "summary_query": "",
    }
    return render(request, "pledges/home.html", context)


def _bars(items: list[tuple[str, str, int]], total: int) -> dict[str, Any]:
    """Geometry for a server-drawn horizontal bar chart (SVG units: bars up to 200 wide)."""
    top = max((n for _, _, n in items), default=0) or 1
    rows = []
    for i, (label, key, n) in enumerate(items):
        width = round(200 * n / top, 1)
        rows.append(
            {
                "label": label,
                "key": key,
                "n": n,
                "width": width,
                "bar_y": i * 22 + 3,
                "text_y": i * 22 + 15,
                "n_x": 124 + width,
            }
        )
    return {"rows": rows, "height": len(rows) * 22, "total": total}


# --- timeline ---------------------------------------------------------------------------------


@read_access
@vary_on_headers(*PARTIAL_VARY)
def timeline(request: HttpRequest, slug: str) -> HttpResponse:
    """The page around the lanes; the lanes (filters, SVG, links) are one cached fragment."""
    current = Q(memberships__left__isnull=True) | Q(memberships__left__gt=dt.date.today())
    organisation = get_object_or_404(
        Organisation.objects.annotate(member_count=Count("memberships", filter=current)), slug=slug
    )
    lanes = cached_fragment(request, "timeline-lanes", lambda: _timeline_lanes(request, organisation))
    if htmx_partial(request):
        return HttpResponse(lanes)
    context = {
        "organisation": organisation,
        "member_count": organisation.member_count,
        "lanes": lanes,
        "categories": Category.choices,
        "statuses": PledgeStatus.choices,
    }
    return render(request, "pledges/timeline.html", context)


def _member_lanes(memberships: list[Membership]) -> list[layout.LaneSpec]:
    """One lane per member country, in the memberships' order, shaded for each period it belonged."""
    periods: dict[int, list[tuple[dt.date | None, dt.date | None]]] = {}
    countries: dict[int, Country] = {}
    for m in memberships:
        periods.setdefault(m.country_id, []).append((m.joined, m.left))
        countries.setdefault(m.country_id, m.country)
    return [
        layout.LaneSpec(
            key=layout.lane_key(country.pk, None),
            label=country.name,
            url=country.get_absolute_url(),
            periods=tuple(periods[country.pk]),
            filter_param=("member", country.code),
        )
        for country in countries.values()
    ]


def _timeline_lanes(request: HttpRequest, organisation: Organisation) -> str:
    """One lane per member, pledges as marks; the SVG geometry comes from one values() query."""
    memberships = list(
        Membership.objects.filter(organisation=organisation).select_related("country").order_by("joined")
    )
    members = {m.country_id: m.country for m in memberships}
    # The member ids are in hand: a literal IN list plans better than a subquery on SQLite.
    lanes_q = Q(actor_organisation=organisation) | Q(actor_country_id__in=list(members))
    filterset = _filterset(request, Pledge.objects.filter(lanes_q), members=list(members.values()))
    form = filterset.form
    form.is_valid()
    chosen = {layout.lane_key(c.pk, None) for c in form.cleaned_data.get("member") or []}
    specs = [spec for spec in _member_lanes(memberships) if not chosen or spec.key in chosen]
    if not chosen:
        specs.insert(
            0,
            layout.LaneSpec(
                key=layout.lane_key(None, organisation.pk),
                label=organisation.name,
                url=organisation.get_absolute_url(),
                own=True,
                filter_param=("actor_org", organisation.slug),
            ),
        )
    lane_sort = request.GET.get("lanes") if request.GET.get("lanes") in LANE_SORTS else "name"
    show_empty = request.GET.get(SHOW_EMPTY_PARAM) == "show"
    data = form.cleaned_data
    start, end = data.get("start"), data.get("end")
    pledges = filterset.qs
    common = {
        "sort": lane_sort,
        "list_url": reverse("pledges:list"),
        "list_query": {k: v for k, v in request.GET.lists() if k not in VIEW_PARAMS},
        # Chosen members are shown even without pledges: the analyst asked for them.
        "hide_empty": not (show_empty or chosen),
    }
    # Where the filtered pledges lie outside the window: zoom presets end at the latest, an empty
    # window offers the nearest. Without a window the drawn rows (or the binned bounds) say it.
    carrier = Organisation.objects.filter(pk=organisation.pk)
    extent = filterset.date_extent(carrier, start, end) if (start or end) else None
    # Density decides the drawing: one mark per pledge while they can be told apart, else counts per
    # lane and period from one aggregate query. Counting stops at the limit, so this stays cheap.
    dense = pledges.order_by().values("id")[: layout.MARK_LIMIT + 1].count() > layout.MARK_LIMIT
    if dense:
        if extent is None:
            extent = filterset.date_extent(carrier, start, end)
        bounds = [d for d in (extent["lo"], extent["hi"]) if d is not None]
        # Without a zoom the window is the data's range widened to whole periods (no padding).
        first, last = min(bounds, default=None), max(bounds, default=None)
        lo, hi = layout.domain(bounds, start or first, end or last, dt.date.today())
        unit = layout.bin_unit(lo, hi, len(specs))
        if not (start and end):
            lo, hi = layout.snap(lo, hi, unit)
        sql_unit = layout.SQL_UNIT.get(unit, unit)
        # Months and longer periods come from the rollup when the filters allow (not weeks).
        rollup = filterset.rollup(PledgeRollup, lanes_q) if sql_unit != "week" else None
        rows = (rollup if rollup is not None else pledges).timeline_bins(sql_unit)
        drawing = layout.build_bins(rows, specs, start=lo, end=hi, unit=unit, **common)
    else:
        drawing = layout.build(pledges.timeline_rows(), specs, start=start, end=end, **common)
    if extent is None:
        extent = {"lo": drawing.earliest, "hi": drawing.latest, "before": None, "after": None}
    base = request.path
    for tick in drawing.ticks:
        tick.href = f"{base}?{_query(request, start=tick.start.isoformat(), end=tick.end.isoformat())}"
    today = dt.date.today()

    def window(lo: dt.date, hi: dt.date) -> str:
        return f"{base}?{_query(request, start=lo.isoformat(), end=hi.isoformat())}"

    wider = layout.zoom_out(drawing.start, drawing.end, extent["lo"], extent["hi"], today)
    zoomed = bool(start or end)
    zoom = {
        "out": window(*wider) if wider else "",
        "all": f"{base}?{_query(request, drop=('start', 'end'))}" if zoomed else "",
        "presets": [
            {"label": label, "href": window(lo, hi), "current": (lo, hi) == (start, end)}
            for label, lo, hi in layout.anchored_windows(extent["hi"])
        ],
        "latest": extent["hi"],
        "zoomed": zoomed,
    }
    nearest = []
    if drawing.total == 0 and zoomed:
        for side, day in (("before", extent["before"]), ("after", extent["after"])):
            if day is not None:
                lo, hi = layout.around(day, drawing.start, drawing.end)
                nearest.append({"side": side, "day": day, "href": window(lo, hi)})
    as_list = _query(request, drop=VIEW_PARAMS, coalition=organisation.slug)
    context = {
        "organisation": organisation,
        "filterset": filterset,
        "form": form,
        "timeline": drawing,
        "lane_sort": lane_sort,
        "lane_sorts": LANE_SORTS,
        "zoom": zoom,
        "nearest": nearest,
        "show_empty": show_empty,
        "empty_toggle": f"{base}?{_query(request, **{SHOW_EMPTY_PARAM: '' if show_empty else 'show'})}",
        "active_filters": _active_filters(filterset),
        "list_url": f"{reverse('pledges:list')}?{as_list}",
        "exports": _export_links(as_list),
        "machine": _machine_links(as_list),
        "summary_query": as_list,
    }
    return render_to_string("pledges/timeline.html#lanes", context, request)


# --- totals and rankings ---------------------------------------------------------------------

# Parameters that choose how totals are shown, not which pledges: dropped from the rows' list links.
TOTALS_VIEW_PARAMS = ("page", "currency", "measure", "dimension", *VIEW_PARAMS)
SUMMARY_ROWS = 8


def _row_links(request: HttpRequest, ranking: rank.Ranking) -> dict[str, str]:
    """Each row's link to the pledge list with the current filters and that row's own."""
    list_path = reverse("pledges:list")
    links = {}
    for row in ranking.rows:
        name, value = row.param
        if not name:
            continue
        if ranking.dimension == "month":
            first = row.month
            last = layout._add_months(first, 1) - dt.timedelta(days=1)
            own = {"start": first.isoformat(), "end": last.isoformat()}
        else:
            own = {name: value}
        links[row.key] = f"{list_path}?{_query(request, drop=TOTALS_VIEW_PARAMS, **own)}"
    return links


def _measure(request: HttpRequest) -> str:
    wanted = request.GET.get("measure", "")
    return wanted if wanted in rank.BUCKETS else "committed"


def _totals_summary(request: HttpRequest, filterset: PledgeFilterSet) -> dict:
    """The compact totals of a filtered list: each stage apart, and the top actors as bars.

    One aggregate over the rollup rows (or, for filters the rollup cannot answer, over the pledges
    and one for the exchange rates); the link leads to every ranking, its table and its CSV.
    """
    currency = display_currency(request)
    measure = _measure(request)
    ranking = rank.rankings(filterset.qs, currency, ("actor",), measure, filterset)["actor"]
    query = _query(request, drop=("page", "dimension", *VIEW_PARAMS))
    top = ranking.rows[:SUMMARY_ROWS]
    return {
        "shares": [(row, row.gdp_share(measure)) for row in top if row.gdp_usd_millions],
        "measure_label": rank.BUCKET_LABELS[measure],
        "ranking": ranking,
        "totals": ranking.totals(),
        "chart": rank.ranking_chart(ranking, _row_links(request, ranking), limit=SUMMARY_ROWS),
        "more": max(len(ranking.rows) - SUMMARY_ROWS, 0),
        "page_url": f"{reverse('pledges:totals')}?{query}" if query else reverse("pledges:totals"),
        "currency": currency,
        "buckets": rank.BUCKET_LABELS,
    }


@read_access
@vary_on_headers(*PARTIAL_VARY)
def totals_summary(request: HttpRequest) -> HttpResponse:
    """`/pledges/totals/summary/?<filters>`: the compact totals the overview, the list and the
    timeline load after the page (htmx, `hx-trigger="load"`), so the aggregate never slows the page
    itself; cached like the other fragments. Without htmx the page links to /pledges/totals/."""
    if not htmx_partial(request):
        query = request.GET.urlencode()
        return redirect(reverse("pledges:totals") + (f"?{query}" if query else ""))

    def draw() -> str:
        filterset = PledgeFilterSet(request.GET, queryset=Pledge.objects.all(), request=request)
        summary = _totals_summary(request, filterset)
        return render_to_string("includes/totals_summary.html", {"summary": summary}, request)

    return HttpResponse(cached_fragment(request, "totals-summary", draw))


@read_access
@vary_on_headers(*PARTIAL_VARY)
def pledge_totals(request: HttpRequest) -> HttpResponse:
    """`/pledges/totals/?<filters>`: rankings by actor, category, beneficiary and month, as charts,
    tables and CSV; one cached fragment like the list's results."""
    html = cached_fragment(request, "pledge-totals", lambda: _pledge_totals_part(request))
    if htmx_partial(request):
        return HttpResponse(html)
    return render(request, "pledges/totals.html", {"rankings_html": html})


def _pledge_totals_part(request: HttpRequest) -> str:
    filterset = _filterset(request, Pledge.objects.all())
    form = filterset.form
    form.is_valid()
    currency = display_currency(request)
    measure = _measure(request)
    found = rank.rankings(filterset.qs, currency, rank.DIMENSIONS, measure, filterset)
    sections = []
    csv_query = _query(request, drop=("page", "dimension", *VIEW_PARAMS))
    csv_path = reverse("pledges:totals-csv")
    for dimension, ranking in found.items():
        links = _row_links(request, ranking)
        section = {
            "ranking": ranking,
            "links": links,
            "rows": [(row, links.get(row.key, "")) for row in ranking.rows],
            "csv": f"{csv_path}?{_query(request, drop=('page', *VIEW_PARAMS), dimension=dimension)}",
        }
        if dimension == "month":
            section["strips"], section["height"], section["years"] = rank.month_chart(ranking)
        else:
            section["chart"] = rank.ranking_chart(ranking, links)
        sections.append(section)
    context = {
        "form": form,
        "filterset": filterset,
        "sections": sections,
        "currency": currency,
        "currencies": DISPLAY_CURRENCIES,
        "measure": measure,
        "buckets": rank.BUCKET_LABELS,
        "totals": found["category"].totals(),
        "active_filters": _active_filters(filterset),
        "list_url": f"{reverse('pledges:list')}?{csv_query}" if csv_query else reverse("pledges:list"),
        "switch": {
            **{c: f"?{_query(request, currency=c)}" for c in DISPLAY_CURRENCIES},
            **{b: f"?{_query(request, measure=b)}" for b in rank.BUCKETS},
        },
    }
    return render_to_string("pledges/totals.html#rankings", context, request)


@require_GET
@accepts_token
@read_access
def totals_csv(request: HttpRequest) -> HttpResponse:
    """`/pledges/totals.csv?dimension=actor|category|beneficiary|month&<filters>`: a chart's numbers."""
    dimension = request.GET.get("dimension", "actor")
    if dimension not in rank.DIMENSIONS:
        return HttpResponse(f"dimension must be one of {', '.join(rank.DIMENSIONS)}", status=400)
    filterset = PledgeFilterSet(request.GET, queryset=Pledge.objects.all(), request=request)
    if not filterset.is_valid():
        return HttpResponse(filterset.errors.as_text(), status=400, content_type="text/plain")
    ranking = rank.rankings(
        filterset.qs, display_currency(request), (dimension,), _measure(request), filterset
    )[dimension]
    response = HttpResponse(rank.ranking_csv(ranking), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"pledge-totals-by-{dimension}.csv")
    return response


# --- list and detail --------------------------------------------------------------------------


@read_access
@vary_on_headers(*PARTIAL_VARY, "HX-Target")
def pledge_list(request: HttpRequest) -> HttpResponse:
    """Filters and table (or a timeline cell's side-panel list) as one cached fragment."""
    # A timeline cell loads its pledges into the side panel: the rows only, no filter form.
    partial = htmx_partial(request)
    part = "panel" if partial and request.htmx.target == "panel" else "results"
    html = cached_fragment(request, f"pledge-list-{part}", lambda: _pledge_list_part(request, part))
    if partial:
        return HttpResponse(html)
    return render(request, "pledges/pledge_list.html", {"results": html})


def _pledge_list_part(request: HttpRequest, part: str) -> str:
    """Sortable, paginated, filtered table; the count runs on the bare filtered query."""
    filterset = _filterset(request, Pledge.objects.all())
    form = filterset.form
    form.is_valid()
    queryset = filterset.qs
    sort = form.cleaned_data.get("sort") or "-date"
    if not request.GET.get("sort"):
        queryset = queryset.order_by(*SORTS["-date"])
    page = filterset.paginate(
        queryset.with_related().select_related("restates"), request.GET.get("page"), PAGE_SIZE
    )
    context = {
        "filterset": filterset,
        "form": form,
        "page": page,
        "pledges": page.object_list,
        "sort": sort,
        "columns": _sort_columns(request, sort),
        "active_filters": _active_filters(filterset),
        "page_query": _query(request, drop=("page",)),
        "exports": _export_links(_query(request, drop=("page",))),
        "machine": _machine_links(_query(request, drop=("page", "sort"))),
        "actor_chips": _actor_chips(request, form),
    }
    if part == "results":
        context["summary_query"] = _query(request, drop=("page", "sort"))
    return render_to_string(f"pledges/pledge_list.html#{part}", context, request)


def _sort_columns(request: HttpRequest, sort: str) -> list[dict[str, str]]:
    """Header links: clicking a column sorts by it, clicking again reverses where that makes sense."""
    columns = [
        ("Announced", "-date", "date"),
        ("Actor", "actor", "actor"),
        ("Category", "category", "category"),
        ("Amount", "-amount", "amount"),
    ]
    out = []
    for label, first, second in columns:
        current = sort in (first, second)
        target = (second if sort == first else first) if current else first
        aria = ""
        if current:
            aria = "descending" if sort.startswith("-") else "ascending"
        out.append(
            {"label": label, "href": f"?{_query(request, drop=('page',), sort=target)}", "aria_sort": aria}
        )
    return out


@read_access
@vary_on_headers(*PARTIAL_VARY)
def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Every field, conditions, sources, restatements, history; HTMX gets the side-panel partial.

    Cached per pledge, keyed on the facts `cache_facts` reads.
    """
    facts = next(iter(Pledge.objects.filter(pk=pk).cache_facts(*REVISIONS)[:1]), None)
    if facts is None:
        raise Http404("No such pledge.")
    # Re-running its article may change or delete an unreviewed pledge.
    unreviewed = facts["review_state"] == ReviewState.EXTRACTED
    counters = tuple((name, facts[name]) for name in REVISIONS if unreviewed or name != Revision.EXTRACTIONS)
    part = "panel" if htmx_partial(request) else "article"
    can_edit = request.user.has_perm("pledges.change_pledge")
    html = cached_fragment(
        request,
        f"pledge-{part}",
        lambda: _pledge_detail_part(request, pk, part, can_edit),
        counters=counters,
        extra=(facts["restated"], facts["last"], can_edit),
    )
    if part == "panel":
        return HttpResponse(html)
    # Outside the cached fragment: the form carries this user's CSRF token.
    reopen = not unreviewed and request.user.has_perm("pledges.review_pledge")
    return render(request, "pledges/pledge_detail.html", {"pk": pk, "article": html, "reopen": reopen})


def _pledge_detail_part(request: HttpRequest, pk: int, part: str, can_edit: bool) -> str:
    # Fewer joins than it could: PostgreSQL spends longer planning eight outer joins than running them.
    pledge = get_object_or_404(Pledge.objects.with_related(), pk=pk)
    evidence = list(sources.evidence_of(pledge, "article__published_on", "start"))
    context = {
        "pledge": pledge,
        "evidence": evidence,
        "restatements": pledge.restatements.with_related().exclude(review_state=ReviewState.REJECTED),
        "can_edit": can_edit,
        "in_panel": part == "panel",
    }
    if part == "article":
        context["history"] = pledge_history(pledge)
    return render_to_string(f"pledges/pledge_detail.html#{part}", context, request)


# --- countries, leaders, organisations --------------------------------------------------------


@read_access
def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Pledges made and received, totals by category, leaders and memberships of one country."""
    country = get_object_or_404(Country, code=code.upper())
    visible = Pledge.objects.visible().with_related()
    made = visible.filter(actor_country=country)
    received = visible.filter(beneficiary_country=country)
    context = {
        "country": country,
        "made": made[:25],
        "received": received[:25],
        # Counted and totalled from the rollups: a few hundred rows whatever the number of pledges.
        "counts": {
            "made": PledgeRollup.objects.filter(actor_country=country).pledge_count(),
            "received": BeneficiaryRollup.objects.filter(beneficiary_country=country).pledge_count(),
        },
        **totals_context(
            request,
            Pledge.objects.visible().filter(actor_country=country),
            PledgeRollup.objects.filter(actor_country=country),
        ),
        "memberships": country.memberships.select_related("organisation").order_by("organisation__name"),
        "leaders": country.leaders.prefetch_related(
            Prefetch("offices", queryset=Office.objects.select_related("organisation", "country"))
        ).order_by("name"),
    }
    return render(request, "pledges/country_detail.html", context)


@read_access
def leader_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Offices held and the pledges this person announced."""
    leader = get_object_or_404(Leader.objects.with_offices(), slug=slug)
    pledges = Pledge.objects.visible().with_related().filter(announced_by=leader)
    context = {"leader": leader, "pledges": pledges[:50], "count": pledges.count()}
    return render(request, "pledges/leader_detail.html", context)


@read_access
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Members over time (drawn like the timeline's lanes, without marks) and their pledges."""
    organisation = get_object_or_404(Organisation, slug=slug)
    memberships = list(organisation.memberships.select_related("country").order_by("country__name", "joined"))
    specs = _member_lanes(memberships)
    joined = [m.joined for m in memberships if m.joined]
    start = min(joined) - dt.timedelta(days=30) if joined else None
    chart = layout.build([], specs, start=start, end=dt.date.today()) if specs else None
    context = {
        "organisation": organisation,
        "memberships": memberships,
        "chart": chart,
        "pledges": Pledge.objects.visible().with_related().for_timeline(organisation).reverse()[:25],
        "own_count": Pledge.objects.visible().filter(actor_organisation=organisation).count(),
    }
    return render(request, "pledges/organisation_detail.html", context)


# --- methodology ------------------------------------------------------------------------------


def read_scores(path: Path | None = None) -> dict[str, Any]:
    """docs/extraction_scores.json, read once per page; empty when not measured yet or unreadable."""
    try:
        data = json.loads((path or SCORES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def extraction_scores(path: Path | None = None, data: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Measured accuracy, one row per measure with a value per part of the corpus (tuning, k-fold,
    frozen). A flat file (one value per measure) is one part."""
    data = read_scores(path) if data is None else data
    figures = data.get("figures")
    if isinstance(figures, dict):
        parts = {
            "tuning": figures.get("tuning"),
            "kfold": (figures.get("folds") or {}).get("pooled"),
            "frozen": figures.get("frozen"),
        }
    else:
        parts = {"tuning": data, "kfold": None, "frozen": None}
    out = []
    for key, label in SCORE_LABELS.items():
        values = {
            name: _shown((part or {}).get(key)) for name, part in parts.items() if isinstance(part, dict)
        }
        if any(v is not None for v in values.values()):
            out.append({"key": key, "label": label, **{name: values.get(name) for name in parts}})
    return out


def _shown(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return f"{value:.2f}" if value <= 1 else f"{value:g}"


def parser_accuracy(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The parser's test-set figures recorded with the scores (EWT, GUM, GUM news)."""
    parser = data.get("parser")
    return parser if isinstance(parser, dict) else {}


def _scores_meta(data: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in data.items() if isinstance(v, str)}


@read_access
def methodology(request: HttpRequest) -> HttpResponse:
    """What counts as a pledge, the vocabularies, how extraction works and how well it does."""
    scores = read_scores()
    context = {
        "scores": extraction_scores(data=scores),
        "scores_meta": _scores_meta(scores),
        "parser_accuracy": parser_accuracy(scores),
        "categories": Category.choices,
        "condition_kinds": ConditionKind.choices,
        "condition_states": ConditionState.choices,
        "statuses": PledgeStatus.choices,
        "review_states": ReviewState.choices,
        "agreement": Pledge.objects.editor_agreement(),
    }
    return render(request, "pledges/methodology.html", context)


# --- conditions -------------------------------------------------------------------------------

CONDITIONS_PAGE = 50


class ConditionFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(
        choices=ConditionKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    state = forms.MultipleChoiceField(
        choices=ConditionState.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    q = forms.CharField(required=False, label="Search", max_length=200)


class ConditionStateForm(forms.Form):
    state = forms.ChoiceField(choices=ConditionState.choices)
    changed_on = BoundedDateField(label="Changed on", required=False)
    source = forms.URLField(
        label="Source article (link)", required=False, max_length=500, assume_scheme="https"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("state") in (ConditionState.MET, ConditionState.LAPSED) and not data.get("changed_on"):
            self.add_error("changed_on", "Give the day the condition was met or lapsed.")
        return data


@read_access
def conditions(request: HttpRequest) -> HttpResponse:
    """`/conditions/?kind=&state=&q=`: what hangs on a ceasefire, a vote, reciprocity…; which are met
    or lapsed and when. Editors change a condition's state (with the day and the source) in place."""
    form = ConditionFilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    visible = Condition.objects.filter(
        pledge__review_state=ReviewState.CONFIRMED, pledge__restates__isnull=True
    )
    counts = {
        (k, s): n for k, s, n in visible.order_by().values_list("kind", "state").annotate(n=Count("id"))
    }
    chosen = visible
    if data.get("kind"):
        chosen = chosen.filter(kind__in=data["kind"])
    if data.get("state"):
        chosen = chosen.filter(state__in=data["state"])
    for term in (data.get("q") or "").split()[:8]:
        chosen = chosen.filter(
            Q(text__icontains=term)
            | Q(pledge__summary__icontains=term)
            | Q(pledge__actor_country__name__icontains=term)
            | Q(pledge__actor_organisation__name__icontains=term)
        )
    can_edit = request.user.has_perm("pledges.change_condition")
    rows = chosen.select_related(
        "pledge__actor_country",
        "pledge__actor_organisation",
        "pledge__beneficiary_country",
        "pledge__beneficiary_organisation",
    ).order_by(F("state_changed_on").desc(nulls_last=True), "-pledge__announced_on", "-id")
    if can_edit:  # the pledge's own source articles, offered as the source of a change
        rows = rows.prefetch_related(sources.CONDITION_SOURCES)
    page = Paginator(rows, CONDITIONS_PAGE).get_page(request.GET.get("page"))
    matrix = [
        {
            "kind": kind,
            "label": label,
            "cells": [
                {
                    "state": state,
                    "n": counts.get((kind, state), 0),
                    "href": f"?{urlencode({'kind': kind, 'state': state})}",
                }
                for state, _ in ConditionState.choices
            ],
            "href": f"?{urlencode({'kind': kind})}",
            "total": sum(counts.get((kind, state), 0) for state, _ in ConditionState.choices),
        }
        for kind, label in ConditionKind.choices
    ]
    context = {
        "form": form,
        "matrix": matrix,
        "states": ConditionState.choices,
        "page": page,
        "can_edit": can_edit,
        "page_query": _query(request, drop=("page",)),
        "state_form": ConditionStateForm(),
    }
    return render(request, "pledges/conditions.html", context)


@login_required
@permission_required("pledges.change_condition", raise_exception=True)
@require_POST
def condition_state(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor marks a condition met, lapsed or pending, with the day and the source article."""
    condition = get_object_or_404(
        Condition.objects.select_related(
            "pledge__actor_country",
            "pledge__actor_organisation",
            "pledge__beneficiary_country",
            "pledge__beneficiary_organisation",
        ).prefetch_related(sources.CONDITION_SOURCES),
        pk=pk,
    )
    form = ConditionStateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        set_condition_state(condition, request.user, data["state"], data["changed_on"], data["source"])
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("pledges:conditions")
    context = {"c": condition, "can_edit": True, "state_form": form, "states": ConditionState.choices}
    if htmx_partial(request):
        # 200 even when invalid: htmx swaps only 2xx answers, and the row shows the error in place.
        return render(request, "pledges/conditions.html#row", context)
    if not form.is_valid():
        return render(request, "pledges/condition_invalid.html", {**context, "back": back}, status=400)
    return redirect(back)


# --- pickers ----------------------------------------------------------------------------------


@read_access
def pick(request: HttpRequest) -> HttpResponse:
    """`/pledges/pick/?role=actor|beneficiary&actor=fra…`: names matching what was typed, as links to
    the page the picker is on with the canonical filter set (`member=FR`, `actor_org=…`,
    `beneficiary=…`) and every other filter of the form kept (htmx sends the form along)."""
    role = request.GET.get("role") if request.GET.get("role") in pickers.ROLES else "actor"
    typed = request.GET.get(role, "")
    current = urlsplit(request.htmx.current_url or "") if getattr(request, "htmx", None) else None
    path = current.path if current and current.path.startswith("/") else reverse("pledges:list")
    keep = [
        (key, value)
        for key, values in request.GET.lists()
        if key not in ("role", role, "page")
        for value in values
        if value != ""
    ]
    suggestions = []
    for item in pickers.suggest(typed, role):
        params = [*keep]
        if item.param != "member":  # one actor organisation, one beneficiary: replace
            params = [(k, v) for k, v in params if k != item.param]
        if (item.param, item.value) not in params:
            params.append((item.param, item.value))
        suggestions.append({"item": item, "href": f"{path}?{urlencode(params)}"})
    context = {"suggestions": suggestions, "typed": typed.strip(), "role": role}
    return render(request, "includes/pick_suggestions.html", context)


def _actor_chips(request: HttpRequest, form: forms.Form) -> list[dict[str, str]]:
    """The actors chosen in the list's filters, each with a link that removes it."""
    data = form.cleaned_data if form.is_valid() else {}
    chips = []
    for country in data.get("member") or []:
        rest = [(k, v) for k, vs in request.GET.lists() for v in vs if (k, v) != ("member", country.code)]
        chips.append(
            {
                "label": country.name,
                "param": "member",
                "value": country.code,
                "remove": "?" + urlencode([(k, v) for k, v in rest if k != "page" and v != ""]),
            }
        )
    organisation = data.get("actor_org")
    if organisation is not None:
        rest = [(k, v) for k, vs in request.GET.lists() for v in vs if k not in ("actor_org", "page")]
        chips.append(
            {
                "label": organisation.name,
                "param": "actor_org",
                "value": organisation.slug,
                "remove": "?" + urlencode([(k, v) for k, v in rest if v != ""]),
            }
        )
    return chips
