"""The swap page (sessions_app/joining/swap_views.py): at the session limit it lists the
attendee's sessions to give up for this one; a pick leaves that one and joins this one, a
refusal puts the seat back and says so, a seat lost on the way sends her to My sessions; it
gives up only a session she holds, asks again without a pick, and is no page at all for a
session she can simply join or one that does not exist."""

from html import unescape

import pytest

from sessions_app.models import JoinAttempt
from tests.joining.at_the_limit import (
    ACCESSIBLE,
    EXPO,
    HYBRID,
    REGISTER,
    SPONSOR,
    VIP_ONLY,
    at_the_limit,
    held_upstream,
    signed_in,
)

pytestmark = pytest.mark.django_db(transaction=True)


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


def test_a_swap_without_a_pick_asks_for_one_and_sends_nothing(sandbox):
    gina = at_the_limit(sandbox)
    sandbox.reset_stats()
    answer = gina.post(f"/sessions/{EXPO}/swap/", {})
    assert answer.status_code == 200
    assert "Pick the session to give up." in unescape(answer.content.decode())
    assert sandbox.request_count(REGISTER) == 0


def test_a_seat_lost_on_the_way_back_sends_the_attendee_to_my_sessions(sandbox):
    gina = at_the_limit(sandbox)
    sandbox.add_registrants(ACCESSIBLE, 1)  # someone else takes the last seat once she leaves
    sandbox.patch_session(ACCESSIBLE, capacity=1)
    answer = gina.post(f"/sessions/{VIP_ONLY}/swap/", {"give_up": ACCESSIBLE})
    assert answer.status_code == 302 and answer["Location"] == "/my-sessions/"
    said = unescape(gina.get("/my-sessions/").content.decode())
    assert "but it filled up in the meantime, so you're no longer in it" in said
    assert held_upstream(sandbox, "general") == {HYBRID}


def test_a_session_she_can_simply_join_has_no_swap_page(sandbox):
    gina = signed_in("general")  # below her limit, as far as the portal knows
    answer = gina.get(f"/sessions/{EXPO}/swap/")
    assert answer.status_code == 302 and answer["Location"] == f"/sessions/{EXPO}/"


def test_a_session_that_does_not_exist_has_no_swap_page(sandbox):
    assert signed_in("general").get("/sessions/999999/swap/").status_code == 404


def test_the_swap_page_is_for_signed_in_attendees(sandbox, client):
    answer = client.get(f"/sessions/{EXPO}/swap/")
    assert answer.status_code == 302 and answer["Location"].startswith("/sign-in/")
