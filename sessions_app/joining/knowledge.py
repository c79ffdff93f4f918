"""What the portal has learned about each of an attendee's tickets from the upstream's refusals,
so a session it would refuse is marked before the click instead of after it.

The reference gives no call that says which ticket type a ticket is of; it does say which types
may join each session (`ticketTypesThatCanBeRegistered`). A join is tried with each of the
attendee's tickets in turn (tickets.py), and each refusal is about the ticket it was made with:
a ticket-type refusal proves that ticket is of none of the session's types, so every session
open only to some of those types refuses it too; a session-limit refusal says that ticket's
limit ("only permits registering for 2 sessions"), which counts the registrations made with
that ticket. A session is marked refused only when every ticket of the attendee is known to be
refused for it. What is known lasts as long as the attendee's tickets stay the same (the key is
made from their ticket ids): a ticket bought or refunded starts afresh.
"""

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.cache import cache

from sessions_app.upstream.domain import Session
from sessions_app.upstream.errors import RefusalReason, session_limit

MEMORY_SECONDS = 12 * 3600
# Refusals worth remembering until the attendee's registrations change; time-based ones are
# recomputed from the clock instead.
STICKY_REASONS = {
    RefusalReason.TICKET_TYPE,
    RefusalReason.SESSION_LIMIT,
    RefusalReason.NOT_REGISTERED_FOR_EVENT,
    RefusalReason.CAPACITY_FULL,
}


@dataclass(frozen=True)
class TicketFacts:
    excluded_types: frozenset[int] = frozenset()  # ticket types this ticket is proven not to be
    limit: int | None = None  # this ticket's session limit, as a refusal stated it

    def refusal_for(self, session: Session, registrations: int | None) -> RefusalReason | None:
        """`registrations`: made with this ticket as far as the portal knows (None: unknown)."""
        allowed = set(session.allowed_ticket_type_ids)
        if allowed and allowed <= self.excluded_types:
            return RefusalReason.TICKET_TYPE
        if self.limit and registrations is not None and registrations >= self.limit:
            return RefusalReason.SESSION_LIMIT
        return None


@dataclass(frozen=True)
class TicketKnowledge:
    tickets: tuple[tuple[int, TicketFacts], ...] = ()  # (ticket id, what it is known to get)

    @property
    def counts_registrations(self) -> bool:
        """Whether a refusal may depend on how many registrations each ticket holds."""
        return any(facts.limit for _, facts in self.tickets)

    @property
    def limit(self) -> int | None:
        limits = [facts.limit for _, facts in self.tickets if facts.limit]
        return min(limits) if limits else None

    def refusal_for(
        self, session: Session, *, registrations: Mapping[int, int] | None = None
    ) -> RefusalReason | None:
        """The refusal a join of `session` would get, when every one of the attendee's tickets
        is known to be refused for it. `registrations`: per ticket id, the registrations known
        to be made with it; a ticket not in it is not claimed to be at its limit."""
        known = dict(self.tickets)
        counts = registrations or {}
        reasons = set()
        for ticket_id in session.ticket_ids:
            facts = known.get(ticket_id)
            count = counts.get(ticket_id) if facts and facts.limit else None  # asked only then
            reason = facts.refusal_for(session, count) if facts else None
            if reason is None:
                return None  # this ticket may be accepted
            reasons.add(reason)
        if RefusalReason.SESSION_LIMIT in reasons:
            return RefusalReason.SESSION_LIMIT  # leaving a session would let one ticket in
        return RefusalReason.TICKET_TYPE if reasons else None


def with_refusal(known: dict, session: Session, ticket_id: int, reason: str, message: str):
    """`known` (as kept in the cache) with what refusing `ticket_id` for `session` proves, or
    None when it proves nothing new."""
    tickets = dict(known.get("tickets", {}))
    facts = dict(tickets.get(ticket_id, {}))
    if reason == RefusalReason.TICKET_TYPE and session.allowed_ticket_type_ids:
        excluded = set(facts.get("excluded", ())) | set(session.allowed_ticket_type_ids)
        if excluded == set(facts.get("excluded", ())):
            return None
        facts["excluded"] = sorted(excluded)
    elif reason == RefusalReason.SESSION_LIMIT and session_limit(message):
        if facts.get("limit") == session_limit(message):
            return None
        facts["limit"] = session_limit(message)
    else:
        return None
    tickets[ticket_id] = facts
    return {"tickets": tickets}


def _key(user_id: int, ticket_ids) -> str:
    tickets = ",".join(str(t) for t in sorted(ticket_ids))
    digest = hashlib.sha256(tickets.encode()).hexdigest()[:16]
    return f"portal:tickets-known:u{user_id}:{digest}"


def knowledge_key(user_id: int, ticket_ids) -> str | None:
    """Where what is known of these tickets is kept (None: no tickets, nothing to know)."""
    return _key(user_id, ticket_ids) if ticket_ids else None


def knowledge_from(known: dict | None) -> TicketKnowledge:
    """The knowledge kept at `knowledge_key`, as read from the cache."""
    tickets = (known or {}).get("tickets", {})
    return TicketKnowledge(
        tuple(
            sorted(
                (int(ticket_id), TicketFacts(frozenset(f.get("excluded", ())), f.get("limit")))
                for ticket_id, f in tickets.items()
            )
        )
    )


def learn_from_refusals(
    user_id: int, session: Session, refusals: Iterable[tuple[int, str, str]]
) -> None:
    """Remember what each (ticket id, reason, message) refusal proves about that ticket."""
    if not session.ticket_ids:
        return
    key = _key(user_id, session.ticket_ids)
    known = original = cache.get(key) or {}
    for ticket_id, reason, message in refusals:
        if ticket_id in session.ticket_ids:
            known = with_refusal(known, session, ticket_id, reason, message) or known
    if known is not original:
        cache.set(key, known, MEMORY_SECONDS)
