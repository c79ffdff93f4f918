"""Per-run sandbox settings from the environment (a second sandbox process of its own)."""

import time

import pytest
import requests

from sandbox.demo import ACCOUNTS, EVENT_ID, PASSWORD
from tests.sandbox_control import SandboxStartError, running_sandbox

NO_FAULT = {"X-Sandbox-Fault": "mode=latency;ms=0"}


@pytest.fixture(scope="module")
def configured_sandbox(tmp_path_factory):
    env = {
        "SANDBOX_LATENCY_MS": "200",
        "SANDBOX_FAULT": "mode=status;status=503;retry_after=7",
        "SANDBOX_TOKEN_TTL": "60",
        "SANDBOX_API_KEY": "another-key",
    }
    with running_sandbox(tmp_path_factory.mktemp("configured"), **env) as base_url:
        yield f"{base_url}/rest"


def test_env_fault_and_latency_apply_to_every_call(configured_sandbox):
    started = time.monotonic()
    response = requests.get(f"{configured_sandbox}/events/aurora-summit", timeout=5)

    assert time.monotonic() - started >= 0.2
    assert (response.status_code, response.headers["Retry-After"]) == (503, "7")


def test_env_token_ttl_and_api_key(configured_sandbox):
    login = requests.post(
        f"{configured_sandbox}/u/loginSignUp/aurora-summit",
        json={"email": ACCOUNTS["general"]["email"], "password": PASSWORD},
        headers=NO_FAULT,
        timeout=5,
    )
    host = f"{configured_sandbox}/host/event/aurora-summit/session?eventId={EVENT_ID}"

    assert login.json()["expires_in"] == 60
    wrong = requests.get(host, headers={**NO_FAULT, "Key": "sandbox-organization-key"}, timeout=5)
    right = requests.get(host, headers={**NO_FAULT, "Key": "another-key"}, timeout=5)
    assert (wrong.status_code, right.status_code) == (401, 200)


def test_invalid_env_fault_stops_start_up(tmp_path):
    with (
        pytest.raises(SandboxStartError, match="SANDBOX_FAULT is invalid"),
        running_sandbox(tmp_path, SANDBOX_FAULT="mode=meltdown"),
    ):
        pass
