"""Admin for articles and what extraction tied to them."""

from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from articles import services
from articles.models import Article, EntityMention, Evidence, LeaderCandidate, OrganisationCandidate


@admin.action(description="Run extraction again for selected articles", permissions=["change"])
def rerun_extraction(modeladmin, request, queryset):
    """Re-queue the articles; articles still being processed are left alone."""
    count = services.requeue(queryset)
    skipped = queryset.count() - count
    note = f" ({skipped} still processing, left alone)" if skipped > 0 else ""
    modeladmin.message_user(
        request, f"{count} article{'s' if count != 1 else ''} queued{note}.", messages.SUCCESS
    )


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["pledge", "quote", "start", "end"]
    raw_id_fields = ["pledge"]


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "publisher", "published_on", "state", "uploaded_by", "uploaded_at"]
    list_filter = ["state", "content_type", "extractor_version"]
    list_select_related = ["uploaded_by"]
    search_fields = ["title", "original_name", "publisher", "author", "sha256"]
    date_hierarchy = "uploaded_at"
    readonly_fields = [
        "sha256",
        "size",
        "content_type",
        "uploaded_by",
        "uploaded_at",
        "state_changed_at",
        "processed_at",
        "attempts",
        "extractor_version",
        "timings",
    ]
    inlines = [EvidenceInline]
    actions = [rerun_extraction]


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["quote", "article", "pledge_id", "start", "end"]
    list_select_related = ["article"]
    search_fields = ["quote", "article__title"]
    raw_id_fields = ["pledge", "article"]


@admin.register(EntityMention)
class EntityMentionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "kind", "article", "start", "end"]
    list_filter = ["kind"]
    list_select_related = ["article"]
    search_fields = ["text", "article__title"]
    raw_id_fields = ["article", "country", "organisation", "leader"]


@admin.register(LeaderCandidate)
class LeaderCandidateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "title", "country", "state", "article"]
    list_filter = ["state"]
    list_select_related = ["country", "article"]
    search_fields = ["name", "title"]
    raw_id_fields = ["article", "leader"]
    autocomplete_fields = ["country"]


@admin.register(OrganisationCandidate)
class OrganisationCandidateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "state", "article"]
    list_filter = ["state", "kind"]
    list_select_related = ["article"]
    search_fields = ["name"]
    raw_id_fields = ["article", "organisation"]
