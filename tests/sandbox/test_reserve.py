"""Sandbox: reserving a seat before a session is live (`joinSession=true`, documented) and
registering after it ended (`pastJoinSession=true`): the time rule changes, nothing else does."""

from sandbox.demo import SESSION_IDS
from sandbox.errors import SESSION_LIMIT_MESSAGE
from tests.sandbox_control import assert_api_error

GINA_TICKET, VICTOR_TICKET = 57940, 57941
REGISTER = "/events/{{event}}/session/{session}/register/{ticket}"
NOT_LIVE = (407, "4072002", "The time limit for accessing this session is expired.")


def register(sandbox, who, key, ticket, flag=""):
    path = REGISTER.format(session=SESSION_IDS[key], ticket=ticket)
    params = {flag: "true"} if flag else None
    return sandbox.rest("POST", path, sandbox.token(who), params=params)


def registered(sandbox, who) -> set[int]:
    page = sandbox.rest("GET", "/events/{event}/user-session/registered", sandbox.token(who))
    return {item["sessionId"] for item in page.json()["data"]}


def test_an_upcoming_session_is_refused_without_the_flag_and_reserved_with_it(sandbox):
    assert_api_error(register(sandbox, "vip", "roadmap-qa", VICTOR_TICKET), *NOT_LIVE)
    reserved = register(sandbox, "vip", "roadmap-qa", VICTOR_TICKET, "joinSession")
    assert (reserved.status_code, reserved.content) == (200, b"")
    assert SESSION_IDS["roadmap-qa"] in registered(sandbox, "vip")


def test_a_reservation_counts_against_capacity_and_the_session_limit(sandbox):
    sandbox.patch_session(SESSION_IDS["virtual-booths"], capacity=1)
    assert register(sandbox, "vip", "virtual-booths", VICTOR_TICKET, "joinSession").ok
    assert_api_error(
        register(sandbox, "general", "virtual-booths", GINA_TICKET, "joinSession"),
        406,
        "4060610",
        "Max user registration capacity reached",
    )
    # Gina holds one registration of her two; a reservation is the second, the third is refused.
    assert register(sandbox, "general", "roadmap-qa", GINA_TICKET, "joinSession").ok
    refused = register(sandbox, "general", "event-roi", GINA_TICKET, "joinSession")
    assert_api_error(refused, 406, "4060611", SESSION_LIMIT_MESSAGE.format(limit=2))


def test_the_flag_does_not_open_an_ended_session(sandbox):
    assert_api_error(
        register(sandbox, "vip", "email-marketing", VICTOR_TICKET, "joinSession"), *NOT_LIVE
    )


def test_after_the_end_the_past_flag_registers_unless_late_joining_was_allowed(sandbox):
    assert register(sandbox, "vip", "email-marketing", VICTOR_TICKET, "pastJoinSession").ok
    late = SESSION_IDS["ops-standup"]
    sandbox.patch_session(late, start_offset_minutes=-120, end_offset_minutes=-60)
    response = register(sandbox, "vip", "ops-standup", VICTOR_TICKET, "pastJoinSession")
    message = "The recording of this session is only available to users who watched it live."
    assert_api_error(response, 407, "4072003", message)
