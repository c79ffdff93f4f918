"""The event and its sessions as an attendee sees them, and what a join or unregister returns."""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any, Self

from ..sanitize import clean_html
from .fields import (
    as_dict,
    as_http_url,
    as_int,
    as_ints,
    as_list,
    as_str,
    enum_member,
    envelope,
    parse_items,
    parse_wallclock,
)
from .zones import EventZone, resolve_zone

_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


class StreamProvider(StrEnum):
    ACCELEVENTS = "ACCELEVENTS"
    WISTIA = "WISTIA"
    YOUTUBE = "YOUTUBE"
    VIMEO = "VIMEO"
    FACEBOOK = "FACEBOOK"
    ZOOM = "ZOOM"
    DIRECT_UPLOAD = "DIRECT_UPLOAD"
    OTHER = "OTHER"

    @classmethod
    def parse(cls, value: Any) -> Self:
        return enum_member(cls, value)


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
class Label:
    """A track or a tag."""

    id: int
    name: str
    color: str = ""

    @classmethod
    def from_api(cls, data: Any) -> Self:
        data = as_dict(data)
        label_id = as_int(data.get("id"), -1)
        if label_id < 0:
            raise ValueError("label without id")
        color = as_str(data.get("color"))
        return cls(
            id=label_id,
            name=as_str(data.get("name")),
            color=color if _COLOR.fullmatch(color) else "",
        )


@dataclass(frozen=True)
class Speaker:
    id: int
    first_name: str
    last_name: str
    title: str = ""
    company: str = ""
    image_url: str = ""

    @classmethod
    def from_api(cls, data: Any) -> Self:
        if not isinstance(data, dict):
            raise ValueError("speaker is not an object")
        return cls(
            id=as_int(data.get("speakerId", data.get("id"))),
            first_name=as_str(data.get("firstName")),
            last_name=as_str(data.get("lastName")),
            title=as_str(data.get("title")),
            company=as_str(data.get("company")),
            image_url=as_http_url(data.get("imageUrl")),
        )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class Stream:
    provider: StreamProvider = StreamProvider.OTHER
    url: str = ""
    playback_token: str = field(default="", repr=False)
    closed_caption_url: str = ""
    auto_start: bool = False

    @classmethod
    def from_api(cls, data: dict) -> Self:
        return cls(
            provider=StreamProvider.parse(data.get("streamProvider")),
            # Kept verbatim: for YouTube it is a video id plus query, not a URL.
            url=as_str(data.get("streamUrl")),
            playback_token=as_str(data.get("playBackRestrictionToken")),
            closed_caption_url=as_http_url(data.get("closedCaptionUrl")),
            auto_start=data.get("directVideoAutoStart") is True,
        )


@dataclass(frozen=True)
class CallToAction:
    label: str
    url: str

    @classmethod
    def from_api(cls, data: Any) -> Self | None:
        data = as_dict(data)
        url = as_http_url(data.get("destination"))
        if data.get("enablePostSessionCallToAction") is not True or not url:
            return None
        return cls(label=as_str(data.get("buttonLabelText")) or "Learn more", url=url)


@dataclass(frozen=True)
class Session:
    id: int
    title: str
    start: datetime
    end: datetime
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
    stream: Stream = Stream()
    call_to_action: CallToAction | None = None

    @classmethod
    def from_api(cls, data: Any, tz: tzinfo) -> Self:
        if not isinstance(data, dict):
            raise ValueError("session is not an object")
        session_id = as_int(data.get("sessionId"), -1)
        title = as_str(data.get("title"))
        start = parse_wallclock(data.get("startTime"), tz)
        end = parse_wallclock(data.get("endTime"), tz)
        if session_id < 0 or not title or start is None or end is None:
            raise ValueError(f"session {session_id} lacks an id, a title or parsable times")
        return cls(
            id=session_id,
            title=title,
            start=start,
            end=end,
            format=SessionFormat.parse(data.get("format")),
            description=clean_html(as_str(data.get("description"))),
            location=as_str(data.get("location")),
            capacity=as_int(data.get("capacity")),
            registered_count=as_int(as_dict(data.get("sessionStats")).get("registeredUserCount")),
            speakers=parse_items(Speaker, as_list(data.get("speakerList"))),
            tracks=parse_items(Label, as_list(data.get("tracks"))),
            tags=parse_items(Label, as_list(data.get("tags"))),
            ticket_ids=as_ints(data.get("currentUserRegisteredEventTicketId")),
            allowed_ticket_type_ids=as_ints(data.get("ticketTypesThatCanBeRegistered")),
            allowed_minutes_late=max(as_int(data.get("allowedMinutesToJoinLate")), 0),
            stream=Stream.from_api(data),
            call_to_action=CallToAction.from_api(data.get("postSessionCallToActionJson")),
        )

    @property
    def join_deadline(self) -> datetime:
        return self.end + timedelta(minutes=self.allowed_minutes_late)

    # The three states are exclusive and follow the contract's "live" rule:
    # start <= now < end + allowedMinutesToJoinLate.
    def not_started(self, now: datetime) -> bool:
        return now < self.start

    def is_live(self, now: datetime) -> bool:
        return self.start <= now < self.join_deadline

    def has_ended(self, now: datetime) -> bool:
        return now >= self.join_deadline

    @property
    def seats_left(self) -> int | None:
        if self.capacity <= 0:
            return None
        return max(self.capacity - self.registered_count, 0)

    @property
    def is_full(self) -> bool:
        return self.seats_left == 0


@dataclass(frozen=True)
class SessionPage:
    """One page of a session list, or (from the client's pager) every page of it."""

    sessions: tuple[Session, ...]
    total: int
    filtered: int
    skipped: int = 0  # items of the answer that could not be parsed
    skipped_ids: tuple[int, ...] = ()  # ... of those, the ones whose sessionId was readable
    complete: bool = True  # False when paging stopped before `filtered` items were read

    @classmethod
    def from_api(cls, payload: Any, tz: tzinfo) -> Self:
        data, total, filtered = envelope(payload)
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
        )

    @property
    def ids(self) -> frozenset[int]:
        """Every session id the list names, readable items or not."""
        return frozenset(s.id for s in self.sessions) | frozenset(self.skipped_ids)

    @property
    def missing(self) -> int:
        """Sessions the upstream counted that the portal cannot show."""
        return max(self.filtered - len(self.sessions), 0)


@dataclass(frozen=True)
class Event:
    """The event as the portal uses it: from the upstream's event call where it answers, else
    from settings (the call is documented for admins only)."""

    id: int | None
    name: str
    url: str
    start: datetime | None
    end: datetime | None
    zone: EventZone
    from_platform: bool = True

    @classmethod
    def from_api(cls, data: Any, *, zone_setting: str = "", name: str = "", slug: str = "") -> Self:
        """`name` (PORTAL_EVENT_NAME) wins over the event's own; `slug` is the last resort."""
        if not isinstance(data, dict):
            raise ValueError("event is not an object")
        if not any(as_str(data.get(key)) for key in ("eventId", "id", "name", "eventURL")):
            # Nothing that identifies an event: a broken answer, not an event to fall back from.
            raise ValueError("event without an id, a name or a URL")
        event_zone = resolve_zone(zone_setting, data)
        event_id = as_int(data.get("eventId", data.get("id")), -1)
        return cls(
            id=event_id if event_id >= 0 else None,
            name=name or as_str(data.get("name")) or as_str(data.get("eventURL")) or slug,
            url=as_str(data.get("eventURL")) or slug,
            start=_event_time(data, "startDate", "eventStartDate", event_zone),
            end=_event_time(data, "endDate", "eventEndDate", event_zone),
            zone=event_zone,
        )

    @classmethod
    def from_settings(
        cls, *, event_url: str, event_id: int | None, zone_setting: str, name: str
    ) -> Self:
        return cls(
            id=event_id,
            name=name or event_url,
            url=event_url,
            start=None,
            end=None,
            zone=resolve_zone(zone_setting, None),
            from_platform=False,
        )

    @property
    def tz(self) -> tzinfo:
        return self.zone.tz

    @property
    def tz_name(self) -> str:
        """The zone's IANA key: the only zone text a template or a script ever gets."""
        return self.zone.tz.key


def _event_time(data: dict, key: str, other_key: str, event_zone: EventZone) -> datetime | None:
    return parse_wallclock(data.get(key) or data.get(other_key), event_zone.tz)


@dataclass(frozen=True)
class CallInfo:
    """What the portal learns from a write that returns an empty 200."""

    status: int
    request_id: str
    latency_ms: int
