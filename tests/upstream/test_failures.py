"""What an upstream answer that is not a success means to the portal: a refused join with its
reason, a sign-in refused, a write whose outcome is unknown (re-read before saying anything),
a write never sent (safe to try again), or the platform down, with the message its body gave."""

import json
import time

import pytest
import requests
from urllib3.exceptions import NewConnectionError

from sessions_app.upstream import errors
from sessions_app.upstream.blame import Rules
from sessions_app.upstream.domain import CallInfo
from sessions_app.upstream.failures import network_error, status_error, unconfirmed_write

META = CallInfo(status=0, request_id="req-1", latency_ms=40)
READ = Rules(kind="read", api_key=False, misconfigured={})
JOIN = Rules(kind="refusal", api_key=False, misconfigured={})
SIGN_IN = Rules(kind="sign_in", api_key=False, misconfigured={})


def answer(status, body=None, *, method="GET", content_type="application/json", headers=None):
    response = requests.Response()
    response.status_code = status
    response._content = (
        json.dumps(body).encode()
        if not isinstance(body, str | bytes)
        else (body.encode() if isinstance(body, str) else body)
    )
    response.headers["Content-Type"] = content_type
    response.headers.update(headers or {})
    response.request = requests.Request(method, "http://upstream.test/rest/x").prepare()
    return response


def test_a_refused_join_carries_its_reason_and_the_bodys_words():
    error = status_error(
        answer(406, {"errorCode": "4060610", "errorMessage": "Full"}, method="POST"), META, JOIN
    )
    assert isinstance(error, errors.JoinRefused)
    assert (error.reason, error.message, error.code, error.request_id) == (
        errors.RefusalReason.CAPACITY_FULL,
        "Full",
        "4060610",
        "req-1",
    )


def test_the_other_error_body_shape_and_plain_text_are_read_too():
    error = status_error(answer(406, {"code": 4042005, "message": "No"}, method="POST"), META, JOIN)
    assert (error.code, error.message, error.reason) == (
        "4042005",
        "No",
        errors.RefusalReason.TICKET_TYPE,
    )
    text = status_error(
        answer(404, "Session \n not   found", content_type="text/plain"), META, READ
    )
    assert (type(text), text.message) == (errors.UpstreamNotFound, "Session not found")
    html = status_error(answer(404, "<h1>Not found</h1>", content_type="text/html"), META, READ)
    assert html.message == errors.UpstreamNotFound.default_message


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_5xx_on_a_write_is_an_unknown_outcome_and_on_a_read_the_platform_down(status):
    assert (
        type(status_error(answer(status, {}, method="POST"), META, JOIN)) is errors.UpstreamTimeout
    )
    assert type(status_error(answer(status, {}), META, READ)) is errors.UpstreamUnavailable


def test_a_sign_in_refusal_and_an_expired_token():
    assert (
        type(status_error(answer(401, {}, method="POST"), META, SIGN_IN)) is errors.SignInRejected
    )
    assert (
        type(status_error(answer(423, {}, method="POST"), META, SIGN_IN)) is errors.SignInRejected
    )
    assert type(status_error(answer(401, {}), META, READ)) is errors.UpstreamAuthError


def test_busy_carries_when_to_try_again():
    error = status_error(answer(429, {}, headers={"Retry-After": "7"}), META, READ)
    assert (type(error), error.retry_after) == (errors.UpstreamRateLimited, 7)


def test_a_misconfiguration_names_its_setting():
    error = status_error(answer(405, {}, method="POST"), META, JOIN)
    assert isinstance(error, errors.UpstreamMisconfigured)
    assert "ACCELEVENTS_JOIN_METHOD" in error.setting


def test_a_connection_never_made_is_a_write_not_sent():
    refused = requests.ConnectionError(NewConnectionError(None, "refused"))
    assert type(network_error("POST", refused, "r", time.monotonic())) is errors.NeverConnected
    assert (
        type(network_error("POST", requests.ConnectTimeout(), "r", time.monotonic()))
        is errors.NeverConnected
    )
    assert type(network_error("GET", refused, "r", time.monotonic())) is errors.UpstreamUnavailable


def test_a_connection_lost_after_sending_a_write_is_an_unknown_outcome():
    broken = network_error("DELETE", requests.ConnectionError("reset"), "r", time.monotonic())
    assert type(broken) is errors.UpstreamTimeout
    assert "broke" in broken.message
    assert (
        type(network_error("GET", requests.ConnectionError("reset"), "r", time.monotonic()))
        is errors.UpstreamUnavailable
    )
    assert (
        type(network_error("GET", requests.ReadTimeout(), "r", time.monotonic()))
        is errors.UpstreamTimeout
    )


def test_a_writes_unreadable_200_does_not_prove_it_happened():
    error = unconfirmed_write(CallInfo(status=200, request_id="r", latency_ms=5))
    assert (type(error), error.status) == (errors.UpstreamTimeout, 200)
