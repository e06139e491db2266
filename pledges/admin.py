"""Admin for the domain: search, filters, inlines and history on every model; no query per row."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pledges.models import (
    Condition,
    Country,
    CountryAlias,
    ExchangeRate,
    Leader,
    LeaderAlias,
    Membership,
    Office,
    Organisation,
    OrganisationAlias,
    Pledge,
)


class CountryAliasInline(admin.TabularInline):
    model = CountryAlias
    extra = 1


@admin.register(Country)
class CountryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "alpha3", "capital"]
    search_fields = ["name", "official_name", "code", "alpha3", "aliases__name"]
    inlines = [CountryAliasInline]
    ordering = ["name"]


@admin.register(CountryAlias)
class CountryAliasAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "country"]
    list_filter = ["kind"]
    list_select_related = ["country"]
    search_fields = ["name", "country__name"]
    autocomplete_fields = ["country"]


class OrganisationAliasInline(admin.TabularInline):
    model = OrganisationAlias
    extra = 1


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["country"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country")


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "full_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "full_name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationAliasInline, MembershipInline]


@admin.register(OrganisationAlias)
class OrganisationAliasAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "organisation__name"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["country", "organisation", "joined", "left"]
    list_filter = ["organisation"]
    list_select_related = ["country", "organisation"]
    search_fields = ["country__name", "organisation__name"]
    autocomplete_fields = ["country", "organisation"]
    date_hierarchy = "joined"


class LeaderAliasInline(admin.TabularInline):
    model = LeaderAlias
    extra = 1


class OfficeInline(admin.TabularInline):
    model = Office
    extra = 1
    autocomplete_fields = ["country", "organisation"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country", "organisation")


@admin.register(Leader)
class LeaderAdmin(SimpleHistoryAdmin):
    list_display = ["name", "country"]
    list_filter = [("country", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["country"]
    search_fields = ["name", "aliases__name", "offices__title"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [LeaderAliasInline, OfficeInline]


@admin.register(LeaderAlias)
class LeaderAliasAdmin(SimpleHistoryAdmin):
    list_display = ["name", "leader"]
    list_select_related = ["leader"]
    search_fields = ["name", "leader__name"]
    autocomplete_fields = ["leader"]


@admin.register(Office)
class OfficeAdmin(SimpleHistoryAdmin):
    list_display = ["leader", "title", "country", "organisation", "start", "end"]
    list_filter = ["title"]
    list_select_related = ["leader", "country", "organisation"]
    search_fields = ["leader__name", "title"]
    autocomplete_fields = ["leader", "country", "organisation"]


class ConditionInline(admin.TabularInline):
    model = Condition
    extra = 0


@admin.register(Pledge)
class PledgeAdmin(SimpleHistoryAdmin):
    list_display = [
        "id",
        "actor_name",
        "beneficiary_name",
        "category",
        "amount_display",
        "announced_on",
        "status",
        "review_state",
    ]
    list_filter = ["review_state", "status", "category", "amount_unit"]
    list_select_related = [
        "actor_country",
        "actor_organisation",
        "beneficiary_country",
        "beneficiary_organisation",
    ]
    search_fields = ["summary", "actor_country__name", "actor_organisation__name", "announced_by__name"]
    autocomplete_fields = [
        "actor_country",
        "actor_organisation",
        "announced_by",
        "beneficiary_country",
        "beneficiary_organisation",
        "restates",
    ]
    date_hierarchy = "announced_on"
    readonly_fields = ["created_at", "updated_at", "reviewed_by", "reviewed_at"]
    inlines = [ConditionInline]

    @admin.display(description="actor")
    def actor_name(self, obj: Pledge) -> str:
        return obj.actor_name

    @admin.display(description="beneficiary")
    def beneficiary_name(self, obj: Pledge) -> str:
        return obj.beneficiary_name

    @admin.display(description="amount")
    def amount_display(self, obj: Pledge) -> str:
        return obj.amount_display


@admin.register(Condition)
class ConditionAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "text", "state", "pledge"]
    list_filter = ["kind", "state"]
    list_select_related = [
        "pledge__actor_country",
        "pledge__actor_organisation",
        "pledge__beneficiary_country",
        "pledge__beneficiary_organisation",
    ]
    search_fields = ["text"]
    autocomplete_fields = ["pledge"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(SimpleHistoryAdmin):
    list_display = ["month", "currency", "usd_per_unit"]
    list_filter = ["currency"]
    date_hierarchy = "month"
