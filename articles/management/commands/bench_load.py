"""Load benchmark: gunicorn (2 workers) under 50 concurrent clients while workers ingest 500 articles.

Runs on the configured PostgreSQL and Redis (meant for a database holding the synthetic data), drives
the pages with wrk on loopback only, and prints requests/s, latency percentiles, errors and ingestion
throughput. It starts and stops its own gunicorn and Celery worker, and removes its articles afterwards.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count

from articles import services
from articles.models import Article, ArticleState
from pledges.models import Organisation, Pledge

DEV_DIR = settings.BASE_DIR.parent / "shared" / "eval" / "dev"

WRK_SCRIPT = """
local entries = %(entries)s
request = function()
  local e = entries[math.random(#entries)]
  return wrk.format("GET", e[1], e[2])
end
done = function(summary, latency, requests)
  local out = string.format(
    '{"requests": %%d, "duration_us": %%d, "p50": %%d, "p95": %%d, "p99": %%d, "max": %%d, '
    .. '"connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d}',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout)
  io.write("WRK-RESULT " .. out .. "\\n")
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def lower_priority(niceness: int):
    """Run in the child: a lower CPU priority for the worker, as `cpu_shares` would in a container.

    A new session gets its own scheduling group on Linux (autogroup), inside which plain nice has no
    effect on other sessions; the group's niceness is set too where the kernel offers it.
    """

    def apply() -> None:
        os.nice(niceness)
        with contextlib.suppress(OSError):
            Path("/proc/self/autogroup").write_text(str(niceness))

    return apply


def stop_all(processes: list[subprocess.Popen]) -> None:
    """SIGTERM each process group, then SIGKILL what is still there after 30 s."""
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def lua_entries(entries: list[tuple[str, dict[str, str]]]) -> str:
    def lua_table(headers: dict[str, str]) -> str:
        return "{" + ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()) + "}"

    return "{" + ", ".join(f"{{{json.dumps(path)}, {lua_table(h)}}}" for path, h in entries) + "}"


def largest_coalition() -> Organisation:
    """The ad hoc coalition with the most members (annotated `n`): the timeline the benchmarks load."""
    coalition = (
        Organisation.objects.annotate(n=Count("memberships"))
        .filter(kind="ad_hoc_coalition")
        .order_by("-n")
        .first()
    )
    if coalition is None:
        raise CommandError("No coalition: run load_reference_data (and generate_synthetic_data).")
    return coalition


class Command(BaseCommand):
    help = "Drive gunicorn with wrk (loopback) while a Celery worker ingests articles; print figures."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--duration", type=int, default=60, help="Seconds of load.")
        parser.add_argument("--clients", type=int, default=50)
        parser.add_argument("--articles", type=int, default=500)
        parser.add_argument("--web-workers", type=int, default=2, help="gunicorn worker processes.")
        parser.add_argument(
            "--workers", type=int, default=1, help="Celery worker processes (one task at a time each)."
        )
        parser.add_argument("--ingest-timeout", type=int, default=900)
        parser.add_argument(
            "--worker-nice",
            type=int,
            default=19,
            help="CPU niceness of the ingesting worker: readers come first on a shared machine (0: equal).",
        )

    def handle(
        self, *args, duration, clients, articles, web_workers, workers, ingest_timeout, worker_nice, **options
    ) -> None:
        if connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL:
            raise CommandError("Set DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis) first.")
        if not shutil.which("wrk"):
            raise CommandError("wrk is missing: apt-get install wrk")
        coalition = largest_coalition()
        cookie = self.session_cookie()
        entries = self.entries(coalition, cookie)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        # As deployed (docker-compose.yml): a cache shared by the web processes, on the broker's Redis
        # unless CACHE_URL says otherwise.
        cache_url = os.environ.get("CACHE_URL") or re.sub(r"/\d*$", "/1", settings.CELERY_BROKER_URL)
        env = dict(os.environ, DEBUG="false", CONN_MAX_AGE="60", CACHE_URL=cache_url)
        self.stdout.write(
            f"pledges in database: {Pledge.objects.count():,}; coalition: {coalition.name} "
            f"({coalition.n} members); clients: {clients}; duration: {duration}s; articles: {articles}; "
            f"web workers: {web_workers}; celery workers: {workers}; worker niceness: {worker_nice}; "
            f"cache: {cache_url}"
        )
        with tempfile.TemporaryDirectory() as scratch:
            web = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi:application",
                    "--workers",
                    str(web_workers),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--log-level",
                    "warning",
                    "--timeout",
                    "60",
                ],
                cwd=settings.BASE_DIR,
                env=env,
                start_new_session=True,
            )
            celery = [
                self.start_worker(env, worker_nice, f"bench-{i}-{port}", stdout=subprocess.DEVNULL)
                for i in range(workers)
            ]
            ids: list[int] = []
            try:
                self.wait_until_serving(base, cookie)
                for path, headers in entries[:8]:
                    self.check_page(base + path, headers)
                ids = self.enqueue(articles)
                enqueued_at = time.monotonic()
                result = self.run_wrk(base, entries, clients, duration, Path(scratch))
                finished_at = self.wait_for_ingestion(ids, ingest_timeout)
                self.report(result, ids, enqueued_at, finished_at)
            finally:
                stop_all([web, *celery])
                self.clean_up(ids)

    def start_worker(self, env: dict, niceness: int, name: str, **popen) -> subprocess.Popen:
        """One Celery worker process (concurrency 1) at a lower CPU priority."""
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--concurrency",
                "1",
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"{name}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            start_new_session=True,
            preexec_fn=lower_priority(niceness),
            **popen,
        )

    def session_cookie(self, username: str = "bench-load", group: str = "analyst") -> str:
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.groups.add(Group.objects.get(name=group))
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

    def entries(self, coalition: Organisation, cookie: str) -> list[tuple[str, dict[str, str]]]:
        """The request mix: timeline (page and HTMX partial), list, detail and a filtered export."""
        plain = {"Cookie": cookie}
        htmx = {"Cookie": cookie, "HX-Request": "true"}
        ids = list(Pledge.objects.visible().order_by("?").values_list("pk", flat=True)[:200])
        member = coalition.memberships.values_list("country__code", flat=True).first() or "FR"
        timeline = f"/coalitions/{coalition.slug}/"
        mix = [
            (timeline, plain),
            (timeline, htmx),
            (timeline + "?category=military", htmx),
            ("/pledges/", plain),
            ("/pledges/?category=financial&sort=-amount", htmx),
            (f"/pledges/export.csv?member={member}&start=2025-01-01&end=2025-03-31", plain),
        ]
        mix += [(f"/pledges/{pk}/", plain) for pk in random.sample(ids, min(len(ids), 20))]
        return mix

    def wait_until_serving(self, base: str, cookie: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                return
            except OSError:
                time.sleep(0.5)
        raise CommandError("gunicorn did not start")

    def check_page(self, url: str, headers: dict[str, str]) -> None:
        request = urllib.request.Request(url, headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            if response.status != 200 or response.url.rstrip("/") != url.rstrip("/"):
                raise CommandError(f"{url} answered {response.status} at {response.url}")

    def enqueue(self, count: int) -> list[int]:
        texts = [p.read_bytes() for p in sorted(DEV_DIR.glob("*.txt"))]
        if not texts:
            raise CommandError(f"No articles in {DEV_DIR}")
        stamp = time.time_ns()
        ids = []
        for i in range(count):
            body = texts[i % len(texts)] + f"\n\n[load benchmark {stamp}-{i}]".encode()
            ids.append(services.store_upload(body, original_name=f"bench-load-{i}.txt").article.pk)
        return ids

    def run_wrk(self, base: str, entries, clients: int, duration: int, scratch: Path) -> dict:
        script = scratch / "mix.lua"
        script.write_text(WRK_SCRIPT % {"entries": lua_entries(entries)})
        output = subprocess.run(
            [
                "wrk",
                "-t",
                "2",
                "-c",
                str(clients),
                "-d",
                f"{duration}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                base,
            ],
            capture_output=True,
            text=True,
            timeout=duration + 60,
        ).stdout
        line = next((x for x in output.splitlines() if x.startswith("WRK-RESULT ")), None)
        if line is None:
            raise CommandError(f"wrk printed no result:\n{output}")
        return json.loads(line.removeprefix("WRK-RESULT "))

    def wait_for_ingestion(self, ids: list[int], timeout: int) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pending = Article.objects.filter(pk__in=ids).exclude(
                state__in=[ArticleState.DONE, ArticleState.FAILED]
            )
            if not pending.exists():
                return time.monotonic()
            time.sleep(1)
        return time.monotonic()

    def report(self, result: dict, ids: list[int], enqueued_at: float, finished_at: float) -> None:
        seconds = result["duration_us"] / 1e6
        errors = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
        states = dict(Article.objects.filter(pk__in=ids).values_list("state").annotate(n=Count("id")))
        done = states.get(ArticleState.DONE, 0)
        lost = len(ids) - done - states.get(ArticleState.FAILED, 0)
        elapsed = max(finished_at - enqueued_at, 1e-9)
        self.stdout.write(
            f"requests: {result['requests']:,} in {seconds:.1f}s = {result['requests'] / seconds:.1f} req/s\n"
            f"latency: p50 {result['p50'] / 1000:.0f} ms, p95 {result['p95'] / 1000:.0f} ms, "
            f"p99 {result['p99'] / 1000:.0f} ms, max {result['max'] / 1000:.0f} ms\n"
            f"errors: {errors} (connect {result['connect']}, read {result['read']}, write {result['write']}, "
            f"non-2xx/3xx {result['status']}, timeout {result['timeout']})\n"
            f"ingestion: {done}/{len(ids)} done, {states.get(ArticleState.FAILED, 0)} failed, {lost} lost; "
            f"{done / elapsed:.1f} articles/s over {elapsed:.0f}s"
        )

    def clean_up(self, ids: list[int]) -> None:
        if not ids:
            return
        pledges = Pledge.objects.filter(evidence__article_id__in=ids).values_list("pk", flat=True)
        Pledge.objects.filter(pk__in=list(pledges)).delete()
        for article in Article.objects.filter(pk__in=ids).exclude(file=""):
            article.file.delete(save=False)
        Article.objects.filter(pk__in=ids).delete()
