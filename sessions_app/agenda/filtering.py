"""Which sessions a view of the agenda shows, and for a view that shows none, the wider views
that do (an empty state is never a dead end)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy

from sessions_app.upstream.domain import Session

from .forms import ALL_FORMATS, AgendaQuery


@dataclass(frozen=True)
class WayOut:
    label: str
    query: AgendaQuery
    count: int


def matches(session: Session, query: AgendaQuery, now: datetime, tz) -> bool:
    live, ended = session.is_live(now), session.has_ended(now)
    tab_ok = {
        "": not ended,
        "live": live,
        "upcoming": not live and not ended,
        "past": ended,
    }[query.tab]
    text = query.q.casefold()
    return (
        tab_ok
        and (query.format == "all" or session.format == query.format)
        and (query.day is None or _on_day(session, tz) == query.day)
        and (query.track is None or any(t.id == query.track for t in session.tracks))
        and (query.tag is None or any(t.id == query.tag for t in session.tags))
        and (
            not text
            or text in session.title.casefold()
            or any(text in sp.full_name.casefold() for sp in session.speakers)
        )
    )


def _on_day(session: Session, tz):
    return session.start.astimezone(tz).date() if session.start else None


WAY_OUT_LABELS = {
    "filters": gettext_lazy("Clear the filters"),
    "search": gettext_lazy("Clear the search"),
    "current": gettext_lazy("Show live and upcoming sessions"),
    "past": gettext_lazy("Show past sessions"),
    "everything": gettext_lazy("Show every live and upcoming session"),
}


def ways_out(sessions, query: AgendaQuery, now: datetime, tz, count=None) -> tuple[WayOut, ...]:
    """Wider views than `query` that do show sessions: an empty state is never a dead end.
    `count(wider)`: how many sessions that view shows (by default, all it matches)."""
    unfiltered = {"format": ALL_FORMATS, "day": None, "track": None, "tag": None}
    candidates = {
        "filters": query.replace(**unfiltered),
        "search": query.replace(q=""),
        "current": query.replace(tab=""),
        "past": query.replace(tab="past"),
        "everything": AgendaQuery(**unfiltered),
    }
    ways, seen = [], {query}
    for name, wider in candidates.items():
        if wider in seen:
            continue
        seen.add(wider)
        shown = count(wider) if count else sum(1 for s in sessions if matches(s, wider, now, tz))
        if shown:
            ways.append(WayOut(str(WAY_OUT_LABELS[name]), wider, shown))
    return tuple(ways)
