"""An attendee's cards for a list of sessions (sessions_app/agenda/cards.py): each card's state
with what the portal remembers for that attendee: the platform's refusals (theirs, not another
attendee's), what a refusal proved about their ticket (a session limit refuses before the
click), their registrations, and on a full session's card whether they watch for a seat."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model

from sessions_app import cache as portal_cache
from sessions_app.agenda.cards import cards_for_viewer
from sessions_app.agenda.presenters import Action, Step
from sessions_app.identity import Viewer
from sessions_app.joining.knowledge import learn_from_refusals
from sessions_app.models import Attendee, SeatWatch
from sessions_app.upstream.domain import Session
from sessions_app.upstream.errors import RefusalReason as R

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 5, 1, 12, tzinfo=UTC)
TICKET = 501


def attendee(user_id: int) -> Viewer:
    user = get_user_model().objects.create(username=f"a{user_id}")
    row = Attendee.objects.create(
        user=user, upstream_user_id=user_id, email=f"{user_id}@example.com", last_seen_at=NOW
    )
    return Viewer(upstream_user_id=user_id, attendee_id=row.pk, token="token")


def live(session_id: int, **fields) -> Session:
    start = NOW - timedelta(minutes=10)
    return Session(
        id=session_id,
        title=f"Session {session_id}",
        start=start,
        end=start + timedelta(hours=1),
        ticket_ids=(TICKET,),
        **fields,
    )


def by_id(cards) -> dict:
    return {card.session.id: card for card in cards}


def test_a_registered_session_offers_the_player_and_the_rest_offer_to_join():
    cards = by_id(cards_for_viewer(attendee(1), [live(1), live(2)], {1}, NOW))
    assert (cards[1].action, cards[2].action) == (Action.WATCH, Action.JOIN)


def test_a_full_sessions_card_says_whether_this_attendee_watches_it():
    gina, omar = attendee(1), attendee(2)
    full = [live(n, capacity=50, registered_count=50) for n in (11, 12)]
    SeatWatch.objects.create(attendee_id=gina.attendee_id, session_id=11, session_end=NOW)
    cards = by_id(cards_for_viewer(gina, full, set(), NOW))
    assert cards[11].step == Step.WATCH_FOR_SEAT
    assert (cards[11].watching, cards[12].watching) == (True, False)
    assert not any(card.watching for card in cards_for_viewer(omar, full, set(), NOW))


def test_a_refusal_remembered_for_this_attendee_shows_on_that_card_only():
    gina, omar = attendee(1), attendee(2)
    refusal = {"reason": R.NOT_REGISTERED_FOR_EVENT, "message": "No ticket for this."}
    portal_cache.remember_refusal(gina.upstream_user_id, 21, refusal)
    cards = by_id(cards_for_viewer(gina, [live(21), live(22)], set(), NOW))
    assert (cards[21].action, cards[21].detail) == (Action.REFUSED, "No ticket for this.")
    assert cards[22].action == Action.JOIN
    assert cards_for_viewer(omar, [live(21)], set(), NOW)[0].action == Action.JOIN


def test_a_session_limit_learned_for_the_ticket_refuses_before_the_click_once_it_is_reached():
    gina = attendee(1)
    message = "Your registration type only permits registering for 2 sessions."
    learn_from_refusals(gina.upstream_user_id, live(31), [(TICKET, R.SESSION_LIMIT, message)])
    sessions = [live(31), live(32), live(33)]
    at_limit = by_id(cards_for_viewer(gina, sessions, {32, 33}, NOW))[31]
    assert (at_limit.action, at_limit.step) == (Action.REFUSED, Step.LEAVE_A_SESSION)
    below = by_id(cards_for_viewer(gina, sessions, {32}, NOW))[31]
    assert below.action == Action.JOIN


def test_no_sessions_make_no_cards():
    assert cards_for_viewer(attendee(1), [], set(), NOW) == []
