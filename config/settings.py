"""Pledgewatch settings: one module, every decision read from the environment.

Nothing set -> development on an SQLite file with Celery tasks run in-process.
DATABASE_URL / CELERY_BROKER_URL set -> PostgreSQL and a real worker through Redis.
DJANGO_ENV=production -> refuses to start without SECRET_KEY and ALLOWED_HOSTS.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import environ
from django.utils.csp import CSP

from config.cache import cache_settings
from config.env import django_env, require_production_settings

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
if (BASE_DIR / ".env").is_file() and "PYTEST_CURRENT_TEST" not in os.environ:
    env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = django_env()
PRODUCTION = DJANGO_ENV == "production"
if PRODUCTION:
    require_production_settings(os.environ)

DEBUG = env.bool("DEBUG", default=DJANGO_ENV == "development")
SECRET_KEY = env.str(
    "SECRET_KEY", default="dev-only-insecure-key-for-local-use-never-in-production-0123456789"
)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "simple_history",
    "axes",
    "pledges",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "articles.upload_limits.UploadLimitsMiddleware",  # before CSRF: upload limits as form messages
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns lockouts into a response
]

if PRODUCTION:  # static files from the app server itself; runserver serves them in development
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    }
]

# Database: SQLite file by default, anything django-environ understands via DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # JIT compilation costs more than it saves on the short aggregates pages run (191 vs 511 ms measured).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while a username+address is locked out
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: after AXES_FAILURE_LIMIT failures for one username from one address, wait.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "pledges:home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
# Analysts may be allowed to read without an account (read-only, never editing).
ALLOW_ANONYMOUS_READ = env.bool("ALLOW_ANONYMOUS_READ", default=False)
# Requests a minute one API token may make (API, exports, feed); 0 turns the limit off.
API_TOKEN_REQUESTS_PER_MINUTE = env.int("API_TOKEN_REQUESTS_PER_MINUTE", default=60)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: uploads go through a permission-checked view
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploads
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
UPLOAD_MAX_PAGES = env.int("UPLOAD_MAX_PAGES", default=500)
# Longest text extraction will take on (characters); longer articles fail with a clear message.
EXTRACT_MAX_CHARS = env.int("EXTRACT_MAX_CHARS", default=1_000_000)
# candidates the extractor is less sure of than this are kept as possible pledges for editors
EXTRACTION_THRESHOLD = env.float("EXTRACTION_THRESHOLD", default=0.25)
# Files in one upload, and the whole request; over either, the form says so (articles/upload_limits.py).
UPLOAD_MAX_FILES = env.int("UPLOAD_MAX_FILES", default=50)
UPLOAD_MAX_REQUEST_BYTES = env.int("UPLOAD_MAX_REQUEST_BYTES", default=100 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FILES = UPLOAD_MAX_FILES
# Non-file fields in all: the pasted text (UPLOAD_MAX_BYTES) and a little for the others.
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Celery: in-process (eager) unless a broker is configured.
# Cache for rendered page fragments (timeline lanes, list results), keyed on the data's revision
# counters so that a change is visible on the next request. In-process memory by default; set
# CACHE_URL=redis://… to share it between web processes. FRAGMENT_CACHE_SECONDS=0 turns it off.
# Redis errors are answered as cache misses (config/cache.py): the cache accelerates, it never breaks a page.
CACHES = {"default": cache_settings(env.cache_url("CACHE_URL", default="locmemcache://pledgewatch"))}
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    CACHES["default"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = env.int("CACHE_MAX_ENTRIES", default=500)
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=600)
# Sessions read from a shared cache save a query per request; a per-process cache cannot hold them,
# since a logout in one process would not reach the others. With Redis down they come from the database.
SHARED_CACHE = not CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache"))
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if SHARED_CACHE else "db")

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None  # task state lives on the Article row, never in a result backend
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=150)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Must exceed the longest task so Redis does not redeliver a message still being worked on.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The outbox: an article whose message the broker did not accept (broker down, sender killed after the
# commit) is sent again by the relay, run by beat every INGEST_OUTBOX_INTERVAL_SECONDS, once it is older
# than INGEST_OUTBOX_AFTER_SECONDS (time for the sender's own attempt).
INGEST_OUTBOX_AFTER_SECONDS = env.int("INGEST_OUTBOX_AFTER_SECONDS", default=10)
INGEST_OUTBOX_INTERVAL_SECONDS = env.int("INGEST_OUTBOX_INTERVAL_SECONDS", default=10)
# The safety net: an article queued or processing for longer than this is enqueued again (a message lost
# in the broker, a worker gone for good), checked every INGEST_SWEEP_INTERVAL_SECONDS.
INGEST_STALE_AFTER_SECONDS = env.int("INGEST_STALE_AFTER_SECONDS", default=300)
INGEST_SWEEP_INTERVAL_SECONDS = env.int("INGEST_SWEEP_INTERVAL_SECONDS", default=60)
CELERY_BEAT_SCHEDULE = {
    "relay-ingestion-outbox": {
        "task": "articles.tasks.relay_ingestion_outbox",
        "schedule": float(INGEST_OUTBOX_INTERVAL_SECONDS),
    },
    "requeue-stale-articles": {
        "task": "articles.tasks.requeue_stale_articles",
        "schedule": float(INGEST_SWEEP_INTERVAL_SECONDS),
    },
}

# Security: strict in production, relaxed on the developer's laptop.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes call the container over plain HTTP
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # pypdf logs whole encoding tables on damaged files; their warnings say nothing an operator needs.
    "loggers": {"pypdf": {"level": "ERROR"}},
}
