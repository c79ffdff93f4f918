"""How one call to the sandbox is made and what comes back when it goes wrong: the headers
and path sent, the one log line without secrets, a hang cut short, and every unreadable,
refused or unexpected answer turned into the error that says what the caller may conclude (a
write answered by something other than the API: an unknown outcome)."""

import logging
import time

import pytest

from sandbox.demo import ACCOUNTS, EVENT_ID, SESSION_IDS
from sessions_app.upstream.contract import DEFAULT_PATHS as PATHS
from sessions_app.upstream.errors import (
    JoinRefused,
    NeverConnected,
    UpstreamAuthError,
    UpstreamError,
    UpstreamNotFound,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from tests.fault_helpers import closed_port
from tests.upstream.client_helpers import API_KEY, TZ, make_client, sign_in, ticket_of


def test_path_values_cannot_leave_their_segment(api, spy):
    with pytest.raises(UpstreamError):
        api.sign_in_with_key("../../host/event/x?page=1#")

    assert (
        spy[-1].request.path_url
        == "/rest/u/loginUserByUserKey/..%2F..%2Fhost%2Fevent%2Fx%3Fpage%3D1%23"
    )


@pytest.mark.parametrize("scheme", ["", "Bearer"])
def test_token_header_format(sandbox, spy, scheme):
    api = make_client(sandbox.api_url, auth_scheme=scheme)
    token = sign_in(api, "general")

    api.profile(token)

    sent = spy[-1].request.headers["Authorization"]
    assert sent == (f"Bearer {token}" if scheme else token)


def test_token_header_name_and_scheme_are_used(sandbox):
    token = sandbox.token("general")
    for options in ({"auth_scheme": "Token"}, {"auth_header": "X-Auth-Token"}):
        with pytest.raises(UpstreamAuthError):
            make_client(sandbox.api_url, **options).profile(token)


def test_request_id_and_user_agent_are_sent(api, spy, victor):
    info = api.join(victor, SESSION_IDS["accessible-venues"], ticket_of(api, victor))

    response = spy[-1]
    assert response.request.headers["X-Request-ID"] == info.request_id
    assert response.headers["X-Request-ID"] == info.request_id  # the sandbox echoes it
    assert response.request.headers["User-Agent"] == "accelevents-attendee-portal/0.1"
    assert len({r.request.headers["X-Request-ID"] for r in spy}) == len(spy)


def test_errors_carry_the_request_id_sent(api, spy, gina):
    with pytest.raises(UpstreamNotFound) as caught:
        api.session(gina, 1, tz=TZ)
    assert spy[-1].headers["X-Request-ID"] == caught.value.request_id


def test_one_log_line_per_call_without_secrets(api, sandbox, caplog):
    user_key = sandbox.magic_key(ACCOUNTS["vip"]["email"])
    password = ACCOUNTS["general"]["password"]
    with caplog.at_level(logging.INFO, logger="sessions_app.upstream"):
        token = api.sign_in(ACCOUNTS["general"]["email"], password).token
        key_token = api.sign_in_with_key(user_key).token
        api.profile(token)
        api.host_sessions(tz=TZ, event_id=EVENT_ID, size=1)
        with pytest.raises(JoinRefused):
            api.join(token, SESSION_IDS["vip-roadmap"], ticket_of(api, token))

    records = [r for r in caplog.records if r.name == "sessions_app.upstream"]
    assert len(records) == 6
    text = "\n".join(r.getMessage() for r in records)
    for secret in (token, key_token, user_key, password, API_KEY, ACCOUNTS["general"]["email"]):
        assert secret not in text
    assert f"POST {PATHS['login_by_key']} status=200" in text
    assert f"POST {PATHS['join']} status=406" in text
    assert str(SESSION_IDS["vip-roadmap"]) not in text  # templates, not filled paths


def test_hang_becomes_a_timeout_quickly(api, sandbox, gina):
    sandbox.set_fault(mode="hang", seconds=4)

    for call in (
        lambda: api.sessions(gina, tz=TZ),
        # A session that does not exist, so the join the sandbox finishes after the hang
        # cannot change the next test's data.
        lambda: api.join(gina, 999_999, 1),
    ):
        started = time.monotonic()
        with pytest.raises(UpstreamTimeout) as caught:
            call()
        assert time.monotonic() - started < 3
        assert caught.value.status is None and caught.value.request_id


@pytest.mark.parametrize("mode", ["truncated", "malformed", "drop"])
def test_unreadable_answers_are_unavailable(api, sandbox, gina, mode):
    sandbox.set_fault(mode=mode)

    for call in (
        lambda: api.sessions(gina, tz=TZ),
        lambda: api.session(gina, SESSION_IDS["hybrid-data"], tz=TZ),
        lambda: api.profile(gina),
        lambda: api.event(),
        lambda: api.host_sessions(tz=TZ, event_id=EVENT_ID),
    ):
        with pytest.raises(UpstreamUnavailable) as caught:
            call()
        assert type(caught.value) is UpstreamUnavailable
        assert caught.value.request_id


def test_wrong_shape_single_objects_are_unavailable(api, sandbox, gina):
    sandbox.set_fault(mode="wrong_shape")

    for call in (
        lambda: api.session(gina, SESSION_IDS["hybrid-data"], tz=TZ),
        lambda: api.sign_in(ACCOUNTS["general"]["email"], ACCOUNTS["general"]["password"]),
        # Nothing that identifies an event: broken, so a good copy from before is kept.
        lambda: api.event(),
    ):
        with pytest.raises(UpstreamUnavailable):
            call()


def test_connection_refused_is_unavailable_and_a_write_is_known_not_sent():
    with closed_port() as port:
        api = make_client(f"http://127.0.0.1:{port}/rest")
        calls = (
            (api.event, UpstreamUnavailable),
            (lambda: api.join("token", 1, 2), NeverConnected),
        )
        for call, failure in calls:
            started = time.monotonic()
            with pytest.raises(UpstreamUnavailable) as caught:
                call()
            assert type(caught.value) is failure
            assert time.monotonic() - started < 3


def test_non_json_error_body_gets_a_generic_message(api, sandbox, gina):
    sandbox.set_fault(mode="malformed")  # HTML, status 200

    with pytest.raises(UpstreamUnavailable) as caught:
        api.profile(gina)
    assert caught.value.message == "The event platform sent an answer the portal could not read."
    assert caught.value.status == 200


def test_other_statuses_map_to_the_base_error(api, sandbox, gina):
    sandbox.set_fault(mode="status", status=409, count=1)

    with pytest.raises(UpstreamError) as caught:
        api.profile(gina)
    assert type(caught.value) is UpstreamError
    assert (caught.value.status, caught.value.code, caught.value.message) == (
        409,
        "409",
        "Conflict",
    )


def test_a_write_answered_by_a_proxys_page_is_an_unknown_outcome_not_a_success(
    api, sandbox, victor
):
    """A 200 with HTML does not prove the join happened: the caller must re-read."""
    ticket = ticket_of(api, victor)
    sandbox.set_fault(mode="malformed", method="POST")

    with pytest.raises(UpstreamTimeout) as caught:
        api.join(victor, SESSION_IDS["accessible-venues"], ticket)

    assert caught.value.status == 200
