"""The organizer's view through the API key: sessions with their registrants."""

from dataclasses import dataclass
from datetime import tzinfo
from typing import Any, Self

from .fields import as_int, as_list, as_str, envelope, parse_items
from .sessions import Session


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
        ticket_id = as_int(data.get("eventTicketId"), -1)
        return cls(
            user_id=as_int(data.get("userId")),
            first_name=as_str(data.get("firstName")),
            last_name=as_str(data.get("lastName")),
            email=as_str(data.get("email")),
            ticket_id=ticket_id if ticket_id >= 0 else None,
        )


@dataclass(frozen=True)
class HostSession:
    session: Session
    registrants: tuple[Registrant, ...]

    @classmethod
    def from_api(cls, data: Any, tz: tzinfo) -> Self:
        session = Session.from_api(data, tz)
        holders = as_list(data.get("registerdHolderUsers"))  # sic: the upstream's spelling
        return cls(session=session, registrants=parse_items(Registrant, holders))

    @classmethod
    def page_from_api(cls, payload: Any, tz: tzinfo) -> tuple[list[Self], int, int]:
        """(readable sessions, recordsFiltered, items on the page, readable or not)."""
        data, _, filtered = envelope(payload)
        return list(parse_items(cls, data, tz)), filtered, len(data)
