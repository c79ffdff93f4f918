"""Admin times in the event's zone: the session-day filter groups by event days (an evening
session of a US event stays on its day; a DST change has 23 or 25 hours), every time carries
the zone's name, and the zone comes from settings, the event, or the last reconciliation."""

from datetime import UTC, datetime

import pytest

from sessions_app.models import ReconcileRun
from tests.admin_records import make_attendee, make_registration, make_session, organizer_client

pytestmark = pytest.mark.django_db
A = "/admin/sessions_app"


@pytest.fixture
def new_york(settings):
    settings.ACCELEVENTS_EVENT_TIMEZONE = "America/New_York"


def titles(client, url, query):
    response = client.get(url, query)
    assert response.status_code == 200, query
    return sorted(row.title for row in response.context["cl"].result_list)


def day_choices(client, url):
    spec = next(s for s in client.get(url).context["cl"].filter_specs if s.parameter_name == "day")
    return [value for value, _ in spec.lookup_choices]


@pytest.mark.usefixtures("new_york")
def test_an_evening_session_of_a_us_event_is_on_its_own_day():
    # 20:30 in New York on 12 May is 00:30 UTC on the 13th.
    evening = make_session(1, title="Evening mixer", start=datetime(2026, 5, 13, 0, 30, tzinfo=UTC))
    morning = make_session(
        2, title="Morning keynote", start=datetime(2026, 5, 12, 13, 0, tzinfo=UTC)
    )
    make_registration(make_attendee(), evening)
    client = organizer_client()
    summary = f"{A}/sessionsnapshot/"
    assert day_choices(client, summary) == ["2026-05-12"]
    assert titles(client, summary, {"day": "2026-05-12"}) == [evening.title, morning.title]
    assert titles(client, summary, {"day": "2026-05-13"}) == []
    # The registration list's day filter and its times say the same.
    listed = client.get(f"{A}/registration/", {"day": "2026-05-12"})
    assert len(listed.context["cl"].result_list) == 1
    assert "Tue 12 May 2026, 20:30 EDT" in listed.content.decode()


def test_without_a_zone_the_same_session_falls_on_the_next_utc_day_and_says_so():
    make_session(1, title="Evening mixer", start=datetime(2026, 5, 13, 0, 30, tzinfo=UTC))
    client = organizer_client()
    assert day_choices(client, f"{A}/sessionsnapshot/") == ["2026-05-13"]
    html = client.get(f"{A}/sessionsnapshot/").content.decode()
    assert "Times in <strong>UTC</strong>" in html and "set ACCELEVENTS_EVENT_TIMEZONE" in html


@pytest.mark.usefixtures("new_york")
def test_the_day_filter_at_the_end_of_daylight_saving_time():
    # 1 November 2026: clocks go back at 02:00 EDT, so the day lasts 25 hours (04:00Z-05:00Z+1).
    sessions = {
        "Saturday late": datetime(2026, 11, 1, 3, 30, tzinfo=UTC),  # 23:30 EDT on 31 Oct
        "Sunday first": datetime(2026, 11, 1, 4, 0, tzinfo=UTC),  # 00:00 EDT on 1 Nov
        "Sunday after the change": datetime(2026, 11, 1, 7, 30, tzinfo=UTC),  # 02:30 EST
        "Sunday last": datetime(2026, 11, 2, 4, 59, tzinfo=UTC),  # 23:59 EST on 1 Nov
        "Monday first": datetime(2026, 11, 2, 5, 0, tzinfo=UTC),  # 00:00 EST on 2 Nov
    }
    for n, (title, start) in enumerate(sessions.items(), start=1):
        make_session(n, title=title, start=start)
    client = organizer_client()
    summary = f"{A}/sessionsnapshot/"
    assert day_choices(client, summary) == ["2026-10-31", "2026-11-01", "2026-11-02"]
    assert titles(client, summary, {"day": "2026-11-01"}) == sorted(
        ["Sunday first", "Sunday after the change", "Sunday last"]
    )
    assert titles(client, summary, {"day": "2026-10-31"}) == ["Saturday late"]
    html = client.get(summary, {"day": "2026-11-01"}).content.decode()
    assert "Sun 1 Nov 2026, 00:00 EDT" in html and "Sun 1 Nov 2026, 23:59 EST" in html
    # The overview's day has the same 25 hours.
    overview = client.get("/admin/", {"day": "2026-11-01"}).context["overview"]
    assert [row["session"].title for row in overview["fill"]] == [
        "Sunday first",
        "Sunday after the change",
        "Sunday last",
    ]


def test_the_zone_a_reconciliation_read_is_used_when_nothing_else_says():
    make_session(1, title="Evening mixer", start=datetime(2026, 5, 13, 0, 30, tzinfo=UTC))
    ReconcileRun.objects.create(trigger="schedule", state="done", event_zone="America/Chicago")
    client = organizer_client()
    html = client.get(f"{A}/sessionsnapshot/").content.decode()
    assert "Times in <strong>America/Chicago</strong>" in html
    assert "from the last reconciliation" in html
    assert "Tue 12 May 2026, 19:30 CDT" in html
