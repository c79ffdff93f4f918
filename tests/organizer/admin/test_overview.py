"""The event overview (the admin's index) and what "blocked before the call" adds to the admin:
the charts' figures are the database's, every chart links to the list behind it, and blocked
attempts count as demand everywhere (overview, summary, filters, exports)."""

import csv
import io
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook

from sessions_app.models import SeatWatch, SessionSnapshot
from tests.admin_records import (
    make_attempt,
    make_attendee,
    make_registration,
    make_session,
    organizer_client,
)

pytestmark = pytest.mark.django_db
A = "/admin/sessions_app"
DAY = "2026-05-12"


@pytest.fixture(autouse=True)
def _event(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ACCELEVENTS_EVENT_TIMEZONE = "America/New_York"


@pytest.fixture
def day():
    """Three sessions on 12 May (New York): one full, one half full, one unlimited; refusals
    asked and blocked, watchers; and one session on the next day that the day leaves out."""
    at = datetime(2026, 5, 12, 13, 0, tzinfo=UTC)  # 09:00 EDT
    full = make_session(1, title="Full House", capacity=2, start=at)
    half = make_session(2, title="Half Lab", capacity=4, start=at + timedelta(hours=2))
    open_ = make_session(3, title="Open Stage", capacity=0, start=at + timedelta(hours=4))
    make_session(4, title="Tomorrow", capacity=5, start=at + timedelta(days=1))
    people = [make_attendee() for _ in range(6)]
    for i, person in enumerate(people[:2]):
        make_registration(person, full, registered_at=at - timedelta(hours=2, minutes=i))
    make_registration(people[2], half, registered_at=at - timedelta(minutes=30))
    make_registration(people[3], half, registered_at=at - timedelta(minutes=20))
    make_registration(people[4], open_, registered_at=at - timedelta(minutes=10))
    for person in people[2:5]:
        make_attempt(person, full, "capacity_full", error_code="4060610")
    make_attempt(people[5], full, "capacity_full", kind="blocked", http_status=None)
    make_attempt(people[5], half, "ticket_type", kind="blocked", http_status=None)
    for person in people[2:4]:
        SeatWatch.objects.create(
            attendee=person, session_id=full.id, session_title=full.title, session_end=full.end
        )
    return {"full": full, "half": half, "open": open_}


def test_the_overview_figures_are_the_databases(day):
    client = organizer_client()
    response = client.get("/admin/", {"day": DAY})
    o = response.context["overview"]
    assert [(r["session"].title, r["text"], r["full"]) for r in o["fill"]] == [
        ("Full House", "2 / 2 (100%)", True),
        ("Half Lab", "2 / 4 (50%)", False),
        ("Open Stage", "1 registered (no limit)", False),
    ]
    hours = {bar.title: bar.value for bar in o["hours"]["rows"]}
    assert o["hours"]["total"] == 5 == sum(hours.values())
    # 07:00 and 06:59 EDT, then 08:30, 08:40 and 08:50.
    assert hours == {
        "Tue 12 May, 06:00 to 07:00": 1,
        "Tue 12 May, 07:00 to 08:00": 1,
        "Tue 12 May, 08:00 to 09:00": 3,
    }
    reasons = {r["label"]: (r["asked"], r["blocked"]) for r in o["reasons"] if r["total"]}
    assert reasons == {"Full": (3, 1), "Ticket type": (0, 1)}
    assert [(r["session"].title, r["asked"], r["blocked"], r["watchers"]) for r in o["demand"]] == [
        ("Full House", 3, 1, 2),
        ("Half Lab", 0, 1, 0),
    ]
    html = response.content.decode()
    assert "Tuesday 12 May 2026" in html and 'aria-current="page"' in html
    assert "Not reconciled with Accelevents yet" in html
    SessionSnapshot.objects.filter(pk=1).update(
        reconciled_at=datetime(2026, 5, 12, 12, 5, tzinfo=UTC)
    )
    again = client.get("/admin/", {"day": DAY}).content.decode()
    assert "Last reconciled with Accelevents: <time" in again and "08:05 EDT" in again
    assert "3 refused by the platform, 1 blocked before the call, 2 watching" in html


def test_each_chart_links_to_the_list_behind_it(day):
    client = organizer_client()
    o = client.get("/admin/", {"day": DAY}).context["overview"]

    def listed(url):
        response = client.get(url)
        assert response.status_code == 200, url
        return response.context["cl"].result_list

    full_row = o["fill"][0]
    assert len(listed(full_row["url"])) == 2
    for bar in o["hours"]["rows"]:
        assert len(listed(bar.url)) == bar.value
    blocked_full = o["reasons"][0]["segments"][1].url
    assert parse_qs(urlsplit(blocked_full).query)["kind__exact"] == ["blocked"]
    assert [a.kind for a in listed(blocked_full)] == ["blocked"]
    assert len(listed(o["reasons"][0]["url"])) == 4
    assert len(listed(o["summary_url"])) == 3  # the day's sessions
    assert client.get(o["demand"][0]["url"]).status_code == 200  # the session's page


def test_today_is_the_default_day_in_the_event_zone(day):
    o = organizer_client().get("/admin/").context["overview"]
    assert o["zone"].name == "America/New_York"
    assert DAY in [d.day.isoformat() for d in o["days"]]  # every event day is one click away


def test_blocked_attempts_in_the_summary_filters_and_exports(day):
    client = organizer_client()
    summary = client.get(f"{A}/sessionsnapshot/").context["cl"].result_list
    assert {s.title: s.refusal_count for s in summary}["Full House"] == 4
    blocked = client.get(f"{A}/joinattempt/", {"kind__exact": "blocked"})
    assert {a.session_title for a in blocked.context["cl"].result_list} == {
        "Full House",
        "Half Lab",
    }
    body = b"".join(
        client.get(f"{A}/joinattempt/export/", {"kind__exact": "blocked"}).streaming_content
    )
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert {(r["kind"], r["outcome"]) for r in rows} == {
        ("blocked", "capacity_full"),
        ("blocked", "ticket_type"),
    }
    assert all(r["time_zone"] == "America/New_York" for r in rows)
    assert all(r["created_at"].endswith(("-04:00", "-05:00")) for r in rows)


def test_the_xlsx_export_has_the_same_rows_in_event_time(day):
    sneaky = make_attendee(first_name="=HYPERLINK(1)")
    make_registration(sneaky, day["half"], registered_at=datetime(2026, 5, 12, 12, 50, tzinfo=UTC))
    response = organizer_client().get(f"{A}/registration/export.xlsx", {"session": "2"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    header, *rows = list(book.active.values)
    book.close()
    assert len(rows) == 3
    column = header.index("registered_at (America/New_York)")
    assert sorted(r[column] for r in rows) == [
        datetime(2026, 5, 12, 8, 30),
        datetime(2026, 5, 12, 8, 40),
        datetime(2026, 5, 12, 8, 50),
    ]
    # A name a spreadsheet would run as a formula stays text.
    assert "'=HYPERLINK(1)" in [r[header.index("first_name")] for r in rows]
