"""A session's chat, polls and Q&A, where the platform has them on: the session's page and its
stream page link to the session in the event's hub, one link each, in a new tab; none when
the platform has them off or ACCELEVENTS_HUB_SESSION_URL is empty; the address escaped."""

import re
from html import unescape

import pytest

from sandbox.demo import SESSION_IDS
from sessions_app.agenda.hub_links import hub_session_url
from tests.portal_helpers import KEEP_BOTH, sign_in

pytestmark = pytest.mark.django_db

KEYNOTE = SESSION_IDS["opening-keynote"]  # chat, polls and Q&A on
CHAT_ONLY = SESSION_IDS["accessible-venues"]  # the demo turns its polls and Q&A off
ALL_OFF = SESSION_IDS["procurement-roundtable"]  # a Zoom meeting: nothing in the hub


def hub_line(html: str) -> str:
    found = re.search(r'<p class="hub-links">.*?</p>', html, re.S)
    return found.group(0) if found else ""


def links(line: str) -> list[tuple[str, str]]:
    """(href, what it says) of each link, without the screen readers' "(opens in a new tab)"."""
    found = re.findall(r'<a href="([^"]*)" target="_blank" rel="noopener">(.*?)<span', line)
    return [(unescape(href), unescape(text)) for href, text in found]


def test_the_session_page_links_each_room_the_platform_has_on(client, sandbox, settings):
    sign_in(client)
    url = f"https://www.accelevents.com/events/{settings.ACCELEVENTS_EVENT_URL}/portal/session/"

    line = hub_line(client.get(f"/sessions/{KEYNOTE}/").content.decode())
    seen = re.sub(r'<span class="sr-only">[^<]*</span>', "", line)  # what the eye reads
    assert unescape(re.sub(r"<[^>]+>", "", seen)) == "Also in the event hub: Chat · Polls · Q&A"
    assert links(line) == [(f"{url}{KEYNOTE}", w) for w in ("Chat", "Polls", "Q&A")]
    assert "(opens in a new tab)" in line

    assert links(hub_line(client.get(f"/sessions/{CHAT_ONLY}/").content.decode())) == [
        (f"{url}{CHAT_ONLY}", "Chat")
    ]
    assert not hub_line(client.get(f"/sessions/{ALL_OFF}/").content.decode())


def test_the_stream_page_links_them_too_and_follows_the_platform(client, sandbox, settings):
    settings.PORTAL_CACHE_TTL = 0  # every page reads the lists afresh
    sign_in(client)
    client.post(f"/sessions/{KEYNOTE}/join/", KEEP_BOTH)
    stream = client.get(f"/sessions/{KEYNOTE}/").content.decode()
    assert "data-player" in stream
    assert [w for _, w in links(hub_line(stream))] == ["Chat", "Polls", "Q&A"]

    sandbox.patch_session(KEYNOTE, materials={"enableChat": False, "enableQuesAndAns": False})
    stream = client.get(f"/sessions/{KEYNOTE}/").content.decode()
    assert [w for _, w in links(hub_line(stream))] == ["Polls"]


def test_an_empty_setting_hides_the_links(client, sandbox, settings):
    settings.ACCELEVENTS_HUB_SESSION_URL = ""
    sign_in(client)
    html = client.get(f"/sessions/{KEYNOTE}/").content.decode()
    assert not hub_line(html) and "event hub" not in html


def test_the_address_is_escaped(client, sandbox, settings):
    settings.ACCELEVENTS_HUB_SESSION_URL = 'https://hub.example/"><script>x()</script>/{session_id}'
    sign_in(client)
    line = hub_line(client.get(f"/sessions/{KEYNOTE}/").content.decode())
    assert "<script>" not in line and "&lt;script&gt;" in line
    assert links(line)[0][0] == f'https://hub.example/"><script>x()</script>/{KEYNOTE}'


def test_the_event_url_is_one_path_segment(settings):
    settings.ACCELEVENTS_EVENT_URL = "a b/../c?d"
    settings.ACCELEVENTS_HUB_SESSION_URL = "https://hub.example/{event_url}/s/{session_id}"
    assert hub_session_url(42) == "https://hub.example/a%20b%2F..%2Fc%3Fd/s/42"
