"""The organizer's view through the API key: sessions with their registrants."""

import logging
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any, Self

from .fields import as_dict, as_int, as_list, as_str, envelope, parse_items
from .session_page import hidden_from_attendees
from .sessions import Session

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Registrant:
    user_id: int
    first_name: str
    last_name: str
    email: str
    ticket_id: int | None

    @classmethod
    def from_api(cls, data: Any) -> Self:
        if not isinstance(data, dict):
            raise ValueError("registrant is not an object")
        user_id = as_int(data.get("userId"), -1)
        if user_id <= 0:
            raise ValueError("registrant without a readable userId")
        ticket_id = as_int(data.get("eventTicketId"), -1)
        return cls(
            user_id=user_id,
            first_name=as_str(data.get("firstName")),
            last_name=as_str(data.get("lastName")),
            email=as_str(data.get("email")),
            ticket_id=ticket_id if ticket_id >= 0 else None,
        )


@dataclass(frozen=True)
class HostSession:
    session: Session
    registrants: tuple[Registrant, ...]
    # Registrants that could not be read, by their e-mail (lower case; "" when it is unreadable
    # too): someone is registered, and reconciliation must not conclude that anyone is not.
    unreadable: tuple[str, ...] = ()
    # The organizer's list keeps sessions hidden from attendees (`status: HIDDEN`): no reminders.
    hidden: bool = False

    @classmethod
    def from_api(cls, data: Any, tz: tzinfo) -> Self:
        session = Session.from_api(data, tz)
        if not session.has_times:  # nothing to record or reconcile until it is scheduled
            raise ValueError(f"session {session.id} has no times yet")
        registrants, unreadable = [], []
        for index, holder in enumerate(as_list(data.get("registerdHolderUsers"))):  # sic
            try:
                registrants.append(Registrant.from_api(holder))
            except ValueError as exc:
                unreadable.append(as_str(as_dict(holder).get("email")).casefold())
                logger.warning(
                    "session %s: registrant at index %d unreadable (%s)", session.id, index, exc
                )
        return cls(
            session=session,
            registrants=tuple(registrants),
            unreadable=tuple(unreadable),
            hidden=hidden_from_attendees(data),
        )

    @classmethod
    def page_from_api(cls, payload: Any, tz: tzinfo) -> tuple[list[Self], int, int]:
        """(readable sessions, recordsFiltered, items on the page, readable or not)."""
        data, _, filtered = envelope(payload)
        return list(parse_items(cls, data, tz)), filtered, len(data)
