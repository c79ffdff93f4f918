"""The event an attendee's pages belong to: from the platform's event call, else settings."""

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, Self

from .fields import as_int, as_str, parse_wallclock
from .zones import EventZone, resolve_zone


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
