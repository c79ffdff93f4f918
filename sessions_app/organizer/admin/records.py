"""Registrations, join attempts and attendees: who registered for what and when, who was
refused and why, and everything about one attendee on one page."""

from django.contrib import admin
from django.utils.html import format_html

from sessions_app.models import Attendee, JoinAttempt, Registration

from .base import (
    CsvExportAdmin,
    LatestRowsFormSet,
    ReadOnlyAdmin,
    ReadOnlyInline,
    admin_url,
    count_of,
    in_event_zone,
    link,
)
from .filters import (
    DayFilter,
    FormatFilter,
    RefusedFilter,
    SessionFilter,
    TicketTypeFilter,
    TrackFilter,
)
from .labels import format_name

SESSION_FILTERS = [SessionFilter, FormatFilter, TrackFilter, DayFilter, TicketTypeFilter]
ATTENDEE_SEARCH = ["attendee__email", "attendee__first_name", "attendee__last_name"]
ATTENDEE_COLUMNS = [
    ("email", "attendee__email"),
    ("first_name", "attendee__first_name"),
    ("last_name", "attendee__last_name"),
    ("upstream_user_id", "attendee__upstream_user_id"),
]


class AttendeeRowAdmin(CsvExportAdmin):
    list_select_related = ["attendee"]

    @admin.display(description="attendee", ordering="attendee__email")
    def attendee_link(self, obj):
        return link(admin_url(Attendee, "change", obj.attendee_id), obj.attendee)

    @admin.display(description="format", ordering="session_format")
    def format_shown(self, obj):
        return format_name(obj.session_format)


@admin.register(Registration)
class RegistrationAdmin(AttendeeRowAdmin):
    list_display = [
        "attendee_link",
        "session_title",
        in_event_zone("session_start", "session start"),
        "status",
        in_event_zone("registered_at", "first registered"),
        in_event_zone("last_registered_at", "last registered"),
        in_event_zone("unregistered_at", "unregistered"),
        "format_shown",
        "session_track",
        "ticket_id",
    ]
    list_display_links = ["session_title"]
    list_filter = [SessionFilter, "status", *SESSION_FILTERS[1:]]
    search_fields = [*ATTENDEE_SEARCH, "session_title"]
    date_hierarchy = "registered_at"
    export_filename = "registrations"
    export_columns = [
        *ATTENDEE_COLUMNS,
        *(
            (name, name)
            for name in (
                "session_id",
                "session_title",
                "session_format",
                "session_track",
                "session_start",
                "session_end",
                "ticket_id",
                "status",
                "registered_at",
                "last_registered_at",
                "unregistered_at",
            )
        ),
    ]


@admin.register(JoinAttempt)
class JoinAttemptAdmin(AttendeeRowAdmin):
    list_display = [
        in_event_zone("created_at", "when"),
        "attendee_link",
        "session_title",
        "action_shown",
        "outcome",
        "platform_answer",
    ]
    list_display_links = [in_event_zone("created_at", "when")]
    list_filter = ["outcome", RefusedFilter, "kind", "action", *SESSION_FILTERS]
    search_fields = [*ATTENDEE_SEARCH, "session_title", "=request_id", "=error_code"]
    date_hierarchy = "created_at"
    export_filename = "join-attempts"
    export_columns = [
        ("created_at", "created_at"),
        *ATTENDEE_COLUMNS,
        *(
            (name, name)
            for name in (
                "session_id",
                "session_title",
                "action",
                "kind",
                "outcome",
                "http_status",
                "error_code",
                "error_message",
                "latency_ms",
                "request_id",
            )
        ),
    ]

    # Six columns, not eleven: beside the filters at 1280 px the list was cut off after
    # "Outcome". Every field is still on the attempt's page and in the exports.
    @admin.display(description="action", ordering="action")
    def action_shown(self, obj):
        if obj.kind == JoinAttempt.Kind.BLOCKED:
            return format_html(
                "{}<br><small>{}</small>", obj.get_action_display(), obj.get_kind_display()
            )
        return obj.get_action_display()

    @admin.display(description="platform's answer", ordering="http_status")
    def platform_answer(self, obj):
        status = " ".join(str(part) for part in (obj.http_status, obj.error_code) if part)
        details = " · ".join(
            part
            for part in (
                obj.request_id,
                f"{obj.latency_ms} ms" if obj.latency_ms is not None else "",
            )
            if part
        )
        return format_html(
            '{} {}<br><small class="attempt-request">{}</small>',
            status or "—",
            obj.error_message,
            details,
        )


class RegistrationInline(ReadOnlyInline):
    model = Registration
    verbose_name_plural = f"registrations (newest {LatestRowsFormSet.max_shown})"
    ordering = ["-registered_at", "-pk"]
    fields = [
        "session_title",
        in_event_zone("session_start", "session start"),
        "status",
        in_event_zone("registered_at", "first registered"),
        in_event_zone("unregistered_at", "unregistered"),
    ]


class JoinAttemptInline(ReadOnlyInline):
    model = JoinAttempt
    verbose_name_plural = f"join attempts (newest {LatestRowsFormSet.max_shown})"
    ordering = ["-created_at", "-pk"]
    fields = [
        in_event_zone("created_at", "when"),
        "session_title",
        "action",
        "kind",
        "outcome",
        "http_status",
        "request_id",
    ]


@admin.register(Attendee)
class AttendeeAdmin(ReadOnlyAdmin):
    list_display = [
        "email",
        "first_name",
        "last_name",
        "upstream_user_id",
        "registered_now",
        "attempts",
        in_event_zone("first_seen_at", "first seen"),
        in_event_zone("last_seen_at", "last seen"),
    ]
    search_fields = ["email", "first_name", "last_name", "=upstream_user_id"]
    date_hierarchy = "last_seen_at"
    fields = [
        "email",
        "first_name",
        "last_name",
        "upstream_user_id",
        "ticket_ids",
        in_event_zone("first_seen_at", "first seen"),
        in_event_zone("last_seen_at", "last seen"),
        "registered_now",  # the counts link to the full lists the inlines below cut short
        "attempts",
    ]
    inlines = [RegistrationInline, JoinAttemptInline]

    def get_queryset(self, request):
        registered = Registration.Status.REGISTERED
        return (
            super()
            .get_queryset(request)
            .annotate(
                registered_count=count_of(Registration, "attendee_id", status=registered),
                attempt_count=count_of(JoinAttempt, "attendee_id"),
            )
        )

    @admin.display(description="registered now", ordering="registered_count")
    def registered_now(self, obj):
        query = f"attendee__exact={obj.pk}&status__exact=registered"
        return link(admin_url(Registration, "changelist", query=query), obj.registered_count)

    @admin.display(description="join attempts", ordering="attempt_count")
    def attempts(self, obj):
        query = f"attendee__exact={obj.pk}"
        return link(admin_url(JoinAttempt, "changelist", query=query), obj.attempt_count)
