"""Reconciliation never undoes a local write newer than the list it applies: a join or leave
clicked before the list was fetched but written after it, or a row My sessions brought in line
after the fetch. Its times are all read on one clock, the upstream's."""

from datetime import timedelta

import pytest
from django.test import Client

from sandbox.demo import ACCOUNTS, EVENT_ID
from sessions_app.identity import Viewer
from sessions_app.joining import recording
from sessions_app.models import Attendee, JoinAttempt, Registration
from sessions_app.organizer.reconcile import ReconcileReport, reconcile_registrations
from sessions_app.organizer.reconcile.apply import apply_safely
from sessions_app.upstream.client import get_client
from sessions_app.upstream.clock import upstream_now
from tests.portal_helpers import sign_in

pytestmark = pytest.mark.django_db

GINA_TICKET = 57940  # see docs/upstream-contract.md, "Sandbox"
REGISTERED, UNREGISTERED = Registration.Status.REGISTERED, Registration.Status.UNREGISTERED
HELD = "Scaling Hybrid Events"  # a session Gina holds in the demo data


def fetch():
    """What a run fetches: the moment (on the upstream's clock) and the sessions' registrants."""
    client = get_client()
    tz = client.event(api_key=True).tz
    fetched_at = upstream_now()
    return fetched_at, client.host_sessions(tz=tz, event_id=EVENT_ID, size=200)[0]


def apply(hosts, fetched_at) -> ReconcileReport:
    report = ReconcileReport()
    apply_safely(hosts, fetched_at, report)
    return report


def gina_in(session_id: int, sandbox, method: str) -> None:
    """Gina joins (POST) or leaves (DELETE) the session on the platform itself."""
    path = f"/events/{{event}}/session/{session_id}/register/{GINA_TICKET}"
    assert sandbox.rest(method, path, token=sandbox.token("general")).status_code == 200


def gina_and_held():
    gina = Attendee.objects.get(email=ACCOUNTS["general"]["email"])
    row = Registration.objects.get(attendee=gina, session_title__startswith=HELD)
    return gina, row.session_id


def status(gina, session_id) -> str:
    return Registration.objects.get(attendee=gina, session_id=session_id).status


def test_a_join_clicked_before_the_fetch_and_written_after_it_is_not_undone(sandbox):
    reconcile_registrations()
    gina, held = gina_and_held()
    gina_in(held, sandbox, "DELETE")
    reconcile_registrations()
    clicked = upstream_now()
    JoinAttempt.objects.create(attendee=gina, session_id=held, action="join", outcome="unconfirmed")
    fetched_at, hosts = fetch()  # the join is still on its way: the list lacks her
    gina_in(held, sandbox, "POST")  # it lands, and the portal writes its yes
    session = next(h.session for h in hosts if h.session.id == held)
    viewer = Viewer(gina.upstream_user_id, gina.pk, "")
    recording.write_registration(viewer, session, "join", GINA_TICKET, clicked)
    assert apply(hosts, fetched_at).registrations_removed == 0
    assert status(gina, held) == REGISTERED


def test_a_leave_clicked_before_the_fetch_and_written_after_it_is_not_undone(sandbox):
    reconcile_registrations()
    gina, held = gina_and_held()
    clicked = upstream_now()
    JoinAttempt.objects.create(
        attendee=gina, session_id=held, action="unregister", outcome="unconfirmed"
    )
    fetched_at, hosts = fetch()  # the leave is still on its way: the list has her
    gina_in(held, sandbox, "DELETE")
    viewer = Viewer(gina.upstream_user_id, gina.pk, "")
    session = next(h.session for h in hosts if h.session.id == held)
    recording.write_registration(viewer, session, "unregister", None, clicked)
    assert apply(hosts, fetched_at).registrations_restored == 0
    assert status(gina, held) == UNREGISTERED


@pytest.mark.parametrize("upstream_ahead", [0, 600, -600])
def test_my_sessions_bringing_a_row_in_line_after_the_fetch_is_not_undone(sandbox, upstream_ahead):
    sandbox.set_clock(upstream_ahead)
    reconcile_registrations()  # the portal learns the upstream's clock from its answers
    gina, held = gina_and_held()
    gina_in(held, sandbox, "DELETE")
    reconcile_registrations()
    fetched_at, hosts = fetch()  # she is not in the list
    gina_in(held, sandbox, "POST")  # she joins again in the event's app
    sign_in(browser := Client(), "general")
    assert browser.get("/my-sessions/").status_code == 200  # mirrors it: registered again
    assert status(gina, held) == REGISTERED
    assert apply(hosts, fetched_at).registrations_removed == 0
    assert status(gina, held) == REGISTERED


@pytest.mark.parametrize("upstream_ahead", [600, -600])
def test_a_leave_made_elsewhere_before_a_run_is_applied_whatever_the_clocks(
    sandbox, upstream_ahead
):
    sandbox.set_clock(upstream_ahead)
    reconcile_registrations()
    gina, held = gina_and_held()
    # Her row was last written by a join minutes before this run (stamped on the upstream's
    # clock, as the portal stamps registrations); she has left in the app since.
    before = upstream_now() - timedelta(minutes=5)
    Registration.objects.filter(attendee=gina, session_id=held).update(
        registered_at=before - timedelta(hours=1), last_registered_at=before
    )
    gina_in(held, sandbox, "DELETE")
    assert reconcile_registrations().registrations_removed == 1
    assert status(gina, held) == UNREGISTERED
