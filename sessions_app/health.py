"""`/healthz` for load balancers and monitoring: can this copy of the portal serve pages?

It checks the database and the cache, and reports the upstream circuit breaker's state, without
calling the upstream (a health check must not add load to a struggling upstream, nor fail
because of it). 200 `ok`; 200 `degraded` when the circuit is open or half-open: this copy still
serves cached pages and the retry page, and replacing it would not help; 503 `fail` when the
database or the cache does not answer. The body names states only: no hosts, keys or errors.

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

from . import misconfiguration
from .selectors import known_event
from .upstream.circuit import CLOSED
from .upstream.client import get_client

log = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    circuit = get_client().circuit.state() if checks["cache"] else "unknown"
    problem = misconfiguration.recent() if checks["cache"] else None
    status = "ok" if circuit == CLOSED and problem is None else "degraded"
    if not all(checks.values()):
        status = "fail"
    body = {
        "status": status,
        "database": "ok" if checks["database"] else "fail",
        "cache": "ok" if checks["cache"] else "fail",
        "upstream_circuit": circuit,
        "upstream_config": f"fail: check {problem['setting']}" if problem else "ok",
        "event_timezone": _event_timezone(checks["cache"]),
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
