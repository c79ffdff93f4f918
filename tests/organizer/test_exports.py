"""CSV export of the current filtered changelist: its content, and that 100,000 rows stream
out in chunks without ever being in memory together."""

import csv
import io
import time
import tracemalloc

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from sessions_app.models import Attendee, Registration, SessionSnapshot
from sessions_app.organizer.exports import CHUNK_SIZE
from tests.admin_records import (
    START,
    make_attempt,
    make_attendee,
    make_registration,
    make_session,
    organizer_client,
)

pytestmark = pytest.mark.django_db

A = "/admin/sessions_app"


def parse(response) -> list[dict]:
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_export_is_the_filtered_list_with_every_field():
    full, lab = make_session(1, title="Full House"), make_session(2, title="Open Lab")
    gina = make_attendee("gina@example.com", first_name="Gina", last_name="Garcia")
    sneaky = make_attendee("sneaky@example.com", first_name="=HYPERLINK(1)", last_name="@x")
    make_attempt(gina, full, "capacity_full", error_code="4060610", error_message="Max")
    make_attempt(sneaky, full, "capacity_full", request_id="abc123")
    make_attempt(gina, lab, "joined")
    response = organizer_client().get(
        f"{A}/joinattempt/export/", {"outcome__exact": "capacity_full", "o": "1"}
    )
    assert response["Content-Disposition"].startswith('attachment; filename="join-attempts-')
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = parse(response)
    assert [(r["email"], r["session_title"], r["outcome"]) for r in rows] == [
        ("gina@example.com", "Full House", "capacity_full"),
        ("sneaky@example.com", "Full House", "capacity_full"),
    ]
    gina_row, sneaky_row = rows
    assert gina_row["error_code"] == "4060610" and gina_row["error_message"] == "Max"
    assert gina_row["http_status"] == "406" and gina_row["latency_ms"] == "42"
    assert gina_row["session_id"] == "1" and gina_row["action"] == "join"
    assert gina_row["upstream_user_id"] == str(gina.upstream_user_id)
    # A name that a spreadsheet would run as a formula is neutralised.
    assert sneaky_row["first_name"] == "'=HYPERLINK(1)" and sneaky_row["last_name"] == "'@x"
    assert sneaky_row["request_id"] == "abc123"


def test_registration_export_follows_search_and_filters():
    keynote = make_session(1, title="Keynote", format="MAIN_STAGE")
    gina, victor = make_attendee("gina@example.com"), make_attendee("victor@example.com")
    make_registration(gina, keynote, registered_at=START)
    make_registration(victor, keynote, status="unregistered", unregistered_at=START)
    client = organizer_client()
    rows = parse(client.get(f"{A}/registration/export/", {"q": "victor", "format": "MAIN_STAGE"}))
    assert len(rows) == 1
    row = rows[0]
    assert (row["email"], row["status"], row["session_format"]) == (
        "victor@example.com",
        "unregistered",
        "MAIN_STAGE",
    )
    assert row["unregistered_at"] == "2026-05-12T14:00:00+00:00"
    assert row["ticket_id"] == "57940" and row["session_title"] == "Keynote"
    assert parse(client.get(f"{A}/registration/export/", {"q": "nobody"})) == []
    listed = client.get(f"{A}/registration/", {"status__exact": "registered"}).content.decode()
    assert f'href="{A}/registration/export/?status__exact=registered"' in listed


def bulk_registrations(attendees: int, sessions: int) -> None:
    """`attendees` times `sessions` registrations, inserted by the database itself in one statement
    (a cross join), so making 100,000 rows takes a moment, not the test's whole budget."""
    now = timezone.now()
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"accelevents-{700_000 + i}") for i in range(attendees)
    )
    Attendee.objects.bulk_create(
        Attendee(
            user=user,
            upstream_user_id=700_000 + i,
            email=f"bulk{i}@example.com",
            first_name=f"Bulk{i}",
            last_name="Attendee",
            last_seen_at=now,
        )
        for i, user in enumerate(users)
    )
    for s in range(sessions):
        make_session(5000 + s, title=f"Bulk session {s}")
    registrations, people, snapshots = (
        connection.ops.quote_name(m._meta.db_table)
        for m in (Registration, Attendee, SessionSnapshot)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {registrations} (attendee_id, session_id, session_title, session_format,"  # noqa: S608
            " session_start, session_end, session_track, ticket_id, status, registered_at,"
            " reserved_ahead)"
            f" SELECT a.id, s.id, s.title, s.format, s.start, s.{connection.ops.quote_name('end')},"
            f" s.track, 57940, 'registered', %s, %s FROM {people} a CROSS JOIN {snapshots} s",
            [now, False],
        )
    assert Registration.objects.count() == attendees * sessions


def test_100000_registrations_stream_in_chunks_without_loading_them_all():
    bulk_registrations(2000, 50)
    client = organizer_client()

    started = time.perf_counter()
    listed = client.get(f"{A}/registration/", {"status__exact": "registered", "q": "bulk7"})
    list_seconds = time.perf_counter() - started
    assert listed.status_code == 200 and list_seconds < 2, list_seconds

    started = time.perf_counter()
    response = client.get(f"{A}/registration/export/")
    assert response.streaming
    chunks = iter(response.streaming_content)
    # Code that loads every row first does so before its first chunk: trace until the third.
    tracemalloc.start()
    try:
        sizes = [len(next(chunks)) for _ in range(3)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    sizes += [len(chunk) for chunk in chunks]
    seconds = time.perf_counter() - started
    total = sum(sizes)
    assert total > 15_000_000
    # One chunk per CHUNK_SIZE rows (plus the header's), each a small part of the whole...
    assert len(sizes) == 100_000 // CHUNK_SIZE + 1
    assert max(sizes) < total / 20
    # ...and memory held a few chunks' rows (~5 MB), never the 100,000 (well over 50 MB).
    assert peak < total / 2, (peak, total)
    print(
        f"\nexport: 100,000 rows, {total / 1e6:.1f} MB in {len(sizes)} chunks, {seconds:.1f} s, "
        f"peak {peak / 1e6:.1f} MB while 6,000 rows went out; filtered list {list_seconds:.2f} s"
    )
