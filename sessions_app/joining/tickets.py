"""Which of an attendee's tickets a join or unregister is made with, and what each ticket's
refusal teaches (knowledge.py).

The join call is keyed by one event ticket id; an attendee may hold several (of different
types, each with its own session limit). The first is tried, then on a refusal that is about
that ticket the next one, each a distinct call; every refusal met on the way is kept with the
ticket it was made with, whether a later ticket was accepted or not.
"""

import logging
from dataclasses import dataclass, field
from functools import partial

from sessions_app.models import JoinAttempt, Registration
from sessions_app.upstream.client import get_client
from sessions_app.upstream.domain import CallInfo
from sessions_app.upstream.errors import JoinRefused, RefusalReason

from .knowledge import learn_from_refusals

log = logging.getLogger("sessions_app.joining.services")

# Actions that ask for a seat (a reservation is a join made before the session is live).
GRANTING = {JoinAttempt.Action.JOIN, JoinAttempt.Action.RESERVE}
# Refusals about the ticket used, not the attendee: another of their tickets may be accepted
# (for an unregister, the registration may have been made with another ticket).
_ABOUT_THE_TICKET = {
    RefusalReason.TICKET_TYPE,
    RefusalReason.SESSION_LIMIT,
    RefusalReason.NOT_REGISTERED_FOR_EVENT,
}
PER_TICKET_REASONS = {
    JoinAttempt.Action.JOIN: _ABOUT_THE_TICKET,
    JoinAttempt.Action.RESERVE: _ABOUT_THE_TICKET,
    JoinAttempt.Action.UNREGISTER: {RefusalReason.NOT_FOUND},
}


@dataclass
class Tried:
    ticket_id: int = 0  # the ticket of the call made last
    refusals: list[tuple[int, JoinRefused]] = field(default_factory=list)  # in calling order


def tickets_to_try(viewer, session, action) -> list[int]:
    """The attendee's event tickets, in the order to try them: for an unregister, the one the
    registration was made with first."""
    tickets = list(session.ticket_ids) or [0]
    if action == JoinAttempt.Action.UNREGISTER:
        used = (
            Registration.objects.filter(attendee_id=viewer.attendee_id, session_id=session.id)
            .values_list("ticket_id", flat=True)
            .first()
        )
        if used in tickets:
            tickets.remove(used)
            tickets.insert(0, used)
    return tickets


def call_with_each_ticket(viewer, session, action, tried: Tried) -> CallInfo:
    """Call with the first ticket; on a refusal that is about that ticket, with the next one
    (each a distinct call, never the same one twice). Returns what the call that worked said;
    raises the last refusal when every ticket was refused. `tried` names the ticket used and
    keeps every refusal met."""
    client = get_client()
    if action in GRANTING:
        call = partial(client.join, ahead=action == JoinAttempt.Action.RESERVE)
    else:
        call = client.unregister
    tickets = tickets_to_try(viewer, session, action)
    for position, ticket_id in enumerate(tickets):
        tried.ticket_id = ticket_id
        try:
            return call(viewer.token, session.id, ticket_id)
        except JoinRefused as refused:
            tried.refusals.append((ticket_id, refused))
            if position == len(tickets) - 1 or refused.reason not in PER_TICKET_REASONS[action]:
                raise
            log.info(
                "%s of session %s refused for one of the attendee's tickets (%s, request %s); "
                "trying the next one",
                action,
                session.id,
                refused.reason,
                refused.request_id,
            )
    raise AssertionError("unreachable: the loop returns or raises")


def learn_from_tickets(viewer, session, action, tried: Tried) -> None:
    """Keep what each ticket's refusal proves about that ticket (a join's refusals only)."""
    if action in GRANTING and tried.refusals:
        learned = [(t, refused.reason, refused.message) for t, refused in tried.refusals]
        learn_from_refusals(viewer.upstream_user_id, session, learned)
