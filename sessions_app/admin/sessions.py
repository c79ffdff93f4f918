"""The per-session summary: capacity, registered now, seats left, refusals by reason, first
and last registration, every column sortable (annotations ordered in SQL) and every number a
link to its filtered list. Also where reconciliation is started from the admin."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, IntegerField, OuterRef, Subquery, When
from django.db.models.functions import Greatest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from ..models import JoinAttempt, Registration, SessionSnapshot
from ..reconcile import reconcile_registrations
from ..upstream.errors import UpstreamError
from .base import ReadOnlyAdmin, admin_url, count_of, link
from .filters import DayFilter, FormatFilter, TicketTypeFilter, TrackFilter

Outcome = JoinAttempt.Outcome
REFUSALS = [
    (Outcome.CAPACITY_FULL, "full"),
    (Outcome.TICKET_TYPE, "ticket type"),
    (Outcome.SESSION_LIMIT, "session limit"),
    (Outcome.EXPIRED, "not live"),
    (Outcome.NOT_REGISTERED_FOR_EVENT, "no event ticket"),
    (Outcome.NOT_FOUND, "not found"),
    (Outcome.REFUSED_OTHER, "other"),
]
COUNT = IntegerField()


def _refusal_column(outcome: str, label: str):
    """A list_display column: this session's attempts refused for `outcome`, linked."""
    annotation = f"refused_{outcome}"

    @admin.display(description=f"refused: {label}", ordering=annotation)
    def column(obj):
        count = getattr(obj, annotation)
        query = f"session={obj.pk}&outcome__exact={outcome}"
        return link(admin_url(JoinAttempt, "changelist", query=query), count) if count else 0

    column.__name__ = annotation
    column.annotation = annotation
    column.expression = lambda: count_of(JoinAttempt, "session_id", outcome=outcome)
    return column


REFUSAL_COLUMNS = [_refusal_column(outcome, label) for outcome, label in REFUSALS]


def _registration_time(order: str):
    """`registered_at` of the session's first ("registered_at") or last ("-registered_at")
    registration, served by the (session_id, registered_at) index."""
    rows = Registration.objects.filter(session_id=OuterRef("pk")).order_by(order)
    return Subquery(rows.values("registered_at")[:1])


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


@admin.register(SessionSnapshot)
class SessionSummaryAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "start",
        "capacity_shown",
        "registered_now",
        "upstream_count",
        "seats_left_shown",
        *REFUSAL_COLUMNS,
        "first_registration",
        "last_registration",
        "attempts_link",
    ]
    list_filter = [f.on("pk") for f in (FormatFilter, TrackFilter, DayFilter, TicketTypeFilter)]
    search_fields = ["title", "=id"]
    actions = ["reconcile_selected"]

    def get_queryset(self, request):
        registered = Registration.Status.REGISTERED
        return (
            super()
            .get_queryset(request)
            .annotate(
                registered_count=count_of(Registration, "session_id", status=registered),
                attempt_count=count_of(JoinAttempt, "session_id"),
                first_registered_at=_registration_time("registered_at"),
                last_registered_at=_registration_time("-registered_at"),
                **{column.annotation: column.expression() for column in REFUSAL_COLUMNS},
            )
            .annotate(seats_left=SEATS_LEFT)
        )

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

    @admin.display(description="first registration", ordering="first_registered_at")
    def first_registration(self, obj):
        return obj.first_registered_at

    @admin.display(description="last registration", ordering="last_registered_at")
    def last_registration(self, obj):
        return obj.last_registered_at

    @admin.display(description="all attempts", ordering="attempt_count")
    def attempts_link(self, obj):
        url = admin_url(JoinAttempt, "changelist", query=f"session={obj.pk}")
        return link(url, obj.attempt_count)

    # --- reconciliation: an action on selected sessions, and "reconcile all" ---

    def has_reconcile_permission(self, request) -> bool:
        return request.user.has_perm("sessions_app.reconcile_sessionsnapshot")

    @admin.action(
        description="Reconcile selected sessions with Accelevents", permissions=["reconcile"]
    )
    def reconcile_selected(self, request, queryset):
        self._reconcile(request, set(queryset.values_list("pk", flat=True)))

    def _reconcile(self, request, only_session_ids=None) -> None:
        try:
            report = reconcile_registrations(only_session_ids=only_session_ids)
        except UpstreamError as exc:
            self.message_user(
                request,
                f"Accelevents could not be read: {exc.message} (request {exc.request_id}). "
                "Sessions applied before that stay applied; try again.",
                messages.ERROR,
            )
            return
        level = messages.WARNING if report.sessions_failed else messages.SUCCESS
        self.message_user(request, f"Reconciled: {report}.", level)

    def get_urls(self):
        view = self.admin_site.admin_view(self.reconcile_view)
        name = f"{self.opts.app_label}_{self.opts.model_name}_reconcile"
        return [path("reconcile/", view, name=name), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        context = {"has_reconcile_permission": self.has_reconcile_permission(request)}
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def reconcile_view(self, request):
        """GET: what it does, and a button; POST: reconcile every session."""
        if not self.has_reconcile_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            self._reconcile(request)
            return redirect(admin_url(SessionSnapshot, "changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Reconcile all sessions with Accelevents",
        }
        return TemplateResponse(request, "admin/sessions_app/reconcile_confirmation.html", context)
