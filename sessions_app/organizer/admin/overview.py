"""The event overview, the first page an organizer sees: for one event day (today by default,
in the event's zone) fill per session, new registrations per hour across the event, refusals
by reason, and the sessions with the most unmet demand. A fixed number of queries."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Max
from django.db.models.functions import TruncHour
from django.utils import timezone
from django.utils.dateformat import format as date_format

from sessions_app.models import JoinAttempt, Registration, SessionSnapshot

from .base import admin_url
from .charts import columns, fill_text, percent, segments
from .labels import REFUSAL_OUTCOMES, REFUSALS
from .sessions import summary_queryset
from .zone import AdminZone, day_bounds, local_day, zone_of

VIEW_PERMISSIONS = [
    "sessions_app.view_sessionsnapshot",
    "sessions_app.view_registration",
    "sessions_app.view_joinattempt",
]
MAX_HOURS = 7 * 24  # the hourly chart shows the latest week of registrations at most
TOP_DEMAND = 5
Kind = JoinAttempt.Kind


@dataclass(frozen=True)
class Day:
    day: date
    label: str
    url: str
    current: bool


def overview_context(request) -> dict:
    if not request.user.has_perms(VIEW_PERMISSIONS):
        return {}
    zone = zone_of(request)
    day = _chosen_day(request.GET.get("day", ""), zone)
    start, end = day_bounds(day, zone.tz)
    sessions = list(
        summary_queryset(SessionSnapshot.objects.filter(start__gte=start, start__lt=end)).order_by(
            "start", "title"
        )
    )
    return {
        "overview": {
            "zone": zone,
            "day": day,
            "day_label": date_format(day, "l j F Y"),
            "days": _days(day, zone),
            "summary_url": admin_url(SessionSnapshot, "changelist", query=f"day={day}"),
            "fill": [_fill_row(s) for s in sessions],
            "hours": _hours(zone),
            "reasons": _reasons(day, [s.pk for s in sessions]),
            "demand": _demand(sessions),
            # Whichever way it ran (the worker, the admin, `manage.py reconcile`).
            "last_reconciled": SessionSnapshot.objects.aggregate(at=Max("reconciled_at"))["at"],
        }
    }


def _chosen_day(raw: str, zone: AdminZone) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return local_day(timezone.now(), zone.tz)


def _days(current: date, zone: AdminZone) -> list[Day]:
    starts = SessionSnapshot.objects.values_list("start", flat=True)
    days = sorted({local_day(start, zone.tz) for start in starts} | {current})
    return [
        Day(d, date_format(d, "D j M"), f"{admin_url_index()}?day={d}", d == current) for d in days
    ]


def admin_url_index() -> str:
    from django.urls import reverse

    return reverse("admin:index")


def _fill_row(session) -> dict:
    query = f"session={session.pk}&status__exact=registered"
    return {
        "session": session,
        "text": fill_text(session.filled_count, session.capacity),
        "width": min(100, percent(session.filled_count, session.capacity)),
        "full": session.seats_left == 0,
        "unlimited": session.capacity <= 0,
        "url": admin_url(Registration, "changelist", query=query),
        "page": admin_url(SessionSnapshot, "change", session.pk),
    }


def _hours(zone: AdminZone) -> dict:
    counted = dict(
        Registration.objects.annotate(hour=TruncHour("registered_at", tzinfo=zone.tz))
        .values("hour")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("hour", "n")
    )
    if not counted:
        return {"bars": [], "rows": []}
    hours = _every_hour(min(counted), max(counted), zone)
    points, every_label = [], len(hours) <= 12
    for hour in hours:
        n = counted.get(hour, 0)
        until = hour + timedelta(hours=1)
        ends = date_format(until.astimezone(zone.tz), "H:i")
        title = f"{date_format(hour, 'D j M, H:i')} to {ends}"
        query = urlencode(
            {"registered_at__gte": hour.isoformat(), "registered_at__lt": until.isoformat()}
        )
        label = date_format(hour, "H:i") if every_label or hour.hour % 6 == 0 else ""
        points.append((label, n, title, admin_url(Registration, "changelist", query=query)))
    bars = columns(points)
    return {
        "bars": bars,
        "rows": [b for b in bars if b.value],
        "total": sum(counted.values()),
        "show_values": len(bars) <= 48,  # beyond that the numbers would overlap
    }


def _every_hour(first: datetime, last: datetime, zone: AdminZone) -> list[datetime]:
    first = max(first, last - timedelta(hours=MAX_HOURS - 1))
    hours, at = [], first
    while at <= last:
        hours.append(at.astimezone(zone.tz))
        at += timedelta(hours=1)
    return hours


def _reasons(day: date, session_ids: list[int]) -> list[dict]:
    counts = {
        (row["outcome"], row["kind"]): row["n"]
        for row in JoinAttempt.objects.filter(
            session_id__in=session_ids, outcome__in=REFUSAL_OUTCOMES
        )
        .values("outcome", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    totals = {
        o: counts.get((o, Kind.CALL), 0) + counts.get((o, Kind.BLOCKED), 0) for o, _ in REFUSALS
    }
    top = max(totals.values(), default=0)
    rows = []
    for outcome, label in REFUSALS:
        base = {"day": day.isoformat(), "outcome__exact": outcome}
        asked, blocked = counts.get((outcome, Kind.CALL), 0), counts.get((outcome, Kind.BLOCKED), 0)
        url = admin_url(JoinAttempt, "changelist", query=urlencode(base))
        parts = [
            (asked, "bar--asked", f"{label}: {asked} asked the platform", _kind_url(base, "call")),
            (
                blocked,
                "bar--blocked",
                f"{label}: {blocked} blocked before the call",
                _kind_url(base, "blocked"),
            ),
        ]
        rows.append(
            {
                "label": label,
                "asked": asked,
                "blocked": blocked,
                "total": asked + blocked,
                "url": url,
                "segments": segments(parts, top),
            }
        )
    return rows


def _kind_url(base: dict, kind: str) -> str:
    return admin_url(JoinAttempt, "changelist", query=urlencode({**base, "kind__exact": kind}))


def _demand(sessions) -> list[dict]:
    """The day's sessions with the most unmet demand: refusals (asked or blocked) + watchers."""
    ranked = sorted(
        (s for s in sessions if s.refusal_count or s.watcher_count),
        key=lambda s: (-(s.refusal_count + s.watcher_count), s.start),
    )[:TOP_DEMAND]
    top = max((s.refusal_count + s.watcher_count for s in ranked), default=0)
    rows = []
    for s in ranked:
        asked = s.refusal_count - s.blocked_count
        page = admin_url(SessionSnapshot, "change", s.pk)
        parts = [
            (asked, "bar--asked", f"{asked} refused by the platform", page),
            (s.blocked_count, "bar--blocked", f"{s.blocked_count} blocked before the call", page),
            (s.watcher_count, "bar--watch", f"{s.watcher_count} watching for a seat", page),
        ]
        rows.append(
            {
                "session": s,
                "asked": asked,
                "blocked": s.blocked_count,
                "watchers": s.watcher_count,
                "total": s.refusal_count + s.watcher_count,
                "url": page,
                "segments": segments(parts, top),
            }
        )
    return rows
