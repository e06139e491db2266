"""PostgreSQL restarted under a running web process: requests fail briefly, then recover by themselves.

Persistent connections (CONN_MAX_AGE) with CONN_HEALTH_CHECKS mean a gunicorn worker notices the dead
connection and opens a new one; nobody restarts the web process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.integration.harness import ROOT, free_port, service_env, wait_for

CAN_RESTART = shutil.which("pg_ctlcluster") is not None and Path("/etc/postgresql").is_dir()

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
        or not CAN_RESTART
        or os.geteuid() != 0,
        reason="needs the local PostgreSQL cluster and the right to restart it",
    ),
    pytest.mark.django_db(transaction=True),
]


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def worker_pids(master: int) -> set[str]:
    return set(subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split())


def restart_postgres() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[0]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True, timeout=120
    )


def test_web_process_recovers_after_a_database_restart(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/healthz"
    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=service_env(settings.CELERY_BROKER_URL or "redis://127.0.0.1:6379/15", CONN_MAX_AGE="600"),
        stdout=(tmp_path / "web.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(lambda: status(url) == 200, 60, "gunicorn to serve")
        for _ in range(10):  # every worker holds a persistent connection now
            assert status(url) == 200
        workers = worker_pids(web.pid)

        connection.close()
        restart_postgres()
        started = time.monotonic()
        answers = [status(url) for _ in range(4)]  # some may fail while connections are re-made
        wait_for(lambda: status(url) == 200, 60, "the web process to reach the database again")
        recovered_in = time.monotonic() - started

        assert all(code in (200, 503) for code in answers), answers
        assert [status(url) for _ in range(10)] == [200] * 10
        assert web.poll() is None
        assert worker_pids(web.pid) == workers  # no worker was restarted to recover
        assert recovered_in < 30
    finally:
        web.terminate()
        web.wait(timeout=30)
        connection.close()
