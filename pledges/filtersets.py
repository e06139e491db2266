"""One FilterSet for every pledge listing: pages, timeline, exports, the JSON API and feeds.

Every filter is a GET parameter, so any view of the data has a permalink.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.text import slugify

from pledges import pickers
from pledges.choices import Category, ConditionKind, Origin, PledgeStatus
from pledges.dates import EARLIEST, LATEST
from pledges.models import (
    BeneficiaryRollup,
    Condition,
    Country,
    Membership,
    Organisation,
    Pledge,
    PledgeRollup,
)
from pledges.widgets import QuickSelectMultiple

SORTS = {
    "date": ("announced_on", "id"),
    "-date": ("-announced_on", "-id"),
    "actor": ("actor_country__name", "actor_organisation__name", "-announced_on"),
    "category": ("category", "-announced_on"),
    "amount": ("amount_unit", "amount_value"),
    "-amount": ("amount_unit", "-amount_value"),
    "updated": ("updated_at", "id"),
}


# Parameters that choose how to show or deliver a list, not which pledges are in it.
NOT_FILTERS = frozenset({"format", "page", "page_size", "currency"})
# The filters describe() puts into words; any other shows as "name: values".
DESCRIBED = frozenset(
    {
        "category",
        "member",
        "actor_org",
        "actor",
        "beneficiary",
        "leader",
        "q",
        "status",
        "condition",
        "conditional",
        "start",
        "end",
        "changed_since",
        "include_unreviewed",
        "origin",
        "coalition",
        "sort",
    }
)

# The filters each rollup answers (pledges/rollup.py), besides whole months of `start` / `end` and
# the sort order; with any other filter set (free text, status, conditions, leader, origin,
# changed_since, include_unreviewed, dates inside a month) the pledges themselves are read.
ROLLUP_FILTERS: dict[type, frozenset[str]] = {
    PledgeRollup: frozenset({"member", "actor_org", "actor", "coalition", "category"}),
    BeneficiaryRollup: frozenset({"member", "actor_org", "actor", "coalition", "beneficiary"}),
}


def _is_set(value: object) -> bool:
    if value is None or value is False or value == "":
        return False
    return not (hasattr(value, "__len__") and len(value) == 0)


def _last_of_month(day: dt.date) -> bool:
    return day == dt.date.max or (day + dt.timedelta(days=1)).day == 1


class BoundedDateField(forms.DateField):
    """A date between EARLIEST and LATEST: year 1 or 9999 is a typing error, and overflows the
    timeline's date arithmetic. Out of range, the filter is reported and left out, like any bad value."""

    def validate(self, value) -> None:
        super().validate(value)
        if value and not (EARLIEST <= value <= LATEST):
            raise forms.ValidationError(
                f"Enter a date between {EARLIEST:%-d %b %Y} and {LATEST:%-d %b %Y}.", code="out_of_range"
            )


class BoundedDateFilter(django_filters.DateFilter):
    field_class = BoundedDateField


class PledgeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Search")
    # distinct=False: these filter the pledge's own columns (or a forward FK), so no row can repeat,
    # and django-filter's default SELECT DISTINCT over every column defeats the date index (a full
    # sort of ~30k wide rows on disk for one page of 50 at 100k pledges).
    category = django_filters.MultipleChoiceFilter(choices=Category.choices, distinct=False)
    status = django_filters.MultipleChoiceFilter(choices=PledgeStatus.choices, distinct=False)
    condition = django_filters.MultipleChoiceFilter(
        choices=ConditionKind.choices, method="filter_condition", label="Condition kind"
    )
    conditional = django_filters.BooleanFilter(
        method="filter_conditional", label="Conditional only", widget=forms.CheckboxInput
    )
    member = django_filters.ModelMultipleChoiceFilter(
        # With to_field_name, django-filter filters on that attribute's value (the code), so the
        # lookup must name the code too: "actor_country" alone compared "FR" with an id (a 500).
        field_name="actor_country__code",
        queryset=Country.objects.all(),
        to_field_name="code",
        distinct=False,
        label="Member / actor country",
        widget=QuickSelectMultiple,
    )
    actor_org = django_filters.ModelChoiceFilter(
        field_name="actor_organisation", queryset=Organisation.objects.all(), to_field_name="slug"
    )
    actor = django_filters.CharFilter(method="filter_actor", label="Actor (country or organisation)")
    coalition = django_filters.CharFilter(
        method="filter_coalition", label="Organisation and its members (slug)"
    )
    beneficiary = django_filters.CharFilter(method="filter_beneficiary", label="Beneficiary")
    leader = django_filters.CharFilter(field_name="announced_by__slug", label="Announced by")
    start = BoundedDateFilter(field_name="announced_on", lookup_expr="gte", label="From")
    end = BoundedDateFilter(field_name="announced_on", lookup_expr="lte", label="To")
    changed_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")
    origin = django_filters.ChoiceFilter(
        choices=Origin.choices, distinct=False, empty_label="extracted or added", label="Origin"
    )
    include_unreviewed = django_filters.BooleanFilter(
        method="filter_review", label="Include unreviewed", widget=forms.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        choices=[(key, key) for key in SORTS], method="filter_sort", empty_label="newest first"
    )

    class Meta:
        model = Pledge
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Confirmed only unless the analyst asked for unreviewed ones; rejected never.
        include = bool(self.form.cleaned_data.get("include_unreviewed"))
        return super().filter_queryset(queryset.visible(include_unreviewed=include))

    def qs_ignoring(self, *names: str) -> QuerySet:
        """The filtered pledges as if the filters `names` were not given (the form is validated once).

        The timeline asks where the pledges of its filters lie outside its date window: the latest
        one anchors the zoom presets, the nearest ones are offered when the window is empty.
        """
        self.form.is_valid()
        kept = self.form.cleaned_data
        self.form.cleaned_data = {key: value for key, value in kept.items() if key not in names}
        try:
            return self.filter_queryset(self.queryset.all())
        finally:
            self.form.cleaned_data = kept

    def rollup(self, model: type, base: Q | None = None) -> QuerySet | None:
        """The rollup rows (`PledgeRollup` or `BeneficiaryRollup`) of the filtered pledges, or None
        when a filter needs the pledges themselves (see ROLLUP_FILTERS).

        The actor, category and beneficiary filters run unchanged (the rollups name those columns
        like the pledges do); a date filter is answered when it falls on whole months.
        """
        self.form.is_valid()
        allowed = ROLLUP_FILTERS[model]
        rows = model.objects.all() if base is None else model.objects.filter(base)
        for name, value in self.form.cleaned_data.items():
            if name == "sort" or not _is_set(value):
                continue
            if name == "start":
                if value.day != 1:
                    return None
                rows = rows.filter(month__gte=value)
            elif name == "end":
                if not _last_of_month(value):
                    return None
                rows = rows.filter(month__lte=value)
            elif name in allowed:
                rows = self.filters[name].filter(rows, value)
            else:
                return None
        return rows

    # --- what every listing asks of its filters: parameters, a sentence, a file name, a page ---

    def params(self) -> dict[str, list[str]]:
        """The GET parameters that chose the pledges, in FilterSet order, empty ones dropped (feed
        links, the JSON export's header)."""
        data = self.data
        out = {}
        for name in self.filters:
            if name in NOT_FILTERS:
                continue
            values = [v for v in data.getlist(name) if v.strip()] if hasattr(data, "getlist") else []
            if values:
                out[name] = values
        return out

    def filename(self, prefix: str = "pledges") -> str:
        """`pledges_category-military_member-fr-de_2026-11-28`: what was filtered, and when it was taken."""
        parts = [slugify(f"{name}-{'-'.join(values)}") for name, values in self.params().items()]
        stem = "_".join([prefix, *([p for p in parts if p] or ["all"])])
        return f"{stem[:150]}_{timezone.localdate():%Y-%m-%d}"

    def describe(self) -> str:
        """A sentence for people: "Military pledges by France, Germany from 2025-01-01" (feed titles,
        the export's About sheet and header)."""
        data = self.form.cleaned_data if self.is_valid() else {}
        categories = [dict(Category.choices).get(c, c) for c in data.get("category") or []]
        text = (", ".join(categories) + " pledges") if categories else "Pledges"
        members = [c.name for c in data.get("member") or []]
        if members:
            text += " by " + ", ".join(members)
        if data.get("actor_org"):
            text += f" by {data['actor_org'].name}"
        if data.get("actor"):
            text += f" by {data['actor']}"
        if data.get("beneficiary"):
            text += f" to {data['beneficiary']}"
        if data.get("leader"):
            text += f" announced by {data['leader']}"
        if data.get("q"):
            text += f" matching “{data['q']}”"
        statuses = [dict(PledgeStatus.choices).get(s, s).lower() for s in data.get("status") or []]
        if statuses:
            text += " (" + " or ".join(statuses) + ")"
        kinds = [dict(ConditionKind.choices).get(k, k).lower() for k in data.get("condition") or []]
        if kinds:
            text += " with a " + " or ".join(kinds) + " condition"
        elif data.get("conditional"):
            text += ", conditional only"
        if data.get("start"):
            text += f" from {data['start']:%Y-%m-%d}"
        if data.get("end"):
            text += f" until {data['end']:%Y-%m-%d}"
        if data.get("changed_since"):
            text += f", changed since {data['changed_since']:%Y-%m-%d %H:%M}"
        if data.get("include_unreviewed"):
            text += ", including unreviewed"
        if data.get("origin"):
            text += f", {dict(Origin.choices).get(data['origin'], data['origin']).lower()}"
        if data.get("coalition"):
            text += f" by {data['coalition']} and its members"
        for name, values in self.params().items():  # filters added later still show, if plainly
            if name not in DESCRIBED:
                text += f", {name}: {', '.join(values)}"
        return text

    def paginate(self, queryset: QuerySet, number: str | int | None, per_page: int) -> Page:
        """A page of `queryset` (the filtered pledges, prefetched as the page needs), counted by
        count() so the rollup answers where it can; out-of-range numbers give the last page."""
        paginator = Paginator(queryset, per_page)
        paginator.count = self.count()
        return paginator.get_page(number)

    def count(self) -> int:
        """How many pledges the filters hold: summed from the rollup when it can answer (a few
        hundred rows) instead of counting the pledges (120 ms for a category at 1M pledges)."""
        if not self.queryset.query.where:  # the rollup knows every pledge, not a narrowed set
            rows = self.rollup(PledgeRollup)
            if rows is not None:
                return rows.pledge_count()
        return self.qs.count()

    def date_extent(
        self, carrier: QuerySet, start: dt.date | None, end: dt.date | None
    ) -> dict[str, dt.date | None]:
        """The first and the last date of the filtered pledges whatever the window, and the nearest
        dates before and after it, in one query of four index probes (`carrier`: any one-row
        queryset to hang them on). An aggregate over the pledges read every one of them: 120 ms for
        a coalition at 1M pledges."""
        dated = self.qs_ignoring("start", "end").filter(announced_on__isnull=False).order_by()

        def first(rows: QuerySet, field: str) -> Subquery:
            return Subquery(rows.order_by(field).values("announced_on")[:1])

        probes = {"lo": first(dated, "announced_on"), "hi": first(dated, "-announced_on")}
        if start:
            probes["before"] = first(dated.filter(announced_on__lt=start), "-announced_on")
        if end:
            probes["after"] = first(dated.filter(announced_on__gt=end), "announced_on")
        found = carrier.order_by().annotate(**probes).values(*probes).first() or {}
        return {"lo": None, "hi": None, "before": None, "after": None, **found}

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        terms = value.split()
        for term in terms[:8]:
            queryset = queryset.filter(
                Q(summary__icontains=term)
                | Q(actor_country__name__icontains=term)
                | Q(actor_organisation__name__icontains=term)
                | Q(beneficiary_country__name__icontains=term)
                | Q(announced_by__name__icontains=term)
                | Q(conditions__text__icontains=term)
            )
        return queryset.distinct() if terms else queryset

    def filter_condition(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(Exists(Condition.objects.filter(pledge=OuterRef("pk"), kind__in=value)))

    def filter_conditional(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return queryset.conditional() if value else queryset

    def filter_coalition(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # What the coalition timeline shows: the organisation's own pledges and every member's.
        value = value.strip()
        if not value:
            return queryset
        member_ids = Membership.objects.filter(organisation__slug=value).values("country_id")
        return queryset.filter(Q(actor_organisation__slug=value) | Q(actor_country_id__in=member_ids))

    def filter_actor(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """An actor typed by name, code, slug or alias ("France", "FR", "the French", "NATO")."""
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(actor_country__in=pickers.countries_named(value).values("pk"))
            | Q(actor_organisation__in=pickers.organisations_named(value).values("pk"))
        )

    def filter_beneficiary(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """A beneficiary by code or slug (as links write it) or by name or alias (as people type it)."""
        value = value.strip()
        if not value:
            return queryset
        by_code = Q(beneficiary_country__code=value.upper()) | Q(beneficiary_organisation__slug=value.lower())
        if len(value) == 2:  # a code: no name lookup needed
            return queryset.filter(by_code)
        return queryset.filter(
            by_code
            | Q(beneficiary_country__in=pickers.countries_named(value).values("pk"))
            | Q(beneficiary_organisation__in=pickers.organisations_named(value).values("pk"))
        )

    def filter_review(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return queryset  # applied in filter_queryset, before the other filters

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*SORTS.get(value, SORTS["-date"]))
