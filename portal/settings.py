"""Settings for the attendee portal, read once from the environment through django-environ.

Every setting has an embedded default that runs the portal against the local sandbox,
with SQLite under var/ and a local-memory cache. With DEBUG off, the secrets and the
upstream location must be given explicitly, or start-up fails.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

from portal.help_settings import read_attendee_help

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)


def _required_in_production(name, default):
    if name in env.ENVIRON:
        return env.str(name)
    if DEBUG:
        return default
    raise ImproperlyConfigured(f"{name} must be set when DEBUG is off")


SECRET_KEY = _required_in_production("SECRET_KEY", "dev-only-insecure-key-do-not-deploy")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- upstream (Accelevents or the sandbox) ---
SANDBOX_PORT = env.int("SANDBOX_PORT", default=8001)
ACCELEVENTS_API_BASE_URL = _required_in_production(
    "ACCELEVENTS_API_BASE_URL", f"http://127.0.0.1:{SANDBOX_PORT}/rest"
).rstrip("/")
ACCELEVENTS_EVENT_URL = _required_in_production("ACCELEVENTS_EVENT_URL", "aurora-summit")
ACCELEVENTS_AUTH_HEADER = env.str("ACCELEVENTS_AUTH_HEADER", default="Authorization")
ACCELEVENTS_AUTH_SCHEME = env.str("ACCELEVENTS_AUTH_SCHEME", default="")
ACCELEVENTS_API_KEY = env.str("ACCELEVENTS_API_KEY", default="sandbox-organization-key")
ACCELEVENTS_API_KEY_HEADER = env.str("ACCELEVENTS_API_KEY_HEADER", default="Authorization")
ACCELEVENTS_API_KEY_SCHEME = env.str("ACCELEVENTS_API_KEY_SCHEME", default="")
# What the reference leaves open, each overridable (sessions_app/upstream/contract.py validates
# them at start-up; docs/upstream-contract.md says which row each one covers).
ACCELEVENTS_PATHS = env.str("ACCELEVENTS_PATHS", default="")  # name=/path,name=/path
ACCELEVENTS_JOIN_METHOD = env.str("ACCELEVENTS_JOIN_METHOD", default="POST")
ACCELEVENTS_UNREGISTER_METHOD = env.str("ACCELEVENTS_UNREGISTER_METHOD", default="DELETE")
ACCELEVENTS_LOGIN = env.str("ACCELEVENTS_LOGIN", default="signup")  # or a path, e.g. /u/login
ACCELEVENTS_LOGIN_EMAIL_FIELD = env.str("ACCELEVENTS_LOGIN_EMAIL_FIELD", default="email")
ACCELEVENTS_LOGIN_PASSWORD_FIELD = env.str("ACCELEVENTS_LOGIN_PASSWORD_FIELD", default="password")
ACCELEVENTS_PAGE_BASE = env.int("ACCELEVENTS_PAGE_BASE", default=0)
ACCELEVENTS_PAGE_SIZE = env.int("ACCELEVENTS_PAGE_SIZE", default=100)
ACCELEVENTS_MAX_PAGES = env.int("ACCELEVENTS_MAX_PAGES", default=50)
ACCELEVENTS_SESSION_EXPAND = env.str(
    "ACCELEVENTS_SESSION_EXPAND", default="SPEAKER,TRACK,TAG,SESSION_STATS"
)
ACCELEVENTS_EVENT_ID = env.int("ACCELEVENTS_EVENT_ID", default=None)
ACCELEVENTS_EVENT_TIMEZONE = env.str("ACCELEVENTS_EVENT_TIMEZONE", default="")
PORTAL_EVENT_NAME = env.str("PORTAL_EVENT_NAME", default="")
# The register call's query flag for a seat saved before the session is live (DOC name, ASSUMED
# value form): name=value.
ACCELEVENTS_RESERVE_PARAM = env.str("ACCELEVENTS_RESERVE_PARAM", default="joinSession=true")
# `past=false` on the agenda's list leaves ended sessions out (read for the Past tab only). The
# reference names the parameter, not its meaning: turn on once check_upstream confirms it.
ACCELEVENTS_PAST_FILTER = env.bool("ACCELEVENTS_PAST_FILTER", default=False)
# `status=VISIBLE` on attendee lists (a documented filter, ASSUMED to be honoured): hidden
# sessions are dropped by the portal either way; on, the platform stops sending them.
ACCELEVENTS_STATUS_FILTER = env.bool("ACCELEVENTS_STATUS_FILTER", default=False)
# One catalogue for the whole event (sessions_app/agenda/catalogue.py): a public session listed
# alike to every attendee is read once per PORTAL_CACHE_TTL for everyone (ASSUMED: check_upstream
# confirms it); false reads every attendee's own list at PORTAL_CACHE_TTL, as before.
ACCELEVENTS_SHARED_CATALOGUE = env.bool("ACCELEVENTS_SHARED_CATALOGUE", default=True)

# --- planning: reservations, reminders ---
PORTAL_RESERVE_AHEAD = env.bool("PORTAL_RESERVE_AHEAD", default=True)
PORTAL_RESERVE_AHEAD_HOURS = env.int("PORTAL_RESERVE_AHEAD_HOURS", default=None)  # None: no limit
PORTAL_REMINDER_MINUTES = env.int("PORTAL_REMINDER_MINUTES", default=5)
UPSTREAM_CONNECT_TIMEOUT = env.float("UPSTREAM_CONNECT_TIMEOUT", default=3.05)
UPSTREAM_READ_TIMEOUT = env.float("UPSTREAM_READ_TIMEOUT", default=5.0)
UPSTREAM_GET_RETRIES = env.int("UPSTREAM_GET_RETRIES", default=2)
# All upstream calls of one portal request together, retries included (sessions_app/budget.py).
UPSTREAM_TIME_BUDGET = env.float("UPSTREAM_TIME_BUDGET", default=10.0)
# Circuit breaker per upstream host, shared through the cache (sessions_app/circuit.py).
UPSTREAM_CIRCUIT_FAILURES = env.int("UPSTREAM_CIRCUIT_FAILURES", default=5)
UPSTREAM_CIRCUIT_COOLDOWN = env.float("UPSTREAM_CIRCUIT_COOLDOWN", default=30.0)

# --- cache of upstream data: the event's catalogue, and each attendee's own ---
PORTAL_CACHE_TTL = env.int("PORTAL_CACHE_TTL", default=30)
# What the platform tells one attendee alone (their own list: which sessions they may see, their
# tickets; their registrations) changes through their own joins and leaves, which refresh it at
# once, so it keeps much longer than the catalogue with its seat counts and live status.
# PORTAL_REGISTERED_TTL is its name before the shared catalogue.
PORTAL_ATTENDEE_TTL = env.int(
    "PORTAL_ATTENDEE_TTL", default=env.int("PORTAL_REGISTERED_TTL", default=900)
)
PORTAL_STALE_LIMIT = env.int("PORTAL_STALE_LIMIT", default=900)
PORTAL_STATUS_POLL_SECONDS = env.int("PORTAL_STATUS_POLL_SECONDS", default=20)
SIGNIN_RATE_LIMIT = env.int("SIGNIN_RATE_LIMIT", default=5)
SIGNIN_IP_RATE_LIMIT = env.int("SIGNIN_IP_RATE_LIMIT", default=30)
SIGNIN_RATE_WINDOW = env.int("SIGNIN_RATE_WINDOW", default=300)
# Proxies in front of the portal that append to X-Forwarded-For (a load balancer: 1).
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)

# --- issue 12: what the agenda opens on, where a ticket is bought, languages ---
# The agenda's format filter when the link names none: "all" or a session format
# (BREAKOUT_SESSION, MAIN_STAGE, WORKSHOP, MEET_UP, EXPO); checked at start-up.
PORTAL_DEFAULT_FORMAT = env.str("PORTAL_DEFAULT_FORMAT", default="all")
# Where an attendee without a ticket (or with one that doesn't include a session) gets one.
ACCELEVENTS_TICKETS_URL = (
    env.str("ACCELEVENTS_TICKETS_URL", default="")
    or f"https://www.accelevents.com/events/{ACCELEVENTS_EVENT_URL}"
)
(
    ACCELEVENTS_SIGN_IN_HELP_URL,
    PORTAL_STREAM_HELP_URL,
    PORTAL_STREAM_HELP_TEXT,
    PORTAL_STREAM_LOAD_SECONDS,
) = read_attendee_help(env, ACCELEVENTS_EVENT_URL)

INSTALLED_APPS = [
    "sessions_app.apps.PortalAdminConfig",  # django.contrib.admin, its index the event overview
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "sessions_app",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside everything that can answer early (a bad Host header is a 400 from CommonMiddleware),
    # so every response is framed by nobody.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sessions_app.ops.permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session (a chosen language), before CommonMiddleware (it may redirect).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view (and so before the CSRF check reads the body): its page knows the visitor.
    "sessions_app.ops.form_charset.FormCharsetMiddleware",
    "sessions_app.ops.database_outage.DatabaseOutageMiddleware",
    "sessions_app.organizer.admin.zone.AdminEventZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sessions_app.ops.middleware.UpstreamBudgetMiddleware",
    "sessions_app.ops.middleware.UpstreamAuthMiddleware",
    "sessions_app.joining.settling.SettleFollowUpMiddleware",
    "sessions_app.ops.middleware.NoStoreForSignedInMiddleware",
]

# --- organizer insight (issue 13): background tasks, reconciliation schedule, labels ---
# Background tasks: the django-tasks backport of Django 6's framework, stored in the portal's
# own database and run by `manage.py portal_worker` (no broker to run). Enqueue with
# `some_task.enqueue(...)` from a function decorated with `django_tasks.task`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Seconds between reconciliations the worker schedules; 0 turns the schedule off.
PORTAL_RECONCILE_EVERY = env.int("PORTAL_RECONCILE_EVERY", default=300)
# Ticket type names by id (the API names no ticket type on the calls the portal makes):
# "10797=General Admission,10798=VIP"; an id without a name shows as "Ticket type 10797".
PORTAL_TICKET_TYPE_NAMES = env.dict("PORTAL_TICKET_TYPE_NAMES", default={})

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "django.template.context_processors.i18n",
                "sessions_app.agenda.context_processors.portal",
            ],
        },
    }
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["ENGINE"] = "portal.sqlite"  # Django's, with the real variable limit
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://portal")}
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # Django's built-in backend (django-environ would pick django-redis if it were installed),
    # carrying on from each process's memory while Redis is away: see portal/redis_cache.py.
    CACHES["default"]["BACKEND"] = "portal.redis_cache.RedisCache"
    CACHES["default"]["OPTIONS"] = {
        "socket_connect_timeout": 2,
        "socket_timeout": 2,
        "health_check_interval": 30,  # ping a pooled connection idle that long before use
        **CACHES["default"].get("OPTIONS", {}),  # ?socket_timeout=5 in CACHE_URL wins
    }
elif CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Room for every attendee's entries and locks of a large event: at Django's
    # default of 300 entries, storing one 300-session list would cull a third of the cache,
    # generation keys and locks included.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 20_000)

# Sessions hold upstream tokens, so they live server-side; the cookie is only an id.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# An attendee's user row from the shared cache, not a query on every page (the module says
# which checks still run). Django's own backend stays listed for sessions signed in before.
AUTHENTICATION_BACKENDS = [
    "sessions_app.auth_backend.CachedAttendeeBackend",
    "django.contrib.auth.backends.ModelBackend",
]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 3600)
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
if SESSION_COOKIE_SECURE:
    # __Host-: the browser keeps these only if sent over HTTPS, for this host alone (no
    # Domain), for every path; so a sibling subdomain or a plain-HTTP page cannot plant one.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-django_language"
# Flash messages ride in the server-side session: no cookie of their own to plant or prefix.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "agenda"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Attendees get the language their browser asks for (Accept-Language) among these, or the one
# they chose with the switcher (a cookie, set by Django's set_language view). Catalogues live in
# locale/ (.po committed, .mo compiled by `make install`); dates, times and numbers follow the
# language through Django's format localisation, with portal/formats/ where the portal differs.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("fr", "Français"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# 500 reports (the debug page, error reporters) never show a token, key or password.
DEFAULT_EXCEPTION_REPORTER_FILTER = "sessions_app.ops.error_reports.SecretsFilter"

# --- security headers ---
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Only a balancer we trust (TRUSTED_PROXY_HOPS) says a request came over HTTPS; with none in
# front, X-Forwarded-Proto is whatever the client wrote.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_HOPS > 0 else None

# Health checks from a load balancer inside the network may use plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# The only origins any page may frame, and only the stream page does (its view widens the
# default `'none'` to these): sessions_app.agenda.player builds every iframe src on one of them.
STREAM_FRAME_SOURCES = [
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://fast.wistia.net",
    "https://www.facebook.com",
]


def _image_sources(api_base: str) -> list[str]:
    """Where speakers' photos may come from by default: the API's own origin and, for a named
    host, every host of its domain (api.accelevents.com → https://*.accelevents.com)."""
    parts = urlsplit(api_base)
    sources = [f"{parts.scheme}://{parts.netloc}"]
    labels = (parts.hostname or "").split(".")
    if len(labels) >= 2 and not labels[-1].isdigit():
        sources.append("https://*." + ".".join(labels[-2:]))
    return sources


# Image hosts the CSP allows, and the only ones a speaker's photo is shown from (an image URL on
# another host is not rendered: sessions_app/templatetags/portal.py `allowed_image`).
PORTAL_IMAGE_SOURCES = env.list(
    "PORTAL_IMAGE_SOURCES", default=_image_sources(ACCELEVENTS_API_BASE_URL)
)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured("ACCELEVENTS_TICKETS_URL must be an http(s) URL")
    return f"{parts.scheme}://{parts.netloc}"


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *PORTAL_IMAGE_SOURCES],
        "font-src": ["'self'"],
        "connect-src": ["'self'", "https://stream.mux.com", "https://*.mux.com"],
        "media-src": ["'self'", "blob:", "https://stream.mux.com", "https://*.mux.com"],
        "worker-src": ["'self'", "blob:"],
        "frame-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        # The "get a ticket" step is a form post that records the click and then redirects to
        # the ticket page, and browsers check form-action on a form's redirects too.
        "form-action": ["'self'", _origin(ACCELEVENTS_TICKETS_URL)],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # portal/logs.py: no magic-link key in any line; a bad Host header is one line.
    "filters": {
        "redact_keys": {"()": "portal.logs.RedactKeys"},
        "one_line": {"()": "portal.logs.OneLine"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_keys"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's default handlers on "django" would print its lines a second time, unfiltered.
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"level": "WARNING"},
        "django.security.DisallowedHost": {"filters": ["one_line"]},
        # urllib3 logs every request line at DEBUG, and a magic sign-in key is part of a path.
        "urllib3": {"level": "WARNING"},
        # The task worker says "starting" and "no more tasks" on every look (each second).
        "django_tasks_db": {"level": "WARNING"},
    },
}
