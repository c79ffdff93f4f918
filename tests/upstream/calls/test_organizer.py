"""The organizer's list against the sandbox, through the API key: every session (hidden ones
too) with its registrants, page by page, and a refused key named as the settings to fix."""

import pytest

from sandbox.demo import EVENT_ID, SESSION_IDS
from sessions_app.upstream.errors import UpstreamMisconfigured
from tests.upstream.client_helpers import TZ, make_client


def test_host_sessions_carry_registrants(api):
    host_sessions, total, _ = api.host_sessions(tz=TZ, event_id=EVENT_ID)

    by_id = {h.session.id: h for h in host_sessions}
    assert total == len(host_sessions)
    assert SESSION_IDS["green-room"] in by_id  # the organizer sees hidden sessions
    full_house = by_id[SESSION_IDS["full-house"]]
    assert {r.email for r in full_house.registrants} == {
        "fiona@example.com",
        "felix@example.com",
        "farah@example.com",
    }
    assert all(r.ticket_id and r.user_id for r in full_house.registrants)


def test_host_sessions_paging(api):
    page, total, items = api.host_sessions(tz=TZ, event_id=EVENT_ID, page=1, size=4)
    assert items == 4
    assert len(page) == 4 and total > 8


def test_a_refused_api_key_is_a_misconfiguration_naming_its_settings(sandbox):
    with pytest.raises(UpstreamMisconfigured) as caught:
        make_client(sandbox.api_url, api_key="wrong").host_sessions(tz=TZ, event_id=EVENT_ID)
    assert caught.value.status == 401
    assert caught.value.setting == "ACCELEVENTS_API_KEY, ACCELEVENTS_API_KEY_HEADER"


def test_host_sessions_with_key_header(sandbox):
    client = make_client(sandbox.api_url, api_key_header="Key")
    assert client.host_sessions(tz=TZ, event_id=EVENT_ID, size=1)[1] > 1
