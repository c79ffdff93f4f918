"""How long one portal request may spend waiting on the upstream, all calls and retries
together (``UPSTREAM_TIME_BUDGET``). The middleware opens the budget; the client clips every
call's timeouts and retry sleeps to what is left, and makes no call once it is spent, so a slow
upstream costs an attendee at most the budget, however many calls a page needs."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_deadline: ContextVar[float | None] = ContextVar("upstream_deadline", default=None)


@contextmanager
def upstream_budget(seconds: float) -> Iterator[None]:
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining() -> float | None:
    """Seconds left in the current request's budget; None outside a budget (commands, shell)."""
    deadline = _deadline.get()
    return None if deadline is None else deadline - time.monotonic()


def clip(seconds: float, *, keep: float = 0.0) -> float:
    """``seconds``, or less so that ``keep`` seconds of the budget are still left afterwards."""
    left = remaining()
    if left is None:
        return seconds
    return max(0.0, min(seconds, left - keep))
