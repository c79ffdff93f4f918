"""A card's state (sessions_app/agenda/presenters.py), on sessions built here: the one action
that can work now, or why it can't with the next step that can. The badge and its words are
tests/agenda/test_card_wording.py's."""

from datetime import UTC, datetime, timedelta

import pytest

from sessions_app.agenda.presenters import Action, Step, card_for
from sessions_app.joining.knowledge import knowledge_from, with_refusal
from sessions_app.upstream.domain import Session
from sessions_app.upstream.errors import RefusalReason as R

NOW = datetime(2030, 5, 1, 12, tzinfo=UTC)
TICKET = 501


def session(minutes_from_now: float, **fields) -> Session:
    start = NOW + timedelta(minutes=minutes_from_now)
    values = {"ticket_ids": (TICKET,), "end": start + timedelta(hours=1)}
    return Session(id=1, title="Session", start=start, **(values | fields))


LIVE = session(-10)


@pytest.fixture(autouse=True)
def _no_reserving_ahead(settings):
    settings.PORTAL_RESERVE_AHEAD = False


def test_a_live_session_with_a_seat_offers_join_and_a_registered_one_watch():
    assert card_for(LIVE, now=NOW, registered=False).action == Action.JOIN
    assert card_for(LIVE, now=NOW, registered=True).action == Action.WATCH
    later = session(120)
    assert card_for(later, now=NOW, registered=True).action == Action.RESERVED


def test_a_registered_attendee_keeps_the_player_while_the_session_runs_over():
    over = session(-70, allowed_minutes_late=0)  # its end time passed 10 minutes ago
    card = card_for(over, now=NOW, registered=True)
    assert (card.action, card.running_over) == (Action.WATCH, True)
    assert card_for(over, now=NOW, registered=False).action == Action.ENDED


def test_without_a_ticket_the_next_step_is_getting_one():
    card = card_for(session(-10, ticket_ids=()), now=NOW, registered=False)
    assert (card.action, card.reason, card.step) == (
        Action.NO_TICKET,
        R.NOT_REGISTERED_FOR_EVENT,
        Step.GET_A_TICKET,
    )


def test_a_full_session_offers_to_watch_for_a_seat():
    card = card_for(session(-10, capacity=50, registered_count=50), now=NOW, registered=False)
    assert (card.action, card.step, card.can_watch_for_a_seat) == (
        Action.FULL,
        Step.WATCH_FOR_SEAT,
        True,
    )


def test_a_full_refusal_stands_only_until_a_seat_frees():
    refusal = {"reason": R.CAPACITY_FULL, "registered_count": 50}
    full = session(-10, capacity=50, registered_count=50)
    freed = session(-10, capacity=50, registered_count=49)
    assert card_for(full, now=NOW, registered=False, refusal=refusal).action == Action.REFUSED
    assert card_for(freed, now=NOW, registered=False, refusal=refusal).action == Action.JOIN


def test_a_limit_learned_before_the_click_refuses_with_a_swap_as_the_next_step():
    message = "Your registration type only permits registering for 2 sessions."
    known = knowledge_from(with_refusal({}, LIVE, TICKET, R.SESSION_LIMIT, message))
    at_limit = card_for(LIVE, now=NOW, registered=False, known=known, registrations={TICKET: 2})
    assert (at_limit.action, at_limit.step) == (Action.REFUSED, Step.LEAVE_A_SESSION)
    assert "2 sessions" in at_limit.message
    room = card_for(LIVE, now=NOW, registered=False, known=known, registrations={TICKET: 1})
    assert room.action == Action.JOIN


def test_a_session_not_live_yet_is_reserved_only_within_the_organizers_window(settings):
    in_two_hours = session(120)
    assert card_for(in_two_hours, now=NOW, registered=False).action == Action.NOT_STARTED
    settings.PORTAL_RESERVE_AHEAD, settings.PORTAL_RESERVE_AHEAD_HOURS = True, 3
    assert card_for(in_two_hours, now=NOW, registered=False).action == Action.RESERVE
    settings.PORTAL_RESERVE_AHEAD_HOURS = 1
    card = card_for(in_two_hours, now=NOW, registered=False)
    assert card.action == Action.NOT_STARTED
    assert card.message == "Seats can be reserved from 1 hour before the start."
