"""The connections a call goes through: a GET retried on 503 and 429 within its sleep budget
(Retry-After honoured only up to it, and never past the portal request's time budget), a read
that timed out and a join never sent twice, the environment's proxy used unless NO_PROXY names
the host, its CA bundle trusted, and each thread on connections of its own."""

import threading
import time

import pytest

from sandbox.demo import ACCOUNTS, SESSION_IDS
from sessions_app.upstream.budget import upstream_budget
from sessions_app.upstream.connections import Connections
from sessions_app.upstream.errors import UpstreamRateLimited, UpstreamTimeout, UpstreamUnavailable
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


def test_a_read_that_timed_out_is_not_sent_again(sandbox, gina):
    """Its wait already spent the time a page has; a second one would double it."""
    api = make_client(sandbox.api_url, read_timeout=0.5)
    sandbox.set_fault(mode="hang", seconds=2, method="GET")
    sandbox.reset_stats()

    with pytest.raises(UpstreamTimeout):
        api.sessions(gina, tz=TZ)

    assert sandbox.request_count(LIST_KEY) == 1


def test_retry_sleeps_stop_with_the_portal_requests_time_budget(api, sandbox, gina):
    """Alone, two retries would sleep their full 2 s; inside a 1 s budget they give up in time."""
    sandbox.set_fault(mode="status", status=503, retry_after=30, method="GET")

    started = time.monotonic()
    with upstream_budget(1.0), pytest.raises(UpstreamUnavailable):
        api.sessions(gina, tz=TZ)

    assert time.monotonic() - started < 1.5


def test_the_organizations_ca_bundle_is_trusted(monkeypatch, tmp_path):
    bundle = tmp_path / "corporate-ca.pem"
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))

    connections = Connections("https://api.example.com/rest", get_retries=2)

    assert connections.for_method("GET").verify == str(bundle)
    assert connections.for_method("POST").verify == str(bundle)


def test_each_thread_has_its_own_connections_and_reuses_them():
    """A requests Session is not safe to share between threads."""
    connections = Connections("https://api.example.com/rest", get_retries=2)
    reader = connections.for_method("GET")
    elsewhere = []
    thread = threading.Thread(target=lambda: elsewhere.append(connections.for_method("GET")))
    thread.start()
    thread.join()

    assert connections.for_method("GET") is reader
    assert connections.for_method("POST") is not reader
    assert elsewhere[0] is not reader
