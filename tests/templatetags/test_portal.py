"""The template filters attendee pages are built with: the minutes until a session, who the
header names, which speaker images are offered (only those the CSP lets the browser load), and
upstream HTML that a template can never print raw."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser, User

from sessions_app.templatetags.portal import (
    account_name,
    allowed_image,
    initials,
    lookup,
    minutes_from,
    sanitized,
    zone_abbr,
)
from sessions_app.upstream.domain import Speaker

NOW = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("delta", "minutes"),
    [
        (timedelta(minutes=10), 10),
        (timedelta(minutes=9, seconds=1), 10),
        (timedelta(0), 0),
        (timedelta(minutes=-5), 0),
    ],
)
def test_minutes_until_a_start_are_rounded_up_and_never_negative(delta, minutes):
    assert minutes_from(NOW + delta, NOW) == minutes


def test_the_header_names_the_attendee_by_name_else_email_else_username():
    assert (
        account_name(User(username="u1", first_name="Tessa", last_name="Lind", email="t@x.io"))
        == "Tessa Lind"
    )
    assert account_name(User(username="u1", email="t@x.io")) == "t@x.io"
    assert account_name(User(username="u1")) == "u1"
    assert account_name(AnonymousUser()) == ""


def test_an_image_is_offered_only_from_a_source_the_csp_allows(settings):
    settings.PORTAL_IMAGE_SOURCES = ["https://images.example.com", "https://*.cdn.example.net"]
    for url in ("https://images.example.com/a.png", "https://eu.cdn.example.net/b.jpg"):
        assert allowed_image(url) == url
    for url in (
        "http://images.example.com/a.png",
        "https://images.example.com.evil.io/a.png",
        "https://cdn.example.net.evil.io/b.jpg",
        "https://evilcdn.example.net/b.jpg",
        "https://eu.cdn.example.net:8443/b.jpg",
        "https://evil.io/a.png",
        "javascript:alert(1)",
        "",
        None,
    ):
        assert allowed_image(url) == "", url


def test_upstream_html_is_sanitized_again_at_render_time():
    assert sanitized("<p>a</p><script>alert(1)</script><img src=x onerror=y()>") == "<p>a</p>"


def test_a_variable_key_looks_up_a_dict_and_anything_else_is_empty():
    assert lookup({"a": 1}, "a") == 1
    assert lookup({"a": 1}, "b") == ""
    assert lookup(None, "a") == ""


def test_a_speaker_without_a_name_still_gets_a_mark():
    assert initials(Speaker(id=1, first_name="ada", last_name="lovelace")) == "AL"
    assert initials(Speaker(id=2, first_name="", last_name="")) == "?"


def test_the_zone_is_named_as_it_is_on_that_day():
    new_york = ZoneInfo("America/New_York")
    assert zone_abbr(datetime(2026, 1, 5, 15, tzinfo=UTC), new_york) == "EST"
    assert zone_abbr(datetime(2026, 7, 5, 15, tzinfo=UTC), new_york) == "EDT"
