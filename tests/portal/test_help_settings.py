"""Where a stuck attendee is sent: the event's own Accelevents page unless the organizer names
one, a stream help link and text, and how long a player may take to load; a value that could
not work stops start-up with the setting's name."""

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.help_settings import read_attendee_help

NAMES = (
    "ACCELEVENTS_SIGN_IN_HELP_URL",
    "PORTAL_STREAM_HELP_URL",
    "PORTAL_STREAM_HELP_TEXT",
    "PORTAL_STREAM_LOAD_SECONDS",
)


@pytest.fixture
def env(monkeypatch):
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)

    def set_values(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_values


def test_by_default_attendees_are_sent_to_the_events_own_page(env):
    env()
    help_ = read_attendee_help(environ.Env(), "aurora-summit")
    assert help_.sign_in_help_url == "https://www.accelevents.com/events/aurora-summit"
    assert (help_.stream_help_url, help_.stream_help_text, help_.stream_load_seconds) == (
        "",
        "",
        15,
    )


def test_the_organizers_own_pages_and_text_win(env):
    env(
        ACCELEVENTS_SIGN_IN_HELP_URL="https://hub.example.com/help",
        PORTAL_STREAM_HELP_URL="http://help.example.com/stream",
        PORTAL_STREAM_HELP_TEXT="x" * 600,
        PORTAL_STREAM_LOAD_SECONDS="30",
    )
    help_ = read_attendee_help(environ.Env(), "aurora-summit")
    assert help_.sign_in_help_url == "https://hub.example.com/help"
    assert help_.stream_help_url == "http://help.example.com/stream"
    assert help_.stream_help_text == "x" * 500
    assert help_.stream_load_seconds == 30


@pytest.mark.parametrize(
    ("values", "setting"),
    [
        ({"ACCELEVENTS_SIGN_IN_HELP_URL": "javascript:alert(1)"}, "ACCELEVENTS_SIGN_IN_HELP_URL"),
        ({"PORTAL_STREAM_HELP_URL": "help.example.com"}, "PORTAL_STREAM_HELP_URL"),
        ({"PORTAL_STREAM_LOAD_SECONDS": "0"}, "PORTAL_STREAM_LOAD_SECONDS"),
        ({"PORTAL_STREAM_LOAD_SECONDS": "121"}, "PORTAL_STREAM_LOAD_SECONDS"),
    ],
)
def test_a_value_that_could_not_work_stops_start_up(env, values, setting):
    env(**values)
    with pytest.raises(ImproperlyConfigured, match=setting):
        read_attendee_help(environ.Env(), "aurora-summit")


def test_the_bounds_themselves_are_allowed(env):
    for seconds in ("1", "120"):
        env(PORTAL_STREAM_LOAD_SECONDS=seconds)
        assert read_attendee_help(environ.Env(), "a").stream_load_seconds == int(seconds)
