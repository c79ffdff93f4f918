"""Stars and registrations keep a session's title and times as last seen; when the organizer
moves, renames or hides a session, reconciliation brings them in line, so a reminder goes out
at the new start under the new title, and none for a session attendees can no longer see."""

from datetime import timedelta

import pytest
from django.core import mail

from sandbox.demo import SESSION_IDS
from sessions_app.models import Attendee, Favourite, Registration, SessionSnapshot
from sessions_app.organizer.reconcile import reconcile_registrations
from sessions_app.planning.reminder_emails import send_due_reminders, set_reminders
from sessions_app.upstream.clock import upstream_now
from tests.admin_records import make_attendee

pytestmark = pytest.mark.django_db
KEYNOTE = SESSION_IDS["day2-keynote"]


@pytest.fixture
def starred_and_held(sandbox, settings):
    """A session starting in 10 minutes: Ann starred it, a newcomer holds a seat in it (both
    want reminders); the rows as the portal saw it then."""
    settings.PORTAL_REMINDER_MINUTES = 15
    sandbox.patch_session(KEYNOTE, start_offset_minutes=10, end_offset_minutes=40)
    sandbox.add_registrants(KEYNOTE, 1)
    reconcile_registrations()
    seen = SessionSnapshot.objects.get(pk=KEYNOTE)
    ann = make_attendee("ann@example.com")
    Favourite.objects.create(
        attendee=ann,
        session_id=KEYNOTE,
        session_title=seen.title,
        session_start=seen.start,
        session_end=seen.end,
    )
    holder = Registration.objects.get(session_id=KEYNOTE, status="registered").attendee
    for attendee in (ann, holder):
        set_reminders(attendee.pk, on=True, language="en")
    return ann, holder


def subjects() -> list[str]:
    return sorted(m.subject.split("“")[1].split("”")[0] for m in mail.outbox)


def test_a_moved_and_renamed_session_is_reminded_at_its_new_start_under_its_new_title(
    sandbox, starred_and_held
):
    sandbox.patch_session(
        KEYNOTE, title="Keynote, moved", start_offset_minutes=60, end_offset_minutes=90
    )

    reconcile_registrations()

    assert send_due_reminders() == 0  # not at the old time
    moved = SessionSnapshot.objects.get(pk=KEYNOTE)
    for model in (Favourite, Registration):
        row = model.objects.get(session_id=KEYNOTE, attendee__in=starred_and_held)
        assert (row.session_title, row.session_start, row.session_end) == (
            "Keynote, moved",
            moved.start,
            moved.end,
        )
    assert send_due_reminders(now=upstream_now() + timedelta(minutes=50)) == 2
    assert subjects() == ["Keynote, moved", "Keynote, moved"]


def test_a_session_the_organizer_hid_is_not_reminded(sandbox, starred_and_held):
    sandbox.patch_session(KEYNOTE, status="HIDDEN")

    reconcile_registrations()

    assert send_due_reminders() == 0
    assert mail.outbox == []
    assert Attendee.objects.filter(pk__in=[a.pk for a in starred_and_held]).count() == 2


def test_a_session_the_platform_no_longer_lists_is_not_reminded(sandbox, settings):
    settings.PORTAL_REMINDER_MINUTES = 15
    start = upstream_now() + timedelta(minutes=10)
    facts = {"title": "Deleted talk", "format": "BREAKOUT", "start": start, "end": start}
    SessionSnapshot.objects.create(id=999_001, synced_at=upstream_now(), **facts)
    ann = make_attendee("ann@example.com")
    set_reminders(ann.pk, on=True, language="en")
    Favourite.objects.create(
        attendee=ann,
        session_id=999_001,
        session_title="Deleted talk",
        session_start=start,
        session_end=start,
    )

    reconcile_registrations()  # a full, clean read: it is gone

    assert send_due_reminders() == 0
    assert mail.outbox == []
