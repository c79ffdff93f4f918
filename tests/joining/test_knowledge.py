"""What a refusal proves about an attendee's tickets (knowledge.py), as pure functions: kept
per ticket, and a session is marked refused only when every ticket is known to be refused."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache

from sessions_app.joining.knowledge import (
    TicketKnowledge,
    knowledge_from,
    knowledge_key,
    learn_from_refusals,
    with_refusal,
)
from sessions_app.upstream.domain import Session
from sessions_app.upstream.errors import RefusalReason as R

GENERAL, VIP = 10797, 10798  # ticket types
FIRST, SECOND = 501, 502  # an attendee's two tickets (General Admission, VIP)
LIMIT_2 = (
    "Your registration type only permits registering for 2 sessions. If you would like to "
    "register for this session please un-register from a different session first."
)
TYPE = "Your ticket does not permit access to this session"
START = datetime(2026, 5, 1, 9, tzinfo=UTC)


def session(session_id=1, *, allowed=(), tickets=(FIRST, SECOND)) -> Session:
    return Session(
        id=session_id,
        title=f"Session {session_id}",
        start=START,
        end=START + timedelta(hours=1),
        ticket_ids=tickets,
        allowed_ticket_type_ids=allowed,
    )


def learned(*refusals, on: Session) -> TicketKnowledge:
    known: dict = {}
    for ticket_id, reason, message in refusals:
        known = with_refusal(known, on, ticket_id, reason, message) or known
    return knowledge_from(known)


def test_two_tickets_refused_for_different_reasons_keep_join_once_one_has_room():
    """The case that lost Join: General Admission refused at its limit, VIP refused by type on
    a General-only session; after she leaves a session, General Admission admits her again."""
    general_only = session(allowed=(GENERAL,))
    known = learned(
        (FIRST, R.SESSION_LIMIT, LIMIT_2), (SECOND, R.TICKET_TYPE, TYPE), on=general_only
    )
    other_general_only = session(2, allowed=(GENERAL,))
    assert known.refusal_for(other_general_only, registrations={FIRST: 2}) is R.SESSION_LIMIT
    assert known.refusal_for(other_general_only, registrations={FIRST: 1}) is None
    # What VIP was refused for says nothing about General Admission, nor about open sessions.
    assert known.refusal_for(session(3), registrations={FIRST: 1}) is None
    assert known.refusal_for(session(4, allowed=(VIP,)), registrations={FIRST: 1}) is None


def test_a_refusal_of_one_ticket_marks_nothing_while_another_ticket_is_unknown():
    vip_only = session(allowed=(VIP,))
    known = learned((FIRST, R.TICKET_TYPE, TYPE), on=vip_only)
    assert known.refusal_for(session(2, allowed=(VIP,))) is None, "VIP may admit her"
    single = session(2, allowed=(VIP,), tickets=(FIRST,))
    assert known.refusal_for(single) is R.TICKET_TYPE, "her only ticket is refused"


def test_a_limit_counts_the_registrations_made_with_that_ticket_and_never_guesses():
    known = learned(
        (FIRST, R.SESSION_LIMIT, LIMIT_2), (SECOND, R.SESSION_LIMIT, LIMIT_2), on=session()
    )
    assert known.refusal_for(session(2), registrations={FIRST: 2, SECOND: 2}) is R.SESSION_LIMIT
    assert known.refusal_for(session(2), registrations={FIRST: 2, SECOND: 1}) is None
    assert known.refusal_for(session(2), registrations={FIRST: 2}) is None, "unknown: no claim"
    assert known.refusal_for(session(2)) is None
    assert known.limit == 2 and known.counts_registrations


def test_only_what_a_refusal_proves_is_learned():
    open_session = session()
    assert with_refusal({}, open_session, FIRST, R.TICKET_TYPE, TYPE) is None, "no types named"
    assert with_refusal({}, open_session, FIRST, R.SESSION_LIMIT, "Limit reached") is None
    assert with_refusal({}, open_session, FIRST, R.CAPACITY_FULL, "Max capacity") is None
    once = with_refusal({}, session(allowed=(VIP,)), FIRST, R.TICKET_TYPE, TYPE)
    assert with_refusal(once, session(allowed=(VIP,)), FIRST, R.TICKET_TYPE, TYPE) is None
    assert not knowledge_from(None).tickets and not knowledge_from({}).counts_registrations


@pytest.mark.parametrize("changed", [(FIRST,), (FIRST, SECOND, 503)])
def test_what_is_learned_is_forgotten_when_the_attendee_s_tickets_change(changed):
    cache.clear()
    vip_only = session(allowed=(VIP,), tickets=(FIRST, SECOND))
    learn_from_refusals(7, vip_only, [(FIRST, R.TICKET_TYPE, TYPE), (999, R.TICKET_TYPE, TYPE)])
    kept = knowledge_from(cache.get(knowledge_key(7, (SECOND, FIRST))))
    assert [ticket_id for ticket_id, _ in kept.tickets] == [FIRST], "not a ticket of hers: ignored"
    assert knowledge_from(cache.get(knowledge_key(7, changed))).tickets == ()
    assert knowledge_key(7, ()) is None
