"""What the portal has learned about an attendee's tickets from the upstream's refusals, so a
session it would refuse is marked before the click instead of after it.

The reference gives no call that says which ticket type an attendee holds; it does say which
types may join each session (`ticketTypesThatCanBeRegistered`). A ticket-type refusal comes only
after every one of the attendee's tickets was tried, so it proves that none of them is of those
types, and every session open only to some of those types refuses too. A session-limit refusal
says the limit ("only permits registering for 2 sessions"): while the attendee holds that many
registrations, every other join refuses. Both last as long as the attendee's tickets stay the
same (the key is made from their ticket ids).
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache

from .upstream.domain import Session
from .upstream.errors import RefusalReason, session_limit

MEMORY_SECONDS = 12 * 3600


@dataclass(frozen=True)
class TicketKnowledge:
    excluded_types: frozenset[int] = frozenset()
    limit: int | None = None  # the tickets' session limit, as a refusal stated it

    def refusal_for(self, session: Session, *, registrations: int) -> RefusalReason | None:
        """The refusal a join of `session` would get, when the portal knows it already. The
        ticket type first: leaving a session (the swap) frees a slot, never a ticket type."""
        allowed = set(session.allowed_ticket_type_ids)
        if allowed and allowed <= self.excluded_types:
            return RefusalReason.TICKET_TYPE
        if self.limit and registrations >= self.limit:
            return RefusalReason.SESSION_LIMIT
        return None


def _key(user_id: int, ticket_ids) -> str:
    tickets = ",".join(str(t) for t in sorted(ticket_ids))
    digest = hashlib.sha256(tickets.encode()).hexdigest()[:16]
    return f"portal:tickets-known:u{user_id}:{digest}"


def knowledge_key(user_id: int, ticket_ids) -> str | None:
    """Where what is known of these tickets is kept (None: no tickets, nothing to know)."""
    return _key(user_id, ticket_ids) if ticket_ids else None


def knowledge_from(known: dict | None) -> TicketKnowledge:
    """The knowledge kept at `knowledge_key`, as read from the cache."""
    known = known or {}
    return TicketKnowledge(frozenset(known.get("excluded", ())), known.get("limit"))


def learn_from_refusal(user_id: int, session: Session, reason: str, message: str) -> None:
    """Remember what a refusal of every ticket of the attendee proves about their tickets."""
    if not session.ticket_ids:
        return
    key = _key(user_id, session.ticket_ids)
    known = cache.get(key) or {}
    if reason == RefusalReason.TICKET_TYPE and session.allowed_ticket_type_ids:
        excluded = set(known.get("excluded", ())) | set(session.allowed_ticket_type_ids)
        known = {**known, "excluded": sorted(excluded)}
    elif reason == RefusalReason.SESSION_LIMIT and session_limit(message):
        known = {**known, "limit": session_limit(message)}
    else:
        return
    cache.set(key, known, MEMORY_SECONDS)
