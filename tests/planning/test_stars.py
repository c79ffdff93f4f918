"""Stars: interest in a session without a seat, through the portal against the sandbox. A star
takes no seat and makes no call, outlives the browser session, is the attendee's alone, works
without JavaScript (a form, back to where it was clicked) and with htmx (just the star, said
once), and is listed in My sessions apart from seats."""

import re

import pytest
from django.test import Client

from sandbox.demo import ACCOUNTS, PASSWORD, SESSION_IDS
from sessions_app.models import Favourite, Registration
from tests.portal_helpers import agenda_showing

pytestmark = pytest.mark.django_db(transaction=True)

ACCESSIBLE = SESSION_IDS["accessible-venues"]  # live, open, Gina holds no seat
DAY2 = SESSION_IDS["day2-keynote"]  # tomorrow
REGISTER = "POST /events/{eventurl}/session/{session_id}/register/{ticket_id}"
HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/"}


def signed_in(who: str, client: Client | None = None) -> Client:
    client = client or Client()
    form = {"email": ACCOUNTS[who]["email"], "password": PASSWORD}
    assert client.post("/sign-in/", form).status_code == 302
    return client


def star_button(html: str, session_id: int) -> str:
    match = re.search(
        rf'<button type="submit" id="star-{session_id}"[^>]*>.*?</button>', html, re.S
    )
    return match.group(0) if match else ""


def seats_taken(sandbox, session_id: int) -> int:
    item = sandbox.rest("GET", f"/events/{{event}}/session/v2/{session_id}", sandbox.token("vip"))
    return item.json()["sessionStats"]["registeredUserCount"]


def test_a_star_takes_no_seat_and_outlives_signing_out(sandbox):
    gina = signed_in("general")
    seats_before, calls_before = seats_taken(sandbox, ACCESSIBLE), sandbox.request_count(REGISTER)
    assert 'aria-pressed="false"' in star_button(agenda_showing(gina, ACCESSIBLE), ACCESSIBLE)

    starred = gina.post(f"/sessions/{ACCESSIBLE}/star/", {"starred": "1"})

    assert starred.status_code == 302
    assert sandbox.request_count(REGISTER) == calls_before  # the platform was not asked
    assert seats_taken(sandbox, ACCESSIBLE) == seats_before
    assert not Registration.objects.filter(session_id=ACCESSIBLE).exists()
    gina.post("/sign-out/")
    signed_in("general", gina)
    button = star_button(agenda_showing(gina, ACCESSIBLE, format="all"), ACCESSIBLE)
    assert 'aria-pressed="true"' in button and "Designing Accessible Virtual Venues" in button
    mine = gina.get("/my-sessions/").content.decode()
    starred_part = mine[mine.index('id="starred"') : mine.index('id="calendar-feed"')]
    assert f'href="/sessions/{ACCESSIBLE}/"' in starred_part
    seats_part = mine[: mine.index('id="starred"')]
    assert f'id="my-session-{ACCESSIBLE}"' not in seats_part  # a star is not a seat


def test_without_javascript_a_star_returns_to_the_page_it_was_clicked_on(sandbox):
    gina = signed_in("general")
    came_from = "http://testserver/?format=all&track=3"
    response = gina.post(f"/sessions/{DAY2}/star/", {"starred": "1"}, HTTP_REFERER=came_from)
    assert response["Location"] == f"{came_from}#star-{DAY2}"
    elsewhere = gina.post(
        f"/sessions/{DAY2}/star/", {"starred": "0"}, HTTP_REFERER="https://evil.example/"
    )
    assert elsewhere["Location"] == f"/sessions/{DAY2}/"
    page = gina.get(elsewhere["Location"]).content.decode()
    assert "Removed the star from “Day 2 Keynote: Sustainable Events”." in page
    assert 'aria-pressed="false"' in star_button(page, DAY2)


def test_with_htmx_only_the_star_comes_back_pressed_and_said_once(sandbox):
    gina = signed_in("general")
    response = gina.post(f"/sessions/{ACCESSIBLE}/star/", {"starred": "1"}, **HX)
    html = response.content.decode()
    assert html.lstrip().startswith(f'<form id="star-toggle-{ACCESSIBLE}"')
    assert 'data-announce="Starred “Designing Accessible Virtual Venues”."' in html
    assert 'aria-pressed="true"' in star_button(html, ACCESSIBLE)
    assert 'name="starred" value="0"' in html  # the next click takes the star away
    again = gina.post(f"/sessions/{ACCESSIBLE}/star/", {"starred": "1"}, **HX)
    assert again.status_code == 200 and Favourite.objects.count() == 1  # a double click
    unstarred = gina.post(f"/sessions/{ACCESSIBLE}/star/", {"starred": "0"}, **HX)
    assert 'aria-pressed="false"' in star_button(unstarred.content.decode(), ACCESSIBLE)
    assert not Favourite.objects.exists()


def test_an_attendee_never_sees_another_attendees_stars(sandbox):
    victor, gina = signed_in("vip"), signed_in("general")
    victor.post(f"/sessions/{ACCESSIBLE}/star/", {"starred": "1"})
    assert 'aria-pressed="true"' in star_button(
        victor.get(f"/sessions/{ACCESSIBLE}/").content.decode(), ACCESSIBLE
    )
    assert 'aria-pressed="false"' in star_button(agenda_showing(gina, ACCESSIBLE), ACCESSIBLE)
    assert 'aria-pressed="false"' in star_button(
        gina.get(f"/sessions/{ACCESSIBLE}/").content.decode(), ACCESSIBLE
    )
    mine = gina.get("/my-sessions/").content.decode()
    assert "starred any sessions." in mine
    assert "mine=1" not in mine and f'id="starred-{ACCESSIBLE}"' not in mine
    # Gina's own "mine" view: her seat only, never Victor's star.
    ids = re.findall(r'id="session-card-(\d+)"', gina.get("/", {"mine": "1"}).content.decode())
    assert str(ACCESSIBLE) not in ids


def test_a_session_the_attendee_may_not_see_cannot_be_starred(sandbox):
    gina = signed_in("general")
    hidden = SESSION_IDS["green-room"]
    assert gina.post(f"/sessions/{hidden}/star/", {"starred": "1"}).status_code == 404
    assert gina.get(f"/sessions/{ACCESSIBLE}/star/").status_code == 405
    assert not Favourite.objects.exists()
