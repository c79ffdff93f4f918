"""The status poll revalidates: an unchanged answer is a bodyless 304 for the attendee whose page
it is, a change is a 200 with its new tag, and one attendee's tag never skips another's update."""

import re

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from sandbox.demo import SESSION_IDS
from sessions_app.agenda import revalidation
from tests.portal_helpers import sign_in

pytestmark = pytest.mark.django_db

LAST_SEATS = SESSION_IDS["last-five-seats"]  # live, capacity 5, empty
KEYNOTE = SESSION_IDS["opening-keynote"]  # live; Victor (vip) is registered, Gina is not
POLL = f"/agenda/status/?ids={LAST_SEATS},{KEYNOTE}"
HX = {"HTTP_HX_REQUEST": "true"}


def poll(client, path: str = POLL, **headers):
    return client.get(path, **HX, **headers)


def first_poll(client, path: str = POLL):
    """The page's first poll says the attendee's reminders once (a notice: always a 200); the
    one after it is what an open page then gets again and again."""
    assert "portal-notices" in poll(client, path).content.decode()
    return poll(client, path)


def seats_left(html: str, session_id: int) -> str:
    block = re.search(rf'<div id="session-status-{session_id}".*?</div>', html, re.S)
    assert block, html
    seats = re.search(r'<span class="seats">([^<]*)</span>', block.group(0))
    return seats.group(1) if seats else ""


def test_an_unchanged_poll_is_a_bodyless_304_and_a_change_a_200_with_a_new_tag(
    client, sandbox, settings
):
    settings.PORTAL_CACHE_TTL = 0  # every poll reads the lists afresh
    sign_in(client)
    first = first_poll(client)
    assert first.status_code == 200 and re.fullmatch(r'"[0-9a-f]{32}"', first["ETag"])
    assert seats_left(first.content.decode(), LAST_SEATS) == "5 seats left"

    again = poll(client, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    # Still nobody's to keep: no-store (so the JavaScript, not the browser, sends the tag).
    assert {"no-store", "private"} <= {d.strip() for d in again["Cache-Control"].split(",")}

    sandbox.add_registrants(LAST_SEATS, 1)  # another attendee takes a seat
    changed = poll(client, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert seats_left(changed.content.decode(), LAST_SEATS) == "4 seats left"
    settled = poll(client, HTTP_IF_NONE_MATCH=changed["ETag"])
    assert settled.status_code == 304


def test_another_attendees_tag_never_skips_an_attendees_own_update(client, sandbox):
    sign_in(client, "general")
    victor = Client()
    sign_in(victor, "vip")
    ginas = first_poll(client)
    assert poll(client, HTTP_IF_NONE_MATCH=ginas["ETag"]).status_code == 304

    first_poll(victor)
    victors = poll(victor, HTTP_IF_NONE_MATCH=ginas["ETag"])
    assert victors.status_code == 200 and victors["ETag"] != ginas["ETag"]
    assert f'href="/sessions/{KEYNOTE}/"' in victors.content.decode()  # his Watch, not her Join
    assert f'href="/sessions/{KEYNOTE}/"' not in ginas.content.decode()


def test_two_attendees_who_see_the_same_thing_still_get_tags_of_their_own(client, sandbox):
    nora = Client()
    sign_in(nora, "noticket")
    sign_in(client, "general")
    ids = "/agenda/status/?ids="  # nothing but the freshness note: the same bytes for both
    ginas, noras = first_poll(client, ids), poll(nora, ids)
    assert ginas.content == noras.content and ginas["ETag"] != noras["ETag"]
    assert poll(nora, ids, HTTP_IF_NONE_MATCH=ginas["ETag"]).status_code == 200
    assert poll(nora, ids, HTTP_IF_NONE_MATCH=noras["ETag"]).status_code == 304


def test_a_body_the_page_appends_to_is_never_answered_not_modified():
    body = b'<div id="portal-notices" hx-swap-oob="beforeend">A seat just freed</div>'
    tag = revalidation.tag_for("7", body)
    request = RequestFactory().get(POLL, HTTP_IF_NONE_MATCH=tag)
    replaced = revalidation.unless_unchanged(request, HttpResponse(body), owner="7")
    appended = revalidation.unless_unchanged(request, HttpResponse(body), owner="7", appends=True)
    assert replaced.status_code == 304
    assert appended.status_code == 200 and appended["ETag"] == tag


def test_a_whole_days_view_keeps_every_card_it_shows_up_to_date(client, sandbox):
    """A view is a day: in the large event (300 sessions over 4 days) that is some 75 cards, and
    the page's poll must bring the status of each of them, not of the first 60."""
    sandbox.reset(dialects=["large-event"])
    sign_in(client)
    page = client.get("/", {"format": "all"}).content.decode()
    busiest = max(
        re.findall(r'day=(\d{4}-\d\d-\d\d)[^>]*>.*?day-tabs__count">(\d+) session', page, re.S),
        key=lambda found: int(found[1]),
    )[0]
    day = client.get("/", {"format": "all", "day": busiest}).content.decode()
    url = re.search(r'id="status-poller" hx-get="([^"]+)"', day).group(1).replace("&amp;", "&")
    shown = re.findall(r'id="session-card-(\d+)"', day)
    assert len(shown) > 60
    answered = re.findall(r'id="session-status-(\d+)"', poll(client, url).content.decode())
    assert set(answered) == set(shown)
