"""The fault matrix's vocabulary: each upstream fault the portal must survive, how to inject it
into the sandbox, and how fast a page has to answer while it lasts.

Test timeouts are short (connect 0.25 s, read 0.5 s, budget 0.8 s) so a 10 s latency or a hang
costs the suite well under a second per request; the expectations are stated relative to those
settings, so they hold for production's longer ones too. One sandbox reset per test module (see
`module_sandbox`); tests that write use their own fresh attendee instead of a reset.
"""

import socket
import time
from contextlib import contextmanager

from django.test import Client

from tests.sandbox_control import SandboxControl

CONNECT_TIMEOUT = 0.25
READ_TIMEOUT = 0.5
TIME_BUDGET = 0.8
# Rendering, the portal's own database and cache, and the test client's overhead.
MARGIN = 0.6

# name -> sandbox fault rule. "refused" points the portal at a port nobody listens on;
# "expired-token" expires every upstream token instead of injecting a fault.
FAULTS: dict[str, dict | None] = {
    "latency-100ms": {"mode": "latency", "ms": 100},
    "latency-2s": {"mode": "latency", "ms": 2000},
    "latency-10s": {"mode": "latency", "ms": 10000},
    "refused": None,
    "reset-mid-body": {"mode": "drop"},
    "500": {"mode": "status", "status": 500},
    "502": {"mode": "status", "status": 502},
    "502-retry-after": {"mode": "status", "status": 502, "retry_after": 1},
    "503": {"mode": "status", "status": 503},
    "503-retry-after": {"mode": "status", "status": 503, "retry_after": 1},
    "429": {"mode": "status", "status": 429},
    "truncated-json": {"mode": "truncated"},
    "proxy-html": {"mode": "malformed"},
    "wrong-shape": {"mode": "wrong_shape"},
    "expired-token": None,
}
# Faults whose calls still succeed (slowly): the attendee gets fresh data.
HARMLESS = {"latency-100ms"}


def fast_upstream_settings(settings, api_url: str) -> None:
    settings.ACCELEVENTS_API_BASE_URL = api_url
    settings.UPSTREAM_CONNECT_TIMEOUT = CONNECT_TIMEOUT
    settings.UPSTREAM_READ_TIMEOUT = READ_TIMEOUT
    settings.UPSTREAM_GET_RETRIES = 1
    settings.UPSTREAM_TIME_BUDGET = TIME_BUDGET
    # The matrix is about each fault on its own; tests/upstream/test_circuit.py covers the breaker.
    settings.UPSTREAM_CIRCUIT_FAILURES = 10_000


def module_sandbox(sandbox_server) -> SandboxControl:
    control = SandboxControl(sandbox_server)
    control.reset()
    return control


@contextmanager
def closed_port():
    """A local port that refuses connections (bound, never listening)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@contextmanager
def injected(name: str, sandbox: SandboxControl, settings, **scope):
    """The fault `name` for every upstream call (or those `scope` selects: `method`,
    `path_contains`, `count`) until the block ends."""
    rule = FAULTS[name]
    if name == "refused":
        with closed_port() as port:
            real = settings.ACCELEVENTS_API_BASE_URL
            settings.ACCELEVENTS_API_BASE_URL = f"http://127.0.0.1:{port}/rest"
            try:
                yield
            finally:
                settings.ACCELEVENTS_API_BASE_URL = real
        return
    if name == "expired-token":
        sandbox.expire_tokens()
        yield
        return
    sandbox.set_fault(**rule, **scope)
    try:
        yield
    finally:
        sandbox.clear_faults()


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def sign_in_as(email: str, password: str) -> Client:
    client = Client()
    response = client.post("/sign-in/", {"email": email, "password": password})
    assert response.status_code == 302, response.content[:300]
    return client
