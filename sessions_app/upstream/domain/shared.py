"""Which parts of an attendee's session list are the event's, and which are the attendee's.

ASSUMED (docs/upstream-contract.md, "One catalogue"; `check_upstream` confirms it against the
organization's host list): a session that is public (`sessionVisibilityType: PUBLIC`), not
hidden, and open to every ticket type (`ticketTypesThatCanBeRegistered` empty) is listed alike
to every attendee. Such a session is *for everyone*: one attendee's copy, without the fields
that describe that attendee (`ATTENDEES_OWN`), is every attendee's copy. A public session open
to some ticket types only may be left out of other attendees' lists, and a private one is listed
to those the organizer added: both are *the attendee's own*, shown only to an attendee whose own
list (or registered list) names them.
"""

from dataclasses import replace

from .sessions import Session

ATTENDEES_OWN = ("ticket_ids",)  # `currentUserRegisteredEventTicketId`: the caller's tickets


def for_everyone(session: Session) -> bool:
    """Listed alike to every attendee (the module's assumption)."""
    return not session.private and not session.allowed_ticket_type_ids


def may_share(session: Session) -> bool:
    """May be kept in the event's catalogue at all: public (a private session's data stays with
    the attendees it was read for). Restricted public sessions are kept, but shown only to
    attendees whose own list names them."""
    return not session.private


def nobodys(session: Session) -> Session:
    """`session` without what its list told about the attendee who read it."""
    return replace(session, ticket_ids=()) if session.ticket_ids else session
