"""Attendees, their registrations and their seat watches as an organizer's records show them:
how each reads, which comes first, one registration and one watch per attendee and session,
and the fields a (re-)registration writes."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction

from sessions_app.models import Attendee, Registration, SeatWatch, registered_values
from sessions_app.upstream.domain import Session, SessionFormat
from sessions_app.upstream.domain.session_parts import Label
from tests.admin_records import make_attendee, make_registration, make_session

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 5, 12, 13, 0, tzinfo=UTC)


def test_an_attendee_reads_as_their_name_and_email_or_the_email_alone():
    named = make_attendee("gina@example.com", first_name="Gina", last_name="Garcia")
    nameless = make_attendee("anon@example.com", first_name="", last_name=" ")
    assert str(named) == "Gina Garcia <gina@example.com>"
    assert str(nameless) == "anon@example.com"
    assert str(make_registration(named, make_session(1, title="Keynote"))) == (
        "Gina Garcia <gina@example.com> → Keynote"
    )


def test_a_new_attendees_calendar_feed_is_on():
    assert make_attendee().calendar_version == 1


def test_attendees_list_by_email():
    make_attendee("zoe@example.com")
    make_attendee("adam@example.com")
    assert [a.email for a in Attendee.objects.all()] == ["adam@example.com", "zoe@example.com"]


def test_one_registration_per_attendee_and_session():
    gina, session = make_attendee(), make_session(1)
    make_registration(gina, session)
    make_registration(make_attendee(), session)  # someone else: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        make_registration(gina, session, status="unregistered")
    assert Registration.objects.count() == 2


def test_registrations_list_newest_first():
    gina = make_attendee()
    make_registration(gina, make_session(1, title="Early"), registered_at=NOW)
    make_registration(gina, make_session(2, title="Late"), registered_at=NOW + timedelta(1))
    assert [r.session_title for r in Registration.objects.all()] == ["Late", "Early"]


def test_one_watch_per_attendee_and_session_listed_by_when_the_session_ends():
    gina = make_attendee("gina@example.com", first_name="Gina", last_name="")

    def watch(title, ends, session_id=1, attendee=gina):
        return SeatWatch.objects.create(
            attendee=attendee, session_id=session_id, session_title=title, session_end=ends
        )

    first = watch("Full House", NOW + timedelta(hours=2))
    with pytest.raises(IntegrityError), transaction.atomic():
        watch("Full House", NOW + timedelta(hours=2))
    watch("Sooner", NOW + timedelta(hours=1), session_id=2)
    watch("Full House", NOW + timedelta(hours=2), attendee=make_attendee())
    assert [w.session_title for w in SeatWatch.objects.all()] == [
        "Sooner",
        "Full House",
        "Full House",
    ]
    assert str(first) == "Gina <gina@example.com> watches Full House"


def test_a_registration_writes_the_sessions_facts_and_clears_a_leave():
    session = Session(
        id=11592,
        title="Opening Keynote",
        start=NOW,
        end=NOW + timedelta(hours=1),
        format=SessionFormat.WORKSHOP,
        tracks=(Label(1, "Product"),),
    )
    values = registered_values(session, ticket_id=57940, now=NOW)
    assert values == {
        "session_title": "Opening Keynote",
        "session_format": "WORKSHOP",
        "session_start": NOW,
        "session_end": NOW + timedelta(hours=1),
        "session_track": "Product",
        "ticket_id": 57940,
        "status": "registered",
        "last_registered_at": NOW,
        "unregistered_at": None,
    }
    assert "registered_at" not in values  # the first registration's time is never moved
    assert registered_values(session, ticket_id=0, now=NOW)["ticket_id"] is None
