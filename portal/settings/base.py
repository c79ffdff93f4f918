"""What every other part builds on (the environment, DEBUG, the project's directories, the
secret key and hosts) and Django's own frame: apps, middleware, templates, the database,
languages, static files and logging.

`_required_in_production` is what the other parts use for a setting that has a sandbox default
only while DEBUG is on.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)


def _required_in_production(name, default, *, also=""):
    """An empty value counts as unset (`NAME=` in .env); `also` names what else makes it
    required (e.g. "and EMAIL_URL is set")."""
    if env.str(name, default=""):
        return env.str(name)
    if DEBUG:
        return default
    raise ImproperlyConfigured(f"{name} must be set when DEBUG is off" + (also and f" {also}"))


SECRET_KEY = _required_in_production("SECRET_KEY", "dev-only-insecure-key-do-not-deploy")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

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
    # Which pages the service worker may keep offline, and for whom (sessions_app/ops/offline.py).
    "sessions_app.ops.offline.OfflineCopyMiddleware",
]

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
