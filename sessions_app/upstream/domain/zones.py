"""Which time zone the event's wall-clock times are in.

The reference documents no zone field on `GET /events/{eventurl}`; other pages show events with
`equivalentTimezone` (an IANA name) and `timezoneId` (a label such as "United States (New York)
Time"). So the zone is taken, in order, from the organizer's ACCELEVENTS_EVENT_TIMEZONE, the
event's `equivalentTimezone`, its `timezoneId` label where that names one zone, and else UTC,
which is then reported as a fallback (log, /healthz, admin) rather than passed off as the event's.
"""

import re
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .fields import as_str

UTC_ZONE = ZoneInfo("UTC")
_IN_PARENTHESES = re.compile(r"\(([^()]+)\)")


class ZoneSource:
    SETTING = "setting"
    EQUIVALENT_TIMEZONE = "equivalentTimezone"
    TIMEZONE_ID = "timezoneId"
    FALLBACK = "fallback"


@dataclass(frozen=True)
class EventZone:
    tz: ZoneInfo
    source: str

    @property
    def is_fallback(self) -> bool:
        return self.source == ZoneSource.FALLBACK


def iana_zone(name: str) -> ZoneInfo | None:
    """The zone called `name` if it is one of the IANA keys the zone database lists (not a
    folder such as "America", not the server's own "localtime", not a file path)."""
    name = as_str(name)
    if name not in known_zones():
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


@cache
def known_zones() -> frozenset[str]:
    """The zone database's own keys, less the server's own, its placeholder and its copies."""
    odd = {"localtime", "Factory", "posixrules"}  # the server's own, a placeholder, a default
    return frozenset(
        key
        for key in available_timezones()
        if key not in odd and not key.startswith(("posix/", "right/"))
    )


@cache
def _zones_by_city() -> dict[str, tuple[str, ...]]:
    by_city: dict[str, list[str]] = {}
    for key in available_timezones():
        if "/" in key and not key.startswith(("Etc/", "SystemV/", "posix/", "right/")):
            by_city.setdefault(key.rsplit("/", 1)[1].casefold(), []).append(key)
    return {city: tuple(sorted(keys)) for city, keys in by_city.items()}


def zone_from_label(label: str) -> ZoneInfo | None:
    """`"United States (New York) Time"` → America/New_York, when the city names one zone."""
    label = as_str(label)
    if direct := iana_zone(label):
        return direct
    for city in _IN_PARENTHESES.findall(label):
        keys = _zones_by_city().get(city.strip().replace(" ", "_").casefold(), ())
        if len(keys) == 1:
            return ZoneInfo(keys[0])
    return None


def resolve_zone(setting: str, event_data: dict | None) -> EventZone:
    if zone := iana_zone(setting):
        return EventZone(zone, ZoneSource.SETTING)
    data = event_data or {}
    equivalent = data.get("equivalentTimezone") or data.get("equivalentTimeZone")
    if zone := iana_zone(equivalent):
        return EventZone(zone, ZoneSource.EQUIVALENT_TIMEZONE)
    if zone := zone_from_label(data.get("timezoneId")):
        return EventZone(zone, ZoneSource.TIMEZONE_ID)
    return EventZone(UTC_ZONE, ZoneSource.FALLBACK)
