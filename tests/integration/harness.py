"""Real services for the fault tests: a private Redis, Celery workers, a separate uploading process."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A throwaway redis-server on its own port, so a test can take the broker down and up again."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self.port = free_port()
        self.data_dir = data_dir  # set: append-only file there, so data survives a restart
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                *(
                    ["--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.data_dir)]
                    if self.data_dir
                    else ["--appendonly", "no"]
                ),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, 10, "redis-server to start")
        return self

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


def service_env(broker_url: str, **extra: str) -> dict[str, str]:
    """The environment of a process that shares this test's database and upload folder."""
    db = connection.settings_dict
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}/{db['NAME']}",
        CELERY_BROKER_URL=broker_url,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        **extra,
    )
    return env


class Worker:
    def __init__(self, broker_url: str, *, pool: str = "solo", log: Path, **env: str) -> None:
        self.log = log
        args = [
            sys.executable,
            str(ROOT / "tests/integration/run_worker.py"),
            "--pool",
            pool,
            "--loglevel",
            "INFO",
        ]
        args += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--concurrency", "1"]
        args += ["--hostname", f"fault-{os.getpid()}-{time.monotonic_ns()}@%h"]
        self.handle = log.open("a")
        self.process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=service_env(broker_url, **env),
            stdout=self.handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole worker (every process of its group): no chance to ack or clean up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.handle.close()


def upload_in_another_process(path: Path, broker_url: str, **env: str) -> int:
    """Upload like the web process does (store + enqueue on commit) and return the article id."""
    code = (
        "import sys, django; django.setup();"
        "from articles.services import store_upload;"
        "s = store_upload(open(sys.argv[1], 'rb').read(), original_name='fault.txt');"
        "print(s.article.pk)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        cwd=ROOT,
        env=service_env(broker_url, DJANGO_SETTINGS_MODULE="config.settings", **env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return int(result.stdout.strip().splitlines()[-1])


def run_command(args: list[str], broker_url: str) -> str:
    """Run a management command as a separate process (as cron or an operator would)."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=service_env(broker_url),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def _pg_bin() -> Path:
    """The newest PostgreSQL server binaries Debian installed (or PG_BIN)."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    return versions[-1] if versions else Path("/nonexistent")


PG_BIN = _pg_bin()


def as_postgres() -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres user when we are root."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


class PostgresCluster:
    """A private PostgreSQL cluster (initdb in a temporary folder, own port), so a test can stop and
    restart the database under a running stack without touching the shared server."""

    def __init__(self, data_dir: Path) -> None:
        self.dir = data_dir
        self.port = free_port()

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/pledgewatch"

    def _ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [*as_postgres(), str(PG_BIN / "pg_ctl"), "-D", str(self.dir / "data"), *args],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if check and result.returncode:
            log = self.dir / "server.log"
            raise AssertionError(
                f"pg_ctl {args[-1]} failed: {result.stdout}{result.stderr}"
                + (log.read_text()[-1500:] if log.exists() else "")
            )
        return result

    def _own_folder(self) -> None:
        """The folder belongs to postgres, and postgres can reach it through pytest's private tmp."""
        self.dir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            self.dir.chmod(0o755)
            for parent in self.dir.parents:
                if str(parent).startswith("/tmp/") and not parent.stat().st_mode & 0o001:
                    parent.chmod(parent.stat().st_mode | 0o011)

    def init(self) -> PostgresCluster:
        self._own_folder()
        subprocess.run(
            [
                *as_postgres(),
                str(PG_BIN / "initdb"),
                "-D",
                str(self.dir / "data"),
                "-U",
                "postgres",
                "--auth",
                "trust",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale",
                "C",
            ],
            capture_output=True,
            check=True,
            timeout=120,
        )
        return self

    def start(self) -> PostgresCluster:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._ctl("-o", options, "-l", str(self.dir / "server.log"), "-w", "start")
        return self

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-m", mode, "-w", "stop", check=False)

    def restart(self, mode: str = "fast") -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._ctl("-m", mode, "-o", options, "-l", str(self.dir / "server.log"), "-w", "restart")

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = subprocess.run(
            [
                str(PG_BIN / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-tAc",
                sql,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return result.stdout.strip()

    def copy_to(self, data_dir: Path) -> PostgresCluster:
        """A new cluster from this one's (stopped) files: a migrated template costs a copy, not a migrate."""
        clone = PostgresCluster(data_dir)
        clone._own_folder()
        subprocess.run(["cp", "-a", str(self.dir / "data"), str(clone.dir / "data")], check=True)
        return clone


def app_env(database_url: str, broker_url: str, media_root: Path, **extra: str) -> dict[str, str]:
    """The environment of a web or worker process on a private stack (own database and Redis)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=broker_url,
        MEDIA_ROOT=str(media_root),
        DEBUG="false",
        **extra,
    )
    return env
