"""A page of a session list as an attendee may see it: items the organizer hid are dropped
here, at the boundary, and counted so paging still knows how far it has read."""

from dataclasses import dataclass
from datetime import tzinfo
from typing import Any, Self

from .fields import as_dict, as_int, as_str, envelope, parse_items
from .sessions import Session


def hidden_from_attendees(data: Any) -> bool:
    """An item the organizer hid (`status: HIDDEN`, or `hideSessionFromAttendees`): never shown
    to an attendee, whatever list or read returned it."""
    data = as_dict(data)
    return as_str(data.get("status")).upper() == "HIDDEN" or (
        data.get("hideSessionFromAttendees") is True
    )


@dataclass(frozen=True)
class SessionPage:
    """One page of a session list, or (from the client's pager) every page of it."""

    sessions: tuple[Session, ...]
    total: int
    filtered: int
    skipped: int = 0  # items of the answer that could not be parsed
    skipped_ids: tuple[int, ...] = ()  # ... of those, the ones whose sessionId was readable
    complete: bool = True  # False when paging stopped before `filtered` items were read
    hidden: int = 0  # items the organizer hid from attendees: read, dropped, never shown

    @classmethod
    def from_api(cls, payload: Any, tz: tzinfo) -> Self:
        data, total, filtered = envelope(payload)
        shown = [item for item in data if not hidden_from_attendees(item)]
        hidden, data = len(data) - len(shown), shown
        sessions = parse_items(Session, data, tz)
        parsed = {s.id for s in sessions}
        skipped_ids = tuple(
            n
            for n in (as_int(as_dict(item).get("sessionId"), -1) for item in data)
            if n >= 0 and n not in parsed
        )
        return cls(
            sessions,
            total=total,
            filtered=filtered,
            skipped=len(data) - len(sessions),
            skipped_ids=skipped_ids,
            hidden=hidden,
        )

    @property
    def ids(self) -> frozenset[int]:
        """Every session id the list names, readable items or not."""
        return frozenset(s.id for s in self.sessions) | frozenset(self.skipped_ids)

    @property
    def missing(self) -> int:
        """Sessions the upstream counted that the portal cannot show (hidden ones aside)."""
        return max(self.filtered - len(self.sessions) - self.hidden, 0)
