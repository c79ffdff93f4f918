"""The join and unregister write path (sessions_app/joining/services.py), called as the views
call it, against the real sandbox: what a yes returns and records (the registration with it);
each refusal's outcome, words and reason, and the refusals the portal keeps so the next page
says them without asking; a timeout told "no need to click again" and left for settling; a call
never sent told to try again; an expired token sent to sign in; a leave from a session the
attendee had already left counted as done; a blocked click recorded as demand."""

import logging

import pytest

from sessions_app import cache as portal_cache
from sessions_app.identity import Viewer
from sessions_app.joining.services import (
    NOT_SENT_MESSAGES,
    UNAVAILABLE_MESSAGE,
    UNCONFIRMED_MESSAGES,
    join_session,
    record_blocked_attempt,
    unregister_session,
)
from sessions_app.models import JoinAttempt, Registration
from sessions_app.planning import planning
from sessions_app.upstream.budget import upstream_budget
from sessions_app.upstream.clock import upstream_now
from sessions_app.upstream.errors import UpstreamAuthError
from tests.fault_helpers import closed_port
from tests.joining.at_the_limit import (
    ACCESSIBLE,
    FULL,
    HYBRID,
    SPONSOR,
    VIP_ONLY,
    gina_viewer,
    session,
)
from tests.portability import inserts_refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def gina(sandbox) -> Viewer:
    return gina_viewer()


def join(viewer: Viewer, session_id: int):
    return join_session(viewer=viewer, session=session(viewer, session_id), now=upstream_now())


def leave(viewer: Viewer, session_id: int):
    found = session(viewer, session_id)
    return unregister_session(viewer=viewer, session=found, now=upstream_now())


def test_a_yes_returns_joined_and_records_the_attempt_with_the_registration(gina):
    before = portal_cache.user_generation(gina.upstream_user_id)
    result = join(gina, ACCESSIBLE)
    assert (result.outcome, result.succeeded, result.message, result.reason) == (
        "joined",
        True,
        "",
        "",
    )
    assert result.pending == () and result.attempt_id is None, "nothing left to settle"
    attempt = JoinAttempt.objects.get()
    assert (attempt.action, attempt.outcome, attempt.session_id) == ("join", "joined", ACCESSIBLE)
    registration = Registration.objects.get()
    assert (registration.session_id, registration.status) == (ACCESSIBLE, "registered")
    assert portal_cache.user_generation(gina.upstream_user_id) != before, "pages re-read"


def test_a_leave_returns_unregistered_and_marks_the_registration(gina):
    join(gina, ACCESSIBLE)
    result = leave(gina, ACCESSIBLE)
    assert (result.outcome, result.succeeded, result.reason) == ("unregistered", True, "")
    assert JoinAttempt.objects.latest("pk").outcome == "unregistered"
    assert Registration.objects.get().status == "unregistered"


def test_leaving_a_session_already_left_elsewhere_is_done_and_says_so(gina):
    result = leave(gina, ACCESSIBLE)  # she never held it: every ticket is "not registered"
    assert (result.outcome, result.succeeded, result.reason) == (
        "unregistered",
        True,
        "already_left",
    )
    attempt = JoinAttempt.objects.get()
    assert (attempt.outcome, attempt.http_status) == ("unregistered", 404)


@pytest.mark.parametrize(
    ("session_id", "outcome", "words"),
    [
        (FULL, "capacity_full", "Max user registration"),
        (VIP_ONLY, "ticket_type", "Your ticket does not permit access"),
    ],
)
def test_a_refusal_says_why_records_it_and_is_remembered(gina, session_id, outcome, words):
    result = join(gina, session_id)
    assert (result.outcome, result.reason, result.succeeded) == (outcome, outcome, False)
    assert result.message.startswith(words)
    assert JoinAttempt.objects.get().outcome == outcome
    assert not Registration.objects.exists()
    kept = portal_cache.recalled_refusal(gina.upstream_user_id, session_id)
    assert (kept["reason"], kept["message"]) == (outcome, result.message)


def test_the_session_limit_refusal_teaches_the_portal_the_limit(gina):
    assert planning.allowance_for(gina.upstream_user_id, 2) is None, "never guessed"
    assert join(gina, ACCESSIBLE).succeeded
    result = join(gina, SPONSOR)
    assert (result.outcome, result.reason) == ("session_limit", "session_limit")
    assert "only permits registering for 2 sessions" in result.message
    assert planning.allowance_for(gina.upstream_user_id, 2).exhausted
    assert portal_cache.recalled_refusal(gina.upstream_user_id, SPONSOR)["reason"] == (
        "session_limit"
    )


def test_a_refused_leave_is_recorded_and_not_counted_as_done(gina, sandbox):
    sandbox.set_fault(mode="status", status=406, method="DELETE")
    result = leave(gina, HYBRID)
    assert (result.outcome, result.succeeded, result.reason) == ("refused_other", False, "other")
    attempt = JoinAttempt.objects.get()
    assert (attempt.action, attempt.outcome, attempt.http_status) == (
        "unregister",
        "refused_other",
        406,
    )


@pytest.mark.parametrize(("action", "status"), [("join", 503), ("unregister", 502)])
def test_a_call_without_a_known_outcome_is_left_unconfirmed_not_to_be_clicked_again(
    gina, sandbox, action, status
):
    found = session(gina, HYBRID if action == "unregister" else ACCESSIBLE)
    sandbox.set_fault(mode="status", status=status, method="POST" if action == "join" else "DELETE")
    call = join_session if action == "join" else unregister_session
    result = call(viewer=gina, session=found, now=upstream_now())
    attempt = JoinAttempt.objects.get()
    assert (result.outcome, result.message) == ("unconfirmed", UNCONFIRMED_MESSAGES[action])
    assert "No need to click again." in result.message and not result.succeeded
    assert result.attempt_id == attempt.pk and result.pending == ((attempt.pk, None),)
    assert (attempt.action, attempt.outcome) == (action, "unconfirmed")
    assert not Registration.objects.exists()


def test_a_timed_out_join_the_platform_took_is_confirmed_by_rereading(gina, sandbox):
    sandbox.set_fault(mode="drop", method="POST")  # applied, then the connection breaks
    result = join(gina, ACCESSIBLE)
    assert (result.outcome, result.message, result.pending) == ("joined", "", ())
    assert JoinAttempt.objects.get().outcome == "joined"


def test_a_leave_with_no_time_to_send_it_is_not_sent_and_asks_to_try_again(gina, sandbox):
    found = session(gina, HYBRID)
    sandbox.reset_stats()
    with upstream_budget(0.1):  # less than the write's read timeout is left
        result = unregister_session(viewer=gina, session=found, now=upstream_now())
    assert (result.outcome, result.message) == (
        "upstream_unavailable",
        NOT_SENT_MESSAGES["unregister"],
    )
    assert JoinAttempt.objects.get().outcome == "not_sent"
    assert not any(key.startswith("DELETE") for key in sandbox.stats()["requests"])


def test_a_platform_out_of_reach_records_not_sent_and_says_it_is_not_answering(gina, settings):
    found = session(gina, ACCESSIBLE)
    with closed_port() as port:
        settings.ACCELEVENTS_API_BASE_URL = f"http://127.0.0.1:{port}/rest"
        result = join_session(viewer=gina, session=found, now=upstream_now())
    assert (result.outcome, result.message) == ("upstream_unavailable", UNAVAILABLE_MESSAGE)
    assert JoinAttempt.objects.get().outcome == "not_sent"


def test_an_expired_token_is_recorded_and_raised_for_the_sign_in_page(gina, sandbox):
    found = session(gina, ACCESSIBLE)
    sandbox.expire_tokens()
    with pytest.raises(UpstreamAuthError):
        join_session(viewer=gina, session=found, now=upstream_now())
    assert JoinAttempt.objects.get().outcome == "token_expired"


def test_a_blocked_click_is_recorded_as_demand_the_platform_never_saw(gina, sandbox):
    sandbox.reset_stats()
    record_blocked_attempt(viewer=gina, session=session(gina, FULL), reason="capacity_full")
    attempt = JoinAttempt.objects.get()
    assert (attempt.kind, attempt.action, attempt.outcome) == ("blocked", "join", "capacity_full")
    assert not any(key.startswith("POST") for key in sandbox.stats()["requests"])


@pytest.mark.django_db(transaction=True)  # the refused INSERT ends no test transaction
def test_a_blocked_click_the_database_refused_is_logged_and_not_raised(gina, caplog):
    full = session(gina, FULL)
    with inserts_refused("sessions_app_joinattempt", "disk full"):
        record_blocked_attempt(viewer=gina, session=full, reason="ticket_type")
    assert not JoinAttempt.objects.exists()
    logged = [r for r in caplog.records if "could not record a blocked join" in r.getMessage()]
    assert len(logged) == 1 and logged[0].levelno == logging.ERROR
