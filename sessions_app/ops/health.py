"""`/healthz` for load balancers and monitoring: can this copy of the portal serve pages?

It checks the database and the cache, and reports the upstream circuit breaker's state, without
calling the upstream (a health check must not add load to a struggling upstream, nor fail
because of it). 200 `ok`; 200 `degraded` when the circuit is open or half-open, or when Redis
does not answer and this copy carries on from its per-process fallback (portal/redis_cache.py):
it still serves pages, and replacing it would not help; 503 `fail` when the database does not
answer (or a cache without a fallback). The body names states only: no hosts, keys or errors.

Two details are about the portal's settings rather than its health: `upstream_config` fails
for ten minutes after an upstream answer meant the portal is set up wrongly (it names the
settings to check, and makes the status `degraded`: every copy has the same settings, so
replacing one would not help), and `event_timezone` says where the event's zone came from,
`UTC (fallback)` when nothing named one.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from sessions_app.event_reads import known_event
from sessions_app.upstream.circuit import CLOSED
from sessions_app.upstream.client import get_client

from . import misconfiguration

log = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    database, cache_state = _database_answers(), _cache_state()
    cache_usable = cache_state != "fail"
    circuit = get_client().circuit.state() if cache_usable else "unknown"
    problem = misconfiguration.recent() if cache_usable else None
    healthy = circuit == CLOSED and problem is None and cache_state == "ok"
    status = "ok" if healthy else "degraded"
    if not (database and cache_usable):
        status = "fail"
    body = {
        "status": status,
        "database": "ok" if database else "fail",
        "cache": cache_state,
        "upstream_circuit": circuit,
        "upstream_config": f"fail: check {problem['setting']}" if problem else "ok",
        "event_timezone": _event_timezone(cache_usable),
    }
    return JsonResponse(body, status=503 if status == "fail" else 200)


def _event_timezone(cache_answers: bool) -> str:
    event = known_event() if cache_answers else None
    if event is None:
        zone = get_client().contract.zone
        return f"{zone.key} (setting)" if zone else "unknown (no event read yet)"
    if event.zone.is_fallback:
        return "UTC (fallback: set ACCELEVENTS_EVENT_TIMEZONE)"
    return f"{event.tz_name} ({event.zone.source})"


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as exc:
        log.warning("health: database check failed (%s)", type(exc).__name__)
        return False


def _cache_state() -> str:
    """`ok`; `degraded` when Redis does not answer but this process carries on without it;
    `fail` when the cache itself raises."""
    if not _cache_answers():
        return "fail"
    if not getattr(cache, "is_shared", lambda: True)():  # portal.redis_cache: Redis is away
        log.warning("health: Redis does not answer; serving from the per-process fallback")
        return "degraded"
    return "ok"


def _cache_answers() -> bool:
    key, value = f"portal:healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, 10)
        answered = cache.get(key) == value
        cache.delete(key)
        return answered
    except Exception as exc:
        log.warning("health: cache check failed (%s)", type(exc).__name__)
        return False
