"""Whether a call may be sent now, and with which timeouts.

First what is left of the portal request's time budget (budget.py): the (connect, read)
timeout is clipped to it, and a call is not sent once it is spent. Then the host's circuit
breaker (circuit.py), which hears back how the call went. A call refused here is logged as
one sent would be, its status saying why it was not, and raises the error the caller expects.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from . import budget, errors
from .circuit import CircuitBreaker, CircuitOpen, Permit
from .connections import GET_RETRY_SLEEP_BUDGET

logger = logging.getLogger("sessions_app.upstream")

# A call is not started with less than this left of the request's time budget.
MIN_CALL_SECONDS = 0.05
_NO_TIME_LEFT = "The event platform is answering too slowly right now."


class Gate:
    """Asked before each call to one host: is there time left, and does its circuit let the
    call through?"""

    def __init__(self, host: str, timeout: tuple[float, float], get_retries: int):
        self.circuit = CircuitBreaker(host)
        self.timeout = timeout
        self.get_retries = get_retries

    @contextmanager
    def admit(
        self, method: str, template: str, request_id: str, *, registers: bool = False
    ) -> Iterator[tuple[float, float]]:
        """The call's (connect, read) timeout, if it may be sent; how it went (the block's
        outcome) feeds the circuit. `registers`: a join or unregister."""
        timeout = self._timeout_left(method, template, request_id, registers=registers)
        permit = self._permit(method, template, request_id)
        try:
            yield timeout
        except (errors.UpstreamUnavailable, errors.UpstreamRateLimited):
            self.circuit.record(permit, healthy=False)
            raise
        except errors.UpstreamError:
            self.circuit.record(permit, healthy=True)  # the host answered, just not yes
            raise
        self.circuit.record(permit, healthy=True)

    def _timeout_left(
        self, method: str, template: str, request_id: str, *, registers: bool
    ) -> tuple[float, float]:
        """(connect, read) clipped to the request's time budget; raises when it is spent.

        A join or unregister gets its whole read timeout or is not sent: cut short, it would
        time out with an outcome nobody knows, where not sending it is a plain "try again"."""
        if registers and method != "GET":
            return self._write_allowance(method, template, request_id)
        connect, read = (budget.clip(seconds) for seconds in self.timeout)
        if min(connect, read) < MIN_CALL_SECONDS:
            _log_not_sent(method, template, "budget_spent", request_id)
            raise errors.UpstreamUnavailable(_NO_TIME_LEFT, request_id=request_id, latency_ms=0)
        return connect, read

    def _write_allowance(self, method: str, template: str, request_id: str) -> tuple[float, float]:
        connect, read = self.timeout
        left = budget.remaining()
        if left is None:
            return connect, read
        if left < read + MIN_CALL_SECONDS:
            _log_not_sent(method, template, "budget_short", request_id)
            raise errors.CallNotSent(request_id=request_id, latency_ms=0)
        return min(connect, left - read), read

    def _permit(self, method: str, template: str, request_id: str) -> Permit:
        connect, read = self.timeout
        probe_seconds = (connect + read) * (self.get_retries + 1) + GET_RETRY_SLEEP_BUDGET
        try:
            return self.circuit.before_call(probe_seconds=probe_seconds)
        except CircuitOpen as refused:
            refused.request_id, refused.latency_ms = request_id, 0
            _log_not_sent(method, template, "circuit_open", request_id)
            raise


def _log_not_sent(method: str, template: str, why: str, request_id: str) -> None:
    logger.info(
        "upstream %s %s status=%s latency_ms=0 request_id=%s",
        method,
        template,
        why,
        request_id,
    )
