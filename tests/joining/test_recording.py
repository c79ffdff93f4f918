"""Every join and unregister click is recorded with what the upstream (the real sandbox) said,
and a registration is written only after its yes: never after a refusal, a timeout or a 5xx.
When the upstream said yes but the local write fails, the attendee still gets the stream and
reconciliation closes the gap later."""

import logging
import re
import time

import pytest
from django.test import Client

from sessions_app.models import JoinAttempt, Registration, SessionSnapshot
from sessions_app.organizer.reconcile import reconcile_registrations
from tests.portability import inserts_refused
from tests.portal_helpers import KEEP_BOTH, find_session, live_sessions, sign_in, upstream_sessions

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/"}
UPSTREAM_LINE = re.compile(r"upstream (POST|DELETE|GET) (\S+) status=(\S+) .*request_id=(\w+)")


@pytest.fixture(autouse=True)
def _upstream_log(caplog):
    caplog.set_level(logging.INFO, logger="sessions_app.upstream")
    return caplog


def logged_calls(caplog) -> dict[str, tuple[str, str]]:
    """request id → (method, status) for every upstream call the portal logged."""
    found = (UPSTREAM_LINE.search(r.getMessage()) for r in caplog.records)
    return {m[4]: (m[1], m[3]) for m in found if m}


def join(client, session_id):
    return client.post(f"/sessions/{session_id}/join/", KEEP_BOTH, **HX)


def open_live(sandbox, who="vip"):
    return find_session(
        live_sessions(upstream_sessions(sandbox, who)),
        lambda s: not s.is_full and not s.allowed_ticket_type_ids and s.capacity == 0,
        "open live session",
    )


def assert_recorded(attempt, caplog, *, action, outcome, status, code="", message=""):
    assert (attempt.action, attempt.outcome) == (action, outcome)
    assert (attempt.http_status, attempt.error_code) == (status, code)
    assert attempt.error_message.startswith(message)
    assert attempt.latency_ms is not None and attempt.latency_ms >= 0
    assert attempt.created_at is not None and attempt.session_title
    # The same request id is in the log line of the upstream call.
    method = "POST" if action == "join" else "DELETE"
    assert logged_calls(caplog)[attempt.request_id][0] == method


def test_a_join_records_the_attempt_then_the_registration(client, sandbox, caplog):
    sign_in(client, "vip")
    session = open_live(sandbox)
    assert join(client, session.id)["HX-Redirect"] == f"/sessions/{session.id}/"
    attempt = JoinAttempt.objects.get()
    assert_recorded(attempt, caplog, action="join", outcome="joined", status=200)
    assert logged_calls(caplog)[attempt.request_id] == ("POST", "200")
    reg = Registration.objects.get()
    assert (reg.attendee_id, reg.session_id, reg.status) == (
        attempt.attendee_id,
        session.id,
        "registered",
    )
    assert (reg.session_title, reg.session_format) == (session.title, session.format.value)
    assert (reg.session_start, reg.session_end) == (session.start, session.end)
    assert reg.session_track == ", ".join(t.name for t in session.tracks)
    assert reg.ticket_id == session.ticket_ids[0] and reg.registered_at is not None
    assert reg.unregistered_at is None
    assert SessionSnapshot.objects.get(pk=session.id).capacity == session.capacity


def test_an_unregister_records_the_attempt_and_marks_the_registration(client, sandbox, caplog):
    sign_in(client, "vip")
    session = open_live(sandbox)
    join(client, session.id)
    response = client.post(f"/sessions/{session.id}/unregister/")
    assert response.status_code == 302
    attempt = JoinAttempt.objects.get(action="unregister")
    assert_recorded(attempt, caplog, action="unregister", outcome="unregistered", status=200)
    reg = Registration.objects.get()
    assert reg.status == "unregistered" and reg.unregistered_at is not None
    # Unregistering again: the upstream says "not registered", so it is done (already left),
    # with what the upstream said kept on the record.
    client.post(f"/sessions/{session.id}/unregister/")
    again = JoinAttempt.objects.filter(action="unregister").first()
    assert_recorded(
        again,
        caplog,
        action="unregister",
        outcome="unregistered",
        status=404,
        code="404801",
        message="You are not registered for this session",
    )


def test_joining_again_after_leaving_reuses_the_registration_row(client, sandbox):
    sign_in(client, "vip")
    session = open_live(sandbox)
    join(client, session.id)
    client.post(f"/sessions/{session.id}/unregister/")
    left = Registration.objects.get()
    assert join(client, session.id)["HX-Redirect"] == f"/sessions/{session.id}/"
    back = Registration.objects.get()
    assert back.pk == left.pk and back.status == "registered"
    assert back.unregistered_at is None
    # The first registration time stays; the latest is recorded beside it.
    assert back.registered_at == left.registered_at
    assert back.last_registered_at > left.last_registered_at


def test_a_join_refreshes_the_session_summary_and_keeps_when_it_was_reconciled(client, sandbox):
    reconcile_registrations()
    session = open_live(sandbox)
    reconciled = SessionSnapshot.objects.get(pk=session.id)
    assert reconciled.reconciled_at is not None
    sign_in(client, "vip")
    join(client, session.id)
    after = SessionSnapshot.objects.get(pk=session.id)
    assert after.synced_at > reconciled.synced_at
    assert after.reconciled_at == reconciled.reconciled_at
    assert (after.title, after.capacity) == (session.title, session.capacity)


def test_a_crowd_joining_one_session_refreshes_its_summary_once(client, sandbox):
    session = open_live(sandbox)
    sign_in(client, "vip")
    join(client, session.id)
    first = SessionSnapshot.objects.get(pk=session.id)
    other = Client()
    sign_in(other, "general")
    join(other, session.id)
    assert JoinAttempt.objects.filter(outcome="joined").count() == 2
    assert SessionSnapshot.objects.get(pk=session.id).synced_at == first.synced_at


def test_a_summary_refresh_the_database_refused_is_tried_again_by_the_next_click(client, sandbox):
    session = open_live(sandbox)
    sign_in(client, "vip")
    with inserts_refused("sessions_app_sessionsnapshot", "disk full"):
        join(client, session.id)
    assert not SessionSnapshot.objects.exists()
    assert JoinAttempt.objects.get().outcome == "joined"
    other = Client()
    sign_in(other, "general")
    join(other, session.id)
    assert SessionSnapshot.objects.get(pk=session.id).capacity == session.capacity


REFUSALS = {
    "capacity_full": ("vip", lambda s: s.is_full, 406, "4060610", "Max user registration"),
    "ticket_type": (
        "general",
        lambda s: s.allowed_ticket_type_ids and not s.is_full,
        406,
        "4042005",
        "Your ticket does not permit access",
    ),
    "not_registered_for_event": (
        "noticket",
        lambda s: True,
        406,
        "4068910",
        "You have not yet registered for the event",
    ),
}


@pytest.mark.parametrize("outcome", REFUSALS)
def test_a_refusal_is_recorded_and_writes_no_registration(client, sandbox, caplog, outcome):
    who, pick, status, code, message = REFUSALS[outcome]
    sign_in(client, who)
    session = find_session(live_sessions(upstream_sessions(sandbox, who)), pick, outcome)
    html = join(client, session.id).content.decode()
    assert message in html
    assert_recorded(
        JoinAttempt.objects.get(),
        caplog,
        action="join",
        outcome=outcome,
        status=status,
        code=code,
        message=message,
    )
    assert not Registration.objects.exists()


def test_the_session_limit_refusal(client, sandbox, caplog):
    sign_in(client, "general")  # one session already; the limit is 2
    first, second = [
        s
        for s in live_sessions(upstream_sessions(sandbox))
        if not s.is_full and not s.allowed_ticket_type_ids
    ][:2]
    join(client, first.id)
    join(client, second.id)
    refused = JoinAttempt.objects.get(session_id=second.id)
    assert_recorded(
        refused,
        caplog,
        action="join",
        outcome="session_limit",
        status=406,
        code="4060611",
        message="Your registration type only permits registering for 2 sessions",
    )
    assert not Registration.objects.filter(session_id=second.id).exists()


def test_a_session_not_live_is_recorded_as_expired(client, sandbox, caplog):
    sign_in(client, "vip")
    upcoming = find_session(
        upstream_sessions(sandbox, "vip"),
        lambda s: s.start.timestamp() > time.time() + 600,
        "upcoming session",
    )
    join(client, upcoming.id)
    assert_recorded(
        JoinAttempt.objects.get(),
        caplog,
        action="join",
        outcome="expired",
        status=407,
        code="4072002",
        message="The time limit for accessing this session is expired.",
    )
    assert not Registration.objects.exists()


def test_a_session_gone_since_the_agenda_loaded_is_recorded_as_not_found(client, sandbox, caplog):
    sign_in(client, "vip")
    session = open_live(sandbox)
    client.get("/")  # the agenda (with this session) is cached
    sandbox.patch_session(session.id, status="HIDDEN")
    join(client, session.id)
    assert_recorded(
        JoinAttempt.objects.get(),
        caplog,
        action="join",
        outcome="not_found",
        status=404,
        code="404800",
        message="Session not found!",
    )
    assert not Registration.objects.exists()


def test_an_unknown_refusal_is_recorded_as_other(client, sandbox, caplog):
    sign_in(client, "vip")
    session = open_live(sandbox)
    client.get("/")
    sandbox.set_fault(mode="status", status=406, method="POST")
    join(client, session.id)
    assert_recorded(
        JoinAttempt.objects.get(),
        caplog,
        action="join",
        outcome="refused_other",
        status=406,
        code="406",
    )
    assert not Registration.objects.exists()


def test_a_5xx_on_a_join_is_recorded_unconfirmed_and_the_attendee_told_it_is_checked(
    client, sandbox, caplog
):
    sign_in(client, "vip")
    session = open_live(sandbox)
    client.get("/")
    sandbox.set_fault(mode="status", status=503, method="POST")
    said = join(client, session.id).content.decode()
    assert "checks again within seconds" in said and "No need to click again." in said
    assert_recorded(
        JoinAttempt.objects.get(),
        caplog,
        action="join",
        outcome="unconfirmed",
        status=503,
        code="503",
    )
    assert not Registration.objects.exists()


def test_an_expired_token_is_recorded_and_sends_the_attendee_to_sign_in(client, sandbox, caplog):
    sign_in(client, "vip")
    session = open_live(sandbox)
    client.get("/")
    sandbox.expire_tokens()
    response = join(client, session.id)
    assert response["HX-Redirect"].startswith("/sign-in/")
    assert_recorded(
        JoinAttempt.objects.get(),
        caplog,
        action="join",
        outcome="token_expired",
        status=401,
        code="4010101",
    )
    assert not Registration.objects.exists()


def test_a_timeout_the_upstream_had_not_applied_writes_nothing(client, sandbox, caplog, settings):
    sign_in(client, "vip")
    session = open_live(sandbox)
    client.get("/")
    settings.UPSTREAM_READ_TIMEOUT = 0.5
    sandbox.set_fault(mode="latency", ms=1500, method="POST")
    join(client, session.id)
    attempt = JoinAttempt.objects.get()
    assert (attempt.outcome, attempt.http_status) == ("unconfirmed", None)
    assert attempt.error_message == "The event platform took too long to answer."
    assert logged_calls(caplog)[attempt.request_id] == ("POST", "ReadTimeout")
    # The portal asked the upstream again (a GET of the attendee's sessions) before answering.
    lines = [r.getMessage() for r in caplog.records]
    after = lines[next(i for i, line in enumerate(lines) if attempt.request_id in line) :]
    assert any("GET /events/{event_url}/user-session/registered" in line for line in after)
    assert not Registration.objects.exists()
    # The slow join did land upstream after all: reconciliation brings it in.
    time.sleep(1.2)
    reconcile_registrations()
    assert Registration.objects.get(session_id=session.id).attendee_id == attempt.attendee_id


def test_a_broken_answer_the_upstream_had_applied_is_confirmed_by_rereading(
    client, sandbox, caplog
):
    sign_in(client, "vip")
    session = open_live(sandbox)
    client.get("/")
    sandbox.set_fault(mode="drop", method="POST")  # applied, then the connection breaks
    assert join(client, session.id)["HX-Redirect"] == f"/sessions/{session.id}/"
    attempt = JoinAttempt.objects.get()
    assert (attempt.outcome, attempt.http_status) == ("joined", None)
    assert "broke before it confirmed" in attempt.error_message
    assert Registration.objects.get().session_id == session.id


def test_a_failed_local_write_still_streams_logs_the_gap_and_reconcile_closes_it(
    client, sandbox, caplog
):
    sign_in(client, "vip")
    session = open_live(sandbox)
    # The database refuses, not a mock of our code.
    with inserts_refused("sessions_app_registration", "simulated disk failure"):
        response = join(client, session.id)
        assert response["HX-Redirect"] == f"/sessions/{session.id}/"
        assert client.get(f"/sessions/{session.id}/").status_code == 200
        attempt = JoinAttempt.objects.get()
        assert attempt.outcome == "joined"
        assert not Registration.objects.exists()
    gap = [r for r in caplog.records if "local registration write failed" in r.getMessage()]
    assert len(gap) == 1 and gap[0].levelno == logging.ERROR
    assert f"session {session.id}" in gap[0].getMessage()
    report = reconcile_registrations()
    assert report.registrations_created >= 1
    reg = Registration.objects.get(attendee_id=attempt.attendee_id, session_id=session.id)
    assert reg.status == "registered"
