"""Reading the event from the sandbox: its name, address and time zone with or without a
signed-in attendee, and an unknown event named as the setting to fix."""

import pytest

from sandbox.demo import EVENT_NAME, EVENT_TIMEZONE, EVENT_URL
from sessions_app.upstream.errors import UpstreamMisconfigured
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
