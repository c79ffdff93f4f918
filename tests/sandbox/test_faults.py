"""Sandbox fault injection, seen from a plain `requests` call."""

import json
import time

import pytest
import requests

from sandbox.demo import SESSION_IDS

EVENT = "/events/{event}"
LIST = "/events/{event}/session/v2"


def _fault(sandbox, spec, path=EVENT, **kwargs):
    return sandbox.rest("GET", path, headers={"X-Sandbox-Fault": spec}, **kwargs)


def test_latency_is_added(sandbox):
    sandbox.set_fault(mode="latency", ms=400)

    started = time.monotonic()
    response = sandbox.rest("GET", EVENT)

    assert response.status_code == 200
    assert time.monotonic() - started >= 0.4


def test_status_with_retry_after(sandbox):
    response = _fault(sandbox, "mode=status;status=503;retry_after=2")

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    assert response.json()["errorCode"] == "503"


def test_status_fault_short_circuits_the_write(sandbox):
    token = sandbox.token("vip")
    sandbox.set_fault(mode="status", status=500, method="POST", path_contains="/register/")

    session_id = SESSION_IDS["accessible-venues"]
    join = sandbox.rest("POST", f"/events/{{event}}/session/{session_id}/register/57941", token)

    assert join.status_code == 500
    mine = sandbox.rest("GET", "/events/{event}/user-session/registered", token).json()["data"]
    assert session_id not in {i["sessionId"] for i in mine}


def test_counted_fault_clears_itself(sandbox):
    sandbox.set_fault(mode="status", status=502, count=2)

    statuses = [sandbox.rest("GET", EVENT).status_code for _ in range(3)]

    assert statuses == [502, 502, 200]


def test_fault_filters_by_path_and_method(sandbox):
    token = sandbox.token()
    sandbox.set_fault(mode="status", status=429, path_contains="/session/v2", method="GET")

    assert sandbox.rest("GET", LIST, token).status_code == 429
    assert sandbox.rest("GET", EVENT).status_code == 200
    assert sandbox.rest("GET", "/u/myprofile", token).status_code == 200


def test_malformed_body_is_html(sandbox):
    response = _fault(sandbox, "mode=malformed")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    with pytest.raises(ValueError):
        response.json()


def test_truncated_body_is_half_a_json_document(sandbox):
    whole = sandbox.rest("GET", EVENT).content

    response = _fault(sandbox, "mode=truncated")

    assert response.headers["Content-Type"] == "application/json"
    assert response.content == whole[: len(whole) // 2]
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


def test_drop_breaks_the_connection_mid_body(sandbox):
    with pytest.raises((requests.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        _fault(sandbox, "mode=drop", LIST)


def test_hang_times_the_client_out(sandbox):
    with pytest.raises(requests.ReadTimeout):
        _fault(sandbox, "mode=hang;seconds=2", timeout=1)


def test_wrong_shape_is_valid_json_that_breaks_the_contract(sandbox):
    token = sandbox.token()
    response = sandbox.rest("GET", LIST, token, headers={"X-Sandbox-Fault": "mode=wrong_shape"})

    body = response.json()
    assert response.status_code == 200
    assert isinstance(body["recordsTotal"], str)
    first, second, third = body["data"][:3]
    assert "title" not in first
    assert second["streamProvider"] == "MYSPACE"
    assert isinstance(third["sessionId"], str) and third["sessionStats"] is None


def test_bad_fault_header_is_400(sandbox):
    response = _fault(sandbox, "mode=explode")
    assert (response.status_code, response.json()["errorCode"]) == (400, "SANDBOX_BAD_FAULT")


def test_bad_fault_rule_is_refused_by_the_control_endpoint(sandbox):
    with pytest.raises(requests.HTTPError):
        sandbox.set_fault(mode="status", status=999)


def test_faults_never_touch_the_control_endpoints(sandbox):
    sandbox.set_fault(mode="status", status=503)

    assert sandbox.health()["status"] == "ok"
    sandbox.clear_faults()
    assert sandbox.rest("GET", EVENT).status_code == 200


def test_stats_count_requests_by_path_template(sandbox):
    token = sandbox.token()
    sandbox.reset_stats()
    sandbox.set_fault(mode="status", status=503, count=1, path_contains="/session/v2")

    for _ in range(3):
        sandbox.rest("GET", LIST, token)
    sandbox.rest("GET", "/events/{event}/session/v2/11592", token)

    assert sandbox.stats()["requests"] == {
        "GET /events/{eventurl}/session/v2": 3,
        "GET /events/{eventurl}/session/v2/{session_id}": 1,
    }
