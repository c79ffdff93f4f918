"""What the portal keeps of the upstream's sessions: the facts a join click or reconciliation
last saw, written in one upsert, with capacity and counts never negative, the admitted ticket
types in order, and `reconciled_at` moved by reconciliation only."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions_app.models import SessionSnapshot, session_facts
from sessions_app.upstream.domain import Session, SessionFormat
from sessions_app.upstream.domain.session_parts import Label

pytestmark = pytest.mark.django_db

START = datetime(2026, 5, 12, 14, 0, tzinfo=UTC)
EARLIER, LATER = START - timedelta(days=1), START - timedelta(hours=1)


def upstream_session(session_id: int = 11592, **fields) -> Session:
    values = {
        "title": "Opening Keynote",
        "start": START,
        "end": START + timedelta(hours=1),
        "format": SessionFormat.MAIN_STAGE,
        "tracks": (Label(1, "Product"), Label(2, "Engineering")),
        "capacity": 300,
        "registered_count": 120,
        "allowed_ticket_type_ids": (10799, 10798),
    }
    return Session(id=session_id, **{**values, **fields})


def test_a_sessions_facts_are_what_a_registration_and_a_summary_both_store():
    facts = session_facts(upstream_session(title="T" * 600))
    assert facts == {
        "title": "T" * 500,
        "format": "MAIN_STAGE",
        "start": START,
        "end": START + timedelta(hours=1),
        "track": "Product, Engineering",
    }


def test_remember_stores_what_the_upstream_said_in_one_statement():
    with CaptureQueriesContext(connection) as queries:
        SessionSnapshot.objects.remember(upstream_session(), now=EARLIER)
    assert len(queries) == 1
    kept = SessionSnapshot.objects.get()
    assert (kept.id, kept.title, kept.format, kept.track) == (
        11592,
        "Opening Keynote",
        "MAIN_STAGE",
        "Product, Engineering",
    )
    assert (kept.capacity, kept.upstream_registered_count) == (300, 120)
    assert kept.ticket_type_ids == [10798, 10799]
    assert (kept.synced_at, kept.reconciled_at) == (EARLIER, None)


def test_negative_figures_from_the_upstream_are_kept_as_zero():
    SessionSnapshot.objects.remember(upstream_session(capacity=-1, registered_count=-5))
    kept = SessionSnapshot.objects.get()
    assert (kept.capacity, kept.upstream_registered_count) == (0, 0)


def test_a_click_updates_the_facts_but_leaves_the_last_reconciliation_alone():
    SessionSnapshot.objects.remember_many([upstream_session()], now=EARLIER, reconciled=True)
    later_start = START + timedelta(hours=2)
    moved = upstream_session(title="Keynote (moved)", capacity=250, start=later_start)
    SessionSnapshot.objects.remember(moved, now=LATER)
    kept = SessionSnapshot.objects.get()
    assert (kept.title, kept.capacity, kept.start) == ("Keynote (moved)", 250, moved.start)
    assert (kept.synced_at, kept.reconciled_at) == (LATER, EARLIER)
    SessionSnapshot.objects.remember_many([upstream_session()], now=LATER, reconciled=True)
    assert SessionSnapshot.objects.get().reconciled_at == LATER


def test_snapshots_list_in_time_order_then_by_title_and_read_as_their_title():
    SessionSnapshot.objects.remember_many(
        [
            upstream_session(3, title="Zebra talk"),
            upstream_session(2, title="Afternoon", start=START + timedelta(hours=3)),
            upstream_session(1, title="Alpha talk"),
        ]
    )
    assert [str(s) for s in SessionSnapshot.objects.all()] == [
        "Alpha talk",
        "Zebra talk",
        "Afternoon",
    ]


def test_the_platforms_interest_is_kept_as_given_and_unknown_stays_unknown():
    SessionSnapshot.objects.remember(upstream_session(interested_count=9), now=EARLIER)
    assert SessionSnapshot.objects.get().upstream_interested_count == 9
    SessionSnapshot.objects.remember(upstream_session(interested_count=None), now=LATER)
    assert SessionSnapshot.objects.get().upstream_interested_count is None
