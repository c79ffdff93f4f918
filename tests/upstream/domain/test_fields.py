# ruff: noqa: RUF001 -- look-alike digits are the point of some cases
"""Reading the upstream's values tolerantly: a null, a quoted number or an unknown enum value
is read as what it means, and what cannot be read is an empty value, never an error."""

import enum
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from sessions_app.upstream.domain.fields import (
    as_dict,
    as_http_url,
    as_int,
    as_ints,
    as_list,
    as_str,
    enum_member,
    envelope,
    parse_wallclock,
    zone,
)
from sessions_app.upstream.errors import UpstreamUnavailable

BERLIN = ZoneInfo("Europe/Berlin")


class Colour(enum.Enum):
    RED = "RED"
    OTHER = "OTHER"


def test_an_enum_value_is_read_whatever_its_case_and_unknown_is_other():
    assert enum_member(Colour, " red ") is Colour.RED
    assert enum_member(Colour, "PURPLE") is Colour.OTHER
    assert enum_member(Colour, None) is Colour.OTHER


@pytest.mark.parametrize(
    ("value", "number"),
    [(5, 5), (5.0, 5), ("5", 5), ("-5", -5), (" 12.0 ", 12), ("12.5", 0), (5.5, 0), (True, 0)],
)
def test_an_int_from_whatever_the_upstream_quotes(value, number):
    assert as_int(value) == number


@pytest.mark.parametrize("value", [None, "", "²", "١٢", "1_0", [1], {"a": 1}])
def test_what_is_no_int_is_the_default(value):
    assert as_int(value, 7) == 7


def test_ints_from_a_list_a_single_number_or_null():
    assert as_ints([1, "2", "x", None, -3, "²"]) == (1, 2)
    assert as_ints("42") == (42,)
    assert as_ints(None) == ()


def test_text_is_stripped_and_structures_are_no_text():
    assert as_str("  Keynote ") == "Keynote"
    assert as_str(12) == "12"
    for value in (None, True, {"a": 1}, [1]):
        assert as_str(value) == ""


def test_a_list_or_a_dict_only_from_one():
    assert as_list([1]) == [1]
    assert as_list({"a": 1}) == []
    assert as_dict({"a": 1}) == {"a": 1}
    assert as_dict([1]) == {}


def test_only_web_urls_are_urls():
    assert as_http_url(" https://example.com/a ") == "https://example.com/a"
    assert as_http_url("HTTP://example.com") == "HTTP://example.com"
    for value in ("javascript:alert(1)", "//example.com", "ftp://x", None):
        assert as_http_url(value) == ""


def test_an_unknown_zone_is_utc():
    assert zone("Europe/Berlin") == BERLIN
    assert zone(BERLIN) is BERLIN
    assert zone("Mars/Olympus") is UTC
    assert zone(None) is UTC
    assert zone("../../etc/passwd") is UTC


@pytest.mark.parametrize("text", ["2026/03/05 09:30", "2026/03/05 09:30:00", "2026-03-05 09:30"])
def test_an_upstream_time_is_wall_clock_in_the_events_zone(text):
    assert parse_wallclock(text, BERLIN) == datetime(2026, 3, 5, 9, 30, tzinfo=BERLIN)


@pytest.mark.parametrize("text", ["", None, "tomorrow", "２０２６/03/05 09:30", "2026/13/05 09:30"])
def test_an_unreadable_time_is_none(text):
    assert parse_wallclock(text, BERLIN) is None


def test_a_list_envelope_gives_its_items_and_counts():
    assert envelope({"data": [1, 2], "recordsTotal": "9", "recordsFiltered": 4}) == ([1, 2], 9, 4)
    assert envelope({"data": [1, 2]}) == ([1, 2], 2, 2)


@pytest.mark.parametrize("payload", [None, [], {"data": None}, {"data": {"a": 1}}, "x"])
def test_a_wrong_shaped_envelope_is_an_unavailable_upstream(payload):
    with pytest.raises(UpstreamUnavailable):
        envelope(payload)
