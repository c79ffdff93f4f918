"""Typed, immutable views of upstream data, parsed once at the boundary.

`from_api` constructors are tolerant: nulls become empty values, numeric strings become
numbers, unknown enum values become OTHER, and a list item missing what makes it usable
(id, title, parsable times) is skipped and logged. Only a wrong-shaped envelope raises
(`UpstreamUnavailable`). Secrets the upstream sends (`streamKey`, `rtmpUrl`,
`meetingPassword`, `thumbnailRestrictionToken`, attendees' and speakers' emails on
attendee calls) have no field here, so they cannot leak past this module.
"""

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import UpstreamUnavailable
from .sanitize import clean_html

logger = logging.getLogger(__name__)

UPSTREAM_TIME_FORMATS = ("%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M")
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
        return _enum(cls, value)


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
        return _enum(cls, value)


# --- tolerant field readers -------------------------------------------------------------


def _enum(cls, value):
    try:
        return cls(str(value).strip().upper())
    except ValueError:
        return cls.OTHER


def as_int(value: Any, default: int = 0) -> int:
    """An int from an int, an integral float or a numeric string; else `default`."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return default
        return int(number) if number.is_integer() else default
    return default


def as_str(value: Any) -> str:
    if value is None or isinstance(value, dict | list | bool):
        return ""
    return str(value).strip()


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def as_ints(value: Any) -> tuple[int, ...]:
    """A tuple of ints from a list, a single number, or null; non-numbers dropped."""
    items = value if isinstance(value, list) else [value]
    return tuple(n for n in (as_int(item, -1) for item in items) if n >= 0)


def as_http_url(value: Any) -> str:
    url = as_str(value)
    return url if url.lower().startswith(("http://", "https://")) else ""


def zone(name: Any) -> tzinfo:
    """The IANA zone called `name`, or UTC when it is unknown."""
    if isinstance(name, tzinfo):
        return name
    try:
        return ZoneInfo(as_str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def parse_wallclock(value: Any, tz: tzinfo) -> datetime | None:
    """Upstream `yyyy/MM/dd HH:mm` (wall-clock in the event zone) as an aware datetime."""
    text = as_str(value)
    for fmt in UPSTREAM_TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=tz)
        except ValueError:
            continue
    return None


def _parse_items(cls, items: list, *args) -> tuple:
    """Parse each item with `cls.from_api`, skipping (and logging) the unusable ones."""
    parsed = []
    for index, item in enumerate(items):
        try:
            parsed.append(cls.from_api(item, *args))
        except ValueError as exc:
            logger.warning("skipped upstream %s at index %d: %s", cls.__name__, index, exc)
    return tuple(parsed)


def _envelope(payload: Any) -> tuple[list, int, int]:
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        raise UpstreamUnavailable("The event platform sent a list in an unexpected shape.")
    data = payload["data"]
    total = as_int(payload.get("recordsTotal"), len(data))
    return data, total, as_int(payload.get("recordsFiltered"), total)


# --- sessions ----------------------------------------------------------------------------


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
    playback_token: str = ""
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
            speakers=_parse_items(Speaker, as_list(data.get("speakerList"))),
            tracks=_parse_items(Label, as_list(data.get("tracks"))),
            tags=_parse_items(Label, as_list(data.get("tags"))),
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
    sessions: tuple[Session, ...]
    total: int
    filtered: int
    skipped: int = 0  # items of the answer that could not be parsed

    @classmethod
    def from_api(cls, payload: Any, tz: tzinfo) -> Self:
        data, total, filtered = _envelope(payload)
        sessions = _parse_items(Session, data, tz)
        return cls(sessions, total=total, filtered=filtered, skipped=len(data) - len(sessions))


# --- organizer view ----------------------------------------------------------------------


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
        return cls(session=session, registrants=_parse_items(Registrant, holders))

    @classmethod
    def page_from_api(cls, payload: Any, tz: tzinfo) -> tuple[list[Self], int]:
        data, total, _ = _envelope(payload)
        return list(_parse_items(cls, data, tz)), total


# --- event, sign-in, profile -------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    id: int
    name: str
    url: str
    start: datetime | None
    end: datetime | None
    timezone: str

    @classmethod
    def from_api(cls, data: Any) -> Self:
        if not isinstance(data, dict) or as_int(data.get("eventId", data.get("id")), -1) < 0:
            raise ValueError("event without an id")
        tz_name = as_str(data.get("equivalentTimezone") or data.get("equivalentTimeZone"))
        tz = zone(tz_name)
        return cls(
            id=as_int(data.get("eventId", data.get("id"))),
            name=as_str(data.get("name")),
            url=as_str(data.get("eventURL")),
            start=parse_wallclock(data.get("startDate") or data.get("eventStartDate"), tz),
            end=parse_wallclock(data.get("endDate") or data.get("eventEndDate"), tz),
            timezone=tz_name,
        )

    @property
    def tz(self) -> tzinfo:
        return zone(self.timezone)


def _expiry(value: Any, now: datetime) -> datetime | None:
    """`expires_in`: seconds from now, epoch seconds/millis, or a date string (UTC if naive)."""
    number = as_int(value, -1)
    if number >= 10**12:
        return datetime.fromtimestamp(number / 1000, UTC)
    if number >= 10**9:
        return datetime.fromtimestamp(number, UTC)
    if number >= 0:
        return now + timedelta(seconds=number)
    text = as_str(value)
    moment = parse_wallclock(text, UTC)
    if moment is None:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class SignIn:
    token: str
    expires_at: datetime | None
    user_id: int
    role: str

    @classmethod
    def from_api(cls, data: Any, *, now: datetime | None = None) -> Self:
        data = as_dict(data)
        token = as_str(data.get("access_token"))
        if not token:
            raise ValueError("sign-in answer without access_token")
        role = data.get("userRole")
        return cls(
            token=token,
            expires_at=_expiry(data.get("expires_in"), now or datetime.now(UTC)),
            user_id=as_int(data.get("userId")),
            role=",".join(map(as_str, role)) if isinstance(role, list) else as_str(role),
        )

    def __repr__(self) -> str:  # the token never reaches a log or a traceback
        return (
            f"SignIn(user_id={self.user_id!r}, role={self.role!r}, expires_at={self.expires_at!r})"
        )


@dataclass(frozen=True)
class Profile:
    user_id: int
    email: str
    first_name: str
    last_name: str

    @classmethod
    def from_api(cls, data: Any) -> Self:
        if not isinstance(data, dict) or as_int(data.get("userId"), -1) < 0:
            raise ValueError("profile without a userId")
        return cls(
            user_id=as_int(data.get("userId")),
            email=as_str(data.get("email")),
            first_name=as_str(data.get("firstName")),
            last_name=as_str(data.get("lastName")),
        )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class CallInfo:
    """What the portal learns from a write that returns an empty 200."""

    status: int
    request_id: str
    latency_ms: int
