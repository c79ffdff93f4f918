"""The event's time zone, taken in order from the organizer's setting, the event's
`equivalentTimezone`, a `timezoneId` label naming one city, and else UTC marked as a fallback
(so a wrong clock on every session is reported, not passed off as the event's)."""

from zoneinfo import ZoneInfo

import pytest

from sessions_app.upstream.domain.zones import ZoneSource, iana_zone, resolve_zone, zone_from_label

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")


def test_the_organizers_setting_comes_first():
    zone = resolve_zone("Europe/Berlin", {"equivalentTimezone": "America/New_York"})
    assert (zone.tz, zone.source, zone.is_fallback) == (BERLIN, ZoneSource.SETTING, False)


def test_then_the_events_equivalent_timezone_in_either_spelling():
    assert resolve_zone("", {"equivalentTimezone": "America/New_York"}).tz == NEW_YORK
    zone = resolve_zone("", {"equivalentTimeZone": "America/New_York"})
    assert (zone.tz, zone.source) == (NEW_YORK, ZoneSource.EQUIVALENT_TIMEZONE)


def test_then_a_label_that_names_one_city():
    zone = resolve_zone("", {"timezoneId": "United States (New York) Time"})
    assert (zone.tz, zone.source) == (NEW_YORK, ZoneSource.TIMEZONE_ID)


def test_else_utc_reported_as_a_fallback():
    for data in (
        None,
        {},
        {"timezoneId": "Somewhere (Atlantis) Time"},
        {"equivalentTimezone": "x"},
    ):
        zone = resolve_zone("Not/A_Zone", data)
        assert (str(zone.tz), zone.is_fallback) == ("UTC", True)


@pytest.mark.parametrize("name", ["", None, "/etc/localtime", "../../etc/passwd", "Mars/Olympus"])
def test_only_a_real_iana_key_is_a_zone(name):
    assert iana_zone(name) is None


def test_a_label_may_itself_be_a_zone_and_an_ambiguous_city_is_none():
    assert zone_from_label("Europe/Berlin") == BERLIN
    assert zone_from_label("(new york)") == NEW_YORK
    assert zone_from_label("No city here") is None
    assert zone_from_label("US (Louisville) Time") is None  # America/ and America/Kentucky/
