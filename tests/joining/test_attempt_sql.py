"""A join's records as the organizer's lists read them, whichever way the database writes them
(sessions_app/joining/attempt_sql.py on PostgreSQL, the ORM elsewhere): the click is on record
as unconfirmed before its call; the upstream's yes sets its outcome and the registration
together; a settler that got there first keeps its outcome; a re-join keeps the first
registration time. On PostgreSQL the yes is one statement."""

from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions_app.identity import Viewer
from sessions_app.joining import recording
from sessions_app.models import Attendee, JoinAttempt, Registration
from sessions_app.upstream.domain import CallInfo, Session

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 5, 1, 12, tzinfo=UTC)
YES = CallInfo(200, "req-yes", 120)


@pytest.fixture
def viewer():
    user = get_user_model().objects.create(username="joiner")
    attendee = Attendee.objects.create(
        user=user, upstream_user_id=4242, email="j@example.com", last_seen_at=NOW
    )
    return Viewer(upstream_user_id=4242, attendee_id=attendee.pk, token="token")


def session(session_id=88, title="Keynote") -> Session:
    start = NOW - timedelta(minutes=5)
    return Session(id=session_id, title=title, start=start, end=start + timedelta(hours=1))


def joined(viewer, live, *, action=JoinAttempt.Action.JOIN, now=NOW) -> JoinAttempt:
    attempt = recording.open_attempt(viewer, live, action)
    assert recording.close_with_registration(attempt, live, "joined", YES, viewer, 501, now)
    return attempt


def test_the_click_is_on_record_before_its_call(viewer):
    attempt = recording.open_attempt(viewer, session(), JoinAttempt.Action.JOIN)
    stored = JoinAttempt.objects.get(pk=attempt.pk)
    assert (stored.outcome, stored.kind, stored.session_title) == ("unconfirmed", "call", "Keynote")
    assert stored.created_at is not None and stored.attendee_id == viewer.attendee_id
    assert attempt.created_at == stored.created_at, "the record in hand says when it was made"


def test_the_yes_sets_the_outcome_and_the_registration_together(viewer):
    attempt = joined(viewer, session())
    stored = JoinAttempt.objects.get(pk=attempt.pk)
    assert (stored.outcome, stored.http_status, stored.request_id) == ("joined", 200, "req-yes")
    assert stored.latency_ms == 120
    registration = Registration.objects.get(attendee_id=viewer.attendee_id, session_id=88)
    assert (registration.status, registration.ticket_id) == ("registered", 501)
    assert (registration.session_title, registration.registered_at) == ("Keynote", NOW)
    assert registration.reserved_ahead is False


def test_a_settler_that_got_there_first_keeps_its_outcome(viewer):
    attempt = recording.open_attempt(viewer, session(), JoinAttempt.Action.JOIN)
    assert recording.settle_attempt_row(attempt.pk, "joined")
    recording.close_with_registration(attempt, session(), "joined", YES, viewer, 501, NOW)
    stored = JoinAttempt.objects.get(pk=attempt.pk)
    assert stored.settled_at is not None and stored.request_id == "", "not overwritten"
    assert Registration.objects.get(session_id=88).status == "registered"


def test_a_rejoin_keeps_the_first_registration_time_and_takes_the_new_facts(viewer):
    joined(viewer, session())
    Registration.objects.update(status="unregistered", unregistered_at=NOW)
    later = NOW + timedelta(minutes=20)
    joined(viewer, session(title="Keynote (moved)"), action=JoinAttempt.Action.RESERVE, now=later)
    registration = Registration.objects.get(session_id=88)
    assert (registration.status, registration.unregistered_at) == ("registered", None)
    assert (registration.registered_at, registration.last_registered_at) == (NOW, later)
    assert registration.session_title == "Keynote (moved)" and registration.reserved_ahead


def test_on_postgresql_the_yes_is_one_statement(viewer):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: elsewhere the yes is one transaction")
    attempt = recording.open_attempt(viewer, session(99), JoinAttempt.Action.JOIN)
    recording.close_with_registration(attempt, session(99), "joined", YES, viewer, 501, NOW)
    with CaptureQueriesContext(connection) as queries:
        other = recording.open_attempt(viewer, session(), JoinAttempt.Action.JOIN)
        recording.close_with_registration(other, session(), "joined", YES, viewer, 501, NOW)
    writes = [q["sql"] for q in queries if "joinattempt" in q["sql"]]
    assert len(writes) == 2, writes  # the click, then its yes with the registration
    assert "sessions_app_registration" in writes[1]


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_only_the_yes_skips_waiting_for_the_disk(viewer):
    """The yes may be lost to a database crash (the click then settles it from the platform),
    the click may not: it is committed, seen from another connection, before its call, and the
    setting is the yes's transaction's alone."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    attempt = recording.open_attempt(viewer, session(), JoinAttempt.Action.JOIN)
    assert _seen_from_another_connection(attempt.pk) == "unconfirmed", "not committed yet"
    with CaptureQueriesContext(connection) as queries:
        recording.close_with_registration(attempt, session(), "joined", YES, viewer, 501, NOW)
    assert any("set_config('synchronous_commit', 'off', true)" in q["sql"] for q in queries)
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on", "the next click would not be flushed before its call"
    assert _seen_from_another_connection(attempt.pk) == "joined"


@pytest.mark.django_db
def test_inside_a_callers_transaction_the_yes_leaves_its_commit_durable(viewer):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    attempt = recording.open_attempt(viewer, session(), JoinAttempt.Action.JOIN)
    recording.close_with_registration(attempt, session(), "joined", YES, viewer, 501, NOW)
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on", "the caller's whole transaction would not be flushed"


def _seen_from_another_connection(attempt_id: int) -> str | None:
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        autocommit=True,
    ) as other:
        row = other.execute(
            f"SELECT outcome FROM {JoinAttempt._meta.db_table} WHERE id = %s",  # noqa: S608
            [attempt_id],
        ).fetchone()
    return row[0] if row else None
