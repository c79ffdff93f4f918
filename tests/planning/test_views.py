"""Planning the day through the portal: reserving a seat ahead (and every refusal of it), the
overlap question with and without JavaScript, the session allowance, and watching a full
session until a seat frees."""

import re

import pytest
from django.test import Client

from sandbox.demo import ACCOUNTS, PASSWORD, SESSION_IDS, TICKET_IDS
from sessions_app.models import JoinAttempt, Registration, SeatWatch
from tests.portal_helpers import KEEP_BOTH, agenda_showing

pytestmark = pytest.mark.django_db(transaction=True)

HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/"}
BOOTHS = SESSION_IDS["virtual-booths"]  # +120..+165 min: overlaps nothing Victor holds
ROADMAP = SESSION_IDS["roadmap-qa"]  # +12..+57 min: overlaps Victor's live keynote
KEYNOTE = SESSION_IDS["opening-keynote"]  # Victor is registered, live
ACCESSIBLE = SESSION_IDS["accessible-venues"]  # live, open
FULL = SESSION_IDS["full-house"]  # live, 3 of 3 taken by fiona, felix, farah
REGISTER = "POST /events/{eventurl}/session/{session_id}/register/{ticket_id}"


def signed_in(who: str) -> Client:
    client = Client()
    form = {"email": ACCOUNTS[who]["email"], "password": PASSWORD}
    assert client.post("/sign-in/", form).status_code == 302
    return client


def status_block(client, session_id, **params) -> str:
    page = agenda_showing(client, session_id, format="all", **params)
    match = re.search(rf'<div id="session-status-{session_id}".*?</div>', page, re.S)
    return match.group(0) if match else ""


def reserve(client, session_id, data=None, **extra):
    return client.post(f"/sessions/{session_id}/reserve/", data or {}, **HX, **extra)


# --- reserving a seat ahead ------------------------------------------------------------------


def test_an_upcoming_session_offers_a_reservation_that_holds_a_counted_seat(sandbox):
    victor = signed_in("vip")
    assert f'hx-post="/sessions/{BOOTHS}/reserve/"' in status_block(victor, BOOTHS)

    response = reserve(victor, BOOTHS)

    assert response.status_code == 200 and "Seat reserved" in response.content.decode()
    row = Registration.objects.get(session_id=BOOTHS)
    assert (row.status, row.reserved_ahead) == ("registered", True)
    attempt = JoinAttempt.objects.get(session_id=BOOTHS)
    assert (attempt.action, attempt.outcome, attempt.kind) == ("reserve", "joined", "call")
    upstream = sandbox.rest("GET", f"/events/{{event}}/session/v2/{BOOTHS}", sandbox.token("vip"))
    assert upstream.json()["sessionStats"]["registeredUserCount"] == 1
    assert "Seat reserved" in status_block(victor, BOOTHS)


def learn_the_upstream_clock(client) -> None:
    """The portal reads "now" off the upstream's Date header: one fresh call teaches it."""
    client.get("/my-sessions/")


def test_a_reserved_session_offers_watch_once_it_is_live(sandbox, settings):
    settings.PORTAL_CACHE_TTL = settings.PORTAL_ATTENDEE_TTL = 0
    victor = signed_in("vip")
    assert "Seat reserved" in reserve(victor, ROADMAP, KEEP_BOTH).content.decode()
    sandbox.advance(13 * 60)  # tokens live an hour: move less than that
    learn_the_upstream_clock(victor)
    block = status_block(victor, ROADMAP, tab="live")
    assert f'href="/sessions/{ROADMAP}/"' in block and "Watch" in block
    assert "youtube-nocookie.com/embed/" in victor.get(f"/sessions/{ROADMAP}/").content.decode()


def test_a_seat_taken_since_the_page_loaded_refuses_the_reservation_in_place(sandbox):
    sandbox.patch_session(BOOTHS, capacity=1)
    victor = signed_in("vip")
    assert f"/sessions/{BOOTHS}/reserve/" in status_block(victor, BOOTHS), "one seat left"
    path = f"/events/{{event}}/session/{BOOTHS}/register/{TICKET_IDS['general'][0]}"
    taken = sandbox.rest("POST", path, sandbox.token("general"), params={"joinSession": "true"})
    taken.raise_for_status()  # Gina takes it in the event's own hub: the portal can't know
    refused = reserve(victor, BOOTHS).content.decode()
    assert "This session is full." in refused and "data-focus-after-swap" in refused
    assert "“Max user registration capacity reached”" in refused
    assert JoinAttempt.objects.filter(outcome="capacity_full", action="reserve").count() == 1


def test_a_ticket_type_refusal_of_a_reservation_is_remembered(sandbox):
    sandbox.patch_session(BOOTHS, allowed_ticket_types=["VIP All-Access"])
    gina = signed_in("general")
    refused = reserve(gina, BOOTHS).content.decode()
    assert "Your ticket does not permit access to this session" in refused
    assert f'hx-post="/sessions/{BOOTHS}/reserve/"' not in status_block(gina, BOOTHS)


def test_the_session_limit_applies_to_reservations_and_shows_the_allowance(sandbox):
    gina = signed_in("general")  # holds one session of her two
    assert "Seat reserved" in reserve(gina, BOOTHS).content.decode()
    day2 = SESSION_IDS["event-roi"]
    refused = reserve(gina, day2).content.decode()
    assert "only permits registering for 2 sessions" in refused
    assert "used the 2 sessions your ticket allows" in gina.get("/").content.decode()
    mine = gina.get("/my-sessions/").content.decode()
    assert "2 of 2 sessions used" in mine and "leave one to join another" in mine


def test_without_a_ticket_nothing_is_asked_of_the_platform(sandbox):
    nora = signed_in("noticket")
    sandbox.reset_stats()
    response = reserve(nora, BOOTHS)
    assert response.status_code == 200
    assert sandbox.request_count(REGISTER) == 0


@pytest.mark.parametrize(
    ("key", "why"),
    [("email-marketing", "ended"), ("accessible-venues", "live: joined instead")],
)
def test_a_reservation_of_a_session_that_is_not_upcoming(sandbox, key, why):
    victor = signed_in("vip")
    response = reserve(victor, SESSION_IDS[key], KEEP_BOTH)
    if why == "ended":
        assert response.status_code == 200 and not Registration.objects.exists()
    else:
        assert response["HX-Redirect"] == f"/sessions/{SESSION_IDS[key]}/"


def test_an_unknown_session_cannot_be_reserved(sandbox):
    assert reserve(signed_in("vip"), 999_999).status_code == 404


def test_organizers_can_turn_reservations_off_or_limit_how_far_ahead(sandbox, settings):
    victor = signed_in("vip")
    settings.PORTAL_RESERVE_AHEAD = False
    assert "You can join from " in status_block(victor, BOOTHS)
    sandbox.reset_stats()
    reserve(victor, BOOTHS)
    assert sandbox.request_count(REGISTER) == 0

    settings.PORTAL_RESERVE_AHEAD = True
    settings.PORTAL_RESERVE_AHEAD_HOURS = 1
    victor = signed_in("vip")  # a fresh rendering of the agenda
    assert "from 1 hour before the start" in status_block(victor, BOOTHS)
    assert f"/sessions/{ROADMAP}/reserve/" in status_block(victor, ROADMAP)


# --- the overlap question --------------------------------------------------------------------


def test_an_overlapping_reservation_asks_first_and_calls_only_after_keep_both(sandbox):
    victor = signed_in("vip")
    sandbox.reset_stats()
    question = reserve(victor, ROADMAP).content.decode()
    assert "This overlaps “Opening Keynote: The Next Decade of Events”" in question
    assert 'name="confirm" value="overlap"' in question and "Cancel" in question
    assert sandbox.request_count(REGISTER) == 0

    assert "Seat reserved" in reserve(victor, ROADMAP, KEEP_BOTH).content.decode()
    assert sandbox.request_count(REGISTER) == 1


def test_the_overlap_question_works_without_javascript(sandbox):
    victor = signed_in("vip")
    sandbox.reset_stats()
    page = victor.post(f"/sessions/{ACCESSIBLE}/join/")
    html = page.content.decode()
    assert page.status_code == 200 and "<h1" in html and "which you have already joined" in html
    assert f'action="/sessions/{ACCESSIBLE}/join/"' in html
    assert sandbox.request_count(REGISTER) == 0
    joined = victor.post(f"/sessions/{ACCESSIBLE}/join/", KEEP_BOTH)
    assert joined.status_code == 302 and joined["Location"] == f"/sessions/{ACCESSIBLE}/"


def test_cancelling_the_question_brings_the_card_back(sandbox):
    victor = signed_in("vip")
    victor.post(f"/sessions/{ACCESSIBLE}/join/", **HX)
    poll = victor.get(f"/agenda/status/?ids={ACCESSIBLE}", **HX).content.decode()
    assert f'hx-post="/sessions/{ACCESSIBLE}/join/"' in poll
    assert not Registration.objects.filter(session_id=ACCESSIBLE).exists()


def test_my_sessions_marks_overlapping_pairs(sandbox):
    victor = signed_in("vip")
    victor.post(f"/sessions/{ACCESSIBLE}/join/", KEEP_BOTH, **HX)
    mine = victor.get("/my-sessions/").content.decode()
    assert mine.count("Overlaps with") == 2
    assert "“Designing Accessible Virtual Venues”" in mine


# --- watching a full session -----------------------------------------------------------------


def test_watching_a_full_session_is_kept_shown_and_counted_as_demand(sandbox):
    victor = signed_in("vip")
    assert "Tell me when a seat frees" in status_block(victor, FULL)
    response = victor.post(f"/sessions/{FULL}/watch/", **HX).content.decode()
    assert "We'll tell you here when a seat frees." in response
    watch = SeatWatch.objects.get()
    assert watch.session_id == FULL and watch.session_end > watch.created_at
    blocked = JoinAttempt.objects.get()
    assert (blocked.kind, blocked.outcome) == ("blocked", "capacity_full")
    assert "Stop watching" in status_block(victor, FULL)
    assert "Full House: Data Privacy Clinic" in victor.get("/my-sessions/").content.decode()

    victor.post(f"/sessions/{FULL}/unwatch/", {"next": "/my-sessions/"})
    assert not SeatWatch.objects.exists()


def test_a_freed_seat_is_told_once_with_a_join_button(sandbox, settings):
    settings.PORTAL_CACHE_TTL = settings.PORTAL_ATTENDEE_TTL = (
        0  # every poll reads the lists afresh
    )
    victor = signed_in("vip")
    victor.post(f"/sessions/{FULL}/watch/", **HX)
    assert "A seat just freed" not in victor.get("/agenda/status/?ids=", **HX).content.decode()

    fiona = sandbox.login("fiona@example.com", PASSWORD)
    path = f"/events/{{event}}/session/{FULL}/register/{TICKET_IDS['fiona'][0]}"
    sandbox.rest("DELETE", path, fiona).raise_for_status()
    notice = victor.get("/agenda/status/?ids=", **HX).content.decode()
    assert "A seat just freed in “Full House: Data Privacy Clinic”" in notice
    assert f'hx-post="/sessions/{FULL}/join/"' in notice
    assert "A seat just freed" not in victor.get("/agenda/status/?ids=", **HX).content.decode()


def test_a_full_session_is_known_before_the_click_and_offers_the_watch(sandbox, settings):
    sandbox.patch_session(BOOTHS, capacity=1)
    assert "Seat reserved" in reserve(signed_in("general"), BOOTHS).content.decode()
    settings.PORTAL_CACHE_TTL = 0  # seats are as fresh as the event's catalogue: past its TTL
    victor = signed_in("vip")
    sandbox.reset_stats()
    block = reserve(victor, BOOTHS).content.decode()
    assert "This session is full." in block
    assert "Tell me when a seat frees" in block and sandbox.request_count(REGISTER) == 0


def test_a_watch_ends_with_its_session(sandbox, settings):
    settings.PORTAL_CACHE_TTL = settings.PORTAL_ATTENDEE_TTL = 0
    sandbox.patch_session(FULL, end_offset_minutes=5)
    victor = signed_in("vip")
    victor.post(f"/sessions/{FULL}/watch/", **HX)
    assert SeatWatch.objects.exists()
    sandbox.advance(10 * 60)  # tokens live an hour: move less than that
    learn_the_upstream_clock(victor)
    victor.get("/my-sessions/")
    assert not SeatWatch.objects.exists()


def test_only_a_full_session_can_be_watched(sandbox):
    victor = signed_in("vip")
    victor.post(f"/sessions/{ACCESSIBLE}/watch/", **HX)
    assert not SeatWatch.objects.exists() and not JoinAttempt.objects.exists()


# --- reminders -------------------------------------------------------------------------------


def test_a_reminder_comes_once_per_session_when_it_is_about_to_start(sandbox, settings):
    settings.PORTAL_REMINDER_MINUTES = 15
    gina = signed_in("general")  # holds Scaling Hybrid Events, live now
    assert "Seat reserved" in reserve(gina, ROADMAP, KEEP_BOTH).content.decode()
    first = gina.get("/agenda/status/?ids=", **HX).content.decode()
    assert "Your session “Product Roadmap Q&amp;A” starts in 1" in first
    assert "Your session “Scaling Hybrid Events with Real-Time Data” is live now." in first
    assert f'href="/sessions/{ROADMAP}/"' in first and "Dismiss" in first
    assert "Your session" not in gina.get("/agenda/status/?ids=", **HX).content.decode()


def test_no_reminder_for_sessions_further_ahead(sandbox, settings):
    settings.PORTAL_REMINDER_MINUTES = 5
    victor = signed_in("vip")
    reserve(victor, BOOTHS)
    assert (
        "Monetizing Virtual Booths" not in victor.get("/agenda/status/?ids=", **HX).content.decode()
    )
