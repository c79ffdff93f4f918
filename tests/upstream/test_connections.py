"""The connections a call goes through: a GET retried on 503 and 429 within its sleep budget
(Retry-After honoured only up to it), a join never sent twice, and the environment's proxy
used unless NO_PROXY names the host."""

import time

import pytest

from sandbox.demo import ACCOUNTS, SESSION_IDS
from sessions_app.upstream.errors import UpstreamRateLimited, UpstreamUnavailable
from tests.fault_helpers import closed_port
from tests.upstream.client_helpers import JOIN_KEY, LIST_KEY, TZ, make_client, ticket_of


def test_503_is_retried_for_get_within_the_budget(api, sandbox, gina):
    sandbox.set_fault(mode="status", status=503, retry_after=30, method="GET")
    sandbox.reset_stats()

    started = time.monotonic()
    with pytest.raises(UpstreamUnavailable) as caught:
        api.sessions(gina, tz=TZ)

    assert time.monotonic() - started < 3  # Retry-After: 30 is honoured only up to the cap
    assert type(caught.value) is UpstreamUnavailable and caught.value.status == 503
    assert sandbox.request_count(LIST_KEY) == 3  # one call plus two retries


def test_get_recovers_when_the_503_clears(api, sandbox, gina):
    sandbox.set_fault(mode="status", status=503, retry_after=1, method="GET", count=1)
    sandbox.reset_stats()

    assert api.sessions(gina, tz=TZ).sessions
    assert sandbox.request_count(LIST_KEY) == 2


def test_503_is_not_retried_for_join(api, sandbox, victor):
    ticket = ticket_of(api, victor)
    sandbox.set_fault(mode="status", status=503, retry_after=1, method="POST")
    sandbox.reset_stats()

    with pytest.raises(UpstreamUnavailable) as caught:
        api.join(victor, SESSION_IDS["accessible-venues"], ticket)

    assert caught.value.status == 503
    assert sandbox.request_count(JOIN_KEY) == 1


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_429_is_rate_limited_with_retry_after(api, sandbox, victor, method):
    ticket = ticket_of(api, victor)
    sandbox.set_fault(mode="status", status=429, retry_after=7, method=method)
    sandbox.reset_stats()

    started = time.monotonic()
    with pytest.raises(UpstreamRateLimited) as caught:
        if method == "GET":
            api.sessions(victor, tz=TZ)
        else:
            api.join(victor, SESSION_IDS["accessible-venues"], ticket)

    assert (caught.value.status, caught.value.retry_after) == (429, 7)
    assert time.monotonic() - started < 3
    expected_calls = {"GET": (LIST_KEY, 3), "POST": (JOIN_KEY, 1)}[method]
    assert sandbox.request_count(expected_calls[0]) == expected_calls[1]


@pytest.mark.parametrize("bypassed", [False, True])
def test_calls_go_through_the_environments_proxy_unless_no_proxy_names_the_host(
    sandbox, monkeypatch, bypassed
):
    """An organizer behind an outbound proxy sets HTTP(S)_PROXY; NO_PROXY exempts hosts."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    with closed_port() as port:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")  # nothing listens
        if bypassed:
            monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
        api = make_client(sandbox.api_url, get_retries=0)
        if bypassed:
            assert api.sign_in(ACCOUNTS["vip"]["email"], ACCOUNTS["vip"]["password"]).token
        else:
            with pytest.raises(UpstreamUnavailable):
                api.sign_in(ACCOUNTS["vip"]["email"], ACCOUNTS["vip"]["password"])
