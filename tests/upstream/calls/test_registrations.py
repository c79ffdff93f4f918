"""Joining and leaving a session against the sandbox: a join and an unregister that go through,
a seat reserved before the session is live, each refusal the platform gives and the reason the
portal reads from it, and a write whose answer never came back counted as unknown, not failed."""

from datetime import UTC, datetime

import pytest

from sandbox.demo import SESSION_IDS
from sessions_app.upstream.domain import CallInfo
from sessions_app.upstream.errors import JoinRefused, RefusalReason, UpstreamTimeout
from tests.upstream.client_helpers import TZ, sign_in, ticket_of


def test_join_then_unregister(api, victor):
    session_id, ticket = SESSION_IDS["accessible-venues"], ticket_of(api, victor)

    joined = api.join(victor, session_id, ticket)
    assert isinstance(joined, CallInfo)
    assert joined.status == 200 and len(joined.request_id) == 32 and joined.latency_ms >= 0
    assert session_id in {s.id for s in api.registered_sessions(victor, tz=TZ).sessions}
    assert api.join(victor, session_id, ticket).status == 200  # already registered: no-op

    assert api.unregister(victor, session_id, ticket).status == 200
    assert session_id not in {s.id for s in api.registered_sessions(victor, tz=TZ).sessions}
    with pytest.raises(JoinRefused) as caught:
        api.unregister(victor, session_id, ticket)
    assert (caught.value.status, caught.value.code, caught.value.reason) == (
        404,
        "404801",
        RefusalReason.NOT_FOUND,
    )
    assert caught.value.message == "You are not registered for this session"


def _refusal(api, token, session_key, ticket=None):
    session_id = SESSION_IDS.get(session_key, 999_999)
    with pytest.raises(JoinRefused) as caught:
        api.join(token, session_id, ticket if ticket is not None else ticket_of(api, token))
    return caught.value


def test_join_refused_not_found(api, victor):
    refused = _refusal(api, victor, "no-such-session")
    assert (refused.status, refused.code, refused.reason) == (
        404,
        "404800",
        RefusalReason.NOT_FOUND,
    )
    assert refused.message == "Session not found!"


def test_join_refused_hidden_session_is_not_found(api, victor):
    assert _refusal(api, victor, "green-room").reason is RefusalReason.NOT_FOUND


@pytest.mark.parametrize("who", ["noticket", "general"])
def test_join_refused_without_an_event_ticket(api, victor, who):
    """Nora holds no ticket; Gina tries Victor's ticket id."""
    refused = _refusal(api, sign_in(api, who), "accessible-venues", ticket=ticket_of(api, victor))
    assert (refused.status, refused.code) == (406, "4068910")
    assert refused.reason is RefusalReason.NOT_REGISTERED_FOR_EVENT
    assert refused.message.startswith("You have not yet registered for the event.")


@pytest.mark.parametrize("session_key", ["roadmap-qa", "lessons-1000", "day2-keynote"])
def test_join_refused_when_not_live(api, victor, session_key):
    refused = _refusal(api, victor, session_key)
    assert (refused.status, refused.code, refused.reason) == (407, "4072002", RefusalReason.EXPIRED)
    assert refused.message == "The time limit for accessing this session is expired."


def test_join_allowed_in_the_late_window(api, victor):
    ops = api.session(victor, SESSION_IDS["ops-standup"], tz=TZ)
    now = datetime.now(UTC)
    assert ops.end < now and ops.is_live(now)
    assert api.join(victor, ops.id, ticket_of(api, victor)).status == 200


def test_join_refused_ticket_type(api, gina):
    refused = _refusal(api, gina, "vip-roadmap")
    assert (refused.status, refused.code, refused.reason) == (
        406,
        "4042005",
        RefusalReason.TICKET_TYPE,
    )
    assert refused.message == "Your ticket does not permit access to this session"


def test_join_refused_session_limit(api, gina):
    ticket = ticket_of(api, gina)
    assert api.join(gina, SESSION_IDS["accessible-venues"], ticket).status == 200

    refused = _refusal(api, gina, "sponsor-stories", ticket)
    assert (refused.status, refused.code) == (406, "4060611")
    assert (refused.reason, refused.limit) == (RefusalReason.SESSION_LIMIT, 2)
    assert "only permits registering for 2 sessions" in refused.message


def test_join_refused_capacity(api, victor):
    full = api.session(victor, SESSION_IDS["full-house"], tz=TZ)
    assert (full.capacity, full.registered_count, full.seats_left, full.is_full) == (3, 3, 0, True)

    refused = _refusal(api, victor, "full-house")
    assert (refused.status, refused.code) == (406, "4060610")
    assert refused.reason is RefusalReason.CAPACITY_FULL
    assert refused.message == "Max user registration capacity reached"


def test_504_on_a_write_means_outcome_unknown(api, sandbox, victor):
    ticket = ticket_of(api, victor)
    sandbox.set_fault(mode="status", status=504, method="DELETE")

    with pytest.raises(UpstreamTimeout) as caught:
        api.unregister(victor, SESSION_IDS["opening-keynote"], ticket)
    assert caught.value.status == 504


def test_drop_during_a_write_means_outcome_unknown(api, sandbox, victor):
    ticket, session_id = ticket_of(api, victor), SESSION_IDS["accessible-venues"]
    sandbox.set_fault(mode="drop", method="POST")

    with pytest.raises(UpstreamTimeout):
        api.join(victor, session_id, ticket)
    sandbox.clear_faults()  # the join did reach the sandbox: re-reading tells the truth
    assert session_id in {s.id for s in api.registered_sessions(victor, tz=TZ).sessions}


def test_a_seat_in_a_session_not_yet_live_is_reserved_only_when_asked_ahead(api, victor):
    day_two, ticket = SESSION_IDS["day2-keynote"], ticket_of(api, victor)
    with pytest.raises(JoinRefused) as caught:
        api.join(victor, day_two, ticket)
    assert caught.value.reason is RefusalReason.EXPIRED

    assert api.join(victor, day_two, ticket, ahead=True).status == 200

    assert day_two in {s.id for s in api.registered_sessions(victor, tz=TZ).sessions}
    assert api.unregister(victor, day_two, ticket).status == 200
