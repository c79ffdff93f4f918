"""Upstream reads that run side by side, so a cold page waits about one round trip, not one per
read. Each pool is small and bounded (per process); every task runs in a copy of the caller's
context, so it shares the request's time budget (budget.py) and stops with it.

Two pools, so that no task ever waits for a task queued behind it in its own pool: `READS`
runs a page's reads (the session list, the registered list), which may wait for the event the
request thread fetches meanwhile and for their own further pages; `PAGES` runs those pages,
which wait for nothing.
"""

import contextvars
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from . import budget
from .errors import UpstreamUnavailable

# Seconds a caller waits for a task beyond its budget: the task's own calls stop at the budget.
GRACE_SECONDS = 1.0


class Pool:
    def __init__(self, name: str, size: int):
        self._executor = ThreadPoolExecutor(max_workers=size, thread_name_prefix=name)

    def start(self, call: Callable[[], Any]) -> Future:
        return self._executor.submit(contextvars.copy_context().run, call)

    def all(self, calls: Sequence[Callable[[], Any]]) -> list[Any]:
        """The calls' results in order; the first failure in that order is raised."""
        return [wait(future) for future in [self.start(call) for call in calls]]


def wait(future: Future) -> Any:
    """The task's result, waited for no longer than the request's budget (plus a grace)."""
    left = budget.remaining()
    try:
        return future.result(timeout=None if left is None else max(0.0, left) + GRACE_SECONDS)
    except FutureTimeout as late:
        raise UpstreamUnavailable(message="The event platform did not answer in time.") from late


# Two reads per request thread rarely queue; pages are fewer. Sized down as a bulkhead (6 or
# 12), the pool, or a bound of 8 calls per process, queued cold views past their budget at 2 s
# latency, and their budget-clipped calls opened the circuit (docs/benchmarks.md).
READS = Pool("upstream-read", 32)
PAGES = Pool("upstream-page", 16)
