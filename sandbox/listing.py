"""Session-list queries: the filters, ordering and paging the upstream list endpoints accept."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from sandbox import dialects
from sandbox.errors import bad_request
from sandbox.models import Event, Label, Registration, Session, Speaker

FORMATS = {"MAIN_STAGE", "BREAKOUT_SESSION", "MEET_UP", "WORKSHOP", "EXPO", "BREAK", "OTHER"}
STATUSES = {Session.VISIBLE, Session.HIDDEN}
DEFAULT_SIZE = 10
MAX_SIZE = 200
CAPPED_SIZE = 50  # page-cap-50: a Spring-style max page size that overrides `size`
ORDER = ("start_time", "position", "pk")


def with_details(sessions: QuerySet) -> QuerySet:
    """Ordered, with the live registration count annotated."""
    registered = (
        Registration.objects.filter(session=OuterRef("pk"))
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return sessions.annotate(
        registered_count=Coalesce(Subquery(registered), Value(0), output_field=IntegerField())
    ).order_by(*ORDER)


def page_of(sessions: QuerySet, *, offset: int, limit: int) -> QuerySet:
    """The sessions of one page, in list order (without the details `fetch` attaches)."""
    return sessions.order_by(*ORDER)[offset : offset + limit]


def _links(relation, target: str, session_ids: list[int]) -> list[tuple[int, int]]:
    through = relation.through.objects.filter(session_id__in=session_ids)
    return list(through.values_list("session_id", f"{target}_id"))


def fetch(sessions: QuerySet, *, offset: int = 0, limit: int | None = None) -> list[Session]:
    """Run the query and attach tracks, tags, speakers and allowed ticket-type ids as plain rows.

    Lighter than prefetch_related (no model instances): list calls are the hot path of load
    tests, and the sandbox must not be the bottleneck.
    """
    ordered = with_details(sessions)
    rows = list(ordered[offset : None if limit is None else offset + limit])
    ids = [s.pk for s in rows]
    tracks = _links(Session.tracks, "label", ids)
    tags = _links(Session.tags, "label", ids)
    speakers = _links(Session.speakers, "speaker", ids)
    types = _links(Session.allowed_ticket_types, "tickettype", ids)
    labels = _by_id(Label, {label for _, label in tracks + tags})
    people = _by_id(Speaker, {speaker for _, speaker in speakers})
    for session in rows:
        session.track_rows = _ordered(labels, tracks, session.pk)
        session.tag_rows = _ordered(labels, tags, session.pk)
        session.speaker_rows = _ordered(people, speakers, session.pk)
        session.allowed_type_ids = sorted(t for s, t in types if s == session.pk)
    return rows


def _by_id(model, ids: set[int]) -> dict[int, dict]:
    return {row["id"]: row for row in model.objects.filter(pk__in=ids).values()}


def _ordered(rows_by_id: dict, links: list, session_id: int) -> list[dict]:
    found = [rows_by_id[target] for s, target in links if s == session_id]
    return sorted(found, key=lambda row: (row["position"], row["id"]))


def _int(params, name: str, default: int) -> int:
    raw = params.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise bad_request(f"{name} must be an integer, got {raw!r}") from None


def page_window(params) -> tuple[int, int]:
    """`page` and `size` → (offset, limit). Pages count from 0, or from 1 under one-based-pages."""
    first = 1 if dialects.is_on(dialects.ONE_BASED_PAGES) else 0
    page, size = _int(params, "page", first), _int(params, "size", DEFAULT_SIZE)
    if page < first:
        raise bad_request(f"page must be >= {first}")
    if size < 1:
        raise bad_request("size must be >= 1")
    size = min(size, CAPPED_SIZE if dialects.is_on(dialects.PAGE_CAP_50) else MAX_SIZE)
    return (page - first) * size, size


def _id_list(params, name: str) -> list[int]:
    raw = params.get(name, "").strip()
    try:
        return [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        raise bad_request(f"{name} must be a comma-separated list of ids, got {raw!r}") from None


def _enum_list(params, name: str, allowed: set) -> list[str]:
    values = [v.strip().upper() for v in params.get(name, "").split(",") if v.strip()]
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise bad_request(f"{name}: unknown value(s) {', '.join(unknown)}")
    return values


def _local_day(event: Event, raw: str) -> tuple[datetime, datetime]:
    try:
        day = datetime.strptime(raw.strip(), "%Y/%m/%d").date()
    except ValueError:
        raise bad_request(f"filterDate must be yyyy/MM/dd, got {raw!r}") from None
    start = datetime.combine(day, time.min, tzinfo=ZoneInfo(event.timezone))
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=start.tzinfo)


def filtered(sessions: QuerySet, params, *, event: Event, now: datetime) -> QuerySet:
    """Apply sessionFormat, past, trackIds, tagIds, filterDate, status and searchString."""
    formats = _enum_list(params, "sessionFormat", FORMATS)
    if formats:
        sessions = sessions.filter(format__in=formats)
    past = params.get("past", "").strip().lower()
    if past not in ("", "true", "false"):
        raise bad_request(f"past must be true or false, got {past!r}")
    if past:
        sessions = (
            sessions.filter(end_time__lte=now)
            if past == "true"
            else sessions.exclude(end_time__lte=now)
        )
    for name, through in (("trackIds", Session.tracks.through), ("tagIds", Session.tags.through)):
        ids = _id_list(params, name)
        if ids:
            matching = through.objects.filter(label_id__in=ids).values("session_id")
            sessions = sessions.filter(pk__in=matching)
    if params.get("filterDate", "").strip():
        start, end = _local_day(event, params["filterDate"])
        sessions = sessions.filter(start_time__gte=start, start_time__lt=end)
    statuses = _enum_list(params, "status", STATUSES)
    if statuses:
        sessions = sessions.filter(status__in=statuses)
    if params.get("searchString", "").strip():
        sessions = sessions.filter(Q(title__icontains=params["searchString"].strip()))
    return sessions
