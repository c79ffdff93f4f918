"""Asking in the right order (issue 22 B): what the portal already knows refuses before the
overlap question; at the session limit one banner, quiet cards and the way to the swap
(tests/joining/test_swap_views.py); notices grouped by kind; and the calendar's alarm."""

import re
from html import unescape

import pytest
from icalendar import Calendar

from sandbox.demo import PASSWORD, SESSION_IDS, TICKET_IDS
from sessions_app.models import JoinAttempt
from tests.joining.at_the_limit import (
    ACCESSIBLE,
    COMMUNITY,
    EXPO,
    FULL,
    HX,
    HYBRID,
    REGISTER,
    SPONSOR,
    VIP_ONLY,
    at_the_limit,
    join,
    signed_in,
)
from tests.portal_helpers import KEEP_BOTH

pytestmark = pytest.mark.django_db(transaction=True)


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
