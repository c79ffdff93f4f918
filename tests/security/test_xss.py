"""Hostile text from the upstream renders inert on every page. 42 payloads (tests/hostile.py)
go into every session's title, description, location, speaker fields, track and tag names,
into the upstream's error messages, and into the portal's own reflected parameters; every page
is parsed and must hold only elements, attributes and URLs the portal's templates and
sanitiser write. The browser half is tests/journeys/test_browser_xss.py."""

import re

import pytest
from django.test import Client

from sandbox.demo import ACCOUNTS, EVENT_URL, SESSION_IDS
from tests.fault_helpers import module_sandbox, sign_in_as
from tests.hostile import XSS_PAYLOADS, assert_inert, plant_payloads
from tests.portal_helpers import KEEP_BOTH, use_magic_link

pytestmark = pytest.mark.django_db

VICTOR = ACCOUNTS["vip"]


@pytest.fixture(scope="module")
def hostile(sandbox_server):
    upstream = module_sandbox(sandbox_server)
    return upstream, plant_payloads(upstream)


@pytest.fixture
def victor(hostile, settings) -> Client:
    upstream, _ = hostile
    upstream.clear_faults()
    settings.ACCELEVENTS_API_BASE_URL = upstream.api_url
    settings.ACCELEVENTS_EVENT_URL = EVENT_URL
    settings.SIGNIN_RATE_LIMIT = settings.SIGNIN_IP_RATE_LIMIT = 1000
    return sign_in_as(VICTOR["email"], VICTOR["password"])


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_every_title_reaches_the_agenda_as_text(victor, hostile):
    _, titles = hostile
    first = victor.get("/", {"format": "all"})
    days = sorted(set(re.findall(r"day=(\d{4}-\d\d-\d\d)", first.content.decode())))
    assert days  # one day per view: every day's view, live and upcoming, and past
    pages = [
        first,
        *(victor.get("/", {"format": "all", "day": day}) for day in days),
        *(victor.get("/", {"format": "all", "tab": "past", "day": day}) for day in days),
        victor.get(
            "/",
            {"format": "all", "tab": "live"},
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="agenda-list",
        ),
    ]
    text = ""
    for response in pages:
        html = html_of(response)
        assert_inert(html, response.request["PATH_INFO"])
        text += html
    missing = [marker for marker in titles.values() if marker not in text]
    assert not missing, f"payloads not shown as text: {missing}"
    assert "{{ 7|add:35 }}" in text and ">42<" not in text, "no template evaluation"


def test_every_stream_page_is_inert(victor, hostile):
    _, titles = hostile
    players = 0
    for session_id, marker in titles.items():
        html = html_of(victor.get(f"/sessions/{session_id}/"))
        assert_inert(html, f"/sessions/{session_id}/")
        assert marker in html
        players += 'id="player-slot"' in html
    assert players >= 10, "registered pages (with their players) are among them"


def test_status_poll_and_my_sessions_are_inert(victor, hostile):
    _, titles = hostile
    ids = ",".join(map(str, titles))
    poll = html_of(victor.get(f"/agenda/status/?ids={ids}", HTTP_HX_REQUEST="true"))
    assert_inert(poll, "status poll")
    mine = html_of(victor.get("/my-sessions/"))
    assert_inert(mine, "my sessions")
    assert mine.count("hx-confirm=") >= 10


def test_flash_messages_with_hostile_titles_are_inert(victor, hostile):
    session_id = SESSION_IDS["accessible-venues"]
    left = victor.post(f"/sessions/{session_id}/unregister/", follow=True)
    html = html_of(left)
    assert "You left" in html
    assert_inert(html, "message after unregister")
    fragment = victor.post(
        f"/sessions/{SESSION_IDS['sponsor-stories']}/unregister/", HTTP_HX_REQUEST="true"
    )
    assert_inert(html_of(fragment), "unregister fragment")


def test_reflected_parameters_are_inert(victor):
    for payload in XSS_PAYLOADS:
        html = html_of(victor.get("/", {"q": payload, "format": "all"}))
        assert_inert(html, f"search {payload!r}")
        html = html_of(victor.get("/sign-in/", {"next": payload}))
        assert_inert(html, f"next {payload!r}")


def test_hostile_upstream_error_messages_are_inert(victor, hostile, client):
    """The upstream's errorMessage is shown to attendees (refusals, sign-in): never as HTML."""
    upstream, _ = hostile
    live = SESSION_IDS["community-growth"]
    victor.get(f"/sessions/{live}/")  # cached: only the write meets the fault
    for payload in XSS_PAYLOADS:
        upstream.set_fault(mode="status", status=406, message=payload, method="POST")
        fragment = victor.post(f"/sessions/{live}/join/", KEEP_BOTH, HTTP_HX_REQUEST="true")
        page = victor.post(f"/sessions/{live}/join/", KEEP_BOTH)
        upstream.set_fault(mode="status", status=401, message=payload, path_contains="/u/login")
        sign_in = client.post("/sign-in/", {"email": VICTOR["email"], "password": "x" * 12})
        magic = use_magic_link(client, "not-a-real-key")
        for name, response in [("join", fragment), ("join page", page), ("sign-in", sign_in)]:
            html = html_of(response)
            assert_inert(html, f"{name} with {payload!r}")
        assert_inert(html_of(magic), f"magic link with {payload!r}")
    upstream.clear_faults()
