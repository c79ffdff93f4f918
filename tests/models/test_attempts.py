"""Join attempts as the records show them: a click asked the platform unless it says it was
blocked before the call, the newest first, each read as who did what to which session and with
what outcome; an attempt goes with its attendee."""

from datetime import timedelta

import pytest

from sessions_app.models import Attendee, JoinAttempt
from tests.admin_records import make_attempt, make_attendee, make_session

pytestmark = pytest.mark.django_db


def test_a_click_is_a_call_to_the_platform_unless_recorded_as_blocked():
    gina, session = make_attendee(), make_session(11592)
    asked = JoinAttempt.objects.create(
        attendee=gina, session_id=session.id, action="join", outcome="joined"
    )
    assert asked.kind == "call" and asked.get_kind_display() == "Asked the platform"
    blocked = make_attempt(gina, session, "capacity_full", kind="blocked", http_status=None)
    assert blocked.get_kind_display() == "Blocked before the call"


def test_an_attempt_reads_as_who_did_what_to_which_session():
    gina = make_attendee("gina@example.com", first_name="Gina", last_name="Garcia")
    attempt = make_attempt(gina, make_session(11592), "capacity_full", action="reserve")
    assert str(attempt) == "Gina Garcia <gina@example.com> reserve 11592: capacity_full"
    assert attempt.get_outcome_display() == "Capacity full"


def test_attempts_list_newest_first():
    gina, session = make_attendee(), make_session(1)
    first = make_attempt(gina, session, "capacity_full")
    later = make_attempt(
        gina, session, "joined", created_at=first.created_at + timedelta(minutes=1)
    )
    assert list(JoinAttempt.objects.all()) == [later, first]


def test_an_attendees_attempts_go_with_them():
    gina, other = make_attendee(), make_attendee()
    session = make_session(1)
    make_attempt(gina, session, "joined")
    make_attempt(other, session, "joined")
    Attendee.objects.filter(pk=gina.pk).delete()
    assert [a.attendee_id for a in JoinAttempt.objects.all()] == [other.pk]
