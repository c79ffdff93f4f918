"""The event behind the pages: read from the platform once for every attendee, from settings
during an outage (not kept, so the platform's copy is back as soon as it answers), never asked
for by the calendar feed or a sign-in attempt; and its name for visitors, kept like the
attendees' copy or, when the platform is down, the settings' name for a while."""

import pytest

from sandbox.demo import EVENT_NAME, EVENT_URL
from sessions_app import event_reads
from tests.test_cache import viewer_for

EVENT = "GET /events/{eventurl}"


@pytest.fixture
def quiet(sandbox):
    """The sandbox with its request counts cleared."""
    sandbox.reset_stats()
    return sandbox


def calls(sandbox) -> int:
    return sandbox.stats()["requests"].get(EVENT, 0)


def test_every_attendee_shares_one_read_of_the_event(sandbox):
    general, vip = viewer_for(sandbox, "general"), viewer_for(sandbox, "vip")
    sandbox.reset_stats()
    assert event_reads.event_for_viewer(general).name == EVENT_NAME
    assert event_reads.event_for_viewer(vip).name == EVENT_NAME
    assert calls(sandbox) == 1


def test_an_outage_answers_from_settings_without_keeping_that_copy(sandbox):
    viewer = viewer_for(sandbox)
    sandbox.set_fault(mode="status", status=503, path_contains="/events/")
    assert event_reads.event_for_viewer(viewer).name == EVENT_URL  # no name set: the slug
    sandbox.clear_faults()
    assert event_reads.event_for_viewer(viewer).name == EVENT_NAME


def test_the_known_event_and_the_feeds_never_ask_the_platform(quiet):
    assert event_reads.known_event() is None
    assert event_reads.event_for_feed().name == EVENT_URL
    assert calls(quiet) == 0
    event_reads.event_for_viewer(viewer_for(quiet))
    assert event_reads.known_event().name == EVENT_NAME
    assert event_reads.event_for_feed().name == EVENT_NAME
    assert calls(quiet) == 1


def test_a_visitor_sees_the_name_attendees_pages_read(sandbox):
    event_reads.event_for_viewer(viewer_for(sandbox))
    sandbox.reset_stats()
    assert event_reads.event_name_for_visitor() == EVENT_NAME
    assert calls(sandbox) == 0


def test_a_visitors_read_is_one_call_kept_for_the_next(quiet):
    assert event_reads.event_name_for_visitor() == EVENT_NAME
    assert event_reads.event_name_for_visitor() == EVENT_NAME
    assert calls(quiet) == 1


def test_a_sign_in_attempt_never_asks_the_platform_for_the_name(quiet):
    assert event_reads.event_name_for_visitor(may_fetch=False) == EVENT_URL
    assert calls(quiet) == 0


def test_while_the_platform_is_down_visitors_see_the_settings_name_kept_a_while(quiet, settings):
    settings.UPSTREAM_GET_RETRIES = 0
    quiet.set_fault(mode="status", status=503, path_contains="/events/")
    assert event_reads.event_name_for_visitor() == EVENT_URL
    quiet.clear_faults()
    quiet.reset_stats()
    assert event_reads.event_name_for_visitor() == EVENT_URL  # not asked again at once
    assert calls(quiet) == 0


def test_the_cached_event_is_per_event_and_per_the_settings_that_shape_it(settings):
    settings.ACCELEVENTS_EVENT_URL = "aurora"
    settings.PORTAL_EVENT_NAME = ""
    settings.ACCELEVENTS_EVENT_TIMEZONE = ""
    keys = {event_reads.event_key()}
    settings.ACCELEVENTS_EVENT_TIMEZONE = "America/New_York"
    keys.add(event_reads.event_key())
    settings.PORTAL_EVENT_NAME = "Aurora 2026"
    keys.add(event_reads.event_key())
    settings.ACCELEVENTS_EVENT_URL = "borealis"
    keys.add(event_reads.event_key())
    assert len(keys) == 4
    assert event_reads.event_key().startswith("portal:event:borealis:")
    assert event_reads.event_key() == event_reads.event_key()
