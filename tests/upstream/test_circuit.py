"""The circuit breaker per upstream host (sessions_app/circuit.py), against the real sandbox:
it opens after consecutive failures, then fails calls in milliseconds without touching the
upstream, lets exactly one probe through after the cool-down, and closes (or opens again) on
the probe's outcome. Its state lives in the shared cache, and every change is logged."""

import logging
import socket
import threading
import time
from datetime import UTC

import pytest
from django.test import override_settings

from sessions_app.upstream.circuit import CLOSED, HALF_OPEN, OPEN, CircuitOpen
from sessions_app.upstream.client import AccelEventsClient, get_client
from sessions_app.upstream.errors import UpstreamNotFound, UpstreamUnavailable
from tests.portability import cached_keys
from tests.portal_helpers import sign_in

EVENT = "GET /events/{eventurl}"


@pytest.fixture
def breaker_settings(settings, sandbox):
    settings.UPSTREAM_CIRCUIT_FAILURES = 3
    settings.UPSTREAM_CIRCUIT_COOLDOWN = 30
    settings.UPSTREAM_GET_RETRIES = 0
    settings.UPSTREAM_READ_TIMEOUT = 1
    settings.UPSTREAM_CONNECT_TIMEOUT = 0.5
    return settings


def fail_calls(client: AccelEventsClient, times: int) -> None:
    for _ in range(times):
        with pytest.raises(UpstreamUnavailable):
            client.event()


def circuit_log(caplog) -> str:
    return "\n".join(
        r.getMessage() for r in caplog.records if r.name == "sessions_app.upstream.circuit"
    )


def test_consecutive_failures_open_the_circuit_and_then_calls_fail_in_milliseconds(
    breaker_settings, sandbox, caplog
):
    client = get_client()
    sandbox.set_fault(mode="status", status=503)
    with caplog.at_level(logging.INFO):
        fail_calls(client, 2)
        assert client.circuit.state() == CLOSED
        fail_calls(client, 1)
    assert client.circuit.state() == OPEN
    assert "circuit open for upstream 127.0.0.1:" in circuit_log(caplog)
    assert "after 3 consecutive failures" in circuit_log(caplog)

    sandbox.reset_stats()
    sandbox.set_fault(mode="hang", seconds=5)  # a call that went out would wait its timeout
    started = time.perf_counter()
    with pytest.raises(CircuitOpen) as caught:
        client.event()
    elapsed = time.perf_counter() - started
    sandbox.clear_faults()
    assert sandbox.stats()["requests"] == {}, "an open circuit calls nobody"
    assert caught.value.latency_ms == 0 and elapsed < breaker_settings.UPSTREAM_READ_TIMEOUT / 2
    assert isinstance(caught.value, UpstreamUnavailable) and caught.value.request_id


def test_a_success_resets_the_count_so_only_consecutive_failures_open_it(breaker_settings, sandbox):
    client = get_client()
    for _ in range(3):
        sandbox.set_fault(mode="status", status=503, count=2)
        fail_calls(client, 2)
        assert client.event().url  # the rule used up: a success in between
    assert client.circuit.state() == CLOSED


def test_a_success_that_was_sent_before_the_failures_still_resets_the_count(
    breaker_settings, sandbox
):
    """Under load many calls are in flight at once: an answer that arrives after some
    failures proves the host is answering, whenever its call was sent."""
    client, token = get_client(), sandbox.token("vip")
    sandbox.set_faults(
        [
            {"mode": "latency", "ms": 600, "path_contains": "/session/v2"},
            {"mode": "status", "status": 503},
        ]
    )
    answered = []
    slow = threading.Thread(target=lambda: answered.append(client.sessions(token, tz=UTC)))
    slow.start()
    time.sleep(0.2)  # sent, not yet answered
    fail_calls(client, 2)
    slow.join()
    assert answered  # the host is up
    fail_calls(client, 1)
    assert client.circuit.state() == CLOSED


def test_answers_that_say_no_are_not_failures(breaker_settings, sandbox):
    client, token = get_client(), sandbox.token("vip")
    for _ in range(5):
        with pytest.raises(UpstreamNotFound):
            client.session(token, 987654321, tz="UTC")
    assert client.circuit.state() == CLOSED


def test_after_the_cool_down_one_probe_goes_through_and_its_success_closes_it(
    breaker_settings, sandbox, caplog
):
    breaker_settings.UPSTREAM_CIRCUIT_COOLDOWN = 0.3
    client = get_client()
    sandbox.set_fault(mode="status", status=503)
    fail_calls(client, 3)
    time.sleep(0.35)
    assert client.circuit.state() == HALF_OPEN
    sandbox.set_fault(mode="latency", ms=300)  # healthy again, and slow enough to overlap
    sandbox.reset_stats()
    outcomes, barrier = [], threading.Barrier(6)

    def call():
        barrier.wait()
        try:
            outcomes.append(client.event().url)
        except CircuitOpen:
            outcomes.append("refused")

    with caplog.at_level(logging.INFO):
        threads = [threading.Thread(target=call) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(outcomes).count("refused") == 5, outcomes
    assert sandbox.request_count(EVENT) == 1, "exactly one probe"
    assert client.circuit.state() == CLOSED
    log = circuit_log(caplog)
    assert "half-open" in log and "circuit closed for upstream" in log
    assert client.event().url


def test_a_failed_probe_opens_it_for_another_cool_down(breaker_settings, sandbox, caplog):
    breaker_settings.UPSTREAM_CIRCUIT_COOLDOWN = 0.2
    client = get_client()
    sandbox.set_fault(mode="status", status=503)
    fail_calls(client, 3)
    time.sleep(0.25)
    with caplog.at_level(logging.INFO):
        fail_calls(client, 1)  # the probe, and it fails
    assert client.circuit.state() == OPEN
    assert "the probe call failed" in circuit_log(caplog)
    with pytest.raises(CircuitOpen):
        client.event()


def test_every_worker_sees_the_same_state_through_the_cache(breaker_settings, sandbox):
    """Two clients stand for two workers: nothing about the circuit lives in a client."""
    worker_a = get_client()
    worker_b = AccelEventsClient(base_url=sandbox.api_url, event_url="aurora-summit")
    sandbox.set_fault(mode="status", status=503)
    fail_calls(worker_a, 3)
    with pytest.raises(CircuitOpen):
        worker_b.event()
    assert any(key.startswith(":1:portal:circuit:") for key in cached_keys())


def test_each_upstream_host_has_its_own_circuit(breaker_settings, sandbox):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # refuses connections
        down = AccelEventsClient(
            base_url=f"http://127.0.0.1:{sock.getsockname()[1]}/rest", event_url="x", get_retries=0
        )
        fail_calls(down, 3)
        assert down.circuit.state() == OPEN
    assert get_client().circuit.state() == CLOSED
    assert get_client().event().url


def test_the_breaker_steps_aside_when_the_cache_is_down(breaker_settings, sandbox):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        redis_down = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{sock.getsockname()[1]}/0",
            }
        }
        with override_settings(CACHES=redis_down):
            client = get_client()
            assert client.event().url
            sandbox.set_fault(mode="status", status=503)
            fail_calls(client, 5)  # counted nowhere: the circuit cannot open, calls go out
            sandbox.clear_faults()
            assert client.event().url


@pytest.mark.django_db
def test_with_the_circuit_open_pages_serve_their_last_good_copy_in_milliseconds(
    breaker_settings, sandbox, client
):
    sign_in(client)
    assert client.get("/").status_code == 200
    breaker_settings.PORTAL_CACHE_TTL = breaker_settings.PORTAL_ATTENDEE_TTL = 0
    sandbox.set_fault(mode="hang", seconds=5)
    client.get("/")  # two timeouts (list, registrations)
    client.get("/")  # a third: the circuit opens
    assert get_client().circuit.state() == OPEN
    sandbox.reset_stats()
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        response = client.get("/")
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200 and "Updated 0 minutes ago" in response.content.decode()
    assert sandbox.stats()["requests"] == {}
    assert max(timings) < 0.3, [f"{t * 1000:.0f} ms" for t in timings]
    sandbox.clear_faults()
