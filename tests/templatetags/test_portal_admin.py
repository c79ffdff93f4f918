"""What the admin tells organizers about the portal's own set-up (sessions_app/templatetags/
portal_admin.py): on the index, a misconfiguration the platform's answers revealed (naming the
setting to check) and an event whose zone is unknown; on every admin page, which zone its times
are in and where that zone came from; and a time shown in that zone with its name."""

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from sessions_app import cache as portal_cache
from sessions_app.event_reads import event_key
from sessions_app.ops import misconfiguration
from sessions_app.upstream.domain import Event
from sessions_app.upstream.errors import UpstreamMisconfigured

pytestmark = pytest.mark.django_db


def rendered(tag: str, **context) -> str:
    return Template("{% load portal_admin %}" + tag).render(Context(context))


def event_last_fetched(**data) -> None:
    """The event as a page view last fetched it (the admin never calls the platform itself)."""
    event = Event.from_api({"eventId": 7, "name": "Summit", "eventURL": "summit", **data})
    portal_cache.cached_fetch(event_key(), lambda: event)


def test_the_index_says_nothing_while_nothing_is_wrong():
    assert rendered("{% upstream_warnings %}").strip() == ""
    event_last_fetched(equivalentTimezone="Europe/Berlin")
    assert rendered("{% upstream_warnings %}").strip() == ""


def test_a_misconfiguration_the_platform_revealed_names_the_setting_to_check():
    misconfiguration.report(UpstreamMisconfigured("refused", setting="ACCELEVENTS_EVENT_URL"))
    html = rendered("{% upstream_warnings %}")
    assert 'class="error"' in html
    assert "attendees see an error page. Check ACCELEVENTS_EVENT_URL, then run" in html
    assert "check_upstream" in html


def test_an_event_without_a_zone_is_said_to_be_shown_in_utc():
    event_last_fetched()  # no zone in the platform's answer, none in the settings
    html = rendered("{% upstream_warnings %}")
    assert "session times are read and shown as UTC" in html
    assert "Set ACCELEVENTS_EVENT_TIMEZONE" in html


def note(settings, zone_setting: str = "") -> str:
    settings.ACCELEVENTS_EVENT_TIMEZONE = zone_setting
    return rendered("{% event_zone_note %}", request=RequestFactory().get("/admin/"))


def test_every_admin_page_names_the_zone_its_times_are_in_and_where_it_came_from(settings):
    html = note(settings, "America/New_York")
    assert re.search(r"Times in <strong>America/New_York</strong> \((EDT|EST)\)", html)
    assert "from ACCELEVENTS_EVENT_TIMEZONE" in html


def test_a_zone_learned_from_the_event_is_credited_to_it(settings):
    event_last_fetched(equivalentTimezone="Europe/Berlin")
    html = note(settings)
    assert re.search(
        r"Times in <strong>Europe/Berlin</strong> \((CET|CEST)\), from the event", html
    )


def test_without_a_zone_the_note_says_utc_once_and_how_to_set_it(settings):
    html = note(settings)
    assert "Times in <strong>UTC</strong>:" in html  # no "(UTC)" after the name
    assert "the event's zone is unknown, set ACCELEVENTS_EVENT_TIMEZONE" in html


def test_a_time_is_shown_in_the_active_event_zone_with_its_name():
    value = datetime(2026, 5, 13, 0, 30, tzinfo=UTC)
    with timezone.override(ZoneInfo("America/New_York")):
        html = rendered('{% event_time value "H:i" %}', value=value)
        full = rendered("{% event_time value %}", value=value)
    assert html == (
        '<time datetime="2026-05-13T00:30:00Z" title="America/New_York">20:30 EDT</time>'
    )
    assert ">Tue 12 May 2026, 20:30 EDT</time>" in full
    assert rendered("{% event_time value %}", value=None) == "-"
