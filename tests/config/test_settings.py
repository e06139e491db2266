"""Settings parsing: the embedded default, services from the environment, unsafe production refused."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import ImproperlyConfiguredEnv, django_env, require_production_settings

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-random-enough-for-production-use-0123456789"


def settings_in_subprocess(env: dict[str, str], expr: str) -> subprocess.CompletedProcess:
    """Import settings in a fresh interpreter so module-level decisions see exactly `env`."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE", "CELERY", "SECRET"))
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    code = f"import django; django.setup(); from django.conf import settings as s; print({expr})"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_mode_defaults_to_development():
    assert django_env({}) == "development"
    assert django_env({"DJANGO_ENV": "Production"}) == "production"


def test_unknown_mode_is_refused():
    with pytest.raises(ImproperlyConfiguredEnv, match="DJANGO_ENV"):
        django_env({"DJANGO_ENV": "staging-ish"})


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "SECRET_KEY and ALLOWED_HOSTS"),
        ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "a.example"}, "at least 50"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "*"}, "'\\*' is refused"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "a.example", "DEBUG": "true"}, "DEBUG must be off"),
        ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "a.example", "DEBUG": "1"}, "DEBUG must be off"),
    ],
)
def test_production_refuses_unsafe_configuration(env, message):
    with pytest.raises(ImproperlyConfiguredEnv, match=message):
        require_production_settings(env)


def test_production_accepts_a_real_key_and_hosts():
    require_production_settings({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "pledges.example.org"})
    require_production_settings(
        {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "pledges.example.org", "DEBUG": "false"}
    )


def test_production_with_debug_on_does_not_start():
    result = settings_in_subprocess(
        {"DJANGO_ENV": "production", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "x.example", "DEBUG": "true"},
        "s.DEBUG",
    )
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_embedded_default_is_sqlite_with_eager_tasks():
    result = settings_in_subprocess(
        {}, "s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.DEBUG"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "True"]


def test_services_from_environment():
    result = settings_in_subprocess(
        {"DATABASE_URL": "postgres://u@db.internal:5432/pw", "CELERY_BROKER_URL": "redis://cache:6379/0"},
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST'], s.CELERY_TASK_ALWAYS_EAGER,"
        " s.CELERY_TASK_ACKS_LATE, s.CELERY_TASK_REJECT_ON_WORKER_LOST, s.CELERY_TASK_SERIALIZER",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "db.internal",
        "False",
        "True",
        "True",
        "json",
    ]


def test_production_without_secret_key_does_not_start():
    result = settings_in_subprocess({"DJANGO_ENV": "production", "ALLOWED_HOSTS": "x.example"}, "s.DEBUG")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_check_deploy_is_clean():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "SECRET"))}
    env.update(DJANGO_ENV="production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="pledges.example.org")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def compose_environment() -> dict[str, str]:
    """The app containers' environment in docker-compose.yml (the x-app block), ${VAR:-default} resolved
    to its default: what `docker-compose up` runs with when the operator sets only SECRET_KEY."""
    lines = (ROOT / "docker-compose.yml").read_text().splitlines()
    start = lines.index("  environment:")
    env = {}
    for line in lines[start + 1 :]:
        if not line.startswith("    "):
            break
        if line.strip().startswith("#"):
            continue
        key, _, value = line.strip().partition(": ")
        env[key] = re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", value)
    return env


def test_compose_defaults_pass_check_deploy_without_warnings():
    compose = compose_environment()
    assert compose["DJANGO_ENV"] == "production"
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "SECRET", "DATABASE", "CELERY"))
    }
    env.update(compose, SECRET_KEY=GOOD_KEY)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_cache_is_per_process_by_default_and_sessions_stay_in_the_database():
    result = settings_in_subprocess({}, "s.CACHES['default']['BACKEND'], s.SESSION_ENGINE")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.contrib.sessions.backends.db",
    ]


def test_a_shared_cache_also_holds_sessions():
    result = settings_in_subprocess(
        {"CACHE_URL": "redis://cache:6379/1"}, "s.CACHES['default']['BACKEND'], s.SESSION_ENGINE"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "config.cache.ResilientRedisCache",
        "django.contrib.sessions.backends.cached_db",
    ]
