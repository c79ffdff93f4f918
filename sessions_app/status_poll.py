"""Read side of the status poll: every open agenda asks every PORTAL_STATUS_POLL_SECONDS for
its cards' status blocks and for what to tell the attendee once (a freed seat they watch, a
session of theirs about to start), all from one read of the cached lists."""

from dataclasses import dataclass
from datetime import datetime

from . import planning
from .identity import Viewer
from .presenters import SessionCard
from .reads import read_together, with_ended
from .selectors import Freshness, cards_for_viewer, freshness_of
from .upstream.domain import Session, SessionPage

# Ids one poll answers for: an agenda view is a whole day (a 300-session event has about 75).
MAX_IDS = 120


def poll_ids(raw: str) -> list[int]:
    """The session ids a poll names, junk dropped (never more than MAX_IDS)."""
    return [int(i) for i in raw.split(",")[:MAX_IDS] if i.isdigit() and len(i) < 19]


@dataclass(frozen=True)
class Notices:
    now: datetime
    freed: tuple[SessionCard, ...] = ()  # watched sessions where a seat just freed
    starting: tuple[Session, ...] = ()  # the attendee's sessions about to start or live


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
    shown = [s for s in shown_from.value.sessions if s.id in wanted]
    return StatusPoll(
        cards=cards_for_viewer(viewer, shown, registered.value.ids, now, reads.generation),
        freshness=freshness_of(shown_from, registered),
        notices=_notices(viewer, listed.value.sessions, registered.value, now, reads.generation),
    )


def _notices(viewer: Viewer, listed, registered: SessionPage, now, generation) -> Notices:
    freed = planning.freed_seats(viewer.attendee_id, listed, now)
    return Notices(
        now=now,
        freed=tuple(cards_for_viewer(viewer, freed, registered.ids, now, generation)),
        starting=tuple(planning.due_reminders(viewer.upstream_user_id, registered.sessions, now)),
    )
