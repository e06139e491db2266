"""Soak: `bench_load`'s read mix for many minutes while editors upload, with Redis and the workers stopped
and started on a schedule. Prints lost articles, duplicates and the error rate.

Runs its own redis-server (broker, cache and sessions, append-only like compose's) on a free port so it
can stop it; PostgreSQL is the configured database (meant for one holding the synthetic data). Web
(gunicorn), Celery workers and beat are its own processes. Every cycle (default 120 s):

    +20 s  Redis stopped         +45 s  Redis started
    +70 s  workers stopped       +95 s  workers started   (SIGTERM: a warm shutdown, as `compose stop`)

Uploads go through the upload form over HTTP, one every --upload-every seconds, all the time.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count

from articles.management.commands.bench_load import DEV_DIR, free_port, largest_coalition, stop_all
from articles.management.commands.bench_load import Command as BenchLoad
from articles.models import Article, ArticleState
from articles.services import sha256_of
from pledges.models import Pledge

CYCLE_EVENTS = [
    (20, "redis", "stop"),
    (45, "redis", "start"),
    (70, "workers", "stop"),
    (95, "workers", "start"),
]


class RedisProcess:
    """A private redis-server that survives being stopped: append-only file in its own folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""),
                *("--appendonly", "yes", "--dir", str(self.folder)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if (
                subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).returncode
                == 0
            ):
                return
            time.sleep(0.1)
        raise CommandError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


class Command(BenchLoad):
    help = "Soak: load, uploads and a schedule of Redis and worker outages; prints lost, duplicates, errors."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--minutes", type=float, default=10)
        parser.add_argument("--clients", type=int, default=20)
        parser.add_argument("--web-workers", type=int, default=2)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--upload-every", type=float, default=2.0, help="Seconds between uploads.")
        parser.add_argument("--cycle", type=int, default=120, help="Seconds per outage cycle.")
        parser.add_argument("--worker-nice", type=int, default=19)
        parser.add_argument("--drain-timeout", type=int, default=900)

    def handle(
        self,
        *args,
        minutes,
        clients,
        web_workers,
        workers,
        upload_every,
        cycle,
        worker_nice,
        drain_timeout,
        **options,
    ) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Set DATABASE_URL (PostgreSQL) first.")
        for tool in ("wrk", "redis-server", "redis-cli"):
            if not shutil.which(tool):
                raise CommandError(f"{tool} is missing")
        coalition = largest_coalition()
        duration = int(minutes * 60)
        scratch = Path(tempfile.mkdtemp(prefix="pledgewatch-soak-"))
        redis = RedisProcess(scratch)
        redis.start()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        db = connection.settings_dict
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY", "CACHE"))}
        env.update(
            DATABASE_URL=f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}",
            CELERY_BROKER_URL=f"redis://127.0.0.1:{redis.port}/0",
            CACHE_URL=f"redis://127.0.0.1:{redis.port}/1",
            MEDIA_ROOT=str(scratch / "media"),
            DEBUG="false",
            CONN_MAX_AGE="60",
            INGEST_OUTBOX_AFTER_SECONDS="5",
        )
        reader = self.session_cookie("soak-analyst", "analyst")
        editor = self.session_cookie("soak-editor", "editor")
        entries = self.entries(coalition, reader)
        self.stdout.write(
            f"soak: {minutes:g} min; {clients} clients; web workers {web_workers}; celery workers {workers}; "
            f"an upload every {upload_every:g} s; outage cycle {cycle} s: {CYCLE_EVENTS}; "
            f"pledges in database: {Pledge.objects.count():,}; redis port {redis.port}"
        )
        log = (scratch / "stack.log").open("w")
        web = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers", str(web_workers)),
                *("--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "60"),
            ],
            cwd=settings.BASE_DIR,
            env=env,
            start_new_session=True,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        beat = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel", "WARNING"),
                *("--schedule", str(scratch / "beat-schedule")),
            ],
            cwd=settings.BASE_DIR,
            env=env,
            start_new_session=True,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        state = {"workers": self.start_workers(env, workers, worker_nice, port, log)}
        uploads: list[tuple[str, int, int]] = []  # (sha256, HTTP status, which evaluation text)
        events: list[str] = []
        stop = threading.Event()
        started = time.monotonic()
        try:
            self.wait_until_serving(base, reader)
            uploader = threading.Thread(
                target=self.upload_loop, args=(base, editor, upload_every, uploads, stop), daemon=True
            )
            chaos = threading.Thread(
                target=self.chaos_loop,
                args=(redis, state, env, workers, worker_nice, port, log, cycle, events, stop, started),
                daemon=True,
            )
            uploader.start()
            chaos.start()
            result = self.run_wrk(base, entries, clients, duration, scratch)
            stop.set()
            uploader.join(timeout=60)
            chaos.join(timeout=60)
            if redis.process is None or redis.process.poll() is not None:
                redis.start()
                events.append(f"{time.monotonic() - started:6.1f}s redis started (end)")
            if not state["workers"]:
                state["workers"] = self.start_workers(env, workers, worker_nice, port, log)
                events.append(f"{time.monotonic() - started:6.1f}s workers started (end)")
            digests = [sha for sha, code, _ in uploads if code == 302]
            drained = self.drain(digests, drain_timeout)
            self.report_soak(result, uploads, events, drained, started)
        finally:
            stop.set()
            stop_all([web, beat, *state["workers"]])
            redis.stop()
            self.clean_up(
                list(Article.objects.filter(sha256__in=[u[0] for u in uploads]).values_list("pk", flat=True))
            )
            shutil.rmtree(scratch, ignore_errors=True)

    def start_workers(self, env, count, niceness, port, log) -> list[subprocess.Popen]:
        return [
            self.start_worker(env, niceness, f"soak-{i}-{port}-{time.monotonic_ns()}", stdout=log, stderr=log)
            for i in range(count)
        ]

    def chaos_loop(
        self, redis, state, env, workers, niceness, port, log, cycle, events, stop, started
    ) -> None:
        """Stop and start Redis and the workers at CYCLE_EVENTS offsets of every cycle."""
        n = 0
        while not stop.is_set():
            for offset, what, action in CYCLE_EVENTS:
                at = started + n * cycle + offset
                while time.monotonic() < at:
                    if stop.wait(0.2):
                        return
                if what == "redis":
                    redis.stop() if action == "stop" else redis.start()
                elif action == "stop":
                    stop_all(state["workers"])
                    state["workers"] = []
                else:
                    state["workers"] = self.start_workers(env, workers, niceness, port, log)
                events.append(
                    f"{time.monotonic() - started:6.1f}s {what} {action}ped"
                    if action == "stop"
                    else f"{time.monotonic() - started:6.1f}s {what} started"
                )
            n += 1

    def upload_loop(self, base, cookie, every, uploads, stop) -> None:
        """Upload unique articles through the form, as an editor's browser does."""
        texts = [p.read_bytes() for p in sorted(DEV_DIR.glob("*.txt"))]
        opener = urllib.request.build_opener(NoRedirect())
        cookies = dict([cookie.split("=", 1)])
        stamp = time.time_ns()
        i = 0
        while not stop.is_set():
            body = texts[i % len(texts)] + f"\n\n[soak {stamp}-{i}]".encode()
            status = self.upload(opener, base, cookies, f"soak-{i}.txt", body)
            uploads.append((sha256_of(body), status, i % len(texts)))
            i += 1
            stop.wait(every)

    def upload(self, opener, base: str, cookies: dict[str, str], name: str, data: bytes) -> int:
        """GET the form (CSRF cookie and token), POST the file; the HTTP status (0: no answer)."""

        def header() -> str:
            return "; ".join(f"{k}={v}" for k, v in cookies.items())

        try:
            with opener.open(
                urllib.request.Request(base + "/articles/upload/", headers={"Cookie": header()}), timeout=30
            ) as page:
                for value in page.headers.get_all("Set-Cookie") or []:
                    morsel = SimpleCookie(value)
                    cookies.update({k: m.value for k, m in morsel.items()})
                token = (
                    re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.read()).group(1).decode()
                )
        except urllib.error.HTTPError as exc:
            return exc.code
        except (OSError, AttributeError):
            return 0
        boundary = "----pledgewatch-soak"
        body = (
            (
                f"--{boundary}\r\n"
                f'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
                f"--{boundary}\r\n"
                f'Content-Disposition: form-data; name="files"; filename="{name}"\r\n'
                "Content-Type: text/plain\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(
            base + "/articles/upload/",
            data=body,
            headers={"Cookie": header(), "Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        try:
            with opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError:
            return 0

    def drain(self, digests: list[str], timeout: int) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            pending = Article.objects.filter(sha256__in=digests).exclude(
                state__in=[ArticleState.DONE, ArticleState.FAILED]
            )
            if not pending.exists():
                break
            time.sleep(2)
        return time.monotonic() - started

    def report_soak(self, result, uploads, events, drained, started) -> None:
        seconds = result["duration_us"] / 1e6
        errors = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
        codes = Counter(code for _, code, _ in uploads)
        accepted = [sha for sha, code, _ in uploads if code == 302]
        articles = Article.objects.filter(sha256__in=[sha for sha, _, _ in uploads])
        states = Counter(articles.values_list("state", flat=True))
        stored = sum(states.values())
        missing = len(set(accepted) - set(articles.values_list("sha256", flat=True)))
        lost = stored - states[ArticleState.DONE] - states[ArticleState.FAILED] + missing
        # The same evaluation text (with its own stamp line) must give the same pledges every time it is
        # ingested: an article with more pledges than the text's fewest was ingested twice over.
        pledges = dict(
            articles.annotate(n=Count("evidence__pledge", distinct=True)).values_list("sha256", "n")
        )
        fewest: dict[int, int] = {}
        for sha, _, text in uploads:
            if sha in pledges:
                fewest[text] = min(fewest.get(text, pledges[sha]), pledges[sha])
        duplicates = sum(1 for sha, _, text in uploads if sha in pledges and pledges[sha] > fewest[text])
        retried = articles.filter(attempts__gt=1).count()
        outboxed = sum(
            1
            for up, sent in articles.values_list("uploaded_at", "sent_at")
            if sent is not None and (sent - up).total_seconds() > 3
        )
        self.stdout.write("events:\n  " + "\n  ".join(events))
        ms = {k: result[k] / 1000 for k in ("p50", "p95", "p99", "max")}
        kinds = ", ".join(f"{k} {result[k]}" for k in ("connect", "read", "write", "status", "timeout"))
        self.stdout.write(
            f"reads: {result['requests']:,} requests in {seconds:.0f} s = "
            f"{result['requests'] / seconds:.1f} req/s; p50 {ms['p50']:.0f} ms, p95 {ms['p95']:.0f} ms, "
            f"p99 {ms['p99']:.0f} ms, max {ms['max']:.0f} ms\n"
            f"read errors: {errors} = {100 * errors / max(result['requests'], 1):.3f} % ({kinds}; "
            "status = non-2xx/3xx)\n"
            f"uploads: {len(uploads)} sent, answers {dict(codes)}; error rate "
            f"{100 * (len(uploads) - codes[302]) / max(len(uploads), 1):.2f} %\n"
            f"articles: {stored} stored ({len(accepted)} accepted), {states[ArticleState.DONE]} done, "
            f"{states[ArticleState.FAILED]} failed, LOST {lost}; DUPLICATED {duplicates} "
            f"(articles with more pledges than the same text elsewhere); "
            f"{retried} ingested more than once (redelivered or swept, absorbed by the claim); "
            f"{outboxed} sent late from the outbox; drained {drained:.0f} s after the load"
        )


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
