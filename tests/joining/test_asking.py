"""Asking in the right order (issue 22 B): what the portal already knows refuses before the
overlap question; at the session limit one banner, quiet cards and a swap that puts back the
seat it left when the new one refuses; notices grouped by kind; and the calendar's alarm."""

import re
from html import unescape

import pytest
from django.test import Client
from icalendar import Calendar

from sandbox.demo import ACCOUNTS, PASSWORD, SESSION_IDS, TICKET_IDS
from sessions_app.models import JoinAttempt
from tests.portal_helpers import KEEP_BOTH

pytestmark = pytest.mark.django_db(transaction=True)

HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/"}
HYBRID = SESSION_IDS["hybrid-data"]  # Gina holds it; live -30..+45
ACCESSIBLE = SESSION_IDS["accessible-venues"]  # live, open, overlaps HYBRID
SPONSOR = SESSION_IDS["sponsor-stories"]  # live, open
EXPO = SESSION_IDS["expo-tour"]  # live, open
VIP_ONLY = SESSION_IDS["vip-roadmap"]  # live, VIP tickets only
FULL = SESSION_IDS["full-house"]  # live, 3 of 3 taken
COMMUNITY = SESSION_IDS["community-growth"]  # live -40..+30, overlaps HYBRID
REGISTER = "POST /events/{eventurl}/session/{session_id}/register/{ticket_id}"
REGISTERED = "/events/{event}/user-session/registered"


def signed_in(who: str) -> Client:
    client = Client()
    form = {"email": ACCOUNTS[who]["email"], "password": PASSWORD}
    assert client.post("/sign-in/", form).status_code == 302
    return client


def join(client, session_id, data=None):
    return unescape(client.post(f"/sessions/{session_id}/join/", data or {}, **HX).content.decode())


def held_upstream(sandbox, who: str) -> set[int]:
    listed = sandbox.rest("GET", REGISTERED, sandbox.token(who), params={"size": 100}).json()
    return {int(item["sessionId"]) for item in listed["data"]}


def at_the_limit(sandbox, gina: Client | None = None) -> Client:
    """Gina, holding HYBRID and ACCESSIBLE, told the limit by one refusal."""
    gina = gina or signed_in("general")
    join(gina, ACCESSIBLE, KEEP_BOTH)
    assert "only permits registering for 2 sessions" in join(gina, SPONSOR, KEEP_BOTH)
    return gina


# --- what the portal knows comes before the overlap question --------------------------------


def test_a_known_ticket_refusal_comes_before_the_overlap_question(sandbox):
    gina = signed_in("general")
    assert "does not permit access" in join(gina, VIP_ONLY, KEEP_BOTH)
    again = join(gina, VIP_ONLY)  # no "Keep both": the question would come first today
    assert "This overlaps" not in again
    assert "Your ticket doesn't include this session." in again


def test_a_known_limit_comes_before_the_overlap_question(sandbox):
    gina = at_the_limit(sandbox)
    answer = join(gina, EXPO)
    assert "This overlaps" not in answer and "you've reached that limit" in answer


def test_an_ended_session_from_a_stale_page_says_so_without_a_question_or_a_call(sandbox, settings):
    settings.PORTAL_CACHE_TTL = settings.PORTAL_ATTENDEE_TTL = 0
    gina = signed_in("general")
    gina.get("/")  # the page she keeps open
    sandbox.advance(31 * 60)  # COMMUNITY ends; HYBRID, which it overlapped, goes on
    gina.get("/my-sessions/")  # the portal reads "now" off the upstream's Date header
    sandbox.reset_stats()
    answer = join(gina, COMMUNITY)
    assert "This overlaps" not in answer and "This session has ended." in answer
    assert sandbox.request_count(REGISTER) == 0
    attempt = JoinAttempt.objects.get(session_id=COMMUNITY)
    assert (attempt.kind, attempt.outcome) == ("blocked", "expired")


def test_a_question_before_a_first_refusal_does_not_promise_the_seat(sandbox):
    gina = signed_in("general")  # her limit not known yet
    question = join(gina, ACCESSIBLE)
    assert "This overlaps" in question
    assert "the event platform still has to accept your ticket" in question


# --- at the limit: one banner, quiet cards, a swap -------------------------------------------


def test_at_the_limit_the_agenda_says_it_once_and_the_cards_quietly(sandbox):
    gina = at_the_limit(sandbox)
    agenda = unescape(gina.get("/", {"tab": "live"}).content.decode())
    assert agenda.count("You've used the 2 sessions your ticket allows") == 1
    assert 'class="refusal"' not in agenda  # no pink box on any card
    block = re.search(rf'<div id="session-status-{EXPO}".*?</div>', agenda, re.S).group(0)
    assert 'class="refusal"' not in block and "At your limit" in block
    assert "Swap one of yours for this" in block
    response = gina.post(f"/sessions/{EXPO}/next-step/")  # recorded as demand on the way
    assert response["Location"] == f"/sessions/{EXPO}/swap/"


def test_a_swap_leaves_one_session_and_joins_the_other(sandbox):
    gina = at_the_limit(sandbox)
    page = gina.get(f"/sessions/{EXPO}/swap/").content.decode()
    assert f'value="{ACCESSIBLE}"' in page and f'value="{HYBRID}"' in page
    done = gina.post(f"/sessions/{EXPO}/swap/", {"give_up": ACCESSIBLE})
    assert done.status_code == 302 and done["Location"] == f"/sessions/{EXPO}/"
    assert held_upstream(sandbox, "general") == {HYBRID, EXPO}
    attempts = JoinAttempt.objects.filter(session_id__in=[ACCESSIBLE, EXPO]).order_by("pk")
    assert [(a.session_id, a.action, a.outcome) for a in attempts][-2:] == [
        (ACCESSIBLE, "unregister", "unregistered"),
        (EXPO, "join", "joined"),
    ]


def test_a_refused_swap_puts_back_the_seat_it_left_and_says_so(sandbox):
    gina = at_the_limit(sandbox)
    answer = gina.post(f"/sessions/{VIP_ONLY}/swap/", {"give_up": ACCESSIBLE}, follow=True)
    text = unescape(answer.content.decode())
    assert "Your ticket doesn't include this session." in text
    assert "You're still in “Designing Accessible Virtual Venues”" in text
    assert held_upstream(sandbox, "general") == {HYBRID, ACCESSIBLE}
    tried = JoinAttempt.objects.filter(session_id__in=[ACCESSIBLE, VIP_ONLY]).order_by("pk")
    assert [(a.session_id, a.action, a.outcome) for a in tried][-3:] == [
        (ACCESSIBLE, "unregister", "unregistered"),
        (VIP_ONLY, "join", "ticket_type"),
        (ACCESSIBLE, "join", "joined"),
    ]


def test_a_swap_only_gives_up_a_session_the_attendee_holds(sandbox):
    gina = at_the_limit(sandbox)
    sandbox.reset_stats()
    gina.post(f"/sessions/{EXPO}/swap/", {"give_up": SPONSOR})
    gina.post(f"/sessions/{EXPO}/swap/", {"give_up": "x"})
    assert sandbox.request_count(REGISTER) == 0
    assert held_upstream(sandbox, "general") == {HYBRID, ACCESSIBLE}


def test_my_sessions_is_current_right_after_a_leave(sandbox):
    gina = at_the_limit(sandbox)
    mine = gina.get("/my-sessions/").content.decode()
    assert "2 of 2 sessions used" in mine and mine.count("Overlaps with") == 2
    left = gina.post(f"/sessions/{ACCESSIBLE}/unregister/", **HX).content.decode()
    assert "1 of 2 sessions used" in left and 'id="allowance"' in left
    cleared = f'<p id="overlaps-{HYBRID}" class="overlap-note" hx-swap-oob="true" data-with-answer>'
    assert cleared + "</p>" in left


# --- notices ---------------------------------------------------------------------------------


def poll(client) -> str:
    return client.get("/agenda/status/?ids=", **HX).content.decode()


def test_live_sessions_come_as_one_notice_with_the_list(sandbox, settings):
    settings.PORTAL_CACHE_TTL = settings.PORTAL_ATTENDEE_TTL = 0
    victor = signed_in("vip")  # holds the keynote, live
    for session_id in (ACCESSIBLE, SPONSOR):
        join(victor, session_id, KEEP_BOTH)
    first = poll(victor)
    assert first.count('class="notice notice--info portal-notice"') == 1
    assert "3 of your sessions are live now" in first
    for session_id in (SESSION_IDS["opening-keynote"], ACCESSIBLE, SPONSOR):
        assert f'href="/sessions/{session_id}/"' in first
    assert 'data-kind="live"' in first  # a later one replaces it instead of stacking
    assert "portal-notice" not in poll(victor)


def test_a_freed_seat_at_the_limit_offers_the_swap_not_a_join(sandbox, settings):
    settings.PORTAL_CACHE_TTL = settings.PORTAL_ATTENDEE_TTL = 0
    gina = signed_in("general")
    gina.post(f"/sessions/{FULL}/watch/", **HX)  # before she reached her limit
    at_the_limit(sandbox, gina)
    poll(gina)
    fiona = sandbox.login("fiona@example.com", PASSWORD)
    path = f"/events/{{event}}/session/{FULL}/register/{TICKET_IDS['fiona'][0]}"
    sandbox.rest("DELETE", path, fiona).raise_for_status()
    notice = poll(gina)
    assert "A seat just freed in “Full House: Data Privacy Clinic”" in notice
    assert f"/sessions/{FULL}/join/" not in notice
    assert f'href="/sessions/{FULL}/swap/"' in notice


# --- the calendar's reminder -----------------------------------------------------------------


def test_calendar_files_carry_a_display_alarm_before_the_start(sandbox, settings):
    settings.PORTAL_REMINDER_MINUTES = 10
    victor = signed_in("vip")
    body = victor.get(f"/sessions/{ACCESSIBLE}/calendar.ics").content
    (alarm,) = Calendar.from_ical(body).walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert alarm.decoded("trigger").total_seconds() == -600
    assert "Designing Accessible Virtual Venues" in str(alarm["description"])
