"""The event an attendee's pages belong to: the organizer's name wins, then the platform's, then
the URL; times in the event's zone; an answer that names no event is no event."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from sessions_app.upstream.domain import Event, ZoneSource

BERLIN = ZoneInfo("Europe/Berlin")


def test_the_platforms_event_with_its_times_in_its_zone():
    event = Event.from_api(
        {
            "eventId": "77",
            "name": "Aurora",
            "eventURL": "aurora",
            "equivalentTimezone": "Europe/Berlin",
            "startDate": "2026/03/05 09:00",
            "eventEndDate": "2026/03/06 17:00",
        }
    )
    assert (event.id, event.name, event.url, event.tz_name) == (
        77,
        "Aurora",
        "aurora",
        "Europe/Berlin",
    )
    assert event.start == datetime(2026, 3, 5, 9, tzinfo=BERLIN)
    assert event.end == datetime(2026, 3, 6, 17, tzinfo=BERLIN)
    assert event.from_platform


def test_the_organizers_name_and_zone_win():
    event = Event.from_api(
        {"id": 5, "name": "Aurora"}, zone_setting="America/New_York", name="Aurora 2026"
    )
    assert (event.id, event.name, event.tz_name, event.zone.source) == (
        5,
        "Aurora 2026",
        "America/New_York",
        ZoneSource.SETTING,
    )


def test_without_a_name_the_url_then_the_slug_names_it():
    assert Event.from_api({"eventURL": "aurora"}).name == "aurora"
    event = Event.from_api({"eventId": 3}, slug="aurora-summit")
    assert (event.name, event.url, event.id) == ("aurora-summit", "aurora-summit", 3)
    assert Event.from_api({"name": "A"}).id is None


@pytest.mark.parametrize("data", [None, [], {}, {"startDate": "2026/03/05 09:00"}, {"name": "  "}])
def test_an_answer_that_names_no_event_is_refused(data):
    with pytest.raises(ValueError):
        Event.from_api(data)


def test_from_settings_is_marked_as_not_the_platforms():
    event = Event.from_settings(event_url="aurora", event_id=None, zone_setting="", name="")
    assert (event.name, event.url, event.from_platform, event.zone.is_fallback) == (
        "aurora",
        "aurora",
        False,
        True,
    )
