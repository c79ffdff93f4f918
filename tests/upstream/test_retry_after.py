"""The upstream's Retry-After as RFC 9110 writes it (seconds or an HTTP date); a header nobody
can read is no Retry-After, never an error."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from sessions_app.upstream.retry_after import retry_after_seconds


def test_seconds_are_read_as_seconds():
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds(" 5 ") == 5


def test_a_date_in_the_future_is_the_seconds_until_it():
    moment = datetime.now(UTC) + timedelta(seconds=90)
    assert 88 <= retry_after_seconds(format_datetime(moment, usegmt=True)) <= 91


def test_a_date_without_a_known_zone_is_read_as_utc():
    moment = datetime.now(UTC) + timedelta(seconds=60)
    header = moment.strftime("%a, %d %b %Y %H:%M:%S -0000")
    assert 58 <= retry_after_seconds(header) <= 61


def test_a_date_in_the_past_means_now():
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0


@pytest.mark.parametrize("value", [None, "", "soon", "²", "١٢", "-5", "1.5", "Wed, 99 Foo 2015"])
def test_a_header_nobody_can_read_is_no_retry_after(value):
    assert retry_after_seconds(value) is None
