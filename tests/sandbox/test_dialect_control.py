"""Choosing the sandbox's dialects: `/__sandbox__/dialect`, reset, health and SANDBOX_DIALECT."""

import pytest
import requests

from sandbox.dialects import KNOWN
from tests.sandbox_control import (
    SandboxControl,
    SandboxStartError,
    assert_api_error,
    running_sandbox,
)


def _post(sandbox, path, body):
    return requests.post(f"{sandbox.control_url}/{path}", json=body, timeout=5)


def test_no_dialect_by_default(sandbox):
    answer = requests.get(f"{sandbox.control_url}/dialect", timeout=5).json()

    assert answer == {"dialects": [], "known": list(KNOWN), "reseeded": False}
    assert sandbox.health()["dialects"] == []


def test_set_dialects_replaces_the_set(sandbox):
    sandbox.set_dialects("bearer-only")

    assert sandbox.set_dialects("page-cap-50", "expires-as-date") == [
        "page-cap-50",
        "expires-as-date",
    ]
    assert sandbox.dialects() == sandbox.health()["dialects"] == ["page-cap-50", "expires-as-date"]
    assert sandbox.set_dialects() == []


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ({"dialects": ["bearer-only", "bogus"]}, "unknown dialect(s): bogus"),
        ({"dialects": "bearer-only"}, "must be a list"),
        ({"dialects": [1]}, "must be a list"),
        ({"dialect": ["bearer-only"]}, 'send {"dialects"'),
        ({"dialects": ["error-body-text", "error-body-code-message"]}, "exclude each other"),
    ],
)
def test_bad_dialects_are_400_and_change_nothing(sandbox, body, why):
    sandbox.set_dialects("bearer-only")

    for path in ("dialect", "reset"):
        response = _post(sandbox, path, body)
        assert response.status_code == 400
        assert response.json()["errorCode"] == "SANDBOX_BAD_REQUEST"
        assert why in response.json()["errorMessage"]
    assert sandbox.dialects() == ["bearer-only"]


def test_setting_a_dialect_keeps_data_tokens_faults_and_clock(sandbox):
    token = sandbox.token()
    sandbox.set_clock(600)
    sandbox.set_fault(mode="latency", ms=1, path_contains="/never")

    answer = _post(sandbox, "dialect", {"dialects": ["expires-as-date"]}).json()

    assert answer["reseeded"] is False
    assert sandbox.rest("GET", "/u/myprofile", token).status_code == 200
    assert sandbox.health()["offsetSeconds"] == 600
    assert len(requests.get(f"{sandbox.control_url}/faults", timeout=5).json()["faults"]) == 1


def test_reset_returns_to_the_env_default(sandbox):
    sandbox.set_dialects("bearer-only", "error-body-code-message")

    answer = sandbox.reset()

    assert answer["dialects"] == sandbox.dialects() == []
    assert sandbox.rest("GET", "/u/myprofile", sandbox.token()).status_code == 200


def test_reset_with_dialects_sets_them(sandbox):
    answer = sandbox.reset(dialects=["bearer-only"])

    raw = sandbox.rest("GET", "/u/myprofile", sandbox.token())
    assert answer["dialects"] == sandbox.health()["dialects"] == ["bearer-only"]
    assert_api_error(raw, 401, "4010101", "Not authorized")


def test_two_dialects_together(sandbox):
    token = sandbox.token()
    sandbox.set_dialects("bearer-only", "error-body-code-message")

    raw = sandbox.rest("GET", "/u/myprofile", token)
    bearer = sandbox.rest("GET", "/u/myprofile", headers={"Authorization": f"Bearer {token}"})

    assert (raw.status_code, raw.json()) == (401, {"code": "4010101", "message": "Not authorized"})
    assert bearer.status_code == 200


def test_unknown_env_dialect_stops_start_up(tmp_path):
    with (
        pytest.raises(SandboxStartError, match="SANDBOX_DIALECT is invalid: unknown dialect"),
        running_sandbox(tmp_path, SANDBOX_DIALECT="page-cap-50,bogus"),
    ):
        pass


def test_env_dialects_apply_from_start_up_and_after_reset(tmp_path):
    """page-cap-50 only shows on a list longer than 50, so this run starts large, too."""
    env = {"SANDBOX_DIALECT": "page-cap-50, large-event"}
    with running_sandbox(tmp_path, **env) as base_url:
        control = SandboxControl(base_url)
        started = control.health()["dialects"]
        first = control.rest(
            "GET", "/events/{event}/session/v2", control.token(), params={"size": 200}
        )
        control.set_dialects()
        after_reset = control.reset()["dialects"]

    assert started == after_reset == ["page-cap-50", "large-event"]
    assert (len(first.json()["data"]), first.json()["recordsTotal"]) == (50, 300)
