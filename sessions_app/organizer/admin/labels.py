"""Human names for what the upstream sends as codes: session formats and ticket types.

The API names no ticket type on any call the portal makes (sessions list only the ids allowed,
`ticketTypesThatCanBeRegistered`; a type's name appears only in an attendee's own order
details), so names come from the organizer: PORTAL_TICKET_TYPE_NAMES ("10798=VIP,..."), with
"Ticket type 10798" only for an id it does not name.
"""

from django.conf import settings

from sessions_app.models import JoinAttempt
from sessions_app.upstream.domain import SessionFormat

FORMAT_NAMES = {
    SessionFormat.MAIN_STAGE: "Main stage",
    SessionFormat.BREAKOUT_SESSION: "Breakout session",
    SessionFormat.MEET_UP: "Meet-up",
    SessionFormat.WORKSHOP: "Workshop",
    SessionFormat.EXPO: "Expo",
    SessionFormat.BREAK: "Break",
    SessionFormat.OTHER: "Other",
}
Outcome = JoinAttempt.Outcome
# The refusals an organizer reads as unmet demand, in the order they are shown.
REFUSALS = [
    (Outcome.CAPACITY_FULL, "Full"),
    (Outcome.TICKET_TYPE, "Ticket type"),
    (Outcome.SESSION_LIMIT, "Session limit"),
    (Outcome.NOT_REGISTERED_FOR_EVENT, "No event ticket"),
    (Outcome.EXPIRED, "Not live"),
    (Outcome.NOT_FOUND, "Not found"),
    (Outcome.REFUSED_OTHER, "Other"),
]
REFUSAL_OUTCOMES = [outcome for outcome, _ in REFUSALS]


def format_name(code: str) -> str:
    try:
        return FORMAT_NAMES[SessionFormat(code)]
    except ValueError:
        return code.replace("_", " ").capitalize() if code else "-"


def ticket_type_name(type_id: int) -> str:
    names = settings.PORTAL_TICKET_TYPE_NAMES
    return names.get(str(type_id)) or f"Ticket type {type_id}"
