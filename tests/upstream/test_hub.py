"""The hub's session address (ASSUMED, a setting): checked at start-up, so a wrong pattern stops
the portal with the setting's name instead of sending attendees to odd pages."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from sessions_app.upstream.hub import check_hub_url, hub_session_url


@pytest.mark.parametrize(
    "pattern",
    ["ftp://hub.example/{session_id}", "/portal/{session_id}", "https://h.example/{token}", "{"],
)
def test_a_wrong_pattern_stops_start_up_with_the_settings_name(pattern):
    with pytest.raises(ImproperlyConfigured, match="ACCELEVENTS_HUB_SESSION_URL"):
        check_hub_url(pattern)
    check_hub_url("")  # empty: no links, nothing to check
    check_hub_url("https://hub.example/events/{event_url}/portal/session/{session_id}")


def test_an_empty_pattern_means_no_address():
    assert hub_session_url("", "aurora-summit", 42) == ""
