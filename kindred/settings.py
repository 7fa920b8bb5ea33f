"""Kindred settings: one module, configured by environment variables, safe by default.

DEBUG is off unless KINDRED_DEBUG=1 (set by `make demo`). DATABASE_URL switches from the embedded SQLite
database to PostgreSQL. In production (DEBUG off) a system check refuses to start with the default secret key.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# The default key is public (it is in the source): kindred.checks refuses it when DEBUG is off.
DEFAULT_SECRET_KEY = "kindred-insecure-development-key-never-use-in-production-0123456789abcdef"  # noqa: S105
SECRET_KEY = os.environ.get("KINDRED_SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("KINDRED_DEBUG")
ALLOWED_HOSTS = [h for h in os.environ.get("KINDRED_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("KINDRED_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "axes",
    "template_partials",
    "django_htmx",
    "kindred.ui",
    "kindred.organisation",
    "kindred.people",
    "kindred.access",
    "kindred.audit",
    "kindred.timescales",
    "kindred.casework",
    "kindred.workforce",
    "kindred.frontdoor",
    "kindred.api",
    "kindred.returns",
    "kindred.synthetic",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kindred.ui.middleware.security_headers",
    # Above WhiteNoise, so static files (an SVG can carry script) are not framable either.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kindred.audit.middleware.request_id",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "kindred.access.middleware.session_limits",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Lockout after repeated failed logins (django-axes); it must come last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kindred.urls"
WSGI_APPLICATION = "kindred.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kindred.ui.context_processors.kindred",
            ],
            "builtins": ["django.templatetags.static", "kindred.ui.templatetags.govuk"],
        },
    }
]
FORM_RENDERER = "kindred.ui.forms.GovukFormRenderer"

# Database: SQLite (WAL, immediate transactions) unless DATABASE_URL is set.
SQLITE_PATH = Path(os.environ.get("KINDRED_SQLITE_PATH", BASE_DIR / "var" / "kindred.sqlite3"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": {
                # See ../shared/PERFORMANCE.md: WAL + IMMEDIATE + busy timeout gave no "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
            },
            "TEST": {"NAME": os.environ.get("KINDRED_SQLITE_TEST_PATH") or None},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisation.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "ui:login"
LOGIN_REDIRECT_URL = "ui:home"
LOGOUT_REDIRECT_URL = "ui:login"

# Lockout: 5 failures for one username from one address locks it for 15 minutes (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("KINDRED_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "ui/locked_out.html"
AXES_VERBOSE = False

# Sessions: an idle limit (renewed at most once a minute) and an absolute limit, both enforced on the server
# by kindred.access.middleware.session_limits and the database session store.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_SECONDS = int(os.environ.get("KINDRED_SESSION_IDLE_SECONDS", str(60 * 60)))
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("KINDRED_SESSION_ABSOLUTE_SECONDS", str(10 * 60 * 60)))
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

SECURE = not DEBUG and not env_bool("KINDRED_INSECURE_HTTP")
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31_536_000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("KINDRED_BEHIND_PROXY") else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("moj", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("kindred", BASE_DIR / "build" / "static"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "filters": {"request_id": {"()": "kindred.audit.middleware.RequestIdLogFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("KINDRED_LOG_LEVEL", "WARNING")},
}

# How long break-glass access lasts once granted.
BREAK_GLASS_MINUTES = int(os.environ.get("KINDRED_BREAK_GLASS_MINUTES", "60"))

# --- Partner API (kindred/api; docs/adr/0009-partner-api-keys-and-idempotency.md) ---
# A request body over this size answers 413 before it is read (RELIABILITY.md check 19). A referral at every
# field's limit is well under it.
KINDRED_API_MAX_BODY_BYTES = int(os.environ.get("KINDRED_API_MAX_BODY_BYTES", str(1024 * 1024)))
# Requests per API key: over it answers 429 with Retry-After. "N/second", "N/minute", "N/hour" or "N/day".
KINDRED_API_RATE = os.environ.get("KINDRED_API_RATE", "120/minute")
