"""Reconciliation against the real sandbox: registrations made elsewhere appear, ones removed
upstream are marked unregistered, a second run changes nothing, and live clicks win."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sandbox.demo import ACCOUNTS, EVENT_ID, TICKET_TYPES
from sessions_app.models import Attendee, JoinAttempt, Registration, SessionSnapshot
from sessions_app.organizer.reconcile import reconcile_registrations
from sessions_app.upstream.client import get_client
from tests.admin_records import (
    make_attendee,
    make_registration,
    make_session,
)
from tests.portability import inserts_refused

pytestmark = pytest.mark.django_db

GINA_TICKET = 57940  # see docs/upstream-contract.md, "Sandbox"
REGISTERED, UNREGISTERED = Registration.Status.REGISTERED, Registration.Status.UNREGISTERED


def upstream_registrations() -> set[tuple[int, int]]:
    """(upstream user id, session id) of every registration the sandbox holds."""
    client = get_client()
    hosts, _, _ = client.host_sessions(tz=client.event().tz, event_id=EVENT_ID, size=200)
    return {(r.user_id, h.session.id) for h in hosts for r in h.registrants}


def local_registrations(status=REGISTERED) -> set[tuple[int, int]]:
    rows = Registration.objects.filter(status=status)
    return set(rows.values_list("attendee__upstream_user_id", "session_id"))


def state() -> list[tuple]:
    return list(
        Registration.objects.order_by("pk").values_list(
            "pk", "attendee_id", "session_id", "status", "registered_at", "unregistered_at"
        )
    ) + list(Attendee.objects.order_by("pk").values_list("pk", "email", "ticket_ids"))


def session_titled(title_start: str):
    client = get_client()
    hosts, _, _ = client.host_sessions(tz=client.event().tz, event_id=EVENT_ID, size=200)
    return next(h for h in hosts if h.session.title.startswith(title_start))


def test_first_run_brings_in_every_upstream_registration_and_its_attendee(sandbox):
    expected = upstream_registrations()
    assert expected, "the demo data has registrations"
    report = reconcile_registrations(page_size=7)  # several pages
    assert report.complete and report.sessions_seen == SessionSnapshot.objects.count()
    assert local_registrations() == expected
    assert report.registrations_created == len(expected)
    assert report.attendees_created == len({user for user, _ in expected})
    gina = Attendee.objects.get(email=ACCOUNTS["general"]["email"])
    assert gina.first_name == "Gina" and GINA_TICKET in gina.ticket_ids
    assert not gina.user.is_staff and not gina.user.has_usable_password()
    full = SessionSnapshot.objects.get(title__startswith="Full House")
    assert (full.capacity, full.upstream_registered_count) == (3, 3)
    assert full.reconciled_at is not None


def test_additions_removals_then_an_idempotent_second_run(sandbox):
    reconcile_registrations()
    # Elsewhere (the hub, the app): a new attendee joins; Gina leaves her session.
    newcomer = sandbox.create_attendees(1, "vip")[0]
    open_lab = session_titled("Designing Accessible Virtual Venues").session
    ticket = newcomer["eventTicketId"]
    joined = sandbox.rest(
        "POST",
        f"/events/{{event}}/session/{open_lab.id}/register/{ticket}",
        token=newcomer["accessToken"],
    )
    assert joined.status_code == 200, joined.text
    gina_session = session_titled("Scaling Hybrid Events").session
    left = sandbox.rest(
        "DELETE",
        f"/events/{{event}}/session/{gina_session.id}/register/{GINA_TICKET}",
        token=sandbox.token("general"),
    )
    assert left.status_code == 200, left.text

    report = reconcile_registrations()
    assert (report.attendees_created, report.registrations_created) == (1, 1)
    assert (report.registrations_removed, report.registrations_restored) == (1, 0)
    assert local_registrations() == upstream_registrations()
    gone = Registration.objects.get(attendee__email="gina@example.com", session_id=gina_session.id)
    assert gone.status == UNREGISTERED and gone.unregistered_at is not None
    new = Registration.objects.get(attendee__upstream_user_id=newcomer["userId"])
    assert (new.session_id, new.ticket_id, new.status) == (open_lab.id, ticket, REGISTERED)
    assert new.session_title == open_lab.title and new.session_format == open_lab.format.value

    before = state()
    again = reconcile_registrations()
    assert again.changes == 0 and again.complete
    assert state() == before

    # Gina comes back through the hub: restored, not duplicated.
    sandbox.rest(
        "POST",
        f"/events/{{event}}/session/{gina_session.id}/register/{GINA_TICKET}",
        token=sandbox.token("general"),
    )
    assert reconcile_registrations().registrations_restored == 1
    gone.refresh_from_db()
    assert gone.status == REGISTERED and gone.unregistered_at is None


def test_a_click_after_the_fetch_wins_over_the_fetched_list(sandbox):
    reconcile_registrations()
    gina_session = session_titled("Scaling Hybrid Events").session
    sandbox.rest(
        "DELETE",
        f"/events/{{event}}/session/{gina_session.id}/register/{GINA_TICKET}",
        token=sandbox.token("general"),
    )
    gina = Attendee.objects.get(email="gina@example.com")
    # Recorded "after" the run fetches its list: the local row is the newer truth.
    JoinAttempt.objects.create(
        attendee=gina, session_id=gina_session.id, action="join", outcome="joined"
    )
    JoinAttempt.objects.update(created_at=timezone.now() + timedelta(hours=1))
    assert reconcile_registrations().registrations_removed == 0
    assert Registration.objects.get(attendee=gina, session_id=gina_session.id).status == REGISTERED
    JoinAttempt.objects.all().delete()
    assert reconcile_registrations().registrations_removed == 1


def test_a_session_already_applied_from_a_newer_fetch_is_skipped(sandbox):
    reconcile_registrations()
    newer = timezone.now() + timedelta(minutes=5)  # as if a concurrent run fetched later
    SessionSnapshot.objects.filter(title__startswith="Full House").update(reconciled_at=newer)
    Registration.objects.filter(session_title__startswith="Full House").delete()
    report = reconcile_registrations()
    assert report.sessions_skipped == 1 and report.registrations_created == 0


def test_registrations_of_sessions_deleted_upstream_are_removed(sandbox):
    ghost = make_session(99_999_999, title="Cancelled session")
    old = make_registration(
        make_attendee(), ghost, registered_at=timezone.now() - timedelta(days=1)
    )
    report = reconcile_registrations()
    old.refresh_from_db()
    assert old.status == UNREGISTERED and report.registrations_removed == 1


def test_a_failing_session_rolls_back_alone_and_the_next_run_finishes(sandbox):
    full = session_titled("Full House").session
    with inserts_refused("sessions_app_registration", "disk full", session_id=full.id):
        report = reconcile_registrations()
    assert report.sessions_failed == 1 and not report.complete
    # Nothing of that session stayed: not its registrations, nor the attendees it created.
    assert not Registration.objects.filter(session_id=full.id).exists()
    assert not Attendee.objects.filter(email="fiona@example.com").exists()
    assert Registration.objects.filter(attendee__email="gina@example.com").exists()
    report = reconcile_registrations()
    assert report.complete and report.registrations_created == 3
    assert local_registrations() == upstream_registrations()


def test_ticket_types_admitted_are_recorded_for_the_filter(sandbox):
    reconcile_registrations()
    vip = SessionSnapshot.objects.get(title__startswith="VIP Lounge")
    assert vip.ticket_type_ids == [TICKET_TYPES["vip"]["id"]]
