"""Read side: what an attendee sees, built from per-attendee cached upstream lists.

The upstream can't filter by "live now" or search text, so the whole session list of the event
is fetched page by page (``page``/``size`` until ``recordsFiltered`` is reached), cached per
attendee, and filtered and paged here. One cached list serves the agenda, every filter, the
status poll and the stream page, so an attendee costs one list call per TTL.

Each page's reads start together (reads.py); the cards come from cards.py, the data's age and
how long a rendered agenda stays true from freshness.py.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from sessions_app.identity import Viewer
from sessions_app.models import Attendee
from sessions_app.planning import calendar_feed, planning, stars
from sessions_app.upstream.client import get_client
from sessions_app.upstream.domain import Event, Label, Session, SessionPage
from sessions_app.upstream.errors import UpstreamNotFound

from .agenda_days import DayTab, OnNow, day_view, on_now, ways_out_of
from .cards import cards_for_viewer, ruled_out_ids
from .filtering import EVERYONE, Scope, WayOut
from .forms import AgendaQuery
from .freshness import Freshness, freshness_of, reusable_until
from .presenters import SessionCard, card_for
from .reads import (  # noqa: F401 - the read side's one door
    EVENT_TTL,
    event_for_feed,
    event_for_viewer,
    event_key,
    event_name_for_visitor,
    known_event,
    read_together,
    registered_for_viewer,
    sessions_for_viewer,
    with_ended,
)
from .timetable import Day, now_anchor, timetable
from .visibility import may_see, shown_to
from .zone_choice import in_shown_zone, shown_event


@dataclass(frozen=True)
class Agenda:
    event: Event
    query: AgendaQuery
    cards: tuple[SessionCard, ...]  # of one day
    day: date | None
    day_tabs: tuple[DayTab, ...]
    on_now: OnNow  # the event's, whatever the view
    tracks: tuple[Label, ...]
    tags: tuple[Label, ...]
    freshness: Freshness
    reusable_until: float = 0.0  # time.time() until which this agenda, rendered, stays true
    missing: int = 0  # sessions the upstream counted that could not be read or were not reached
    timetable: tuple[Day, ...] = ()  # the cards, by day and start time
    now_anchor: str = ""  # the timetable's slot marked "now", if this view shows it
    has_ticket: bool | None = None  # None: no session says (an empty event)
    ways_out: tuple[WayOut, ...] = ()  # for an empty view: wider views that show sessions
    allowance: planning.Allowance | None = None


@dataclass(frozen=True)
class SessionDetail:
    event: Event
    card: SessionCard
    freshness: Freshness
    held: tuple[Session, ...] = ()  # the attendee's sessions, for the overlap question


def _unique_labels(groups) -> tuple[Label, ...]:
    seen = {label.id: label for group in groups for label in group}
    return tuple(sorted(seen.values(), key=lambda label: label.name.casefold()))


def _scope(viewer: Viewer, query: AgendaQuery, sessions, reads, starred, now) -> Scope:
    """What the attendee's own filters need, worked out only when the view asks for them."""
    if not (query.mine or query.joinable):
        return EVERYONE
    held = reads.registered.value.ids
    ruled_out = (
        ruled_out_ids(viewer, sessions, held, now, reads.generation)
        if query.joinable
        else frozenset()
    )
    return Scope(mine=frozenset(held) | (starred or frozenset()), ruled_out=ruled_out)


def agenda_for_viewer(viewer: Viewer, query: AgendaQuery, now: datetime) -> Agenda:
    reads = read_together(viewer)
    event, listed, registered = reads.event, reads.listed, reads.registered
    if query.tab == "past":
        listed = with_ended(viewer, listed, event.tz)
    shown = shown_event(event, viewer)  # days, "today" and times in the zone the attendee chose
    everything: SessionPage = shown_to(listed.value, registered.value.ids)
    starred = stars.starred_ids(viewer.attendee_id)  # the page's one query of its own
    scope = _scope(viewer, query, everything.sessions, reads, starred, now)
    view = day_view(everything.sessions, query, now, shown.tz, scope)
    matching = view.sessions[::-1] if query.tab == "past" else view.sessions  # latest first
    cards = tuple(
        cards_for_viewer(
            viewer, matching, registered.value.ids, now, reads.generation, starred=starred
        )
    )
    visible = shown_to(reads.listed.value, registered.value.ids)  # no ended ones needed
    upcoming = on_now(visible.sessions, now, shown.tz)
    marked = query.tab != "past"
    days = timetable(
        cards, tz=shown.tz, now=now, marks=marked, next_start=upcoming.next_start, day=view.day
    )
    return Agenda(
        event=shown,
        query=query,
        cards=cards,
        day=view.day,
        day_tabs=view.tabs,
        on_now=upcoming,
        tracks=_unique_labels(s.tracks for s in everything.sessions),
        tags=_unique_labels(s.tags for s in everything.sessions),
        freshness=freshness_of(listed, registered),
        reusable_until=reusable_until(listed, registered, now),
        missing=everything.missing,
        timetable=days,
        now_anchor=now_anchor(days),
        has_ticket=bool(everything.sessions[0].ticket_ids) if everything.sessions else None,
        ways_out=() if matching else ways_out_of(everything.sessions, query, now, shown.tz, scope),
        allowance=allowance_for_viewer(viewer, registered.value),
    )


def session_for_viewer(
    viewer: Viewer, session_id: int, now: datetime, *, with_star: bool = True
) -> SessionDetail:
    """One session with the viewer's state; raises UpstreamNotFound for an unknown id. Without
    `with_star` the card does not say whether it is starred (a join's click, which answers with
    the stream page or the card's status, spares the query)."""
    reads = read_together(viewer)
    event, listed, registered = reads.event, reads.listed, reads.registered
    if session_id not in listed.value.ids:  # an ended session, once they are read apart
        listed = with_ended(viewer, listed, event.tz)
    session = next((s for s in listed.value.sessions if s.id == session_id), None)
    if session is None:
        # Not in the attendee's list (hidden, new since the cache, or no such id): ask directly.
        session = get_client().session(viewer.token, session_id, tz=event.tz)
    if not may_see(session, registered.value.ids):
        raise UpstreamNotFound()
    return SessionDetail(
        event=shown_event(event, viewer),
        card=cards_for_viewer(
            viewer,
            [session],
            registered.value.ids,
            now,
            reads.generation,
            starred=stars.starred_ids(viewer.attendee_id) if with_star else None,
        )[0],
        freshness=Freshness(listed.fetched_at, listed.failed_refresh),
        held=registered.value.sessions,
    )


@dataclass(frozen=True)
class MySessions:
    event: Event
    cards: tuple[SessionCard, ...]
    freshness: Freshness
    missing: int = 0  # registrations the upstream counted that could not be read
    overlaps: dict = field(default_factory=dict)  # session id → the sessions it overlaps
    watches: tuple = ()  # SeatWatch rows still running
    allowance: planning.Allowance | None = None
    feed_token: str | None = None
    registered: SessionPage | None = None  # the list as read, for mirroring it locally
    stars: tuple = ()  # Favourite rows: sessions starred, with or without a seat
    stars_in_feed: bool = False  # the attendee chose to have them in the calendar feed


def my_sessions_for_viewer(viewer: Viewer, now: datetime) -> MySessions:
    reads = read_together(viewer, listed=False)
    event, registered = reads.event, reads.registered
    ordered = in_shown_zone(sorted(registered.value.sessions, key=Session.sort_key), viewer)
    attendee = Attendee.objects.get(pk=viewer.attendee_id)
    return MySessions(
        event=shown_event(event, viewer),
        cards=tuple(card_for(s, now=now, registered=True) for s in ordered),
        freshness=Freshness(registered.fetched_at, registered.failed_refresh),
        missing=registered.value.missing,
        overlaps=planning.overlapping_pairs(ordered),
        watches=tuple(planning.watches_for(viewer.attendee_id, now)),
        allowance=allowance_for_viewer(viewer, registered.value),
        feed_token=calendar_feed.feed_token(attendee),
        registered=registered.value,
        stars=tuple(stars.stars_for(viewer.attendee_id)),
        stars_in_feed=stars.stars_in_feed(viewer.attendee_id),
    )


def allowance_for_viewer(viewer: Viewer, registered: SessionPage) -> planning.Allowance | None:
    return planning.allowance_for(viewer.upstream_user_id, len(registered.ids))
