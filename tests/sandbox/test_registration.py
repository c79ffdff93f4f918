"""Sandbox join/unregister over HTTP: success, every refusal of the contract, and capacity
under concurrency."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from sandbox.demo import (
    EVENT_ID,
    FIRST_TICKET_ID,
    FIRST_USER_ID,
    GENERAL_SESSION_LIMIT,
    SESSION_IDS,
    TESSA_TICKET_IDS,
)
from sandbox.errors import NO_TICKET_MESSAGE, SESSION_LIMIT_MESSAGE
from tests.sandbox_control import assert_api_error

GINA_TICKET, VICTOR_TICKET = 57940, 57941
REGISTER = "/events/{{event}}/session/{session}/register/{ticket}"


def _join(sandbox, token, key_or_id, ticket, method="POST"):
    session = SESSION_IDS.get(key_or_id, key_or_id)
    return sandbox.rest(method, REGISTER.format(session=session, ticket=ticket), token)


def _item(sandbox, token, key):
    path = f"/events/{{event}}/session/v2/{SESSION_IDS[key]}"
    return sandbox.rest("GET", path, token).json()


def _registered_ids(sandbox, token):
    page = sandbox.rest("GET", "/events/{event}/user-session/registered", token).json()
    return {i["sessionId"] for i in page["data"]}


def test_join_registers_the_caller(sandbox):
    token = sandbox.token("general")
    before = _item(sandbox, token, "accessible-venues")["sessionStats"]["registeredUserCount"]

    response = _join(sandbox, token, "accessible-venues", GINA_TICKET)

    assert (response.status_code, response.content) == (200, b"")
    assert SESSION_IDS["accessible-venues"] in _registered_ids(sandbox, token)
    after = _item(sandbox, token, "accessible-venues")["sessionStats"]["registeredUserCount"]
    assert after == before + 1


def test_joining_twice_is_a_no_op(sandbox):
    token = sandbox.token("general")

    response = _join(sandbox, token, "hybrid-data", GINA_TICKET)

    assert response.status_code == 200
    assert _item(sandbox, token, "hybrid-data")["sessionStats"]["registeredUserCount"] == 1


def test_join_needs_a_token(sandbox):
    response = _join(sandbox, None, "accessible-venues", GINA_TICKET)
    assert_api_error(response, 401, "4010101", "Not authorized")


def test_unknown_session_is_404(sandbox):
    response = _join(sandbox, sandbox.token(), 999999, GINA_TICKET)
    assert_api_error(response, 404, "404800", "Session not found!")


def test_hidden_session_is_404(sandbox):
    response = _join(sandbox, sandbox.token("vip"), "green-room", VICTOR_TICKET)
    assert_api_error(response, 404, "404800", "Session not found!")


@pytest.mark.parametrize(("who", "ticket"), [("noticket", GINA_TICKET), ("vip", GINA_TICKET)])
def test_someone_elses_ticket_is_refused(sandbox, who, ticket):
    response = _join(sandbox, sandbox.token(who), "accessible-venues", ticket)
    assert_api_error(response, 406, "4068910", NO_TICKET_MESSAGE)


@pytest.mark.parametrize("key", ["roadmap-qa", "day2-keynote", "lessons-1000"])
def test_session_that_is_not_live_is_407(sandbox, key):
    response = _join(sandbox, sandbox.token("vip"), key, VICTOR_TICKET)
    assert_api_error(
        response, 407, "4072002", "The time limit for accessing this session is expired."
    )


def test_late_joining_window_keeps_an_ended_session_joinable(sandbox):
    response = _join(sandbox, sandbox.token("vip"), "ops-standup", VICTOR_TICKET)
    assert response.status_code == 200


def test_ticket_type_restriction(sandbox):
    response = _join(sandbox, sandbox.token("general"), "vip-roadmap", GINA_TICKET)

    assert_api_error(response, 406, "4042005", "Your ticket does not permit access to this session")
    assert _join(sandbox, sandbox.token("vip"), "vip-roadmap", VICTOR_TICKET).status_code == 200


def test_two_ticket_holder_joins_with_the_ticket_that_grants_access(sandbox):
    token = sandbox.token("tessa")
    general, vip = TESSA_TICKET_IDS
    items = sandbox.rest("GET", "/events/{event}/session/v2", token).json()["data"]

    refused = _join(sandbox, token, "vip-roadmap", general)
    joined = _join(sandbox, token, "vip-roadmap", vip)

    assert items[0]["currentUserRegisteredEventTicketId"] == [general, vip]
    assert_api_error(refused, 406, "4042005", "Your ticket does not permit access to this session")
    assert joined.status_code == 200
    assert SESSION_IDS["vip-roadmap"] in _registered_ids(sandbox, token)


def test_tessa_comes_after_every_earlier_account_and_ticket(sandbox):
    host = sandbox.rest(
        "GET",
        "/host/event/{event}/session",
        headers={"Key": "sandbox-organization-key"},
        params={"eventId": EVENT_ID, "expand": "registerdHolderUsers", "size": 200},
    ).json()["data"]
    holders = next(i for i in host if i["sessionId"] == SESSION_IDS["full-house"])

    assert [(h["userId"], h["eventTicketId"]) for h in holders["registerdHolderUsers"]] == [
        (FIRST_USER_ID + 3, FIRST_TICKET_ID + 2),
        (FIRST_USER_ID + 4, FIRST_TICKET_ID + 3),
        (FIRST_USER_ID + 5, FIRST_TICKET_ID + 4),
    ]
    assert TESSA_TICKET_IDS == [FIRST_TICKET_ID + 5, FIRST_TICKET_ID + 6]


def test_session_limit_names_the_number(sandbox):
    token = sandbox.token("general")
    assert _join(sandbox, token, "accessible-venues", GINA_TICKET).status_code == 200

    response = _join(sandbox, token, "sponsor-stories", GINA_TICKET)

    message = SESSION_LIMIT_MESSAGE.format(limit=GENERAL_SESSION_LIMIT)
    assert_api_error(response, 406, "4060611", message)
    assert "only permits registering for 2 sessions" in response.json()["errorMessage"]


def test_unregistering_frees_a_slot_of_the_limit(sandbox):
    token = sandbox.token("general")
    _join(sandbox, token, "accessible-venues", GINA_TICKET)

    assert _join(sandbox, token, "hybrid-data", GINA_TICKET, "DELETE").status_code == 200

    assert _join(sandbox, token, "sponsor-stories", GINA_TICKET).status_code == 200


def test_full_session_is_refused(sandbox):
    response = _join(sandbox, sandbox.token("vip"), "full-house", VICTOR_TICKET)
    assert_api_error(response, 406, "4060610", "Max user registration capacity reached")


def test_unregister(sandbox):
    token = sandbox.token("general")

    response = _join(sandbox, token, "hybrid-data", GINA_TICKET, "DELETE")

    assert (response.status_code, response.content) == (200, b"")
    assert _registered_ids(sandbox, token) == set()
    assert _item(sandbox, token, "hybrid-data")["sessionStats"]["registeredUserCount"] == 0


def test_unregister_when_not_registered_is_404(sandbox):
    response = _join(sandbox, sandbox.token("general"), "accessible-venues", GINA_TICKET, "DELETE")
    assert_api_error(response, 404, "404801", "You are not registered for this session")


def test_upcoming_session_becomes_joinable_when_the_clock_moves(sandbox):
    token = sandbox.token("vip")
    assert _join(sandbox, token, "roadmap-qa", VICTOR_TICKET).status_code == 407

    sandbox.advance(13 * 60)

    assert _join(sandbox, token, "roadmap-qa", VICTOR_TICKET).status_code == 200


def test_capacity_holds_under_twenty_concurrent_joins(sandbox):
    attendees = sandbox.create_attendees(20, ticket_type="vip")

    def join(attendee):
        return _join(sandbox, attendee["accessToken"], "last-five-seats", attendee["eventTicketId"])

    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(join, attendees))

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * 5 + [406] * 15
    refused = [r.json() for r in responses if r.status_code == 406]
    assert {r["errorCode"] for r in refused} == {"4060610"}
    item = _item(sandbox, sandbox.token("vip"), "last-five-seats")
    assert item["sessionStats"]["registeredUserCount"] == 5
