"""Reads side by side: results come back in the order asked whatever order they finish in, the
first failure in that order is the one raised, and every task runs inside the request's time
budget (so its calls stop with it)."""

import threading

import pytest

from sessions_app.upstream import budget
from sessions_app.upstream.concurrency import Pool, wait
from sessions_app.upstream.errors import UpstreamNotFound, UpstreamTimeout

POOL = Pool("test-pool", 4)


def test_results_come_back_in_the_order_asked():
    second_done = threading.Event()

    def first():
        assert second_done.wait(5)  # finishes after the second
        return "first"

    def second():
        second_done.set()
        return "second"

    assert POOL.all([first, second, lambda: 3]) == ["first", "second", 3]


def test_the_first_failure_in_order_is_raised():
    def fails(error):
        def call():
            raise error

        return call

    with pytest.raises(UpstreamNotFound):
        POOL.all([lambda: 1, fails(UpstreamNotFound()), fails(UpstreamTimeout())])


def test_every_task_shares_the_callers_budget():
    with budget.upstream_budget(2.0):
        left = POOL.all([budget.remaining, budget.remaining])
    assert all(seconds is not None and 0 < seconds <= 2.0 for seconds in left)
    assert POOL.all([budget.remaining]) == [None]


def test_a_task_finishing_just_after_the_budget_is_still_read_within_the_grace():
    finished = threading.Event()
    timer = threading.Timer(0.05, finished.set)
    with budget.upstream_budget(0.0):
        future = POOL.start(lambda: finished.wait(5) and "late but in")
        timer.start()
        assert wait(future) == "late but in"
