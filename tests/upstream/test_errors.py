"""What went wrong talking to the upstream: a refusal read as the reason an attendee is told
(by errorCode, then the message, then the status), the session limit named in the message, and
an error that survives the cache (pickled) whole, with the message an attendee reads."""

import pickle

import pytest

from sessions_app.upstream.errors import (
    JoinRefused,
    RefusalReason,
    UpstreamMisconfigured,
    UpstreamRateLimited,
    UpstreamTimeout,
    refusal_reason,
    session_limit,
)

R = RefusalReason


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("4060610", R.CAPACITY_FULL),
        ("4042005", R.TICKET_TYPE),
        ("4072002", R.EXPIRED),
        (" 404800 ", R.NOT_FOUND),
    ],
)
def test_a_known_code_decides_the_reason_whatever_the_message(code, reason):
    assert refusal_reason(406, code, "only permits registering for 3 sessions") == reason
    assert refusal_reason(406, code, "") == reason


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("You are not yet registered for the event", R.NOT_REGISTERED_FOR_EVENT),
        ("Your ticket only permits registering for 3 sessions", R.SESSION_LIMIT),
        ("Session capacity has been reached", R.CAPACITY_FULL),
        ("Your ticket does not permit access to this session", R.TICKET_TYPE),
        ("The time limit for accessing this session is expired.", R.EXPIRED),
        ("Session Not Found", R.NOT_FOUND),
    ],
)
def test_an_unknown_code_is_read_from_the_message(message, reason):
    assert refusal_reason(406, "9999999", message) == reason


def test_then_the_status_and_else_other():
    assert refusal_reason(404, "", "") == R.NOT_FOUND
    assert refusal_reason(407, "", "") == R.EXPIRED
    assert refusal_reason(406, "", "no idea") == R.OTHER
    assert refusal_reason(None, "", None) == R.OTHER


def test_the_session_limit_is_read_from_the_message():
    assert session_limit("Your ticket only permits registering for 3 sessions.") == 3
    assert session_limit("only permits registering for ٣ sessions") is None
    assert session_limit("") is None
    assert session_limit(None) is None


def test_a_refusal_carries_its_reason_and_limit():
    refusal = JoinRefused(
        "Your ticket only permits registering for 2 sessions", status=406, code="x"
    )
    assert (refusal.reason, refusal.limit) == (R.SESSION_LIMIT, 2)
    assert JoinRefused("", reason=R.CAPACITY_FULL, limit=5).limit == 5


def test_an_error_without_a_message_says_something_an_attendee_can_read():
    assert str(UpstreamTimeout()) == "The event platform took too long to answer."
    assert UpstreamRateLimited(retry_after=3).retry_after == 3


def test_an_error_survives_the_cache_whole():
    errors = [
        JoinRefused(
            "Capacity reached", status=406, code="4060610", request_id="r-1", latency_ms=12
        ),
        UpstreamMisconfigured("Wrong path", status=405, setting="ACCELEVENTS_PATHS"),
        UpstreamTimeout(request_id="r-2"),
    ]
    for error in errors:
        copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
        assert type(copy) is type(error)
        assert copy.__dict__ == error.__dict__
        assert str(copy) == str(error)


def test_the_repr_names_what_a_log_line_needs():
    text = repr(JoinRefused("Full", status=406, code="4060610", request_id="r-9"))
    assert text.startswith(
        "JoinRefused(status=406, code='4060610', message='Full', request_id='r-9'"
    )
    assert "reason=<RefusalReason.CAPACITY_FULL" in text
    assert "setting='ACCELEVENTS_PATHS'" in repr(UpstreamMisconfigured(setting="ACCELEVENTS_PATHS"))
