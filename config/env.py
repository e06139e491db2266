"""Typed access to the environment, so settings read like a table of decisions."""

from __future__ import annotations

import os
from collections.abc import Mapping

MODES = ("development", "test", "production")
TRUE_WORDS = ("true", "on", "ok", "y", "yes", "1")  # what django-environ reads as True


class ImproperlyConfiguredEnv(RuntimeError):
    """Raised when production is asked to start with unsafe or missing configuration."""


def django_env(environ_map: Mapping[str, str] | None = None) -> str:
    """The deployment mode: development (default), test or production."""
    source = os.environ if environ_map is None else environ_map
    mode = source.get("DJANGO_ENV", "development").strip().lower() or "development"
    if mode not in MODES:
        raise ImproperlyConfiguredEnv(f"DJANGO_ENV must be one of {', '.join(MODES)}, not {mode!r}")
    return mode


def require_production_settings(environ_map: Mapping[str, str]) -> None:
    """Refuse to run production on a guessable key or an open host list."""
    missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS") if not environ_map.get(name, "").strip()]
    if missing:
        raise ImproperlyConfiguredEnv(f"Production mode needs {' and '.join(missing)} in the environment.")
    if len(environ_map["SECRET_KEY"]) < 50 or environ_map["SECRET_KEY"].startswith("django-insecure"):
        raise ImproperlyConfiguredEnv("SECRET_KEY must be a random string of at least 50 characters.")
    if "*" in [h.strip() for h in environ_map["ALLOWED_HOSTS"].split(",")]:
        raise ImproperlyConfiguredEnv("ALLOWED_HOSTS must name the hosts; '*' is refused in production.")
    # Debug pages show settings, SQL and source to anyone who triggers an error: never in production.
    if environ_map.get("DEBUG", "").strip().lower() in TRUE_WORDS:
        raise ImproperlyConfiguredEnv("DEBUG must be off in production; unset DEBUG or set DEBUG=false.")
