"""The event's sessions as an attendee sees them (their parts: session_parts.py), and what a
join or unregister returns."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any, Self

from ..sanitize import clean_html
from .event import Event  # noqa: F401 - events cached before it moved unpickle from here
from .fields import (
    as_dict,
    as_int,
    as_ints,
    as_list,
    as_str,
    enum_member,
    parse_items,
    parse_wallclock,
)
from .materials import Link, has_recording, links_from
from .session_parts import (
    CallToAction,
    HubFeatures,
    Label,
    Speaker,
    Stream,
    StreamProvider,  # noqa: F401 - cached streams unpickle it from here
)


class SessionFormat(StrEnum):
    MAIN_STAGE = "MAIN_STAGE"
    BREAKOUT_SESSION = "BREAKOUT_SESSION"
    MEET_UP = "MEET_UP"
    WORKSHOP = "WORKSHOP"
    EXPO = "EXPO"
    BREAK = "BREAK"
    OTHER = "OTHER"

    @classmethod
    def parse(cls, value: Any) -> Self:
        return enum_member(cls, value)


@dataclass(frozen=True)
class Session:
    """`start`/`end` are None together for a session whose times are not announced yet (the
    sample allows null): it is listed, never live, never joinable, in no calendar."""

    id: int
    title: str
    start: datetime | None
    end: datetime | None
    format: SessionFormat = SessionFormat.OTHER
    description: str = ""
    location: str = ""
    capacity: int = 0
    registered_count: int = 0
    speakers: tuple[Speaker, ...] = ()
    tracks: tuple[Label, ...] = ()
    tags: tuple[Label, ...] = ()
    ticket_ids: tuple[int, ...] = ()
    allowed_ticket_type_ids: tuple[int, ...] = ()
    allowed_minutes_late: int = 0
    stream: Stream = Stream()  # noqa: RUF009 - frozen (session_parts.py), so shared safely
    call_to_action: CallToAction | None = None
    private: bool = False  # sessionVisibilityType other than PUBLIC: admins add attendees
    documents: tuple[Link, ...] = ()
    links: tuple[Link, ...] = ()
    recording: bool = False
    # `sessionStats.interestedUserCount`: attendees interested on the platform; None when the
    # platform gives no number (no stats, or no such field), which is not 0.
    interested_count: int | None = None
    hub: HubFeatures = HubFeatures()  # noqa: RUF009 - frozen, so shared safely

    @classmethod
    def from_api(cls, data: Any, tz: tzinfo) -> Self:
        if not isinstance(data, dict):
            raise ValueError("session is not an object")
        session_id = as_int(data.get("sessionId"), -1)
        stats = as_dict(data.get("sessionStats"))
        title = as_str(data.get("title"))
        start = parse_wallclock(data.get("startTime"), tz)
        end = parse_wallclock(data.get("endTime"), tz)
        if start is None or end is None:
            if _present(data.get("startTime")) or _present(data.get("endTime")):
                raise ValueError(f"session {session_id} has unparsable times")
            start = end = None  # both absent: times to be announced
        if session_id < 0 or not title:
            raise ValueError(f"session {session_id} lacks an id or a title")
        return cls(
            id=session_id,
            title=title,
            start=start,
            end=end,
            format=SessionFormat.parse(data.get("format")),
            description=clean_html(as_str(data.get("description"))),
            location=as_str(data.get("location")),
            capacity=as_int(data.get("capacity")),
            registered_count=as_int(stats.get("registeredUserCount")),
            speakers=parse_items(Speaker, as_list(data.get("speakerList"))),
            tracks=parse_items(Label, as_list(data.get("tracks"))),
            tags=parse_items(Label, as_list(data.get("tags"))),
            ticket_ids=as_ints(data.get("currentUserRegisteredEventTicketId")),
            allowed_ticket_type_ids=as_ints(data.get("ticketTypesThatCanBeRegistered")),
            allowed_minutes_late=max(as_int(data.get("allowedMinutesToJoinLate")), 0),
            stream=Stream.from_api(data),
            call_to_action=CallToAction.from_api(data.get("postSessionCallToActionJson")),
            private=as_str(data.get("sessionVisibilityType")).upper() not in ("", "PUBLIC"),
            documents=links_from(data.get("documentKeyValue")),
            links=links_from(data.get("linkKeyValue")),
            recording=has_recording(data.get("assetList")),
            interested_count=_count_or_none(stats.get("interestedUserCount")),
            hub=HubFeatures.from_api(data),
        )

    @property
    def has_times(self) -> bool:
        return self.start is not None and self.end is not None

    @property
    def join_deadline(self) -> datetime | None:
        if self.end is None:
            return None
        return self.end + timedelta(minutes=self.allowed_minutes_late)

    # The three states are exclusive and follow the contract's "live" rule:
    # start <= now < end + allowedMinutesToJoinLate. Without times a session has not started.
    def not_started(self, now: datetime) -> bool:
        return self.start is None or now < self.start

    def is_live(self, now: datetime) -> bool:
        return self.has_times and self.start <= now < self.join_deadline

    def has_ended(self, now: datetime) -> bool:
        return self.has_times and now >= self.join_deadline

    def sort_key(self) -> tuple:
        """Dated sessions in start order, then those without times (by title)."""
        return (self.start is None, self.start or datetime.min.replace(tzinfo=UTC), self.title)

    @property
    def seats_left(self) -> int | None:
        if self.capacity <= 0:
            return None
        return max(self.capacity - self.registered_count, 0)

    @property
    def is_full(self) -> bool:
        return self.seats_left == 0


def _count_or_none(value: Any) -> int | None:
    number = as_int(value, -1)
    return number if number >= 0 else None


def _present(value: Any) -> bool:
    return as_str(value) != ""


@dataclass(frozen=True)
class CallInfo:
    """What the portal learns from a write that returns an empty 200."""

    status: int
    request_id: str
    latency_ms: int
