"""Where the platform is (Accelevents, or the sandbox by default) and how the portal speaks to it:
credentials, the paths and methods the reference leaves open, paging, filters, timeouts, the
time budget and the circuit breaker."""

from portal.settings.base import _required_in_production, env

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

UPSTREAM_CONNECT_TIMEOUT = env.float("UPSTREAM_CONNECT_TIMEOUT", default=3.05)
UPSTREAM_READ_TIMEOUT = env.float("UPSTREAM_READ_TIMEOUT", default=5.0)
UPSTREAM_GET_RETRIES = env.int("UPSTREAM_GET_RETRIES", default=2)
# All upstream calls of one portal request together, retries included
# (sessions_app/upstream/budget.py).
UPSTREAM_TIME_BUDGET = env.float("UPSTREAM_TIME_BUDGET", default=10.0)
# Circuit breaker per upstream host, shared through the cache (sessions_app/upstream/circuit.py).
UPSTREAM_CIRCUIT_FAILURES = env.int("UPSTREAM_CIRCUIT_FAILURES", default=5)
UPSTREAM_CIRCUIT_COOLDOWN = env.float("UPSTREAM_CIRCUIT_COOLDOWN", default=30.0)
