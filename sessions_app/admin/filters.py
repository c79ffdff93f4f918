"""Admin list filters on a session's attributes (which session, format, track, day, ticket
type), shared by the registration, join-attempt and session-summary lists.

Choices and matches come from the session snapshots (one small query per request, however
many filters use it); the list is then narrowed with `session_id IN (...)`, which the index
on `session_id` serves whatever the attribute.
"""

from django.contrib import admin
from django.utils import timezone

from ..models import SessionSnapshot
from ..upstream.domain import SessionFormat


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


def _day(snapshot: SessionSnapshot) -> str:
    return timezone.localtime(snapshot.start).date().isoformat()


class SessionAttributeFilter(admin.SimpleListFilter):
    id_field = "session_id"

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
        local = timezone.localtime
        return [(str(s.id), f"{s.title} ({local(s.start):%b %d %H:%M})") for s in ordered]

    def matches(self, snapshot, value):
        return str(snapshot.id) == value


class FormatFilter(SessionAttributeFilter):
    title = "format"
    parameter_name = "format"

    def choices_from(self, snapshots):
        present = {s.format for s in snapshots}
        return [(f.value, f.value.replace("_", " ").title()) for f in SessionFormat if f in present]

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
    title = "session day"
    parameter_name = "day"

    def choices_from(self, snapshots):
        days = sorted({_day(s) for s in snapshots})
        return [(day, day) for day in days]

    def matches(self, snapshot, value):
        return _day(snapshot) == value


class TicketTypeFilter(SessionAttributeFilter):
    """The upstream names the ticket types a session admits, not an attendee's ticket type."""

    title = "ticket type admitted"
    parameter_name = "ticket_type"
    ANY = "any"

    def choices_from(self, snapshots):
        types = sorted({t for s in snapshots for t in s.ticket_type_ids})
        return [(self.ANY, "Every ticket type"), *((str(t), f"Ticket type {t}") for t in types)]

    def matches(self, snapshot, value):
        if value == self.ANY:
            return not snapshot.ticket_type_ids
        return value.isdigit() and int(value) in snapshot.ticket_type_ids
