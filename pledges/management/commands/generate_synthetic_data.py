"""Fill the database with clearly marked synthetic pledges, to measure pages at a realistic size.

Not demo data: every pledge summary starts with "[synthetic]" and the pledges' coalition is the
organisation "Synthetic Coalition (benchmark)". Actors are real reference countries (load them first).
Refuses to run twice unless told to `--replace`; `--remove` only deletes.

    python manage.py generate_synthetic_data --countries 60 --pledges 100000 --seed 1 --coalition-members 35
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction

from pledges import rollup
from pledges.choices import (
    Category,
    ConditionKind,
    ConditionState,
    OrganisationKind,
    PledgeStatus,
    ReviewState,
)
from pledges.models import (
    BeneficiaryRollup,
    Condition,
    Country,
    Leader,
    Membership,
    Organisation,
    Pledge,
    PledgeRollup,
    Revision,
)

MARK = "[synthetic]"
COALITION_NAME = "Synthetic Coalition (benchmark)"
COALITION_SLUG = "synthetic-coalition-benchmark"
FIRST_DAY = dt.date(2022, 1, 1)
LAST_DAY = dt.date(2026, 12, 31)

# Countries that make most real pledges come first, so the coalition looks like a real one.
DONORS = [
    "US",
    "GB",
    "DE",
    "FR",
    "IT",
    "CA",
    "JP",
    "PL",
    "NL",
    "SE",
    "NO",
    "DK",
    "FI",
    "ES",
    "PT",
    "BE",
    "AT",
    "CZ",
    "SK",
    "LT",
    "LV",
    "EE",
    "RO",
    "BG",
    "HR",
    "SI",
    "GR",
    "IE",
    "LU",
    "AU",
    "NZ",
    "KR",
    "CH",
    "TR",
    "IS",
]
CURRENCY_OF = {
    **dict.fromkeys(
        [
            "DE",
            "FR",
            "IT",
            "NL",
            "FI",
            "ES",
            "PT",
            "BE",
            "AT",
            "SK",
            "LT",
            "LV",
            "EE",
            "HR",
            "SI",
            "GR",
            "IE",
            "LU",
        ],
        "EUR",
    ),
    "GB": "GBP",
    "JP": "JPY",
    "CA": "CAD",
    "AU": "AUD",
    "NO": "NOK",
    "SE": "SEK",
    "DK": "DKK",
    "PL": "PLN",
    "CZ": "CZK",
    "CH": "CHF",
}
CATEGORY_WEIGHTS = {
    Category.MILITARY: 30,
    Category.FINANCIAL: 20,
    Category.HUMANITARIAN: 15,
    Category.RECONSTRUCTION: 8,
    Category.DIPLOMATIC: 8,
    Category.SECURITY_GUARANTEE: 6,
    Category.SANCTIONS: 6,
    Category.MONITORING: 4,
    Category.OTHER: 3,
}
# (unit kind, weight) per category; "money" is the actor's currency (or USD), None no amount.
AMOUNT_KINDS: dict[str, list[tuple[str | None, int]]] = {
    Category.MILITARY: [("money", 50), ("items", 20), ("troops", 10), ("percent_gdp", 5), (None, 15)],
    Category.FINANCIAL: [("money", 90), (None, 10)],
    Category.HUMANITARIAN: [("money", 70), ("people", 10), (None, 20)],
    Category.RECONSTRUCTION: [("money", 85), (None, 15)],
    Category.MONITORING: [("people", 25), ("troops", 10), (None, 65)],
    Category.SECURITY_GUARANTEE: [("troops", 15), (None, 85)],
    Category.DIPLOMATIC: [(None, 100)],
    Category.SANCTIONS: [(None, 100)],
    Category.OTHER: [("money", 30), (None, 70)],
}
STATUS_WEIGHTS = {
    PledgeStatus.ANNOUNCED: 30,
    PledgeStatus.COMMITTED: 25,
    PledgeStatus.IN_PROGRESS: 20,
    PledgeStatus.DELIVERED: 20,
    PledgeStatus.WITHDRAWN: 5,
}
REVIEW_WEIGHTS = {ReviewState.CONFIRMED: 90, ReviewState.EXTRACTED: 8, ReviewState.REJECTED: 2}
CONDITION_TEXTS = {
    ConditionKind.CEASEFIRE: "once a ceasefire is in place",
    ConditionKind.PEACE_AGREEMENT: "after a peace agreement is signed",
    ConditionKind.APPROVAL: "subject to parliamentary approval",
    ConditionKind.RECIPROCITY: "provided other allies match the contribution",
    ConditionKind.LIMITATION: "not for use beyond the recognised border",
    ConditionKind.TIMING: "to be delivered by the end of next year",
    ConditionKind.OTHER: "if the security situation allows",
}
CONDITION_KIND_WEIGHTS = {
    ConditionKind.CEASEFIRE: 30,
    ConditionKind.PEACE_AGREEMENT: 15,
    ConditionKind.APPROVAL: 20,
    ConditionKind.RECIPROCITY: 10,
    ConditionKind.LIMITATION: 10,
    ConditionKind.TIMING: 10,
    ConditionKind.OTHER: 5,
}
CONDITION_STATE_WEIGHTS = {ConditionState.PENDING: 60, ConditionState.MET: 30, ConditionState.LAPSED: 10}


def synthetic_pledges() -> models.QuerySet:
    return Pledge.objects.filter(summary__startswith=MARK)


def remove_synthetic_data() -> int:
    """Delete the synthetic pledges (and their conditions, and the coalition) in a few SQL statements.

    The ORM's delete() would load every row to send history signals; these rows never had history.
    """
    count = synthetic_pledges().count()
    pledge_table = Pledge._meta.db_table
    marked = f"SELECT id FROM {pledge_table} WHERE summary LIKE %s"
    with transaction.atomic(), connection.cursor() as cursor:
        for rel in Pledge._meta.related_objects:
            if rel.many_to_many:
                continue
            table, column = rel.related_model._meta.db_table, rel.field.column
            if rel.on_delete is models.SET_NULL:
                sql = f"UPDATE {table} SET {column} = NULL WHERE {column} IN ({marked})"
            elif rel.on_delete is models.CASCADE:
                sql = f"DELETE FROM {table} WHERE {column} IN ({marked})"
            else:
                continue  # DO_NOTHING: history tables keep what they have
            cursor.execute(sql, [MARK + "%"])
        cursor.execute(f"DELETE FROM {pledge_table} WHERE summary LIKE %s", [MARK + "%"])
        rollup.rebuild()
        Revision.bump(Revision.PLEDGES, Revision.EXTRACTIONS)
    Organisation.objects.filter(slug=COALITION_SLUG).delete()
    return count


def analyze_tables() -> None:
    """Refresh the planner's statistics and visibility map after the bulk load.

    Without it PostgreSQL still believes the table is nearly empty (it estimated 263 confirmed
    pledges instead of 90,000) and picks bad plans, and index-only scans visit the heap, until
    autovacuum gets round to it — which would make the first benchmark runs meaningless.
    """
    if connection.vendor != "postgresql":
        return
    # VACUUM cannot run in a transaction (tests wrap everything in one): then statistics only.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    tables = [
        Pledge._meta.db_table,
        Condition._meta.db_table,
        Membership._meta.db_table,
        PledgeRollup._meta.db_table,
        BeneficiaryRollup._meta.db_table,
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")


class Generator:
    """Draws pledges from fixed distributions with one seeded random generator (same seed, same data)."""

    def __init__(self, seed: int, countries: list[Country], coalition: Organisation) -> None:
        self.rng = random.Random(seed)
        self.countries = countries
        self.coalition = coalition
        # A few countries pledge far more often than the rest (as in reality).
        self.actor_weights = [1 / math.sqrt(rank + 1) for rank in range(len(countries))]
        self.ukraine = Country.objects.filter(code="UA").first()
        self.others = [c for c in countries if c.code != "UA"]
        leaders: dict[int, list[int]] = {}
        for leader_id, country_id in Leader.objects.filter(country__in=countries).values_list(
            "id", "country_id"
        ):
            leaders.setdefault(country_id, []).append(leader_id)
        self.leaders = leaders
        self.days = (min(LAST_DAY, dt.date.today()) - FIRST_DAY).days

    def pick(self, weights: dict) -> Any:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def amount(self, category: str, country: Country | None) -> tuple[Decimal | None, str, bool]:
        kinds = AMOUNT_KINDS[category]
        kind = self.rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]
        if kind is None:
            return None, "", False
        approximate = self.rng.random() < 0.2
        if kind == "money":
            local = CURRENCY_OF.get(country.code if country else "", "USD")
            unit = local if self.rng.random() < 0.7 else self.rng.choice(["USD", "USD", "EUR"])
            scale = 150 if unit == "JPY" else 1
            value = self.rng.lognormvariate(math.log(40e6), 1.6) * scale
            digits = max(0, int(math.log10(value)) - 1)
            value = round(value / 10**digits) * 10**digits  # "€45 million", not "€45,182,331.07"
        elif kind == "percent_gdp":
            unit, value = kind, round(self.rng.uniform(0.05, 0.5), 2)
        elif kind == "troops":
            unit, value = kind, self.rng.choice([50, 100, 200, 500, 1000, 2500, 5000])
        elif kind == "people":
            unit, value = kind, self.rng.choice([10, 25, 50, 100, 500, 1000])
        else:
            unit, value = kind, self.rng.randint(1, 300)
        return Decimal(str(value)).quantize(Decimal("0.01")), unit, approximate

    def pledge(self) -> Pledge:
        by_coalition = self.rng.random() < 0.04
        country = None if by_coalition else self.rng.choices(self.countries, self.actor_weights)[0]
        category = self.pick(CATEGORY_WEIGHTS)
        value, unit, approximate = self.amount(category, country)
        announced_on = FIRST_DAY + dt.timedelta(days=self.rng.randrange(self.days))
        beneficiary = self.ukraine if self.ukraine and self.rng.random() < 0.85 else None
        if beneficiary is None and self.rng.random() < 0.5:
            beneficiary = self.rng.choice(self.others)
        leader_ids = self.leaders.get(country.pk, []) if country else []
        actor_name = country.name if country else self.coalition.name
        what = f"{value.normalize():f} {unit} of " if value is not None else ""
        to = f" to {beneficiary.name}" if beneficiary else ""
        return Pledge(
            actor_country=country,
            actor_organisation=self.coalition if by_coalition else None,
            announced_by_id=self.rng.choice(leader_ids) if leader_ids and self.rng.random() < 0.6 else None,
            beneficiary_country=beneficiary,
            category=category,
            summary=f"{MARK} {actor_name} pledges {what}{Category(category).label.lower()} support{to}.",
            amount_value=value,
            amount_unit=unit,
            amount_approximate=approximate,
            announced_on=announced_on,
            status=self.pick(STATUS_WEIGHTS),
            review_state=self.pick(REVIEW_WEIGHTS),
        )

    def conditions(self, pledge_id: int) -> list[Condition]:
        count = 1 if self.rng.random() < 0.8 else 2
        kinds = {self.pick(CONDITION_KIND_WEIGHTS) for _ in range(count)}
        return [
            Condition(
                pledge_id=pledge_id,
                kind=kind,
                text=f"{MARK} {CONDITION_TEXTS[kind]}",
                state=self.pick(CONDITION_STATE_WEIGHTS),
            )
            for kind in sorted(kinds)
        ]

    def restatement(self, original: Pledge) -> Pledge:
        later = original.announced_on + dt.timedelta(days=self.rng.randint(1, 120))
        return Pledge(
            actor_country_id=original.actor_country_id,
            actor_organisation_id=original.actor_organisation_id,
            announced_by_id=original.announced_by_id,
            beneficiary_country_id=original.beneficiary_country_id,
            category=original.category,
            summary=f"{MARK} Restates #{original.pk}: " + original.summary.removeprefix(MARK).strip(),
            amount_value=original.amount_value,
            amount_unit=original.amount_unit,
            amount_approximate=original.amount_approximate,
            announced_on=min(later, FIRST_DAY + dt.timedelta(days=self.days)),
            status=original.status,
            review_state=self.pick(REVIEW_WEIGHTS),
            restates_id=original.pk,
        )


class Command(BaseCommand):
    help = "Generate clearly marked synthetic pledges for benchmarks (needs load_reference_data first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--countries", type=int, default=60, help="Actor countries (default 60).")
        parser.add_argument("--pledges", type=int, default=100_000, help="Pledges in all (default 100000).")
        parser.add_argument(
            "--coalition-members", type=int, default=35, help="Members of the synthetic coalition (35)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed: same seed, same data.")
        parser.add_argument("--conditional", type=float, default=0.30, help="Share with conditions (0.30).")
        parser.add_argument("--restatements", type=float, default=0.05, help="Share of restatements (0.05).")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--replace", action="store_true", help="Delete earlier synthetic data first.")
        parser.add_argument("--remove", action="store_true", help="Only delete the synthetic data.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["remove"]:
            removed = remove_synthetic_data()
            self.stdout.write(f"Removed {removed} synthetic pledges and the synthetic coalition.")
            return
        n_countries, n_members, n_pledges = (
            options["countries"],
            options["coalition_members"],
            options["pledges"],
        )
        if n_members > n_countries:
            raise CommandError("--coalition-members cannot exceed --countries.")
        if n_pledges < 1:
            raise CommandError("--pledges must be at least 1.")
        available = list(Country.objects.exclude(code="UA").order_by("code"))
        if len(available) < n_countries:
            raise CommandError(
                f"Only {len(available)} countries in the database, {n_countries} needed: "
                "load the reference data first (python manage.py load_reference_data)."
            )
        exists = Organisation.objects.filter(slug=COALITION_SLUG).exists() or synthetic_pledges().exists()
        if exists and not options["replace"]:
            raise CommandError("Synthetic data is already loaded: pass --replace to regenerate or --remove.")
        if exists:
            removed = remove_synthetic_data()
            self.stdout.write(f"Removed {removed} earlier synthetic pledges.")

        rng = random.Random(options["seed"])
        by_code = {c.code: c for c in available}
        donors = [by_code[code] for code in DONORS if code in by_code]
        rest = [c for c in available if c.code not in DONORS]
        rng.shuffle(rest)
        countries = (donors + rest)[:n_countries]

        with transaction.atomic():
            coalition = self._coalition(countries[:n_members], rng)
            generator = Generator(options["seed"], countries, coalition)
            counts = self._pledges(generator, options)
            # Bulk writes send no signals: the rollups are recomputed and cached pages dropped here.
            rollup.rebuild()
            Revision.bump(Revision.PLEDGES, Revision.EXTRACTIONS)
        analyze_tables()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {counts['pledges']} synthetic pledges ({counts['restatements']} restatements, "
                f"{counts['conditional']} conditional with {counts['conditions']} conditions) by "
                f"{len(countries)} countries; coalition “{COALITION_NAME}” (/coalitions/{COALITION_SLUG}/) "
                f"with {n_members} members. {elapsed:.1f} s."
            )
        )

    def _coalition(self, members: list[Country], rng: random.Random) -> Organisation:
        coalition = Organisation.objects.create(
            slug=COALITION_SLUG,
            name=COALITION_NAME,
            full_name=COALITION_NAME,
            kind=OrganisationKind.AD_HOC_COALITION,
            description="SYNTHETIC benchmark data from generate_synthetic_data, not real. "
            "Remove with `manage.py generate_synthetic_data --remove`.",
        )
        memberships = []
        for country in members:
            joined = FIRST_DAY + dt.timedelta(days=rng.randrange(0, 900))
            left = joined + dt.timedelta(days=rng.randrange(200, 900)) if rng.random() < 0.1 else None
            memberships.append(Membership(organisation=coalition, country=country, joined=joined, left=left))
        Membership.objects.bulk_create(memberships)
        return coalition

    def _pledges(self, generator: Generator, options: dict[str, Any]) -> dict[str, int]:
        total, batch_size = options["pledges"], options["batch_size"]
        n_restatements = int(total * options["restatements"])
        n_originals = total - n_restatements
        share_conditional = options["conditional"]
        counts = dict.fromkeys(("pledges", "restatements", "conditional", "conditions"), 0)
        keep: list[Pledge] = []  # a sample of originals to restate later
        keep_every = max(1, n_originals // max(1, n_restatements * 4))

        def flush(pledges: list[Pledge]) -> None:
            Pledge.objects.bulk_create(pledges, batch_size=batch_size)
            conditions = []
            for pledge in pledges:
                if generator.rng.random() < share_conditional:
                    conditions += generator.conditions(pledge.pk)
                    counts["conditional"] += 1
            Condition.objects.bulk_create(conditions, batch_size=batch_size)
            counts["conditions"] += len(conditions)
            counts["pledges"] += len(pledges)

        batch: list[Pledge] = []
        for i in range(n_originals):
            batch.append(generator.pledge())
            if len(batch) >= batch_size or i == n_originals - 1:
                flush(batch)
                keep += batch[::keep_every]
                batch = []
        for start in range(0, n_restatements, batch_size):
            size = min(batch_size, n_restatements - start)
            batch = [generator.restatement(generator.rng.choice(keep)) for _ in range(size)]
            flush(batch)
            counts["restatements"] += size
        return counts
