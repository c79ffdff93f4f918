"""Standalone settings for the Accelevents API sandbox (`python -m sandbox ...`).

The sandbox is its own server process with its own database; it never runs through the
portal's settings or URLs. Environment variables (all optional):

| variable               | default                    | meaning                                  |
|------------------------|----------------------------|------------------------------------------|
| `SANDBOX_DATABASE_URL` | `<repo>/var/sandbox.sqlite3` | django-environ URL, never the portal's |
| `SANDBOX_TOKEN_TTL`    | `3600`                     | user access-token lifetime, seconds      |
| `SANDBOX_LATENCY_MS`   | `0`                        | delay added to every `/rest` request     |
| `SANDBOX_FAULT`        | (none)                     | default fault for every `/rest` request, |
|                        |                            | `X-Sandbox-Fault` syntax, e.g.           |
|                        |                            | `mode=status;status=503;retry_after=2`   |
| `SANDBOX_API_KEY`      | `sandbox-organization-key` | organization key for `/rest/host/...`    |
| `SANDBOX_EVENT_URL`    | `aurora-summit`            | slug of the seeded demo event            |
| `SANDBOX_LOG_LEVEL`    | `WARNING`                  | log level (`INFO` logs every request)    |
| `SANDBOX_PORT`         | `8001`                     | default `--port` of `runsandbox`         |
| `SANDBOX_DIALECT`      | (none)                     | comma-separated dialects active at start |
|                        |                            | and after a reset (sandbox/dialects.py), |
|                        |                            | e.g. `bearer-only,page-cap-50`           |
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = False
SECRET_KEY = "sandbox-only-not-a-secret"
ALLOWED_HOSTS = ["*"]

SANDBOX_PORT = env.int("SANDBOX_PORT", default=8001)
SANDBOX_TOKEN_TTL = env.int("SANDBOX_TOKEN_TTL", default=3600)
SANDBOX_LATENCY_MS = env.int("SANDBOX_LATENCY_MS", default=0)
SANDBOX_FAULT = env.str("SANDBOX_FAULT", default="")
SANDBOX_API_KEY = env.str("SANDBOX_API_KEY", default="sandbox-organization-key")
SANDBOX_EVENT_URL = env.str("SANDBOX_EVENT_URL", default="aurora-summit")
SANDBOX_DIALECT = [name.strip() for name in env.list("SANDBOX_DIALECT", default=[])]

INSTALLED_APPS = ["django.contrib.contenttypes", "sandbox"]

MIDDLEWARE = [
    "sandbox.middleware.ResponseHeadersMiddleware",
    "sandbox.middleware.StatsMiddleware",
    "sandbox.faults.FaultMiddleware",
]

ROOT_URLCONF = "sandbox.urls"
WSGI_APPLICATION = None
TEMPLATES: list = []

DATABASES = {
    "default": env.db("SANDBOX_DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'sandbox.sqlite3'}"),
}
# One connection per client connection (thread), closed by sandbox.server when it ends.
DATABASES["default"]["CONN_MAX_AGE"] = None
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # IMMEDIATE makes every transaction take the write lock up front, so concurrent joins
    # serialise instead of failing with "database is locked" on lock upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

PASSWORD_HASHERS = ["sandbox.hashers.SandboxPBKDF2PasswordHasher"]

USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_LOG_LEVEL = env.str("SANDBOX_LOG_LEVEL", default="WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": _LOG_LEVEL},
    "loggers": {"django.server": {"level": _LOG_LEVEL}},
}
