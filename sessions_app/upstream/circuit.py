"""A circuit breaker per upstream host. Its state lives in the shared cache (Redis in
production), so every worker and every copy of the portal sees the same state.

closed: calls go through; each failure (no answer, a timeout, a 5xx or 429, an unreadable body)
counts, each success resets the count, whenever its call was sent: under load hundreds of calls
are in flight, and answers arriving between timeouts show a host that is slow, not down.
After ``UPSTREAM_CIRCUIT_FAILURES`` consecutive failures:
open: for ``UPSTREAM_CIRCUIT_COOLDOWN`` seconds every call fails at once with CircuitOpen, so
pages serve their cached copy (or the retry page) in milliseconds instead of waiting on a host
that is down. Then half-open: the next call is the probe, and the only call let through; its
success closes the circuit, its failure opens it for another cool-down. Each change is logged.

If the cache itself fails, the breaker steps aside (calls go through): it must never be the
reason the portal cannot reach a healthy upstream.
"""

import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from .errors import UpstreamUnavailable

log = logging.getLogger("sessions_app.upstream.circuit")

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"
# A failure count without a new failure for this long is forgotten ("consecutive" failures
# an hour apart are not an outage).
FAILURE_MEMORY_SECONDS = 600
# Hosts this process has seen failing lately (host -> until when): their successes reset the
# shared count even when none was counted as their call was sent. Elsewhere a success costs
# no cache write.
_failing_lately: dict[str, float] = {}


class CircuitOpen(UpstreamUnavailable):
    """Not sent: the circuit for this host is open (or half-open with a probe under way)."""


@dataclass(frozen=True)
class Permit:
    """Leave to make one call: whether it is the half-open probe, and the failure count seen."""

    probe: bool = False
    failures: int = 0


class CircuitBreaker:
    def __init__(self, host: str):
        self.host = host
        prefix = f"portal:circuit:{host}"
        self._open_key = f"{prefix}:open-until"
        self._failures_key = f"{prefix}:failures"
        self._probe_key = f"{prefix}:probe"

    def __repr__(self) -> str:
        return f"CircuitBreaker(host={self.host!r}, state={self.state()!r})"

    @property
    def threshold(self) -> int:
        return max(1, settings.UPSTREAM_CIRCUIT_FAILURES)

    @property
    def cooldown(self) -> float:
        return max(0.0, settings.UPSTREAM_CIRCUIT_COOLDOWN)

    def state(self) -> str:
        open_until = _cache_call(cache.get, self._open_key)
        if open_until is None:
            return CLOSED
        return OPEN if time.time() < open_until else HALF_OPEN

    def before_call(self, *, probe_seconds: float) -> Permit:
        """A Permit for one call, or CircuitOpen when the call must not be made."""
        values = _cache_call(cache.get_many, [self._open_key, self._failures_key]) or {}
        open_until, failures = values.get(self._open_key), values.get(self._failures_key, 0)
        if failures:
            self._seen_failing()
        if open_until is None:
            return Permit(failures=failures)
        if time.time() < open_until:
            raise CircuitOpen()
        # Half-open: whoever adds the probe key first is the probe; it expires on its own if
        # that worker dies mid-call, so the circuit cannot stay stuck half-open.
        if _cache_call(cache.add, self._probe_key, 1, math.ceil(probe_seconds) + 1) is False:
            raise CircuitOpen()
        log.warning("circuit half-open for upstream %s: letting one probe call through", self.host)
        return Permit(probe=True, failures=failures)

    def record(self, permit: Permit, *, healthy: bool) -> None:
        if healthy:
            self._succeeded(permit)
        else:
            self._failed(permit)

    def _succeeded(self, permit: Permit) -> None:
        if permit.probe:
            _cache_call(cache.delete_many, [self._open_key, self._failures_key, self._probe_key])
            log.warning("circuit closed for upstream %s: the probe call succeeded", self.host)
        elif permit.failures or time.monotonic() < _failing_lately.get(self.host, 0.0):
            _cache_call(cache.delete, self._failures_key)

    def _seen_failing(self) -> None:
        _failing_lately[self.host] = time.monotonic() + FAILURE_MEMORY_SECONDS

    def _failed(self, permit: Permit) -> None:
        if permit.probe:
            _cache_call(cache.set, self._open_key, time.time() + self.cooldown, None)
            _cache_call(cache.delete, self._probe_key)
            log.warning(
                "circuit open again for upstream %s: the probe call failed; next probe in %gs",
                self.host,
                self.cooldown,
            )
            return
        self._seen_failing()
        failures = self._count_failure()
        if failures >= self.threshold and _cache_call(
            cache.add, self._open_key, time.time() + self.cooldown, None
        ):
            log.warning(
                "circuit open for upstream %s after %d consecutive failures: calls fail fast "
                "for %gs",
                self.host,
                failures,
                self.cooldown,
            )

    def _count_failure(self) -> int:
        _cache_call(cache.add, self._failures_key, 0, FAILURE_MEMORY_SECONDS)
        try:
            return cache.incr(self._failures_key)
        except ValueError:  # expired between add and incr
            _cache_call(cache.set, self._failures_key, 1, FAILURE_MEMORY_SECONDS)
            return 1
        except Exception as exc:  # the cache is down: the breaker steps aside
            _cache_down(exc)
            return 0


def _cache_call(operation, *args):
    """Run one cache operation; None if the cache is unreachable (then no circuit applies)."""
    try:
        return operation(*args)
    except Exception as exc:
        _cache_down(exc)
        return None


def _cache_down(exc: Exception) -> None:
    # The type only: a cache error's text can carry the cache URL and its password.
    log.warning(
        "circuit breaker could not reach the cache (%s); calls go through", type(exc).__name__
    )
