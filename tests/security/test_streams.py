"""Hostile stream URLs never become an iframe or a link outside the providers' allowlist, on the
page itself (tests/agenda/test_player.py and test_embeds.py cover the builder with larger
tables). The stream URL is never echoed anywhere: not on the stream page, its htmx partial, the
agenda or My sessions."""

import html as html_lib

import pytest
from django.core.cache import cache

from sandbox.demo import ACCOUNTS, EVENT_URL
from sessions_app.agenda.stream_page import caption_file
from tests.fault_helpers import module_sandbox, sign_in_as
from tests.hostile import FRAME_HOSTS, HOSTILE_STREAMS, assert_inert, elements, external_urls

pytestmark = pytest.mark.django_db

VICTOR = ACCOUNTS["vip"]
SESSIONS = "/events/{event}/session/v2"


@pytest.fixture(scope="module")
def joined(sandbox_server):
    """Victor registered for every live session he may join; returns (sandbox, their ids)."""
    upstream = module_sandbox(sandbox_server)
    token = upstream.token("vip")
    listed = upstream.rest("GET", SESSIONS, token=token, params={"size": 200}).json()["data"]
    ids = []
    for item in listed:
        ticket = item["currentUserRegisteredEventTicketId"][0]
        path = f"/events/{{event}}/session/{item['sessionId']}/register/{ticket}"
        if upstream.rest("POST", path, token).status_code == 200:
            ids.append(item["sessionId"])
    assert len(ids) >= 8
    return upstream, ids


@pytest.fixture
def victor(joined, settings):
    upstream, _ = joined
    settings.ACCELEVENTS_API_BASE_URL = upstream.api_url
    settings.ACCELEVENTS_EVENT_URL = EVENT_URL
    return sign_in_as(VICTOR["email"], VICTOR["password"])


def assert_only_allowed_players(page: str, where: str) -> None:
    for tag, attrs in elements(page):
        attrs = dict(attrs)
        if tag == "iframe":
            src = attrs.get("src", "")
            assert src.startswith("https://") and src.split("/")[2] in FRAME_HOSTS, where
        if tag == "video":
            assert attrs["data-hls-src"].startswith("https://stream.mux.com/"), where
    for tag, name, url in external_urls(page):
        own_feed = url.startswith("webcal://testserver/calendar/")  # the attendee's own feed
        assert url.startswith("https://") or own_feed, (where, tag, name, url)
        assert "evil" not in url and "xn--" not in url, (where, tag, name, url)


def test_hostile_stream_urls_never_become_players(victor, joined):
    upstream, ids = joined
    assert len(HOSTILE_STREAMS) >= 20
    for start in range(0, len(HOSTILE_STREAMS), len(ids)):
        batch = list(zip(ids, HOSTILE_STREAMS[start : start + len(ids)], strict=False))
        for session_id, (provider, url) in batch:
            upstream.patch_session(session_id, stream_provider=provider, stream_url=url)
        cache.clear()  # the signed-in session survives in the database
        for session_id, (provider, url) in batch:
            where = f"{provider} {url!r}"
            full = victor.get(f"/sessions/{session_id}/")
            partial = victor.get(
                f"/sessions/{session_id}/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="player-slot"
            )
            for response in (full, partial):
                page = response.content.decode()
                assert response.status_code == 200, where
                assert "The stream is not available yet." in page, where
                assert "<iframe" not in page and "data-hls-src" not in page, where
                assert "Open in Zoom" not in page, where
                assert url.strip() not in page and html_lib.escape(url.strip()) not in page, where
                assert_only_allowed_players(page, where)
                assert_inert(page, where)


def test_stream_urls_appear_on_no_other_page(victor, joined):
    upstream, ids = joined
    provider, url = HOSTILE_STREAMS[5]
    for session_id in ids:
        upstream.patch_session(session_id, stream_provider=provider, stream_url=url)
    for path in ("/?format=all", "/?format=all&tab=past", "/my-sessions/"):
        page = victor.get(path).content.decode()
        assert "evil.example" not in page, path
        assert_only_allowed_players(page, path)


def test_valid_stream_urls_still_play_on_the_stream_page(victor, joined):
    """The control: the same pages with the providers' real URL forms do show players."""
    upstream, ids = joined
    valid = [
        ("YOUTUBE", "https://www.youtube.com/watch?v=aqz-KE-bpKQ", "www.youtube-nocookie.com"),
        ("VIMEO", "https://vimeo.com/76979871", "player.vimeo.com"),
        ("WISTIA", "https://fast.wistia.net/embed/iframe/e4a27b971d", "fast.wistia.net"),
    ]
    for session_id, (provider, url, _) in zip(ids, valid, strict=False):
        upstream.patch_session(session_id, stream_provider=provider, stream_url=url)
    for session_id, (_, _, host) in zip(ids, valid, strict=False):
        page = victor.get(f"/sessions/{session_id}/").content.decode()
        assert f'src="https://{host}/' in page
        assert_only_allowed_players(page, host)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)//a.vtt",
        "http://captions.example.com/a.vtt",  # plain http: mixed content
        "https://user:pw@captions.example.com/a.vtt",
        'https://captions.example.com/a.vtt"><script>',
        "https://captions.example.com/page?file=a.vtt",  # a page, not a file
        "https://captions.example.com/a.srt",
        "https:///a.vtt",
        "https://captions.example.com:99999/a.vtt",
    ],
)
def test_only_an_https_webvtt_file_becomes_a_caption_track(url):
    """The caption URL opens the page's media-src to its origin: anything odd is not a track."""
    assert caption_file(url) == ""


def test_a_caption_file_is_rebuilt_from_its_parts():
    url = "https://CDN.example.com:8443/aurora/keynote.vtt?sig=abc"
    assert caption_file(url) == "https://cdn.example.com:8443/aurora/keynote.vtt?sig=abc"
