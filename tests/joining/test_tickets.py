"""The ticket loop (tickets.py) against the sandbox, with Tessa's two tickets (General
Admission first, VIP second): each ticket is tried once, each refusal kept with its ticket,
and what each proves is learned for that ticket only."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from sandbox.demo import SESSION_IDS, TESSA_TICKET_IDS, TICKET_TYPES
from sessions_app.identity import Viewer
from sessions_app.joining.knowledge import knowledge_from, knowledge_key
from sessions_app.joining.tickets import (
    Tried,
    call_with_each_ticket,
    learn_from_tickets,
    tickets_to_try,
)
from sessions_app.models import Attendee, JoinAttempt, Registration
from sessions_app.upstream.clock import upstream_now
from sessions_app.upstream.domain import Session
from sessions_app.upstream.errors import JoinRefused
from sessions_app.upstream.errors import RefusalReason as R
from tests.joining.test_views_two_tickets import tessa_sessions

pytestmark = pytest.mark.django_db

GENERAL, VIP = TESSA_TICKET_IDS
JOIN, LEAVE = JoinAttempt.Action.JOIN, JoinAttempt.Action.UNREGISTER


@pytest.fixture
def tessa(sandbox):
    return Viewer(upstream_user_id=9001, attendee_id=1, token=sandbox.token("tessa"))


def by_id(sandbox):
    return {s.id: s for s in tessa_sessions(sandbox)}


def test_a_session_her_first_ticket_may_not_join_is_joined_with_the_second(sandbox, tessa):
    vip_only = by_id(sandbox)[SESSION_IDS["vip-roadmap"]]
    tried = Tried()
    call_with_each_ticket(tessa, vip_only, JOIN, tried)
    assert tried.ticket_id == VIP
    assert [(t, r.reason) for t, r in tried.refusals] == [(GENERAL, R.TICKET_TYPE)]
    learn_from_tickets(tessa, vip_only, JOIN, tried)
    known = knowledge_from(cache.get(knowledge_key(tessa.upstream_user_id, TESSA_TICKET_IDS)))
    facts = dict(known.tickets)
    assert set(facts) == {GENERAL}, "nothing is claimed about the ticket that was accepted"
    assert facts[GENERAL].excluded_types == {TICKET_TYPES["vip"]["id"]}


def test_a_ticket_at_its_limit_is_passed_over_and_its_limit_kept_for_it(sandbox, tessa):
    sessions = by_id(sandbox)
    open_ids = [
        sid
        for sid, s in sessions.items()
        if s.is_live(upstream_now())
        and not s.allowed_ticket_type_ids
        and not s.is_full
        and s.capacity == 0
    ]
    for sid in open_ids[:2]:  # General Admission's two
        tried = Tried()
        call_with_each_ticket(tessa, sessions[sid], JOIN, tried)
        assert (tried.ticket_id, tried.refusals) == (GENERAL, [])
    tried = Tried()
    call_with_each_ticket(tessa, sessions[open_ids[2]], JOIN, tried)
    assert tried.ticket_id == VIP
    assert [(t, r.reason, r.limit) for t, r in tried.refusals] == [(GENERAL, R.SESSION_LIMIT, 2)]
    learn_from_tickets(tessa, sessions[open_ids[2]], JOIN, tried)
    known = knowledge_from(cache.get(knowledge_key(tessa.upstream_user_id, TESSA_TICKET_IDS)))
    assert dict(known.tickets)[GENERAL].limit == 2 and VIP not in dict(known.tickets)


def test_leaving_a_session_held_with_neither_ticket_tries_both_then_says_not_registered(
    sandbox, tessa
):
    session = next(iter(by_id(sandbox).values()))
    tried = Tried()
    with pytest.raises(JoinRefused) as refused:
        call_with_each_ticket(tessa, session, LEAVE, tried)
    assert refused.value.reason is R.NOT_FOUND
    assert [t for t, _ in tried.refusals] == [GENERAL, VIP], "each ticket once"


# --- the loop's pure parts, without the sandbox --------------------------------------------------

FIRST, SECOND = 501, 502  # an attendee's two tickets, as their session list names them
GENERAL_TYPE, VIP_TYPE = 10797, 10798
LIMIT_2 = "Your registration type only permits registering for 2 sessions."
START = datetime(2030, 5, 1, 9, tzinfo=UTC)


def _session(session_id=1, *, allowed=(), tickets=(FIRST, SECOND)) -> Session:
    return Session(
        id=session_id,
        title=f"Session {session_id}",
        start=START,
        end=START + timedelta(hours=1),
        ticket_ids=tickets,
        allowed_ticket_type_ids=allowed,
    )


@pytest.fixture
def attendee():
    user = get_user_model().objects.create(username="two-tickets")
    return Attendee.objects.create(
        user=user, upstream_user_id=7007, email="two@example.com", last_seen_at=START
    )


def _viewer(attendee) -> Viewer:
    return Viewer(upstream_user_id=attendee.upstream_user_id, attendee_id=attendee.pk, token="t")


def test_a_join_tries_the_tickets_in_the_order_the_platform_lists_them(attendee):
    assert tickets_to_try(_viewer(attendee), _session(), JOIN) == [FIRST, SECOND]
    assert tickets_to_try(_viewer(attendee), _session(tickets=()), JOIN) == [0]


def test_a_leave_tries_first_the_ticket_the_registration_was_made_with(attendee):
    Registration.objects.create(
        attendee=attendee,
        session_id=1,
        session_title="Session 1",
        session_format="OTHER",
        session_start=START,
        session_end=START + timedelta(hours=1),
        ticket_id=SECOND,
        status=Registration.Status.REGISTERED,
        registered_at=START,
    )
    viewer = _viewer(attendee)
    assert tickets_to_try(viewer, _session(1), LEAVE) == [SECOND, FIRST]
    assert tickets_to_try(viewer, _session(1), JOIN) == [FIRST, SECOND]
    assert tickets_to_try(viewer, _session(2), LEAVE) == [FIRST, SECOND]  # held with neither


def _known(viewer, session):
    return knowledge_from(cache.get(knowledge_key(viewer.upstream_user_id, session.ticket_ids)))


def test_a_refusal_learned_from_one_ticket_does_not_withhold_join_the_other_admits(attendee):
    viewer = _viewer(attendee)
    vip_only = _session(1, allowed=(VIP_TYPE,))
    tried = Tried(ticket_id=SECOND)  # the first was refused by type, the second admitted
    tried.refusals.append((FIRST, JoinRefused("not for this ticket", reason=R.TICKET_TYPE)))
    learn_from_tickets(viewer, vip_only, JOIN, tried)
    known = _known(viewer, vip_only)
    assert set(dict(known.tickets)) == {FIRST}
    assert known.refusal_for(_session(2, allowed=(VIP_TYPE,))) is None, "the second admits"
    only_first = _session(3, allowed=(VIP_TYPE,), tickets=(FIRST,))
    assert known.refusal_for(only_first) is R.TICKET_TYPE


def test_both_tickets_refused_mark_the_next_such_session_refused_before_the_click(attendee):
    viewer = _viewer(attendee)
    general_only = _session(1, allowed=(GENERAL_TYPE,))
    tried = Tried(ticket_id=SECOND)
    tried.refusals += [
        (FIRST, JoinRefused(LIMIT_2, reason=R.SESSION_LIMIT)),
        (SECOND, JoinRefused("not for this ticket", reason=R.TICKET_TYPE)),
    ]
    learn_from_tickets(viewer, general_only, JOIN, tried)
    known = _known(viewer, general_only)
    another = _session(2, allowed=(GENERAL_TYPE,))
    assert known.refusal_for(another, registrations={FIRST: 2}) is R.SESSION_LIMIT
    assert known.refusal_for(another, registrations={FIRST: 1}) is None  # room again


def test_a_leaves_refusals_teach_nothing_about_joining(attendee):
    viewer = _viewer(attendee)
    vip_only = _session(1, allowed=(VIP_TYPE,))
    tried = Tried(ticket_id=SECOND)
    tried.refusals.append((FIRST, JoinRefused("no", reason=R.TICKET_TYPE)))
    learn_from_tickets(viewer, vip_only, LEAVE, tried)
    assert _known(viewer, vip_only).tickets == ()
