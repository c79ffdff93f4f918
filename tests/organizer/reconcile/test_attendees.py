"""The attendees a page of registrant lists names: found when they signed in before, created
with a user that cannot sign in with a password (and that a later sign-in finds) when they never
did, counted once however many sessions list them, and given every ticket the lists show."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions_app.models import Attendee
from sessions_app.organizer.reconcile import ReconcileReport
from sessions_app.organizer.reconcile.attendees import attendees_for
from sessions_app.upstream.domain import Session
from sessions_app.upstream.domain.host import HostSession, Registrant
from tests.admin_records import make_attendee

pytestmark = pytest.mark.django_db

SEEN = datetime(2026, 5, 12, 14, 0, tzinfo=UTC)


def host(session_id: int, *registrants: Registrant) -> HostSession:
    session = Session(id=session_id, title=f"Session {session_id}", start=SEEN, end=SEEN)
    return HostSession(session=session, registrants=registrants)


def person(user_id: int, ticket_id: int | None = 57940, **names) -> Registrant:
    return Registrant(
        user_id=user_id,
        first_name=names.get("first_name", f"First{user_id}"),
        last_name=names.get("last_name", f"Last{user_id}"),
        email=names.get("email", f"user{user_id}@example.com"),
        ticket_id=ticket_id,
    )


def test_a_registrant_who_never_signed_in_becomes_an_attendee_who_cannot_use_a_password():
    report = ReconcileReport()
    nia_listed = person(7001, first_name="Nia", email="nia@example.com")
    found = attendees_for([host(1, nia_listed)], SEEN, report)
    nia = Attendee.objects.get(upstream_user_id=7001)
    assert found == {7001: nia}
    assert (nia.first_name, nia.email, nia.ticket_ids, nia.last_seen_at) == (
        "Nia",
        "nia@example.com",
        [57940],
        SEEN,
    )
    assert nia.user.username == "accelevents-7001"  # the name a sign-in looks for
    assert not nia.user.has_usable_password() and not nia.user.is_staff
    assert report.attendees_created == 1


def test_someone_on_several_lists_is_created_once_with_every_ticket_they_showed():
    lists = [host(1, person(7001, ticket_id=57940)), host(2, person(7001, ticket_id=57941))]
    report = ReconcileReport()
    attendees_for(lists, SEEN, report)
    assert report.attendees_created == 1
    assert Attendee.objects.get().ticket_ids == [57940, 57941]


def test_an_attendee_who_signed_in_is_found_and_only_gains_tickets():
    gina = make_attendee("gina@example.com", upstream_user_id=5001, ticket_ids=[57939])
    report = ReconcileReport()
    lists = [host(1, person(5001, ticket_id=57940, email="changed@example.com"), person(7003))]
    found = attendees_for(lists, SEEN, report)
    assert found[5001].pk == gina.pk and set(found) == {5001, 7003}
    assert report.attendees_created == 1  # the newcomer only
    gina.refresh_from_db()
    assert gina.ticket_ids == [57939, 57940] and gina.email == "gina@example.com"
    attendees_for([host(1, person(5001, ticket_id=None))], SEEN, report)
    gina.refresh_from_db()
    assert gina.ticket_ids == [57939, 57940]  # a list without a ticket takes none away


def test_names_longer_than_the_columns_are_cut_to_fit():
    long = "N" * 200
    attendees_for([host(1, person(7002, first_name=long, last_name=long))], SEEN, ReconcileReport())
    created = Attendee.objects.get()
    assert len(created.first_name) == len(created.user.last_name) == 150


def test_the_statements_do_not_grow_with_the_registrants():
    def statements(first_id: int, count: int, ticket_id: int) -> int:
        lists = [host(1, *(person(first_id + n, ticket_id) for n in range(count)))]
        with CaptureQueriesContext(connection) as queries:
            attendees_for(lists, SEEN, ReconcileReport())
        return len(queries)

    created = statements(10_000, 2, 57940)
    assert created == statements(20_000, 60, 57940)
    assert Attendee.objects.count() == 62
    # Found again with one more ticket each: the same fixed number, whether 2 or 60 of them.
    assert statements(10_000, 2, 57941) == statements(20_000, 60, 57941)
    assert Attendee.objects.filter(ticket_ids=[57940, 57941]).count() == 62
