"""Stream page, my sessions and unregistering."""

import re
import time

import pytest

from sandbox.demo import SESSION_IDS
from tests.portal_helpers import KEEP_BOTH, find_session, live_sessions, sign_in, upstream_sessions

pytestmark = pytest.mark.django_db(transaction=True)

HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/my-sessions/"}


def test_stream_page_for_unregistered_attendee_explains_and_offers_join(client, sandbox):
    sign_in(client, "vip")
    session = find_session(
        live_sessions(upstream_sessions(sandbox, "vip")),
        lambda s: not s.is_full and s.capacity == 0,
        "open live session",
    )
    html = client.get(f"/sessions/{session.id}/").content.decode()
    assert "You're not registered for this session" in html or "You&#x27;re not registered" in html
    assert f'hx-post="/sessions/{session.id}/join/"' in html
    assert "<iframe" not in html and "data-hls-src" not in html


@pytest.mark.parametrize(
    ("provider", "marker"),
    [
        ("YOUTUBE", 'src="https://www.youtube-nocookie.com/embed/'),
        ("VIMEO", 'src="https://player.vimeo.com/video/'),
        ("WISTIA", 'src="https://fast.wistia.net/embed/iframe/'),
        ("FACEBOOK", 'src="https://www.facebook.com/plugins/video.php?href='),
        ("ZOOM", "Open in Zoom"),
        ("ACCELEVENTS", 'data-hls-src="https://stream.mux.com/'),
        ("DIRECT_UPLOAD", 'data-hls-src="https://stream.mux.com/'),
    ],
)
def test_registered_attendee_gets_the_provider_player(client, sandbox, provider, marker):
    sign_in(client, "vip")
    session = find_session(
        live_sessions(upstream_sessions(sandbox, "vip")),
        lambda s: s.stream.provider == provider and not s.is_full,
        f"live {provider} session",
    )
    joined = client.post(f"/sessions/{session.id}/join/", KEEP_BOTH, HTTP_HX_REQUEST="true")
    assert joined["HX-Redirect"] == f"/sessions/{session.id}/"
    html = client.get(f"/sessions/{session.id}/").content.decode()
    assert marker in html
    assert "rtmp://" not in html and "sk_live" not in html


def test_my_sessions_lists_registrations_in_time_order_and_unregisters_in_place(client, sandbox):
    sign_in(client, "general")
    html = client.get("/my-sessions/").content.decode()
    assert "Unregister" in html
    import re

    session_id = int(re.search(r'id="my-session-(\d+)"', html).group(1))
    response = client.post(f"/sessions/{session_id}/unregister/", **HX)
    assert "Your seat is free." in response.content.decode()
    after = client.get("/my-sessions/").content.decode()
    assert f'id="my-session-{session_id}"' not in after


def test_sign_out_clears_the_token_and_the_old_cookie_is_useless(client, sandbox):
    sign_in(client)
    cookie = client.cookies["sessionid"].value
    client.post("/sign-out/")
    from django.test import Client

    stale = Client()
    stale.cookies["sessionid"] = cookie
    assert stale.get("/").status_code == 302


def test_ended_session_without_a_stream_offers_the_call_to_action_not_a_pending_stream(
    client, sandbox
):
    sign_in(client, "vip")  # registered for yesterday's kickoff, which had no stream
    html = client.get(f"/sessions/{SESSION_IDS['kickoff']}/").content.decode()
    assert re.search(r"This session ended at \d{1,2}:\d\d [AP]M \(\d{1,2} \w+\)\.", html)
    assert "Take the survey" in html
    assert "The stream is not available yet." not in html


def test_countdown_carries_the_upstream_clock(client, sandbox):
    sign_in(client, "vip")
    session_id = SESSION_IDS["roadmap-qa"]
    sandbox.patch_session(session_id, start_offset_minutes=-1, end_offset_minutes=45)
    client.post(f"/sessions/{session_id}/join/", KEEP_BOTH, HTTP_HX_REQUEST="true")
    sandbox.patch_session(session_id, start_offset_minutes=30, end_offset_minutes=75)
    html = client.get(f"/sessions/{session_id}/").content.decode()
    now = re.search(r'data-now="(\d+)"', html)
    assert 'role="timer"' in html and now
    assert abs(int(now.group(1)) - time.time()) < 5
