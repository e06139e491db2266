"""The fault suite: one dependency at a time taken away from a whole running stack, and given back.

Every test runs its own PostgreSQL cluster (a copy of a migrated template, initdb + pg_ctl in a temporary
folder, own port) and its own redis-server, with gunicorn, Celery workers and beat as separate processes,
so it can stop and restart them without touching the shared servers on 5432/6379. Run by `.ci/run`'s
fault-suite step (PLEDGEWATCH_FAULT_SUITE=1); skipped otherwise.
"""

from __future__ import annotations

import http.cookiejar
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
from pathlib import Path

import pytest

from tests.integration.harness import (
    PG_BIN,
    ROOT,
    PostgresCluster,
    RedisServer,
    app_env,
    free_port,
    wait_for,
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        os.environ.get("PLEDGEWATCH_FAULT_SUITE") != "1"
        or not (PG_BIN / "initdb").exists()
        or shutil.which("redis-server") is None,
        reason="the fault suite runs in .ci/run (PLEDGEWATCH_FAULT_SUITE=1, initdb and redis-server)",
    ),
]

COALITION = "/coalitions/coalition-of-the-willing/"
TEXT = (
    "Paris summit\n\nPublished: 6 January 2026\n\n"
    "French President Emmanuel Macron said France would send several thousand soldiers to Ukraine "
    "once a ceasefire with Russia is agreed.\n"
)


# ---------------------------------------------------------------------------------------------
# The stack


def private_folder() -> Path:
    """Not pytest's tmp_path: that lives under /tmp/pytest-of-<user>, which other pytest sessions of the
    same user prune while ours runs (a cluster's folder vanished mid-test that way)."""
    return Path(tempfile.mkdtemp(prefix="pledgewatch-fault-"))


@pytest.fixture(scope="module")
def template() -> PostgresCluster:
    """A cluster migrated once, with reference data and the demo users; tests run on copies of it."""
    folder = private_folder()
    cluster = PostgresCluster(folder / "pg").init().start()
    try:
        cluster.psql("CREATE DATABASE pledgewatch")
        env = app_env(cluster.url, "", folder / "media")
        for command in (["migrate", "-v0"], ["load_reference_data"], ["create_demo_users"]):
            subprocess.run(
                [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
            )
    finally:
        cluster.stop()
    yield cluster
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def scratch():
    folder = private_folder()
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres(template, scratch):
    cluster = template.copy_to(scratch / "pg").start()
    yield cluster
    cluster.stop("immediate")


@pytest.fixture
def redis_server(scratch):
    (scratch / "redis").mkdir()
    server = RedisServer(data_dir=scratch / "redis").start()  # append-only, as compose runs it
    yield server
    server.stop()


class Stack:
    """Web, worker and beat processes of one test, all on its private PostgreSQL and Redis."""

    def __init__(self, postgres: PostgresCluster, redis: RedisServer, folder: Path, **env: str) -> None:
        self.postgres, self.redis, self.folder = postgres, redis, folder
        redis_url = f"redis://127.0.0.1:{redis.port}"
        self.env = app_env(
            postgres.url,
            redis_url + "/0",
            folder / "media",
            CACHE_URL=redis_url + "/1",
            CONN_MAX_AGE="60",
            **env,
        )
        self.processes: dict[str, subprocess.Popen] = {}
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def start(self, name: str, args: list[str]) -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("a")
        process = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes[name] = process
        return process

    def web(self) -> subprocess.Popen:
        process = self.start(
            "web",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
            ],
        )
        wait_for(lambda: status(self.base + "/healthz") == 200, 60, "gunicorn to serve")
        return process

    def worker(self, name: str = "worker") -> subprocess.Popen:
        return self.start(
            name,
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
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"{name}@%h",
            ],
        )

    def beat(self) -> subprocess.Popen:
        return self.start(
            "beat",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(self.folder / "beat-schedule"),
            ],
        )

    def stop(self, name: str) -> None:
        process = self.processes.pop(name)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)

    def sql(self, query: str) -> str:
        return self.postgres.psql(query, "pledgewatch")

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout


@pytest.fixture
def stack(postgres, redis_server, scratch):
    running = Stack(postgres, redis_server, scratch, INGEST_OUTBOX_AFTER_SECONDS="2")
    yield running
    running.stop_all()


# ---------------------------------------------------------------------------------------------
# HTTP as a browser does it


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(self, path: str, data: bytes | None = None, headers: dict | None = None):
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace"), dict(exc.headers)

    def get(self, path: str) -> tuple[int, str]:
        code, body, _ = self.request(path)
        return code, body

    def token(self, path: str) -> str:
        code, body = self.get(path)
        assert code == 200, (path, code, body[:300])
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)

    def login(self, username: str, password: str) -> int:
        token = self.token("/accounts/login/")
        form = f"csrfmiddlewaretoken={token}&username={username}&password={password}".encode()
        code, _, _headers = self.request(
            "/accounts/login/", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        return code

    def upload(self, name: str, data: bytes) -> tuple[int, str]:
        code, page = self.get("/articles/upload/")
        if code != 200:  # the form itself unavailable (503 during an outage): that is the answer
            return code, ""
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        boundary = "----pledgewatch-fault-suite"
        body = (
            (
                f"--{boundary}\r\n"
                f'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
                "Content-Type: text/plain\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        code, body, headers = self.request(
            "/articles/upload/", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
        return code, headers.get("Location", "")


def articles(stack: Stack) -> dict[str, int]:
    rows = stack.sql("SELECT state, count(*) FROM articles_article GROUP BY state")
    return {state: int(n) for state, n in (line.split("|") for line in rows.splitlines() if line)}


def all_done(stack: Stack, expected: int):
    counts = articles(stack)
    return counts if counts.get("done", 0) == expected and sum(counts.values()) == expected else None


# ---------------------------------------------------------------------------------------------
# Redis away: issue 12, defect 1, and uploads waiting in the outbox


def test_redis_stopped_pages_and_login_work_and_uploads_are_sent_when_it_returns(stack):
    stack.web()
    analyst, editor = Browser(stack.base), Browser(stack.base)
    assert analyst.login("analyst", "analyst-pw") == 302
    assert editor.login("editor", "editor-pw") == 302
    pages = ["/", COALITION, "/pledges/", "/pledges/?category=military"]
    assert [analyst.get(p)[0] for p in pages] == [200] * len(pages)  # cached now

    stack.redis.stop()
    assert [analyst.get(p)[0] for p in pages] == [200] * len(pages)
    newcomer = Browser(stack.base)
    assert newcomer.login("analyst", "analyst-pw") == 302
    assert newcomer.get(COALITION)[0] == 200
    assert status(stack.base + "/healthz") == 200
    code, body, _ = Browser(stack.base).request("/readyz")
    assert code == 200 and '"status": "degraded"' in body
    assert '"database": {"ok": true' in body and '"broker": {"ok": false' in body
    assert '"cache": {"ok": false' in body

    code, location = editor.upload("outage.txt", TEXT.encode())
    assert code == 302 and "new=" in location  # stored; its message waits in the outbox
    assert stack.sql("SELECT state, sent_at IS NULL FROM articles_article") == "queued|t"

    stack.redis.start()
    back = time.monotonic()
    stack.worker()
    stack.beat()  # runs the outbox relay every INGEST_OUTBOX_INTERVAL_SECONDS (10 s)
    wait_for(lambda: all_done(stack, 1), 90, "the outbox relay to send the upload")
    sent_after = time.monotonic() - back
    print(f"\nupload made with Redis down: done {sent_after:.1f} s after Redis came back")
    assert sent_after < 45  # the stale sweep alone would take INGEST_STALE_AFTER_SECONDS (300 s)
    assert [analyst.get(p)[0] for p in pages] == [200] * len(pages)


# ---------------------------------------------------------------------------------------------
# PostgreSQL away longer than the task's retries: issue 12, defect 5


def test_postgres_down_longer_than_the_retries_loses_no_message(stack):
    stack.manage("shell", "-c", _upload_code("long-outage"))
    stack.postgres.stop("immediate")
    stack.worker()  # takes the message and finds no database: 5 retries over ~15-30 s, then more
    time.sleep(40)
    assert "still unreachable" in (stack.folder / "worker.log").read_text()
    stack.postgres.start()
    counts = wait_for(lambda: all_done(stack, 1), 90, "the article to be ingested once PostgreSQL is back")
    assert counts == {"done": 1}


def _upload_code(marker: str) -> str:
    return (
        "from articles.services import store_upload;"
        f"store_upload({(TEXT + marker).encode()!r}, original_name='{marker}.txt')"
    )


# ---------------------------------------------------------------------------------------------
# PostgreSQL restarted under uploads: defects 4 and 5, and the web recovering by itself


def test_uploads_during_postgres_restarts_end_done_once_with_no_orphan_file(stack):
    web = stack.web()
    stack.worker()
    editor = Browser(stack.base)
    assert editor.login("editor", "editor-pw") == 302
    gunicorn_workers = set(
        subprocess.run(["pgrep", "-P", str(web.pid)], capture_output=True, text=True).stdout.split()
    )
    answers: list[int] = []
    stop = threading.Event()

    def upload_loop() -> None:
        i = 0
        while not stop.is_set():
            answers.append(editor.upload(f"restart-{i}.txt", f"{TEXT}\n[{i}]\n".encode())[0])
            i += 1
            if answers[-1] != 302:
                time.sleep(0.2)

    uploader = threading.Thread(target=upload_loop)
    uploader.start()
    try:
        for mode in ("fast", "immediate", "fast"):
            time.sleep(2)
            stack.postgres.restart(mode)
        time.sleep(2)
    finally:
        stop.set()
        uploader.join(timeout=60)

    accepted = answers.count(302)
    assert accepted > 5, answers
    assert set(answers) <= {302, 503}, answers  # an outage answers 503 "try again", never 500
    # Every accepted upload (and any whose commit landed as the connection broke) is ingested once.
    stored = int(stack.sql("SELECT count(*) FROM articles_article"))
    assert stored >= accepted
    wait_for(lambda: all_done(stack, stored), 120, "every stored article to be ingested")
    # Once: every article has the same evidence as the others (the texts differ by a line only), so no
    # article's results were written twice over.
    spread = stack.sql(
        "SELECT min(n) || ' ' || max(n) FROM (SELECT count(e.id) AS n FROM articles_article a"
        " LEFT JOIN articles_evidence e ON e.article_id = a.id GROUP BY a.id) AS per_article"
    )
    low, high = spread.split()
    assert low == high and int(low) >= 1, spread
    report = stack.manage("check_storage", "--min-age", "0")
    assert f"{stored} stored article file(s); 0 orphan(s); 0 missing." in report, report
    # The web process reconnected by itself: same gunicorn workers, ready again.
    assert status(stack.base + "/readyz") == 200
    assert web.poll() is None
    assert (
        set(subprocess.run(["pgrep", "-P", str(web.pid)], capture_output=True, text=True).stdout.split())
        == gunicorn_workers
    )
    print(
        f"\n{len(answers)} uploads during 3 restarts: {accepted} accepted, {answers.count(503)} answered 503"
    )
