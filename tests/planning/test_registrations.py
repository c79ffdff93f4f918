"""An attendee's local registrations brought in line with the platform's list of them
(sessions_app/planning/registrations.py), on Sessions and rows built here: registrations made
elsewhere appear, ones gone are marked left only from a list read to the end, a click newer
than the list is never undone; a session limit counts the registrations made with each ticket."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model

from sessions_app.models import Attendee, Registration
from sessions_app.planning.registrations import RegistrationsByTicket, mirror_registrations
from sessions_app.upstream.domain import Session, SessionPage

pytestmark = pytest.mark.django_db

START = datetime(2030, 5, 1, 9, tzinfo=UTC)
FETCHED = datetime(2030, 5, 1, 8, tzinfo=UTC)
LATER = FETCHED + timedelta(minutes=5)
FIRST, SECOND = 501, 502


def session(session_id: int, *, tickets=(FIRST,), times=True) -> Session:
    return Session(
        id=session_id,
        title=f"Session {session_id}",
        start=START if times else None,
        end=START + timedelta(hours=1) if times else None,
        ticket_ids=tickets,
    )


def page(*sessions, complete=True) -> SessionPage:
    return SessionPage(
        tuple(sessions), total=len(sessions), filtered=len(sessions), complete=complete
    )


@pytest.fixture
def attendee():
    user = get_user_model().objects.create(username="mirror")
    return Attendee.objects.create(
        user=user, upstream_user_id=8008, email="m@example.com", last_seen_at=START
    )


def row(attendee, session_id, *, status=Registration.Status.REGISTERED, at=FETCHED, ticket=None):
    return Registration.objects.create(
        attendee=attendee,
        session_id=session_id,
        session_title=f"Session {session_id}",
        session_format="OTHER",
        session_start=START,
        session_end=START + timedelta(hours=1),
        ticket_id=ticket,
        status=status,
        registered_at=at - timedelta(minutes=1),
        unregistered_at=at - timedelta(minutes=1)
        if status == Registration.Status.UNREGISTERED
        else None,
    )


def states(attendee) -> dict[int, str]:
    return dict(Registration.objects.filter(attendee=attendee).values_list("session_id", "status"))


def mirror(attendee, listed: SessionPage) -> None:
    mirror_registrations(attendee_id=attendee.pk, registered=listed, fetched_at=FETCHED, now=LATER)


def test_a_registration_made_elsewhere_appears_and_one_left_elsewhere_is_marked_left(attendee):
    row(attendee, 1)
    row(attendee, 3, status=Registration.Status.UNREGISTERED)
    mirror(attendee, page(session(2), session(3)))
    assert states(attendee) == {1: "unregistered", 2: "registered", 3: "registered"}


def test_a_list_not_read_to_the_end_marks_nothing_left(attendee):
    row(attendee, 1)
    mirror(attendee, page(session(2), complete=False))
    assert states(attendee) == {1: "registered", 2: "registered"}


def test_a_click_newer_than_the_list_is_not_undone(attendee):
    row(attendee, 1, at=LATER)  # joined after the list was fetched
    row(attendee, 2, status=Registration.Status.UNREGISTERED, at=LATER)  # left after it
    mirror(attendee, page(session(2)))
    assert states(attendee) == {1: "registered", 2: "unregistered"}


def test_a_session_without_times_waits_for_them(attendee):
    mirror(attendee, page(session(4, times=False), session(5)))
    assert states(attendee) == {5: "registered"}  # and the session with times is recorded


def test_a_rejoin_keeps_the_ticket_the_first_registration_was_made_with(attendee):
    row(attendee, 1, status=Registration.Status.UNREGISTERED, ticket=SECOND)
    mirror(attendee, page(session(1)))
    assert Registration.objects.get(attendee=attendee, session_id=1).ticket_id == SECOND


def test_with_one_ticket_every_listed_registration_counts_for_it(attendee):
    counts = RegistrationsByTicket(attendee.pk, {1, 2, 3}, [session(1)])
    assert dict(counts) == {FIRST: 3}


def test_with_two_tickets_only_registrations_known_to_be_made_with_one_count_for_it(attendee):
    row(attendee, 1, ticket=FIRST)
    row(attendee, 2, ticket=SECOND)
    row(attendee, 3, ticket=None)  # made elsewhere: its ticket unknown, counts for none
    row(attendee, 4, ticket=FIRST, status=Registration.Status.UNREGISTERED)
    row(attendee, 5, ticket=FIRST)  # recorded, but no longer in the platform's list
    both = (FIRST, SECOND)
    counts = RegistrationsByTicket(attendee.pk, {1, 2, 3, 4}, [session(1, tickets=both)])
    assert dict(counts) == {FIRST: 1, SECOND: 1}
