"""Read side of the status poll: every open agenda asks every PORTAL_STATUS_POLL_SECONDS for
its cards' status blocks and for what to tell the attendee once (a freed seat they watch, a
session of theirs about to start), all from one read of the cached lists.

Notices come one per kind (seats freed, sessions live now, sessions starting soon), each
listing every session of its kind, and only when the kind gained one since the last poll: the
page replaces the kind's earlier notice with it (static/js/app.js), so nothing stacks."""

from dataclasses import dataclass
from datetime import datetime

from sessions_app.identity import Viewer
from sessions_app.planning import planning
from sessions_app.upstream.digits import ascii_ints
from sessions_app.upstream.domain import Session, SessionPage

from .cards import cards_for_viewer
from .freshness import Freshness, freshness_of
from .presenters import SessionCard
from .reads import read_together, with_ended
from .visibility import may_see
from .zone_choice import in_shown_zone

# Ids one poll answers for: an agenda view is a whole day (a 300-session event has about 75).
MAX_IDS = 120


def poll_ids(raw: str) -> list[int]:
    """The session ids a poll names, junk dropped (never more than MAX_IDS)."""
    return ascii_ints(raw.split(",")[:MAX_IDS])


@dataclass(frozen=True)
class Notices:
    now: datetime
    freed: tuple[SessionCard, ...] = ()  # watched sessions with a free seat, one just freed
    starting: tuple[Session, ...] = ()  # the attendee's sessions about to start or live

    @property
    def live(self) -> tuple[Session, ...]:
        return tuple(s for s in self.starting if s.start <= self.now)

    @property
    def soon(self) -> tuple[Session, ...]:
        return tuple(s for s in self.starting if s.start > self.now)


@dataclass(frozen=True)
class StatusPoll:
    cards: list[SessionCard]
    freshness: Freshness  # a poll served from the last good copy says so, as the page does
    notices: Notices


def status_poll_for_viewer(viewer: Viewer, session_ids, now: datetime) -> StatusPoll:
    """The cards' status blocks for the poll and what it tells the attendee once, from one read
    of the lists."""
    reads = read_together(viewer)
    event, listed, registered = reads.event, reads.listed, reads.registered
    wanted = set(session_ids)
    shown_from = listed
    if wanted - listed.value.ids:  # cards of the Past tab
        shown_from = with_ended(viewer, listed, event.tz)
    mine = registered.value.ids
    shown = [s for s in shown_from.value.sessions if s.id in wanted and may_see(s, mine)]
    return StatusPoll(
        cards=cards_for_viewer(viewer, shown, registered.value.ids, now, reads.generation),
        freshness=freshness_of(shown_from, registered),
        notices=_notices(viewer, listed.value.sessions, registered.value, now, reads.generation),
    )


def _notices(viewer: Viewer, listed, registered: SessionPage, now, generation) -> Notices:
    freed = _freed(viewer, listed, now)
    return Notices(
        now=now,
        freed=tuple(cards_for_viewer(viewer, freed, registered.ids, now, generation)),
        starting=_starting(viewer, registered.sessions, now),
    )


def _freed(viewer: Viewer, listed, now) -> list[Session]:
    """Every watched session with a free seat, when a seat just freed in one of them."""
    if not planning.freed_seats(viewer.attendee_id, listed, now):
        return []
    watched = {w.session_id for w in planning.watches_for(viewer.attendee_id, now)}
    return [s for s in listed if s.id in watched and not s.is_full]


def _starting(viewer: Viewer, registered, now) -> tuple[Session, ...]:
    """Each kind (live now, starting soon) with every session of it, when it gained one."""
    new = planning.due_reminders(viewer.upstream_user_id, registered, now)
    due = planning.due_now(registered, now)
    kinds = {s.start <= now for s in new}
    return tuple(in_shown_zone([s for s in due if (s.start <= now) in kinds], viewer))
