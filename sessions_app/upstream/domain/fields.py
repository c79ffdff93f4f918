"""Tolerant readers for upstream values: nulls become empty values, numeric strings numbers,
unknown enum values OTHER; a list item missing what makes it usable is skipped and logged."""

import logging
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..digits import ascii_signed_int
from ..errors import UpstreamUnavailable

logger = logging.getLogger(__name__)

UPSTREAM_TIME_FORMATS = ("%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M")


def enum_member(cls, value):
    try:
        return cls(str(value).strip().upper())
    except ValueError:
        return cls.OTHER


def as_int(value: Any, default: int = 0) -> int:
    """An int from an int, an integral float or a string of ASCII digits; else `default`."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        number = ascii_signed_int(value)
        return default if number is None else number
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
    return _wallclock(as_str(value), tz)


@lru_cache(maxsize=8192)
def _wallclock(text: str, tz: tzinfo) -> datetime | None:
    """Every attendee's lists carry the same few hundred times, and strptime is a quarter of
    parsing a list: each text is parsed once per process (datetimes are immutable)."""
    if not text.isascii():  # strptime's %Y takes fullwidth digits too
        return None
    for fmt in UPSTREAM_TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=tz)
        except ValueError:
            continue
    return None


def parse_items(cls, items: list, *args) -> tuple:
    """Parse each item with `cls.from_api`, skipping (and logging, with its id where it has
    one) the unusable ones."""
    parsed = []
    for index, item in enumerate(items):
        try:
            parsed.append(cls.from_api(item, *args))
        except ValueError as exc:
            item_id = as_dict(item).get("sessionId", as_dict(item).get("id"))
            logger.warning(
                "skipped upstream %s at index %d (id %s): %s",
                cls.__name__,
                index,
                as_str(item_id)[:40] or "unreadable",
                exc,
            )
    return tuple(parsed)


def envelope(payload: Any) -> tuple[list, int, int]:
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        raise UpstreamUnavailable("The event platform sent a list in an unexpected shape.")
    data = payload["data"]
    total = as_int(payload.get("recordsTotal"), len(data))
    return data, total, as_int(payload.get("recordsFiltered"), total)
