"""The ticket loop (tickets.py) against the sandbox, with Tessa's two tickets (General
Admission first, VIP second): each ticket is tried once, each refusal kept with its ticket,
and what each proves is learned for that ticket only."""

import pytest
from django.core.cache import cache

from sandbox.demo import SESSION_IDS, TESSA_TICKET_IDS, TICKET_TYPES
from sessions_app.identity import Viewer
from sessions_app.joining.knowledge import knowledge_from, knowledge_key
from sessions_app.joining.tickets import Tried, call_with_each_ticket, learn_from_tickets
from sessions_app.models import JoinAttempt
from sessions_app.upstream.clock import upstream_now
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
