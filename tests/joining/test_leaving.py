"""Leaving a session (sessions_app/joining/leaving.py): a seat in a private session the
organizer added the attendee to is theirs to keep, so that unregister is never sent (a 403
back would read as a dead token and sign them out); any other leave is sent and recorded."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model

from sessions_app.identity import Viewer
from sessions_app.joining.leaving import PRIVATE_SEAT, leave_session
from sessions_app.models import Attendee, JoinAttempt
from sessions_app.upstream.domain import Session

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 5, 1, 12, tzinfo=UTC)


@pytest.fixture
def viewer(settings):
    settings.ACCELEVENTS_API_BASE_URL = "http://127.0.0.1:9/rest"  # nothing listens: refused
    user = get_user_model().objects.create(username="leaver")
    attendee = Attendee.objects.create(
        user=user, upstream_user_id=9009, email="l@example.com", last_seen_at=NOW
    )
    return Viewer(upstream_user_id=9009, attendee_id=attendee.pk, token="token")


def session(*, private: bool) -> Session:
    return Session(
        id=77,
        title="Hybrid data",
        start=NOW - timedelta(minutes=10),
        end=NOW + timedelta(minutes=50),
        ticket_ids=(501,),
        private=private,
    )


def test_a_private_seat_the_organizer_gave_is_kept_and_nothing_is_sent(viewer):
    result = leave_session(viewer=viewer, session=session(private=True), now=NOW)
    assert (result.outcome, result.message) == (JoinAttempt.Outcome.REFUSED_OTHER, PRIVATE_SEAT)
    assert not result.succeeded
    assert not JoinAttempt.objects.exists(), "no unregister was attempted"


def test_a_public_session_is_left_through_the_platform(viewer):
    result = leave_session(viewer=viewer, session=session(private=False), now=NOW)
    attempt = JoinAttempt.objects.get()
    assert attempt.action == JoinAttempt.Action.UNREGISTER
    assert result.outcome != JoinAttempt.Outcome.REFUSED_OTHER  # the platform was asked
