"""Which sessions a view of the agenda shows, and for a view that shows none, the wider views
that do (an empty state is never a dead end)."""

import html
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy

from sessions_app.upstream.domain import Session

from .forms import ALL_FORMATS, AgendaQuery


@dataclass(frozen=True)
class Scope:
    """What the attendee's own filters need: the sessions they hold or starred ("mine"), and
    those their cards rule out ("only sessions I can join")."""

    mine: frozenset[int] = frozenset()
    ruled_out: frozenset[int] = frozenset()


EVERYONE = Scope()


@dataclass(frozen=True)
class WayOut:
    label: str
    query: AgendaQuery
    count: int


def matches(session: Session, query: AgendaQuery, now: datetime, tz, scope=EVERYONE) -> bool:
    live, ended = session.is_live(now), session.has_ended(now)
    tab_ok = {
        "": not ended,
        "live": live,
        "upcoming": not live and not ended,
        "past": ended,
    }[query.tab]
    text = folded(query.q)
    return (
        tab_ok
        and (query.format == "all" or session.format == query.format)
        and (query.day is None or _on_day(session, tz) == query.day)
        and (query.track is None or any(t.id == query.track for t in session.tracks))
        and (query.tag is None or any(t.id == query.tag for t in session.tags))
        and (not query.mine or session.id in scope.mine)
        and (not query.joinable or session.id not in scope.ruled_out)
        and (not text or text in _searched_text(session))
    )


def folded(text: str) -> str:
    """`text` as search compares it, whatever the language: case and accents set aside, so
    "zurich" finds "Zürich", "strasse" "Straße" and "CAFE" "café"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).strip()


def _searched_text(session: Session) -> str:
    """What a search looks in: the title, each speaker's name and company, the tracks and tags,
    the location and the description's words (not its markup), one line each. Kept per session
    object (the catalogue's are shared by every request of a copy): folding a description is
    most of a search's time, and one view tests each session for its tabs and counts too."""
    kept = _SEARCHED.get(id(session))
    if kept is not None and kept[0] is session:
        return kept[1]
    parts = [session.title, session.location, html.unescape(strip_tags(session.description))]
    parts += [f"{speaker.full_name} {speaker.company}" for speaker in session.speakers]
    parts += [label.name for label in (*session.tracks, *session.tags)]
    text = "\n".join(folded(part) for part in parts)
    if len(_SEARCHED) >= SEARCHED_KEPT:
        _SEARCHED.clear()
    _SEARCHED[id(session)] = (session, text)  # the session kept too: its id is not reused
    return text


SEARCHED_KEPT = 5_000
_SEARCHED: dict[int, tuple[Session, str]] = {}


def _on_day(session: Session, tz):
    return session.start.astimezone(tz).date() if session.start else None


WAY_OUT_LABELS = {
    "filters": gettext_lazy("Clear the filters"),
    "search": gettext_lazy("Clear the search"),
    "current": gettext_lazy("Show live and upcoming sessions"),
    "past": gettext_lazy("Show past sessions"),
    "everything": gettext_lazy("Show every live and upcoming session"),
}


def ways_out(
    sessions, query: AgendaQuery, now: datetime, tz, count=None, scope=EVERYONE
) -> tuple[WayOut, ...]:
    """Wider views than `query` that do show sessions: an empty state is never a dead end.
    `count(wider)`: how many sessions that view shows (by default, all it matches)."""
    unfiltered = {"format": ALL_FORMATS, "day": None, "track": None, "tag": None}
    unfiltered.update(mine=False, joinable=False)
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
        shown = count(wider) if count else sum(matches(s, wider, now, tz, scope) for s in sessions)
        if shown:
            ways.append(WayOut(str(WAY_OUT_LABELS[name]), wider, shown))
    return tuple(ways)
