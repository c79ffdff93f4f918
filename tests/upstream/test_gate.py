"""Whether a call is sent, and with which timeouts, as the portal request's time budget runs out:
a read is not sent once the budget is spent and waits no longer than what is left of it; a join
is sent only with its whole read timeout left, since cut short its outcome would be unknown.
A call not sent leaves the log line a sent one would, saying why."""

import logging
import time

import pytest

from sandbox.demo import SESSION_IDS
from sessions_app.upstream.budget import upstream_budget
from sessions_app.upstream.contract import DEFAULT_PATHS as PATHS
from sessions_app.upstream.errors import (
    CallNotSent,
    JoinRefused,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from tests.upstream.client_helpers import JOIN_KEY, LIST_KEY, TZ, make_client

OPEN = SESSION_IDS["accessible-venues"]


def upstream_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "sessions_app.upstream"]


def test_a_read_is_not_sent_once_the_budget_is_spent(api, sandbox, gina, caplog):
    caplog.set_level(logging.INFO, logger="sessions_app.upstream")
    sandbox.reset_stats()

    with upstream_budget(0.0), pytest.raises(UpstreamUnavailable) as caught:
        api.sessions(gina, tz=TZ)

    assert caught.value.message == "The event platform is answering too slowly right now."
    assert sandbox.request_count(LIST_KEY) == 0
    assert [line.split(" request_id")[0] for line in upstream_lines(caplog)] == [
        f"upstream GET {PATHS['sessions']} status=budget_spent latency_ms=0"
    ]


def test_a_read_waits_no_longer_than_the_budget_left(sandbox, gina):
    api = make_client(sandbox.api_url, read_timeout=5.0)
    sandbox.set_fault(mode="hang", seconds=3, method="GET")

    started = time.monotonic()
    with upstream_budget(0.5), pytest.raises(UpstreamTimeout):
        api.sessions(gina, tz=TZ)

    assert time.monotonic() - started < 1.5  # not the 3 s hang, nor the 5 s read timeout


def test_the_client_sends_a_write_only_with_its_whole_read_timeout_left(api, sandbox, victor):
    read_timeout = api.contract.read_timeout
    sandbox.reset_stats()
    with upstream_budget(read_timeout), pytest.raises(CallNotSent):
        api.join(victor, OPEN, 0)
    assert sandbox.request_count(JOIN_KEY) == 0
    with upstream_budget(read_timeout + 0.2), pytest.raises(JoinRefused):
        api.join(victor, OPEN, 0)  # sent, and answered (ticket 0 is nobody's)
    assert sandbox.request_count(JOIN_KEY) == 1


def test_a_write_not_sent_for_want_of_time_says_so_in_the_log(api, victor, caplog):
    caplog.set_level(logging.INFO, logger="sessions_app.upstream")

    with upstream_budget(0.5), pytest.raises(CallNotSent):
        api.unregister(victor, OPEN, 0)

    assert len(upstream_lines(caplog)) == 1
    assert " status=budget_short latency_ms=0 " in upstream_lines(caplog)[0]
