"""Reading the event from the sandbox: its name, address and time zone with or without a
signed-in attendee, an unknown event named as the setting to fix, a refused call answered from
settings and an outage raised for the caller to answer from its last good copy."""

import pytest

from sandbox.demo import EVENT_NAME, EVENT_TIMEZONE, EVENT_URL
from sessions_app.upstream.errors import (
    UpstreamMisconfigured,
    UpstreamRateLimited,
    UpstreamUnavailable,
)
from tests.upstream.client_helpers import TZ, make_client, sign_in


@pytest.mark.parametrize("with_token", [False, True])
def test_event(api, with_token):
    event = api.event(token=sign_in(api, "general") if with_token else None)

    assert (event.name, event.url, event.tz_name) == (EVENT_NAME, EVENT_URL, EVENT_TIMEZONE)
    assert event.tz == TZ and event.zone.source == "equivalentTimezone" and event.from_platform
    assert event.start is not None and event.start.tzinfo == TZ


def test_an_unknown_event_is_a_misconfiguration_naming_the_setting(sandbox):
    with pytest.raises(UpstreamMisconfigured) as caught:
        make_client(sandbox.api_url, event_url="no-such-event").event()

    assert (caught.value.status, caught.value.code) == (404, "4040200")
    assert caught.value.setting == "ACCELEVENTS_EVENT_URL"


def test_an_event_call_refused_to_an_attendee_gives_the_event_from_settings(sandbox):
    """The reference documents the event call for admins: a 403 must not break a page."""
    api = make_client(sandbox.api_url, event_name="Aurora Summit", event_timezone="Europe/Paris")
    sandbox.set_fault(mode="status", status=403, method="GET")

    event = api.event()

    assert (event.name, event.url, event.from_platform) == ("Aurora Summit", EVENT_URL, False)
    assert event.tz_name == "Europe/Paris" and event.start is None


@pytest.mark.parametrize(
    ("status", "failure"), [(429, UpstreamRateLimited), (503, UpstreamUnavailable)]
)
def test_a_busy_or_down_platform_is_an_outage_not_the_event_from_settings(
    api, sandbox, status, failure
):
    """The caller may hold a good copy from before, better than one built from settings."""
    sandbox.set_fault(mode="status", status=status, method="GET")

    with pytest.raises(failure):
        api.event()
