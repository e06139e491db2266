"""Uploaded articles, their ingestion state, and what ties extracted records to their source text."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from pledges.choices import OrganisationKind
from pledges.models import Country, Leader, Organisation, Pledge


class ArticleState(models.TextChoices):
    QUEUED = "queued", "Queued"
    PROCESSING = "processing", "Processing"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ArticleQuerySet(models.QuerySet):
    def active(self) -> ArticleQuerySet:
        """Not archived: what lists and the review queue show."""
        return self.filter(archived_at__isnull=True)

    def archived(self) -> ArticleQuerySet:
        return self.filter(archived_at__isnull=False)

    def finished(self) -> ArticleQuerySet:
        return self.filter(state__in=[ArticleState.DONE, ArticleState.FAILED])

    def unsent(self, older_than) -> ArticleQuerySet:
        """The outbox: queued articles whose message the broker has not accepted, oldest first."""
        return self.filter(
            state=ArticleState.QUEUED, sent_at__isnull=True, state_changed_at__lt=older_than
        ).order_by("state_changed_at")

    def stale(self, older_than) -> ArticleQuerySet:
        """Articles a lost message or a dead worker left behind: queued or processing for too long."""
        return self.filter(
            state__in=[ArticleState.QUEUED, ArticleState.PROCESSING], state_changed_at__lt=older_than
        )


def upload_path(instance: Article, filename: str) -> str:
    # The stored name is the content hash: no user-controlled path ever reaches the file system.
    return f"articles/{instance.sha256[:2]}/{instance.sha256}"


class Article(models.Model):
    file = models.FileField(upload_to=upload_path, max_length=200, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, unique=True)
    source_url = models.URLField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    credibility = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)]
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=12, choices=ArticleState.choices, default=ArticleState.QUEUED)
    state_changed_at = models.DateTimeField(auto_now_add=True)
    error_message = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True, help_text="The task that holds the claim.")
    sent_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the broker accepted its ingestion message; empty while the message waits in the "
        "outbox (broker down, or the sender died after the commit).",
    )
    extractor_version = models.CharField(max_length=40, blank=True)
    timings = models.JSONField(default=dict, blank=True, help_text="Milliseconds per ingestion stage.")
    processed_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(
        null=True, blank=True, help_text="Archived: hidden from lists and the queue, kept with its history."
    )
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The text never changes by hand; sent_at is bookkeeping of the outbox.
    history = HistoricalRecords(excluded_fields=["text", "timings", "sent_at"])

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(credibility__isnull=True) | Q(credibility__gte=0, credibility__lte=1),
                name="article_credibility_0_1",
            ),
            models.CheckConstraint(condition=Q(state__in=ArticleState.values), name="article_state_valid"),
        ]
        indexes = [models.Index(fields=["state", "state_changed_at"], name="article_state_changed")]

    def __str__(self) -> str:
        return self.title or self.original_name or f"Article {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in (ArticleState.DONE, ArticleState.FAILED)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class EvidenceQuerySet(models.QuerySet):
    def with_pledge(self) -> EvidenceQuerySet:
        """Evidence with its pledge's parties, announcer and conditions read in the same few queries
        (the review queue, gold export and the editors' scoring each list evidence with its pledge)."""
        return self.select_related(
            "pledge__actor_country",
            "pledge__actor_organisation",
            "pledge__announced_by",
            "pledge__beneficiary_country",
            "pledge__beneficiary_organisation",
        ).prefetch_related("pledge__conditions")


class Evidence(models.Model):
    """The exact quote in an article that states a pledge, with character offsets into its text."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="evidence")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="evidence")
    quote = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    history = HistoricalRecords()

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["article_id", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="evidence_span_valid"),
            models.UniqueConstraint(fields=["pledge", "article", "start"], name="evidence_unique_span"),
        ]

    def __str__(self) -> str:
        return f"“{self.quote[:80]}” ({self.article})"


class MentionKind(models.TextChoices):
    COUNTRY = "country", "Country"
    ORGANISATION = "organisation", "Organisation"
    PERSON = "person", "Person"


class EntityMention(models.Model):
    """Where an article names a known entity, so pages can highlight it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    kind = models.CharField(max_length=12, choices=MentionKind.choices)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    leader = models.ForeignKey(
        Leader, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions"
    )
    text = models.CharField(max_length=300)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["article_id", "start"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="country") & Q(country__isnull=False))
                | (Q(kind="organisation") & Q(organisation__isnull=False))
                | (Q(kind="person") & Q(leader__isnull=False)),
                name="mention_points_at_its_kind",
            ),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="mention_span_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.text} @{self.start}"


class CandidateState(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"  # as a new leader or organisation
    ALIASED = "aliased", "Attached as alias"
    DISMISSED = "dismissed", "Dismissed"


class LeaderCandidate(models.Model):
    """An unknown person introduced by a title ("US envoy Steve Witkoff"), awaiting an editor's decision."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="leader_candidates")
    name = models.CharField(max_length=150)
    title = models.CharField(max_length=150, blank=True)
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=CandidateState.choices, default=CandidateState.PENDING)
    leader = models.ForeignKey(Leader, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["article", "name"], name="candidate_unique_per_article"),
        ]

    def __str__(self) -> str:
        return f"{self.title + ' ' if self.title else ''}{self.name}"


class OrganisationCandidate(models.Model):
    """An organisation extraction does not know ("the Blue Harbour Fund"), awaiting an editor's decision."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="organisation_candidates")
    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=30, choices=OrganisationKind.choices, blank=True, help_text="Guessed from the name."
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=CandidateState.choices, default=CandidateState.PENDING)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["article", "name"], name="org_candidate_unique_per_article"),
        ]

    def __str__(self) -> str:
        return self.name


class PossiblePledge(models.Model):
    """A candidate extraction scored below its confidence threshold (EXTRACTION_THRESHOLD).

    Never shown to analysts: it waits under its article in the review queue, where an editor promotes
    it into the add-pledge form (pre-filled from its passage) or dismisses it.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="possible_pledges")
    actor = models.CharField(max_length=200, help_text="As extraction names it: ISO code or organisation.")
    beneficiary = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=30)
    quote = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    confidence = models.FloatField()
    rule = models.CharField(max_length=80, help_text="The extraction rule that read it.")
    state = models.CharField(max_length=10, choices=CandidateState.choices, default=CandidateState.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["article", "start"]
        indexes = [models.Index(fields=["article", "state"], name="possible_article_state")]

    def __str__(self) -> str:
        return f"{self.actor}: {self.quote[:60]}"
