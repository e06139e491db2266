"""Admin for the domain: search, filters, inlines and history on every model; no query per row."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from pledges import merge, tokens
from pledges.choices import ConditionState, ReviewState
from pledges.models import (
    ApiToken,
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
from pledges.services import set_review_state


def merge_action(service, noun: str):
    """An admin action that asks which row survives, then runs the merge service on the selection."""

    @admin.action(description=f"Merge selected {noun}…", permissions=["change", "delete"])
    def merge_selected(modeladmin, request, queryset):
        objects = list(queryset)
        if len(objects) < 2:
            modeladmin.message_user(request, f"Select at least two {noun} to merge.", messages.WARNING)
            return None
        chosen = request.POST.get("survivor", "")
        survivor = next((o for o in objects if str(o.pk) == chosen), None)
        if request.POST.get("post") == "yes" and survivor is not None:
            others = [o for o in objects if o.pk != survivor.pk]
            result = service(survivor, others, user=request.user)
            moved = sum(result.moved.values())
            modeladmin.message_user(
                request,
                f"Merged {', '.join(result.merged)} into {survivor}: {moved} rows re-pointed, "
                f"{len(result.aliases_added)} names kept as aliases.",
                messages.SUCCESS,
            )
            return None
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": f"Merge {noun}: choose the one to keep",
            "opts": modeladmin.model._meta,
            "rows": [(obj, merge.usage(obj)) for obj in objects],
            "noun": noun,
            "action_name": "merge_selected",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "missing_survivor": request.POST.get("post") == "yes",
        }
        return TemplateResponse(request, "admin/pledges/merge_survivor.html", context)

    return merge_selected


def _review_selected(request, queryset, state: str, reason: str) -> int:
    """Confirm or reject from the admin, recording who did it on each pledge's history."""
    count = 0
    with transaction.atomic():
        for pledge in queryset.select_for_update(of=("self",)):
            set_review_state(pledge, request.user, state, reason=reason)
            count += 1
    return count


@admin.action(description="Confirm selected pledges", permissions=["change"])
def confirm_pledges(modeladmin, request, queryset):
    n = _review_selected(request, queryset, ReviewState.CONFIRMED, "Confirmed in admin")
    modeladmin.message_user(request, f"{n} pledge{'s' if n != 1 else ''} confirmed.", messages.SUCCESS)


@admin.action(description="Reject selected pledges", permissions=["change"])
def reject_pledges(modeladmin, request, queryset):
    n = _review_selected(request, queryset, ReviewState.REJECTED, "Rejected in admin")
    modeladmin.message_user(request, f"{n} pledge{'s' if n != 1 else ''} rejected.", messages.SUCCESS)


def _set_condition_state(modeladmin, request, queryset, state: str) -> None:
    count = 0
    with transaction.atomic():
        for condition in queryset:
            condition.state = state
            condition._history_user = request.user
            condition._change_reason = f"Marked {state} in admin"
            condition.save()
            count += 1
    modeladmin.message_user(request, f"{count} condition{'s' if count != 1 else ''} marked {state}.")


@admin.action(description="Mark selected conditions met", permissions=["change"])
def mark_conditions_met(modeladmin, request, queryset):
    _set_condition_state(modeladmin, request, queryset, ConditionState.MET)


@admin.action(description="Mark selected conditions lapsed", permissions=["change"])
def mark_conditions_lapsed(modeladmin, request, queryset):
    _set_condition_state(modeladmin, request, queryset, ConditionState.LAPSED)


class CountryAliasInline(admin.TabularInline):
    model = CountryAlias
    extra = 1


@admin.register(Country)
class CountryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "alpha3", "capital", "gdp_usd_millions", "gdp_year"]
    search_fields = ["name", "official_name", "code", "alpha3", "aliases__name"]
    inlines = [CountryAliasInline]
    ordering = ["name"]
    actions = [merge_action(merge.merge_countries, "countries")]


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
    actions = [merge_action(merge.merge_organisations, "organisations")]


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
    actions = [merge_action(merge.merge_leaders, "leaders")]


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
    list_filter = ["review_state", "origin", "status", "category", "amount_unit"]
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
    actions = [confirm_pledges, reject_pledges]

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
    actions = [mark_conditions_met, mark_conditions_lapsed]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(SimpleHistoryAdmin):
    list_display = ["month", "currency", "usd_per_unit"]
    list_filter = ["currency"]
    date_hierarchy = "month"


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Admins make tokens for anyone (the key is shown once, on the page after saving) and revoke them.

    Only the digest is stored, so a key cannot be shown again: a lost key is revoked and replaced.
    """

    list_display = ("name", "user", "prefix", "created_at", "created_by", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    list_select_related = ("user", "created_by")
    search_fields = ("name", "prefix", "user__username")
    raw_id_fields = ("user",)
    actions = ["revoke_selected"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("user", "name")
        return ("user", "name", "prefix", "created_at", "created_by", "last_used_at", "revoked_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("user", "name", "prefix", "created_at", "created_by", "last_used_at", "revoked_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            request._new_api_key = tokens.new_key(obj)  # shown by response_add, never stored
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        context = {**self.admin_site.each_context(request), "opts": self.opts, "token": obj}
        context["key"] = getattr(request, "_new_api_key", "")
        response = TemplateResponse(request, "admin/pledges/apitoken_created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description="Revoke selected API tokens", permissions=["change"])
    def revoke_selected(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            tokens.revoke(token)
        self.message_user(request, "Revoked.", messages.SUCCESS)
