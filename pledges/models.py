"""The domain: who (countries, organisations, leaders) promised what (pledges) under which conditions.

The domain never imports the ingestion machinery; evidence and mentions live in `articles`
and are reached from here through reverse relations.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from pledges import rollup
from pledges.choices import (
    NON_MONEY_UNITS,
    AliasKind,
    Category,
    ConditionKind,
    ConditionState,
    OrganisationKind,
    Origin,
    PledgeStatus,
    ReviewState,
)
from pledges.querysets import (
    CountryQuerySet,
    LeaderQuerySet,
    MembershipQuerySet,
    OrganisationQuerySet,
    PledgeQuerySet,
    RollupQuerySet,
)


class Country(models.Model):
    code = models.CharField("ISO alpha-2", max_length=2, unique=True)
    alpha3 = models.CharField("ISO alpha-3", max_length=3, unique=True)
    name = models.CharField(max_length=100)
    official_name = models.CharField(max_length=200, blank=True)
    capital = models.CharField(max_length=100, blank=True)
    # For "share of GDP" in the totals; loaded from reference_data/gdp.csv (World Bank), admins correct it.
    gdp_usd_millions = models.PositiveIntegerField(
        "GDP (millions of US$)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Gross domestic product in millions of current US dollars.",
    )
    gdp_year = models.PositiveSmallIntegerField("GDP year", null=True, blank=True)
    history = HistoricalRecords()

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[A-Z]{2}$"), name="country_code_alpha2"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pledges:country", args=[self.code.lower()])


class CountryAlias(models.Model):
    """Another way news text names a country: short name, demonym, or capital used as government."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=10, choices=AliasKind.choices, default=AliasKind.NAME)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country__name", "kind", "name"]
        verbose_name_plural = "country aliases"
        constraints = [
            models.UniqueConstraint(fields=["country", "kind", "name"], name="country_alias_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display().lower()} of {self.country.code})"


class Organisation(models.Model):
    """An organisation, bloc, alliance or ad-hoc coalition; pledges may be made in its name."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=100, unique=True, help_text="Short canonical name: EU, NATO, G7…")
    full_name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=30, choices=OrganisationKind.choices)
    description = models.TextField(blank=True)
    members = models.ManyToManyField(Country, through="Membership", related_name="organisations")
    history = HistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Organisation, self.name, max_length=76)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("pledges:organisation", args=[self.slug])

    @property
    def is_coalition(self) -> bool:
        return self.kind == OrganisationKind.AD_HOC_COALITION


class OrganisationAlias(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name_plural = "organisation aliases"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="organisation_alias_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"


class Membership(models.Model):
    """A country's membership of an organisation over time; `left` is empty while it lasts."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="memberships")
    joined = models.DateField(null=True, blank=True)
    left = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "country__name", "joined"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left__isnull=True) | Q(joined__isnull=True) | Q(left__gt=models.F("joined")),
                name="membership_left_after_joined",
            ),
            models.UniqueConstraint(
                fields=["organisation", "country", "joined"],
                name="membership_unique_period",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "country"])]

    def __str__(self) -> str:
        period = f"{self.joined or '?'}–{self.left or ''}"
        return f"{self.country} in {self.organisation} ({period})"

    def active_on(self, day: dt.date) -> bool:
        return (self.joined is None or self.joined <= day) and (self.left is None or self.left > day)


class Leader(models.Model):
    """A person whose statements are attributed, through their offices, to a country or organisation."""

    name = models.CharField(max_length=150, help_text="Canonical full name, as Wikipedia titles the person.")
    slug = models.SlugField(max_length=160, unique=True)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="leaders"
    )
    history = HistoricalRecords()

    objects = LeaderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Leader, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("pledges:leader", args=[self.slug])


class LeaderAlias(models.Model):
    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=150)
    history = HistoricalRecords()

    class Meta:
        ordering = ["leader__name", "name"]
        verbose_name_plural = "leader aliases"
        constraints = [models.UniqueConstraint(fields=["leader", "name"], name="leader_alias_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.leader.name})"


class Office(models.Model):
    """An office held: "President" of a country, "Secretary General" of an organisation, an envoy."""

    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, related_name="offices")
    title = models.CharField(max_length=150)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.CASCADE, related_name="offices"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="offices"
    )
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["leader__name", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=models.F("start")),
                name="office_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        where = self.organisation or self.country or ""
        return f"{self.title}{', ' + str(where) if where else ''} ({self.leader.name})"

    @property
    def is_current(self) -> bool:
        return self.end is None or self.end >= dt.date.today()


class Pledge(models.Model):
    """One commitment by one actor. Re-announcements link to the original through `restates`."""

    actor_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="pledges_made"
    )
    actor_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="pledges_made"
    )
    announced_by = models.ForeignKey(
        Leader, null=True, blank=True, on_delete=models.SET_NULL, related_name="pledges_announced"
    )
    beneficiary_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="pledges_received"
    )
    beneficiary_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="pledges_received"
    )
    category = models.CharField(max_length=20, choices=Category.choices, db_index=True)
    summary = models.TextField()
    amount_value = models.DecimalField(
        max_digits=20, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    amount_unit = models.CharField(
        max_length=12,
        blank=True,
        help_text="ISO 4217 code (base units), or troops, percent_gdp, people, items.",
    )
    amount_approximate = models.BooleanField(default=False)
    announced_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=PledgeStatus.choices, default=PledgeStatus.ANNOUNCED)
    review_state = models.CharField(max_length=10, choices=ReviewState.choices, default=ReviewState.EXTRACTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    origin = models.CharField(
        max_length=10,
        choices=Origin.choices,
        default=Origin.EXTRACTED,
        help_text="Extracted, or added by an editor from the article text.",
    )
    restates = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="restatements"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    history = HistoricalRecords()

    objects = PledgeQuerySet.as_manager()

    class Meta:
        ordering = ["-announced_on", "-id"]
        permissions = [("review_pledge", "Can confirm, edit, reject and merge extracted pledges")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(actor_country__isnull=False) & Q(actor_organisation__isnull=True))
                | (Q(actor_country__isnull=True) & Q(actor_organisation__isnull=False)),
                name="pledge_exactly_one_actor",
            ),
            models.CheckConstraint(
                condition=Q(beneficiary_country__isnull=True) | Q(beneficiary_organisation__isnull=True),
                name="pledge_at_most_one_beneficiary",
            ),
            models.CheckConstraint(
                condition=(Q(amount_value__isnull=True) & Q(amount_unit=""))
                | (Q(amount_value__isnull=False) & ~Q(amount_unit="")),
                name="pledge_amount_has_unit",
            ),
            models.CheckConstraint(condition=~Q(restates=models.F("id")), name="pledge_not_restating_itself"),
            models.CheckConstraint(condition=Q(category__in=Category.values), name="pledge_category_valid"),
            models.CheckConstraint(condition=Q(origin__in=Origin.values), name="pledge_origin_valid"),
        ]
        indexes = [
            models.Index(fields=["actor_country", "announced_on"], name="pledge_actor_country_date"),
            models.Index(fields=["actor_organisation", "announced_on"], name="pledge_actor_org_date"),
            models.Index(fields=["beneficiary_country", "announced_on"], name="pledge_beneficiary_date"),
            models.Index(fields=["review_state", "announced_on"], name="pledge_review_date"),
            models.Index(fields=["announced_by", "announced_on"], name="pledge_leader_date"),
        ]

    def __str__(self) -> str:
        when = self.announced_on.isoformat() if self.announced_on else "undated"
        return f"{self.actor_name} → {self.beneficiary_name or '—'}: {self.get_category_display()} ({when})"

    def get_absolute_url(self) -> str:
        return reverse("pledges:pledge", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        rollup.remember(instance, field_names)  # what a later save compares against (pledges/rollup.py)
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None) -> None:
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        if fields is None:  # what the database holds now is what a later save compares against
            rollup.remember(self, [f.attname for f in self._meta.concrete_fields])

    @property
    def actor(self) -> Country | Organisation:
        return self.actor_country or self.actor_organisation

    @property
    def actor_name(self) -> str:
        actor = self.actor
        return str(actor) if actor else "?"

    @property
    def beneficiary(self) -> Country | Organisation | None:
        return self.beneficiary_country or self.beneficiary_organisation

    @property
    def beneficiary_name(self) -> str:
        beneficiary = self.beneficiary
        return str(beneficiary) if beneficiary else ""

    @property
    def is_money(self) -> bool:
        return bool(self.amount_unit) and self.amount_unit not in NON_MONEY_UNITS

    @property
    def amount_display(self) -> str:
        if self.amount_value is None:
            return ""
        value = Decimal(str(self.amount_value)).normalize()
        number = f"{value:,.0f}" if value == value.to_integral() else f"{value:,}"
        unit = {"percent_gdp": "% of GDP"}.get(self.amount_unit, self.amount_unit)
        prefix = "about " if self.amount_approximate else ""
        return f"{prefix}{number} {unit}".replace(" % of", "% of")


class Condition(models.Model):
    """A condition attached to a pledge ("contingent on a ceasefire") and whether it has been met."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(max_length=20, choices=ConditionKind.choices)
    text = models.TextField()
    state = models.CharField(max_length=10, choices=ConditionState.choices, default=ConditionState.PENDING)
    # When the state last changed, and the article that reports it (a URL: the domain does not link
    # to the articles app). Set by editors on the conditions page; the timeline marks the change.
    state_changed_on = models.DateField("state changed on", null=True, blank=True)
    state_source = models.URLField("source of the change", max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pledge_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ConditionKind.values), name="condition_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        rollup.remember_condition(instance, field_names)
        return instance


class ExchangeRate(models.Model):
    """Monthly average rate to USD, used to show money totals in one display currency."""

    month = models.DateField(help_text="First day of the month.")
    currency = models.CharField(max_length=3)
    usd_per_unit = models.DecimalField(max_digits=18, decimal_places=8, validators=[MinValueValidator(0)])
    history = HistoricalRecords()

    class Meta:
        ordering = ["-month", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "month"], name="exchange_rate_unique_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="exchange_rate_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.usd_per_unit} USD ({self.month:%Y-%m})"


def unique_slug(model: type[models.Model], text: str, max_length: int = 150) -> str:
    """A slug for `text` that no row of `model` has yet (appends -2, -3…)."""
    base = slugify(text)[:max_length] or "item"
    slug, n = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


class Revision(models.Model):
    """Counters that move whenever the data behind them changes, so caches know they are stale.

    - `entities`: countries, organisations, leaders, their aliases, memberships and offices. Workers
      cache an extractor and rebuild it when this moves: admins' corrections reach the next
      extraction without a restart.
    - `pledges`: pledges, conditions, evidence and exchange rates as analysts see them by default.
    - `extractions`: unreviewed results written by ingestion, which only views that include
      unreviewed pledges depend on; kept apart so that ingestion does not empty the page caches.

    Bumped inside the writing transaction (read the number before the data): a reader can cache new
    data under an old number, which only costs a miss, but never old data under a new one.
    """

    ENTITIES = "entities"
    PLEDGES = "pledges"
    EXTRACTIONS = "extractions"

    name = models.CharField(max_length=20, primary_key=True)
    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name} revision {self.number}"

    @classmethod
    def current(cls, name: str) -> int:
        return cls.numbers(name)[0]

    @classmethod
    def numbers(cls, *names: str) -> tuple[int, ...]:
        """Several counters in one query, in the order asked."""
        found = dict(cls.objects.filter(pk__in=names).values_list("name", "number"))
        return tuple(found.get(name, 0) for name in names)

    @classmethod
    def number_subqueries(cls, *names: str) -> dict[str, models.Subquery]:
        """The counters as annotations, for a query that needs them alongside its own rows."""
        return {name: models.Subquery(cls.objects.filter(pk=name).values("number")) for name in names}

    @classmethod
    def bump(cls, *names: str) -> None:
        """Move the named counters (one statement); rows missing after a flush are created."""
        moved = cls.objects.filter(pk__in=names).update(
            number=models.F("number") + 1, changed_at=timezone.now()
        )
        if moved < len(set(names)):
            for name in names:
                cls.objects.get_or_create(pk=name, defaults={"number": 1})


class ApiToken(models.Model):
    """A read-only key for scripts and feed readers: the JSON API, the exports and the Atom feed
    accept it in an `Authorization: Bearer …` header, acting as its user.

    Only the SHA-256 digest of the key is stored (the key is 256 random bits, so a fast hash is
    enough): the key is shown once, when it is made, and a database leak reveals no usable key.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the key is for, e.g. 'nightly sync'.")
    prefix = models.CharField(max_length=12, editable=False, help_text="The key's first characters.")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


# --- rollups: the aggregates of confirmed pledges, kept by pledges/rollup.py ---------------------

ROLLUP_BUCKETS = ("announced", "committed", "delivered", "conditional")
ROLLUP_CURRENCIES = ("usd", "eur")
ROLLUP_UNITS = ("troops", "percent_gdp", "people", "items")


def _rollup_measures() -> dict[str, models.Field]:
    """The measure columns every rollup row carries, one per stage (bucket) so the key stays short.

    Stages, currencies and units are columns rather than key columns: with them in the key a rollup
    had as many rows as pledges (82,558 for 100,000), pivoted it has ~30,000 and stops growing once
    every actor has pledged in every month and category.
    """

    def count() -> models.Field:
        return models.PositiveIntegerField(default=0)

    def money() -> models.Field:
        # Hundredths (cents), as integers: PostgreSQL sums bigints several times faster than numerics.
        return models.BigIntegerField(default=0)

    fields: dict[str, models.Field] = {}
    for bucket in ROLLUP_BUCKETS:
        fields[f"pledges_{bucket}"] = count()
        for currency in ROLLUP_CURRENCIES:
            fields[f"{currency}_{bucket}"] = money()
            fields[f"{currency}_n_{bucket}"] = count()
            fields[f"{currency}_approx_{bucket}"] = count()
        for unit in ROLLUP_UNITS:
            fields[f"{unit}_{bucket}"] = money()
            fields[f"{unit}_n_{bucket}"] = count()
    for unit in ROLLUP_UNITS:
        fields[f"{unit}_approx"] = count()
    for currency in ROLLUP_CURRENCIES:
        fields[f"missing_{currency}"] = count()
    for name in ("withdrawn", "any_condition", "delivered_status", "restated"):
        fields[name] = count()
    return fields


RollupMeasures = type(
    "RollupMeasures",
    (models.Model,),
    {
        "__module__": __name__,
        "__doc__": """Measures of a group of confirmed pledges (see pledges/rollup.py for what counts where):

    - pledges_<stage>: originals in each stage (announced, committed, delivered, conditional);
      withdrawn: originals withdrawn (left out of every total); restated: re-announcements;
      any_condition: originals with a condition; delivered_status: originals with status delivered;
    - <usd|eur>_<stage>: money (in cents) converted at the announcement month's rate, with the pledges that
      went into it (_n_) and the approximate ones among them (_approx_); missing_<usd|eur>: pledges
      whose amount has no rate (listed, never counted as zero);
    - <unit>_<stage>: troops, % of GDP, people and items (in hundredths), never added to money.""",
        "Meta": type("Meta", (), {"abstract": True}),
        **_rollup_measures(),
    },
)


class ActorMonthRollup(RollupMeasures):
    """The key both rollups start with: one actor (a country or an organisation) in one month."""

    month = models.DateField(null=True, blank=True)
    actor_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    objects = RollupQuerySet.as_manager()

    class Meta:
        abstract = True


class PledgeRollup(ActorMonthRollup):
    """Confirmed pledges per actor, month and category: the binned timeline, the rankings by actor,
    category and month, and the country page read these rows instead of the pledges."""

    category = models.CharField(max_length=20)

    class Meta:
        indexes = [
            models.Index(fields=["actor_country", "month"], name="rollup_actor_country_month"),
            models.Index(fields=["actor_organisation", "month"], name="rollup_actor_org_month"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_country_id or self.actor_organisation_id} {self.month} {self.category}"


class BeneficiaryRollup(ActorMonthRollup):
    """Confirmed pledges per actor, month and beneficiary: the ranking by beneficiary, and the
    rankings of a list filtered by beneficiary."""

    beneficiary_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    beneficiary_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["actor_country", "month"], name="benrollup_actor_country_month"),
            models.Index(fields=["actor_organisation", "month"], name="benrollup_actor_org_month"),
            models.Index(fields=["beneficiary_country"], name="benrollup_beneficiary"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_country_id or self.actor_organisation_id} {self.month} → beneficiary"
