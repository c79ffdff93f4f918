"""The per-session summary that fits a laptop and a phone (title, start, a fill bar, refusals,
watchers, stars and the platform's interest; every column sorts, every number links to its
list), the session's own page with the per-reason detail; reconciliation started from there is
in reconcile_admin.py."""

from django.contrib import admin
from django.db.models import Case, F, FloatField, IntegerField, Value, When
from django.db.models.functions import Cast, Coalesce, Greatest

from sessions_app.models import Favourite, JoinAttempt, Registration, SeatWatch, SessionSnapshot

from .base import ReadOnlyAdmin, admin_url, count_of, in_event_zone, link
from .charts import fill_bar
from .filters import DayFilter, FormatFilter, TicketTypeFilter, TrackFilter
from .labels import REFUSAL_OUTCOMES, format_name, ticket_type_name
from .reconcile_admin import ReconcileFromAdmin
from .session_detail import refusal_table

COUNT = IntegerField()


# Both counts can lag (hub registrations until reconciled, the upstream's count until the
# session's next sync), so seats left is the cautious figure: capacity minus the larger.
SEATS_LEFT = Case(
    When(capacity=0, then=None),
    default=Greatest(
        F("capacity")
        - Greatest("registered_count", "upstream_registered_count", output_field=COUNT),
        0,
        output_field=COUNT,
    ),
)
# Fill uses the same larger count: a session the platform counts as full shows full before
# its hub registrations are reconciled into the portal's list.
FILLED = Greatest("registered_count", "upstream_registered_count", output_field=COUNT)
FILL_RATIO = Case(  # unlimited sessions sort as the emptiest, on every database
    When(capacity=0, then=Value(-1.0)),
    default=Cast("filled_count", FloatField()) / Cast("capacity", FloatField()),
    output_field=FloatField(),
)


def summary_queryset(queryset):
    """Session snapshots with what the summary, the session page and the overview show."""
    registered = Registration.Status.REGISTERED
    return (
        queryset.annotate(
            registered_count=count_of(Registration, "session_id", status=registered),
            refusal_count=count_of(JoinAttempt, "session_id", outcome__in=REFUSAL_OUTCOMES),
            blocked_count=count_of(
                JoinAttempt,
                "session_id",
                outcome__in=REFUSAL_OUTCOMES,
                kind=JoinAttempt.Kind.BLOCKED,
            ),
            watcher_count=count_of(SeatWatch, "session_id"),
            star_count=count_of(Favourite, "session_id"),
        )
        .annotate(seats_left=SEATS_LEFT, filled_count=FILLED)
        .annotate(fill_ratio=FILL_RATIO)
    )


@admin.register(SessionSnapshot)
class SessionSummaryAdmin(ReconcileFromAdmin, ReadOnlyAdmin):
    list_display = [
        "title",
        in_event_zone("start", "starts"),
        "fill",
        "refusals",
        "watchers",
        "stars",
        "platform_interest",
    ]
    list_filter = [f.on("pk") for f in (DayFilter, FormatFilter, TrackFilter, TicketTypeFilter)]
    search_fields = ["title", "=id"]
    actions = ["reconcile_selected"]
    fields = [
        "title",
        in_event_zone("start", "starts"),
        in_event_zone("end", "ends"),
        "format_shown",
        "track",
        "ticket_types",
        "capacity_shown",
        "fill",
        "registered_now",
        "upstream_count",
        "seats_left_shown",
        "refusals",
        "refusals_by_reason",
        "watchers",
        "stars",
        "platform_interest",
        "first_registration",
        "last_registration",
        "attempts_link",
        in_event_zone("synced_at", "last synced"),
        in_event_zone("reconciled_at", "last reconciled"),
    ]

    def get_queryset(self, request):
        return summary_queryset(super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:  # what only the session's own page shows: two small queries
            rows = Registration.objects.filter(session_id=obj.pk)
            first = rows.order_by("registered_at").values_list("registered_at", flat=True)
            obj.first_registered_at = first.first()
            latest = rows.annotate(latest=Coalesce("last_registered_at", "registered_at"))
            obj.last_registered_at = (
                latest.order_by("-latest").values_list("latest", flat=True).first()
            )
        return obj

    @admin.display(description="fill", ordering="fill_ratio")
    def fill(self, obj):
        query = f"session={obj.pk}&status__exact=registered"
        url = admin_url(Registration, "changelist", query=query)
        return fill_bar(obj.filled_count, obj.capacity, obj.seats_left == 0, url)

    @admin.display(description="refusals", ordering="refusal_count")
    def refusals(self, obj):
        if not obj.refusal_count:
            return 0
        url = admin_url(JoinAttempt, "changelist", query=f"session={obj.pk}&refused=yes")
        return link(url, obj.refusal_count)

    @admin.display(description="watchers", ordering="watcher_count")
    def watchers(self, obj):
        return obj.watcher_count

    @admin.display(description="stars", ordering="star_count")
    def stars(self, obj):
        """Attendees who starred it in the portal: interest without a seat."""
        return obj.star_count

    @admin.display(description="interested (platform)", ordering="upstream_interested_count")
    def platform_interest(self, obj):
        """The platform's own interest count, as last synced; "—" when it gives none."""
        count = obj.upstream_interested_count
        return "—" if count is None else count

    @admin.display(description="format", ordering="format")
    def format_shown(self, obj):
        return format_name(obj.format)

    @admin.display(description="ticket types admitted")
    def ticket_types(self, obj):
        names = [ticket_type_name(t) for t in obj.ticket_type_ids]
        return ", ".join(names) if names else "Every ticket type"

    @admin.display(description="capacity", ordering="capacity")
    def capacity_shown(self, obj):
        return obj.capacity or "unlimited"

    @admin.display(description="registered now", ordering="registered_count")
    def registered_now(self, obj):
        query = f"session={obj.pk}&status__exact=registered"
        return link(admin_url(Registration, "changelist", query=query), obj.registered_count)

    @admin.display(description="upstream count", ordering="upstream_registered_count")
    def upstream_count(self, obj):
        return obj.upstream_registered_count

    @admin.display(description="seats left", ordering="seats_left")
    def seats_left_shown(self, obj):
        return "unlimited" if obj.seats_left is None else obj.seats_left

    @admin.display(description="refusals by reason")
    def refusals_by_reason(self, obj):
        return refusal_table(obj.pk)

    @admin.display(description="first registration")
    def first_registration(self, obj):
        return in_event_zone("first_registered_at")(obj)

    @admin.display(description="last registration")
    def last_registration(self, obj):
        return in_event_zone("last_registered_at")(obj)

    @admin.display(description="all attempts")
    def attempts_link(self, obj):
        url = admin_url(JoinAttempt, "changelist", query=f"session={obj.pk}")
        return link(url, "every join attempt for this session")
