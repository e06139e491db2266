"""Time the analyst pages and the exports on the current database, as a logged-in analyst would see them.

Meant for PostgreSQL filled by `generate_synthetic_data` (100k pledges, a 35-member coalition):

    python manage.py bench_views --repeat 20 [--explain]

Prints, per request: median and p95 wall time, SQL query count and SQL time, the slowest query, and
the goal it is measured against. Timeline and list are measured twice: as most requests find them
(the rendered fragment cached, see pledges/fragments.py) and "uncached", with the cache emptied
before every run, which is what a filter combination nobody asked for yet costs.
`--explain` adds EXPLAIN ANALYZE of each target's slowest query.
"""

from __future__ import annotations

import logging
import math
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pledges.management.commands.generate_synthetic_data import COALITION_SLUG, synthetic_pledges
from pledges.models import Organisation, Pledge
from pledges.roles import ANALYST, ensure_role_groups

BENCH_USER = "bench-views"
EXPORT_ROWS = 10_000


@dataclass
class Target:
    name: str
    url: str
    goal_ms: float | None = None
    max_queries: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    cold: bool = False  # empty the cache before each run: the cost of a view nobody asked for yet


@dataclass
class Result:
    target: Target
    times_ms: list[float]
    queries: int
    sql_ms: float
    status: int
    size: int
    slowest_ms: float
    slowest_sql: str
    all_queries: list[dict[str, str]] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    @property
    def verdict(self) -> str:
        if self.status != 200:
            return f"HTTP {self.status}"
        misses = []
        if self.target.goal_ms is not None and self.median > self.target.goal_ms:
            misses.append(f"slower than {self.target.goal_ms:g} ms")
        if self.target.max_queries is not None and self.queries > self.target.max_queries:
            misses.append(f"more than {self.target.max_queries} queries")
        return "MISSED: " + ", ".join(misses) if misses else "ok"


def _consume(response: Any) -> int:
    if getattr(response, "streaming", False):
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


class Command(BaseCommand):
    help = "Time the pages (timeline, list, detail, country) and a 10k-row export on this database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repeat", type=int, default=10, help="Timed runs per target (default 10).")
        parser.add_argument("--slug", default=COALITION_SLUG, help="Coalition for the timeline.")
        parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE each slowest query.")
        parser.add_argument("--only", default="", help="Comma-separated target names to run.")
        parser.add_argument("--queries", action="store_true", help="List every query of each target.")

    def handle(self, *args: Any, **options: Any) -> None:
        repeat = max(1, options["repeat"])
        organisation = Organisation.objects.filter(slug=options["slug"]).first()
        if organisation is None:
            raise CommandError(
                f"No organisation {options['slug']!r}: run generate_synthetic_data first (after "
                "load_reference_data)."
            )
        if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # this process only
        client, user = self._client()
        logging.getLogger("django.request").setLevel(logging.CRITICAL)  # errors are reported per row
        try:
            targets = self._targets(organisation)
            only = {name.strip() for name in options["only"].split(",") if name.strip()}
            if only:
                targets = [t for t in targets if t.name in only]
            self._header(organisation, repeat)
            results = []
            for target in targets:
                try:
                    result = self._measure(client, target, repeat)
                except Exception as error:  # a broken page must not hide the other figures
                    self.stdout.write(f"{target.name:<28}  ERROR {type(error).__name__}: {error}")
                    continue
                results.append(result)
                self._print(result)
                if options["queries"]:
                    for query in result.all_queries:
                        self.stdout.write(f"    {float(query['time']) * 1000:7.1f} ms  {query['sql'][:300]}")
            if options["explain"]:
                self._explain(results)
        finally:
            client.logout()
            user.delete()

    # --- setup --------------------------------------------------------------------------------

    def _client(self) -> tuple[Client, Any]:
        ensure_role_groups()
        # One user per run: two people benchmarking the same database must not log each other out.
        user, _ = get_user_model().objects.get_or_create(username=f"{BENCH_USER}-{os.getpid()}")
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=ANALYST))
        client = Client()
        client.force_login(user)
        return client, user

    def _targets(self, organisation: Organisation) -> list[Target]:
        timeline = reverse("pledges:timeline", args=[organisation.slug])
        pledges = synthetic_pledges() if synthetic_pledges().exists() else Pledge.objects.all()
        detail = (
            pledges.visible()
            .filter(restatements__isnull=False, conditions__isnull=False)
            .values_list("pk", flat=True)
            .first()
        ) or pledges.values_list("pk", flat=True).first()
        country = (
            pledges.visible()
            .filter(actor_country__memberships__organisation=organisation)
            .values("actor_country__code")
            .annotate(n=Count("id"))
            .order_by("-n")
            .values_list("actor_country__code", flat=True)
            .first()
        ) or "FR"
        visible_dates = (
            Pledge.objects.visible().order_by("-announced_on").values_list("announced_on", flat=True)
        )
        tenth_thousand = visible_dates[EXPORT_ROWS - 1 : EXPORT_ROWS].first()
        export_query = f"?start={tenth_thousand:%Y-%m-%d}" if tenth_thousand else ""
        export = lambda fmt: reverse("pledges:export", args=[fmt]) + export_query  # noqa: E731
        hx = {"HTTP_HX_REQUEST": "true"}
        year = f"{timeline}?start=2025-01-01&end=2025-12-31"
        military = reverse("pledges:list") + "?category=military"
        totals = reverse("pledges:totals") + f"?coalition={organisation.slug}"
        summary = reverse("pledges:totals-summary") + f"?coalition={organisation.slug}"
        return [
            Target("timeline page", timeline, goal_ms=150, max_queries=10),
            Target("timeline page (uncached)", timeline, goal_ms=150, max_queries=10, cold=True),
            Target("timeline partial (HTMX)", timeline, goal_ms=100, max_queries=10, headers=hx),
            Target("timeline partial (uncached)", timeline, 100, 10, hx, cold=True),
            Target("timeline 1 year (HTMX)", year, 100, 10, hx),
            Target("timeline 1 year (uncached)", year, 100, 10, hx, cold=True),
            Target("list page", reverse("pledges:list"), goal_ms=60),
            Target("list page (uncached)", reverse("pledges:list"), goal_ms=60, cold=True),
            Target("list partial (HTMX)", military, 60, headers=hx),
            Target("list partial (uncached)", military, 60, headers=hx, cold=True),
            Target("totals page", totals, goal_ms=80, max_queries=10),
            Target("totals page (uncached)", totals, goal_ms=80, max_queries=10, cold=True),
            Target("totals summary (HTMX, uncached)", summary, 80, 10, hx, cold=True),
            Target("totals csv by month", reverse("pledges:totals-csv") + "?dimension=month", max_queries=10),
            Target("pledge detail", reverse("pledges:pledge", args=[detail])),
            Target("country page", reverse("pledges:country", args=[country.lower()])),
            Target("export csv 10k", export("csv"), goal_ms=2000),
            Target("export json 10k", export("json"), goal_ms=2000),
            Target("export xlsx 10k", export("xlsx")),
            Target("api list 500", reverse("pledges:api-pledges") + "?page_size=500"),
            Target("feed", reverse("pledges:feed") + f"?coalition={organisation.slug}"),
        ]

    # --- measuring ----------------------------------------------------------------------------

    def _measure(self, client: Client, target: Target, repeat: int) -> Result:
        get: Callable[[], Any] = lambda: client.get(target.url, **target.headers)  # noqa: E731
        response = get()  # warm-up: connection, template and URL caches
        size = _consume(response)
        times, last = [], None
        for _ in range(repeat):
            if target.cold:
                cache.clear()
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = get()
                size = _consume(response)
                times.append((time.perf_counter() - started) * 1000)
            last = ctx
        queries = last.captured_queries if last else []
        slowest = max(queries, key=lambda q: float(q["time"]), default={"time": "0", "sql": ""})
        return Result(
            target=target,
            times_ms=times,
            queries=len(queries),
            sql_ms=sum(float(q["time"]) for q in queries) * 1000,
            status=response.status_code,
            size=size,
            slowest_ms=float(slowest["time"]) * 1000,
            slowest_sql=slowest["sql"],
            all_queries=list(queries),
        )

    # --- output -------------------------------------------------------------------------------

    def _header(self, organisation: Organisation, repeat: int) -> None:
        members = organisation.memberships.count()
        total = Pledge.objects.count()
        vendor = connection.vendor
        self.stdout.write(
            f"Database: {vendor} {connection.settings_dict.get('NAME')} · {total} pledges · "
            f"{organisation.name}: {members} members · {repeat} runs per target (after one warm-up)"
        )
        self.stdout.write(
            f"{'target':<28}{'median ms':>10}{'p95 ms':>9}{'queries':>9}{'SQL ms':>9}{'slowest':>9}"
            f"{'KB':>8}  {'goal':<18} verdict"
        )

    def _print(self, r: Result) -> None:
        goal = []
        if r.target.goal_ms is not None:
            goal.append(f"<{r.target.goal_ms:g} ms")
        if r.target.max_queries is not None:
            goal.append(f"≤{r.target.max_queries} q")
        self.stdout.write(
            f"{r.target.name:<28}{r.median:>10.1f}{r.p95:>9.1f}{r.queries:>9}{r.sql_ms:>9.1f}"
            f"{r.slowest_ms:>9.1f}{r.size / 1024:>8.0f}  {', '.join(goal) or '—':<18} {r.verdict}"
        )

    def _explain(self, results: list[Result]) -> None:
        if connection.vendor != "postgresql":
            self.stdout.write("EXPLAIN ANALYZE is only run on PostgreSQL.")
            return
        for r in results:
            if not r.slowest_sql:
                continue
            self.stdout.write(
                f"\n=== {r.target.name}: slowest query {r.slowest_ms:.1f} ms ===\n{r.slowest_sql}\n"
            )
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + r.slowest_sql)
                for (line,) in cursor.fetchall():
                    self.stdout.write("  " + line)
