"""The sandbox's refusals in the upstream's shape: each one, as the portal reads it, is the
reason it stands for (the journeys through the sandbox depend on that), and an error-body
dialect changes the shape of every error, not of some."""

import json

import pytest

from sandbox import dialects, errors
from sessions_app.upstream.errors import RefusalReason, refusal_reason, session_limit

R = RefusalReason


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (errors.session_not_found(), R.NOT_FOUND),
        (errors.not_registered(), R.NOT_FOUND),
        (errors.no_ticket(), R.NOT_REGISTERED_FOR_EVENT),
        (errors.not_live(), R.EXPIRED),
        (errors.recording_for_live_viewers_only(), R.EXPIRED),
        (errors.ticket_type_refused(), R.TICKET_TYPE),
        (errors.session_limit_reached(3), R.SESSION_LIMIT),
        (errors.capacity_reached(), R.CAPACITY_FULL),
    ],
)
def test_each_refusal_is_read_as_its_reason_by_code_and_by_message_alone(error, reason):
    assert refusal_reason(error.status, error.code, error.message) == reason
    assert refusal_reason(None, "", error.message) == reason


def test_the_session_limit_is_named_in_its_message():
    assert session_limit(errors.session_limit_reached(4).message) == 4


def test_an_error_is_the_upstreams_json_shape():
    response = errors.capacity_reached().response()
    assert response.status_code == 406
    assert json.loads(response.content) == {
        "errorCode": "4060610",
        "errorMessage": "Max user registration capacity reached",
        "developerMessage": "Max user registration capacity reached",
    }
    body = json.loads(errors.not_authorized("token expired").response().content)
    assert (body["errorMessage"], body["developerMessage"]) == ("Not authorized", "token expired")


def test_an_error_body_dialect_changes_the_shape_of_every_error():
    with dialects.pinned([dialects.ERROR_BODY_TEXT]):
        response = errors.event_not_found().response()
        assert (response.status_code, response.content) == (404, b"No Event could be found")
        assert response["Content-Type"].startswith("text/plain")
    with dialects.pinned([dialects.ERROR_BODY_CODE_MESSAGE]):
        body = json.loads(errors.session_not_found().response().content)
        assert body == {"code": "404800", "message": "Session not found!"}
