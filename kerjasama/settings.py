"""Kerjasama settings: one file, every deploy value read from the environment.

Every variable is listed with a comment in `.env.example`. Development defaults are safe: without
`DEBUG=1` a missing `SECRET_KEY` stops the web process instead of running with a known key.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def envsecret(name: str) -> str:
    """A secret from NAME, or from the file named by NAME_FILE (Docker/systemd secrets)."""
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return env(name)


DEBUG = envbool("DEBUG", False)

SECRET_KEY = envsecret("SECRET_KEY")
SECRET_KEY_MISSING = not SECRET_KEY and not DEBUG
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "development-only-key-never-used-in-production-" + "x" * 16
    else:
        # Commands that serve nothing (migrate, makemigrations, load_reference …) may run
        # without a key, with a random one that signs nothing lasting; serving requests refuses
        # to start without the real key (kerjasama/wsgi.py, asgi.py), so production never runs
        # on a known or throwaway key.
        SECRET_KEY = "unset-" + secrets.token_urlsafe(50)

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

# Where the SQLite database and uploaded files live when not configured otherwise.
DATA_DIR = Path(env("DATA_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "kerjasama.core",
    "kerjasama.reference",
    "kerjasama.accounts",
    "kerjasama.deadlines",
    "kerjasama.partners",
    "kerjasama.agreements",
    "kerjasama.meetings",
    "kerjasama.monitoring",
    "kerjasama.imports",
    "kerjasama.notifications",
    "kerjasama.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "kerjasama.core.health.HealthCheckMiddleware",  # /healthz for load balancers, first
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "kerjasama.core.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kerjasama.core.middleware.PrivatePagesMiddleware",
    "kerjasama.core.middleware.MethodNotAllowedPageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kerjasama.core.middleware.HtmxLoginRedirectMiddleware",
    "kerjasama.core.middleware.InterfaceMiddleware",
    "kerjasama.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "kerjasama.urls"
WSGI_APPLICATION = "kerjasama.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "kerjasama.notifications.context_processors.unread",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'kerjasama.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend plus `PRAGMA optimize` at each connection's close, so that the planner
    # has table statistics however the database was filled (kerjasama/core/sqlite, issue 8).
    DATABASES["default"]["ENGINE"] = "kerjasama.core.sqlite"
    # Tests: in memory, as Django does for its own SQLite engine (and pytest-django, which
    # knows only that engine by name, leaves it unsuffixed under xdist).
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE transactions and WAL keep SQLite from "database is locked" when the web process
    # and a background worker write at once (STACK_NOTES, django-tasks stress check).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        # A writer waits up to 20 s for the lock instead of Python's 5 s default; uploads are
        # checked and stored outside transactions, so writes hold the lock only briefly.
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    INSTALLED_APPS.append("django.contrib.postgres")
    # Behind PgBouncer in transaction pooling mode a server-side cursor (QuerySet.iterator())
    # cannot outlive its transaction: turn them off there (docs/DEPLOYMENT.md).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = envbool(
        "DATABASE_DISABLE_SERVER_SIDE_CURSORS", False
    )
    # A page is a few short queries with a LIMIT: parallel workers only take cores from the
    # other requests, and mislead the planner into walking an index row by row where a hash is
    # faster (issue 8, the registry's tag filters). Sent as a connection option; empty sends
    # nothing (behind PgBouncer, which refuses it: set it on the role, docs/DEPLOYMENT.md).
    parallel = env("DATABASE_PARALLEL_WORKERS", "0")
    if parallel:
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = (
            f"{options.get('options', '')} -c max_parallel_workers_per_gather={int(parallel)}"
        ).strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The visibility table's indexes carry extra columns (INCLUDE) for index-only scans on
# PostgreSQL; SQLite builds them without, which is all the warning says (issue 8).
SILENCED_SYSTEM_CHECKS = ["models.W040"]
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "agreements:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Bahasa Indonesia first, English second.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["kerjasama.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", "Asia/Jakarta")

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: documents are streamed after an access check
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}


def s3_storage(bucket: str) -> dict[str, Any]:
    """Uploaded documents on a shared S3-compatible store (AWS S3, MinIO, Ceph …) when a bucket
    is named, so that several app servers see the same files (docs/DEPLOYMENT.md): private
    objects, never overwritten, still streamed by the app after its access check, never linked.
    """
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            # Empty: boto3's own chain (AWS_ACCESS_KEY_ID in the environment, an instance role).
            "access_key": env("AWS_ACCESS_KEY_ID") or None,
            "secret_key": envsecret("AWS_SECRET_ACCESS_KEY") or None,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "addressing_style": env("AWS_S3_ADDRESSING_STYLE") or None,
            "location": env("AWS_LOCATION", "media"),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "signature_version": "s3v4",
        },
    }


AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = s3_storage(AWS_STORAGE_BUCKET_NAME)

# Serve static files from the apps in development without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Uploaded documents (PDF/DOCX). The content is checked, not only the extension.
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # a form without its files; the longest is ~0.6 MB
FILE_UPLOAD_PERMISSIONS = 0o640

# Reading a register for import (issue 11; `kerjasama.imports.files`). Every bound is checked
# before openpyxl opens the file. ❓ defaults; measured (bench/imports.py): a register of 10,000
# rows of 16 columns is 0.8 MB packed and 9 MB unpacked (packed 11 times).
KERJASAMA_IMPORT: dict[str, int] = {
    "MAX_BYTES": envint("KERJASAMA_IMPORT_MAX_MB", 10) * 1024 * 1024,
    "MAX_UNPACKED_BYTES": envint("KERJASAMA_IMPORT_MAX_UNPACKED_MB", 200) * 1024 * 1024,
    # Spreadsheet XML packs 5-30 times; a zip bomb a thousand times and more.
    "MAX_RATIO": envint("KERJASAMA_IMPORT_MAX_RATIO", 100),
    "MAX_ROWS": envint("KERJASAMA_IMPORT_MAX_ROWS", 20_000),
}


def _stage_limits(text: str) -> dict[str, tuple[int, str]]:
    """ "offer=30,kb_drafting=20:working" → {"offer": (30, "calendar"), "kb_drafting": (20,
    "working")}; a malformed entry stops the start with a message naming it."""
    limits: dict[str, tuple[int, str]] = {}
    for entry in filter(None, (part.strip() for part in text.split(","))):
        stage, _sep, rest = entry.partition("=")
        days, _sep, unit = rest.partition(":")
        unit = unit.strip() or "calendar"
        if not stage.strip() or not days.strip().isdigit() or unit not in ("calendar", "working"):
            raise ImproperlyConfigured(
                f"KERJASAMA_STAGE_TIME_LIMITS: cannot read {entry!r}; write stage=days[:working]"
            )
        limits[stage.strip()] = (int(days), unit)
    return limits


# Kerjasama domain defaults (KERJASAMA_DAERAH.md §5.5, §9 item 13: ❓ rules are settings).
KERJASAMA: dict[str, Any] = {
    # Default cap on the term of a KB/PKS, in months; exceeding it is a warning that the
    # secretariat may override with a recorded reason and legal basis.
    "MAX_TERM_MONTHS": envint("KERJASAMA_MAX_TERM_MONTHS", 60),
    # "Expiring soon" on the dashboard and in the registry filter.
    "EXPIRING_WITHIN_DAYS": envint("KERJASAMA_EXPIRING_WITHIN_DAYS", 90),
    "PAGE_SIZE": envint("KERJASAMA_PAGE_SIZE", 25),
    # Working days the DPRD has to decide, per type (§7; PP 28/2018 Pasal 30(4) for foreign
    # cooperation). Empty for KSDD/KSDPK: the deadline there is ❓ (PMDN22 not read, §5.5).
    "DPRD_WORKING_DAYS": {"ksdpl": 45, "ksdll": 45},
    # Working days to follow up a supervision finding (PP 12/2017 Pasal 27).
    "FINDING_WORKING_DAYS": envint("KERJASAMA_FINDING_WORKING_DAYS", 60),
    # Reporting duties (§12, `agreements.reporting`). Months between the internal
    # implementation reports of a cooperation in force (❓: default yearly; 6 = the Kota
    # Yogyakarta practice of twice a fiscal year 🟡).
    "REPORT_PERIOD_MONTHS": envint("KERJASAMA_REPORT_PERIOD_MONTHS", 12),
    # Months between the reports to the Minister on foreign cooperation (PP 28/2018 Pasal 43(1)
    # ✅; the timing is in Permendagri 25/2020, not read ❓: default yearly).
    "REPORT_MINISTER_PERIOD_MONTHS": envint("KERJASAMA_REPORT_MINISTER_PERIOD_MONTHS", 12),
    # A periodic report of the kab/kota to the governor (GWPP): no text read requires one (the
    # governor monitors, UU 23/2014 Pasal 368(1)) ❓ — off unless a province asks for it.
    "REPORT_TO_GOVERNOR": envbool("KERJASAMA_REPORT_TO_GOVERNOR", False),
    "REPORT_GOVERNOR_PERIOD_MONTHS": envint("KERJASAMA_REPORT_GOVERNOR_PERIOD_MONTHS", 12),
    # Days before a non-expiry deadline on which reminders go out (0 = the day itself).
    "REMINDER_DAYS": [7, 0],
    # Issue 7 (§5.5, §6.3, §7: ❓ rules are settings; README "Configuration").
    # A case at a stage before "in force" that has not moved for this many days gets a reminder
    # deadline (§5.5 default: 30).
    "STALE_STAGE_DAYS": envint("KERJASAMA_STALE_STAGE_DAYS", 30),
    # Optional per-stage time limits (§5.5 `batas_waktu_hari`): "stage=days[:working]", comma-
    # separated, e.g. "offer=30,kb_drafting=20:working". Unit: calendar days unless ":working".
    "STAGE_TIME_LIMITS": _stage_limits(env("KERJASAMA_STAGE_TIME_LIMITS", "")),
    # Whether a sinergi needs the DPRD's approval like a KSDD (§7: "not stated" ❓; default no).
    "SINERGI_NEEDS_DPRD": envbool("KERJASAMA_SINERGI_NEEDS_DPRD", False),
    # The default of a new case's "an addendum passes the TKKSD again" box (§6.3 ❓; default yes).
    "ADDENDUM_TKKSD_REVIEW": envbool("KERJASAMA_ADDENDUM_TKKSD_REVIEW", True),
    # Monitoring (issue 10, §12 ❓): days an indicator's reporting window stays open after its
    # period ends (a year's window opens on 1 January of the next year); its last day is the
    # responsible OPD's deadline.
    "MONEV_REPORTING_DAYS": envint("KERJASAMA_MONEV_REPORTING_DAYS", 90),
    # Base URL used in e-mails and the calendar feed (no request there).
    "SITE_URL": env("KERJASAMA_SITE_URL", "http://127.0.0.1:8000"),
}
# The demo command refuses to create demo users unless this is on (never in production).
DEMO_MODE = envbool("KERJASAMA_DEMO", DEBUG)

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
if envbool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind a proxy that rewrites Host and passes the original in X-Forwarded-Host (default off).
USE_X_FORWARDED_HOST = envbool("USE_X_FORWARDED_HOST", False)

# Login throttling (django-axes; issue 6, item 21): after AXES_FAILURE_LIMIT wrong passwords for
# one username from one address, that combination is refused for the cool-off time; other users
# on the same address (an office behind one NAT) are not affected. A successful login resets the
# count. Attempts are kept in the database (`axes` tables, visible in the admin). Behind a reverse
# proxy, set TRUSTED_PROXY_COUNT so that the client's address, not the proxy's, is counted.
INSTALLED_APPS.append("axes")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # must be last
AUTHENTICATION_BACKENDS = [
    "kerjasama.accounts.backends.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The cool-off runs from the lockout, as the lockout page says; tries during it do not restart it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "kerjasama.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "kerjasama.accounts.views.client_address"
AXES_ENABLE_ADMIN = False  # registered audited in accounts/admin.py
AXES_VERBOSE = False  # attempts are rows in the database; no banner on every command
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
# Password reset e-mails per address and per client address in an hour (item 25).
PASSWORD_RESET_LIMIT_PER_HOUR = envint("PASSWORD_RESET_LIMIT_PER_HOUR", 5)
# The password-reset and wrong-old-password counters live in the cache: by default in the
# database (table kerjasama_cache, made by a migration), so that every gunicorn worker and every
# app server counts together; a per-process memory cache would grant the limit once per process
# (docs/DEPLOYMENT.md). CACHE_BACKEND=locmem keeps them in memory, for a single process only.
CACHE_BACKEND = env("CACHE_BACKEND", "database")
if CACHE_BACKEND == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kerjasama_cache",
            # The registry's filter options are cached per region (issue 8): room for a few
            # per region of all 552, and the rate-limit counters beside them.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
elif CACHE_BACKEND == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(f"CACHE_BACKEND must be database or locmem, not {CACHE_BACKEND!r}")

# A strict policy: no inline script or style anywhere, nonces for the rare exception.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Background jobs: Django's tasks API (django-tasks) with the database backend; the worker is
# `kerjasama db_worker`. `kerjasama send_reminders` runs the same work from cron.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "kerjasama@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
