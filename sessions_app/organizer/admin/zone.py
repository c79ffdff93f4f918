"""The event's time zone in the admin, without calling the upstream on a page view.

Taken, in order, from ACCELEVENTS_EVENT_TIMEZONE, the event as last fetched (cached), the zone
the last reconciliation read, and else UTC, named as a fallback. The middleware activates it
for every admin request, so Django's own date handling (date drill-down, the session-day
filter, list cells) works in event days; `event_time` shows a value with the zone's name.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

from sessions_app.agenda.selectors import known_event
from sessions_app.models import ReconcileRun
from sessions_app.upstream.client import get_client
from sessions_app.upstream.domain.zones import iana_zone


@dataclass(frozen=True)
class AdminZone:
    tz: tzinfo
    name: str  # the IANA key, e.g. America/New_York
    source: str  # where it came from, said on every admin page

    @property
    def is_fallback(self) -> bool:
        return self.source == "fallback"


def resolve_admin_zone() -> AdminZone:
    configured = get_client().event_from_settings()
    if not configured.zone.is_fallback:
        return AdminZone(configured.tz, configured.tz_name, "ACCELEVENTS_EVENT_TIMEZONE")
    event = known_event()
    if event is not None and not event.zone.is_fallback:
        return AdminZone(event.tz, event.tz_name, "the event")
    learned = ReconcileRun.objects.exclude(event_zone="").values_list("event_zone", flat=True)
    name = learned.first()
    if name and (tz := iana_zone(name)):
        return AdminZone(tz, name, "the last reconciliation")
    return AdminZone(UTC, "UTC", "fallback")


def zone_of(request) -> AdminZone:
    zone = getattr(request, "admin_zone", None)
    if zone is None:
        zone = request.admin_zone = resolve_admin_zone()
    return zone


class AdminEventZoneMiddleware:
    """Admin pages are rendered in the event's zone (a streamed export is told it explicitly:
    it is written after this middleware has returned)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(reverse("admin:index")):
            return self.get_response(request)
        with timezone.override(zone_of(request).tz):
            return self.get_response(request)


DISPLAY_FORMAT = "D j M Y, H:i T"


def event_time(value: datetime | None, tz: tzinfo | None = None, time_format: str = ""):
    """`Tue 12 May 2026, 20:30 EDT`, with the IANA name on hover and the instant in `datetime`;
    `time_format` shortens it (e.g. "H:i"), the zone's abbreviation always follows."""
    if value is None:
        return "-"
    tz = tz or timezone.get_current_timezone()
    local = value.astimezone(tz)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        getattr(tz, "key", str(tz)),
        date_format(local, f"{time_format} T" if time_format else DISPLAY_FORMAT),
    )


def day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """The instants a wall-clock day of `tz` begins and ends (23 or 25 hours at DST changes)."""
    start = datetime.combine(day, time.min, tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def local_day(value: datetime, tz: tzinfo) -> date:
    return value.astimezone(tz).date()
