"""Stream page, my sessions and unregistering."""

import re
import time

import pytest
from django.core.cache import cache

from sandbox.demo import SESSION_IDS
from sessions_app.models import Registration
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
    assert re.search(r"This session ended at \d{1,2}:\d\d [AP]M \(\w+, \w+ \d{1,2}\)\.", html)
    assert "Take the survey" in html
    assert "The stream is not available yet." not in html


def test_countdown_carries_the_upstream_clock(client, sandbox, settings):
    sign_in(client, "vip")
    session_id = SESSION_IDS["roadmap-qa"]
    sandbox.patch_session(session_id, start_offset_minutes=-1, end_offset_minutes=45)
    client.post(f"/sessions/{session_id}/join/", KEEP_BOTH, HTTP_HX_REQUEST="true")
    sandbox.patch_session(session_id, start_offset_minutes=30, end_offset_minutes=75)
    settings.PORTAL_CACHE_TTL = 0  # a moved session shows once the catalogue's TTL has run out
    html = client.get(f"/sessions/{session_id}/").content.decode()
    now = re.search(r'data-now="(\d+)"', html)
    assert 'role="timer"' in html and now
    assert abs(int(now.group(1)) - time.time()) < 5


def _leave_in_the_events_app(sandbox, who, session) -> None:
    """The attendee leaves elsewhere (another device, the event's app): the portal's cached
    lists still show them registered."""
    path = f"/events/{{event}}/session/{session.id}/register/{session.ticket_ids[0]}"
    assert sandbox.rest("DELETE", path, sandbox.token(who)).status_code == 200


def test_leaving_a_session_left_elsewhere_says_so_and_refreshes_the_lists_at_once(client, sandbox):
    sign_in(client, "vip")
    session = find_session(
        live_sessions(upstream_sessions(sandbox, "vip")),
        lambda s: not s.is_full and s.capacity == 0 and not s.allowed_ticket_type_ids,
        "open live session",
    )
    card = f'id="my-session-{session.id}"'
    for htmx in (True, False):
        client.post(f"/sessions/{session.id}/join/", KEEP_BOTH, **HX)
        assert card in client.get("/my-sessions/").content.decode()
        _leave_in_the_events_app(sandbox, "vip", session)
        if htmx:
            answer = client.post(f"/sessions/{session.id}/unregister/", **HX).content.decode()
        else:
            answer = client.post(f"/sessions/{session.id}/unregister/", follow=True)
            answer = answer.content.decode()
        assert "You had already left" in answer
        assert "the event platform said no" not in answer
        assert card not in client.get("/my-sessions/").content.decode(), "lists refreshed"
        assert Registration.objects.get(session_id=session.id).status == "unregistered"


@pytest.mark.parametrize("minutes_over", [5, 90])  # in late entry, and past it
def test_a_registered_attendee_keeps_the_player_when_the_session_runs_over(
    client, sandbox, minutes_over
):
    """The platform does not cut a session off at its end time: whoever is in keeps watching
    (and may still leave); only new joins follow the join window."""
    keynote = SESSION_IDS["opening-keynote"]  # Victor is registered; Mux
    sandbox.patch_session(
        keynote,
        start_offset_minutes=-120,
        end_offset_minutes=-minutes_over,
        allowed_minutes_to_join_late=10,
    )
    sign_in(client, "vip")
    html = client.get(f"/sessions/{keynote}/").content.decode()
    assert "data-hls-src" in html, "the player stays"
    assert "This session has ended" not in html and "late entry" not in html
    assert "Running over" in html
    assert f'action="/sessions/{keynote}/unregister/"' in html

    sign_in(client, "general")  # Gina is not in it: past the window, no join
    html = client.get(f"/sessions/{keynote}/").content.decode()
    assert "data-hls-src" not in html
    assert f'hx-post="/sessions/{keynote}/join/"' in html or minutes_over > 10


def test_a_caption_file_becomes_the_players_caption_track(client, sandbox):
    """The keynote's closedCaptionUrl is a WebVTT file: the video carries it as a caption
    track (the browser's own CC button), and only this page's CSP lets media load from it."""
    keynote = SESSION_IDS["opening-keynote"]  # Victor is registered; Mux
    sign_in(client, "vip")
    response = client.get(f"/sessions/{keynote}/")
    html = response.content.decode()
    track = re.search(r"<track [^>]*>", html)
    assert track and 'kind="captions"' in track[0]
    assert 'src="https://captions.example.com/aurora/keynote.vtt"' in track[0]
    assert re.search(r"<video [^>]*crossorigin=\"anonymous\"", html)  # a track from elsewhere
    media = re.search(r"media-src ([^;]*)", response["Content-Security-Policy"])[1].split()
    assert "https://captions.example.com" in media
    assert "Open closed captions" not in html
    agenda_csp = client.get("/")["Content-Security-Policy"]
    assert "captions.example.com" not in agenda_csp

    # A caption *page* (a live captioning service) is not a file: it stays a link.
    page = "https://live-captions.example.org/aurora/keynote"
    sandbox.patch_session(keynote, closed_caption_url=page)
    cache.clear()  # not waiting out PORTAL_CACHE_TTL
    response = client.get(f"/sessions/{keynote}/")
    assert "<track" not in response.content.decode()
    assert f'href="{page}"' in response.content.decode()
    assert "live-captions.example.org" not in response["Content-Security-Policy"]
