"""How long the portal keeps what the platform said (the event's catalogue, each attendee's own
data), and the cache it keeps it in: local memory by default, Redis for more than one process."""

from portal.settings.base import env

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
