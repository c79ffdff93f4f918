"""Admin list filters on a session's attributes (which session, format, track, day, ticket
type), shared by the registration, join-attempt and session-summary lists.

Choices and matches come from the session snapshots (one small query per request, however
many filters use it); the list is then narrowed with `session_id IN (...)`, which the index
on `session_id` serves whatever the attribute.
"""

from django.contrib import admin
from django.utils.dateformat import format as date_format

from sessions_app.models import SessionSnapshot
from sessions_app.upstream.digits import ascii_int
from sessions_app.upstream.domain import SessionFormat

from .labels import FORMAT_NAMES, REFUSAL_OUTCOMES, ticket_type_name
from .zone import local_day, zone_of


def snapshots_for_request(request) -> list[SessionSnapshot]:
    cached = getattr(request, "_session_snapshots", None)
    if cached is None:
        cached = list(
            SessionSnapshot.objects.only(
                "id", "title", "start", "format", "track", "ticket_type_ids"
            )
        )
        request._session_snapshots = cached
    return cached


def _tracks(snapshot: SessionSnapshot) -> list[str]:
    return [name.strip() for name in snapshot.track.split(",") if name.strip()]


class SessionAttributeFilter(admin.SimpleListFilter):
    id_field = "session_id"

    def __init__(self, request, params, model, model_admin):
        self.tz = zone_of(request).tz  # days and times are the event's
        super().__init__(request, params, model, model_admin)

    def choices_from(self, snapshots) -> list[tuple[str, str]]:
        raise NotImplementedError

    def matches(self, snapshot: SessionSnapshot, value: str) -> bool:
        raise NotImplementedError

    def lookups(self, request, model_admin):
        return self.choices_from(snapshots_for_request(request))

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        ids = [s.id for s in snapshots_for_request(request) if self.matches(s, value)]
        return queryset.filter(**{f"{self.id_field}__in": ids})

    @classmethod
    def on(cls, id_field: str) -> type["SessionAttributeFilter"]:
        """The same filter for a model whose session id lives in `id_field` (e.g. "pk")."""
        return type(cls.__name__, (cls,), {"id_field": id_field})


class SessionFilter(SessionAttributeFilter):
    title = "session"
    parameter_name = "session"

    def choices_from(self, snapshots):
        ordered = sorted(snapshots, key=lambda s: (s.start, s.title))
        return [(str(s.id), f"{s.title} ({self._when(s)})") for s in ordered]

    def _when(self, snapshot) -> str:
        return date_format(snapshot.start.astimezone(self.tz), "D j M, H:i")

    def matches(self, snapshot, value):
        return str(snapshot.id) == value


class FormatFilter(SessionAttributeFilter):
    title = "format"
    parameter_name = "format"

    def choices_from(self, snapshots):
        present = {s.format for s in snapshots}
        return [(f.value, FORMAT_NAMES[f]) for f in SessionFormat if f in present]

    def matches(self, snapshot, value):
        return snapshot.format == value


class TrackFilter(SessionAttributeFilter):
    title = "track"
    parameter_name = "track"

    def choices_from(self, snapshots):
        names = sorted({name for s in snapshots for name in _tracks(s)})
        return [(name, name) for name in names]

    def matches(self, snapshot, value):
        return value in _tracks(snapshot)


class DayFilter(SessionAttributeFilter):
    """Days of the event's calendar: an evening session in New York is on its own day, not
    on the next UTC day; a day at a DST change has its 23 or 25 hours."""

    title = "session day"
    parameter_name = "day"

    def choices_from(self, snapshots):
        days = sorted({local_day(s.start, self.tz) for s in snapshots})
        return [(day.isoformat(), date_format(day, "D j M Y")) for day in days]

    def matches(self, snapshot, value):
        return local_day(snapshot.start, self.tz).isoformat() == value


class TicketTypeFilter(SessionAttributeFilter):
    """The upstream names the ticket types a session admits, not an attendee's ticket type."""

    title = "ticket type admitted"
    parameter_name = "ticket_type"
    ANY = "any"

    def choices_from(self, snapshots):
        types = sorted({t for s in snapshots for t in s.ticket_type_ids})
        return [(self.ANY, "Every ticket type"), *((str(t), ticket_type_name(t)) for t in types)]

    def matches(self, snapshot, value):
        if value == self.ANY:
            return not snapshot.ticket_type_ids
        return ascii_int(value) in snapshot.ticket_type_ids


class RefusedFilter(admin.SimpleListFilter):
    """Every refusal at once, whatever the reason and whether the platform was asked."""

    title = "refused"
    parameter_name = "refused"

    def lookups(self, request, model_admin):
        return [("yes", "Any refusal")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(outcome__in=REFUSAL_OUTCOMES)
        return queryset
