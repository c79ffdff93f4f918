"""Turns domain sessions into what a card shows: a status badge and the one action that can
work right now, or the reason it can't (so no button is offered that the upstream would refuse)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.utils.translation import ngettext

from .upstream.domain import Session
from .upstream.errors import RefusalReason

NO_TICKET_MESSAGE = (
    "You have not yet registered for the event. You must register for the event before you "
    "can register for individual sessions."
)
FULL_MESSAGE = "Max user registration capacity reached"


class Action(StrEnum):
    JOIN = "join"
    RESERVE = "reserve"  # not live yet: save a seat now
    RESERVED = "reserved"  # registered ahead; becomes WATCH once live
    WATCH = "watch"
    ENDED = "ended"
    NOT_STARTED = "not_started"
    NO_TICKET = "no_ticket"
    FULL = "full"
    REFUSED = "refused"


# Refusals worth remembering until the attendee's registrations change; time-based ones are
# recomputed from the clock instead.
STICKY_REASONS = {
    RefusalReason.TICKET_TYPE,
    RefusalReason.SESSION_LIMIT,
    RefusalReason.NOT_REGISTERED_FOR_EVENT,
    RefusalReason.CAPACITY_FULL,
}


@dataclass(frozen=True)
class SessionCard:
    session: Session
    badge: str
    badge_label: str
    action: Action
    message: str = ""
    reason: str = ""

    watching: bool = False  # the attendee asked to hear when a seat frees

    @property
    def registered(self) -> bool:
        return self.action in (Action.WATCH, Action.RESERVED)

    @property
    def can_watch_for_a_seat(self) -> bool:
        return self.action == Action.FULL  # FULL cards are live or reservable, never ended

    @property
    def suggests_my_sessions(self) -> bool:
        return self.reason == RefusalReason.SESSION_LIMIT


def status_badge(session: Session, now: datetime) -> tuple[str, str]:
    if session.has_ended(now):
        return "ended", "Ended"
    if session.is_live(now):
        return "live", "Live now"
    minutes = int((session.start - now).total_seconds() // 60) + 1
    if minutes < 60:
        return "soon", f"Starts in {minutes} min"
    if minutes < 24 * 60:
        return "later", f"Starts in {minutes // 60} h {minutes % 60:02d} min"
    return "later", "Upcoming"


def badge_changes_at(session: Session, now: datetime) -> datetime | None:
    """When `status_badge` (and so the card's action) may next change; None once ended."""
    if session.has_ended(now):
        return None
    if session.is_live(now):
        return session.join_deadline
    until_start = (session.start - now).total_seconds()
    if until_start >= 24 * 3600:
        return session.start - timedelta(hours=24)
    return now + timedelta(seconds=until_start % 60)  # the minutes countdown ticks


def reservable(session: Session, now: datetime) -> bool:
    """Whether a seat may be saved now in a session that is not live yet (organizer settings:
    PORTAL_RESERVE_AHEAD, PORTAL_RESERVE_AHEAD_HOURS)."""
    if not settings.PORTAL_RESERVE_AHEAD or not session.not_started(now):
        return False
    hours = settings.PORTAL_RESERVE_AHEAD_HOURS
    return hours is None or session.start - now <= timedelta(hours=hours)


def card_for(
    session: Session,
    *,
    now: datetime,
    registered: bool,
    refusal: dict | None = None,
    watching: bool = False,
) -> SessionCard:
    badge, label = status_badge(session, now)
    card = dict(session=session, badge=badge, badge_label=label, watching=watching)
    if registered:
        action = Action.RESERVED if session.not_started(now) else Action.WATCH
        return SessionCard(**card, action=action)
    if badge == "ended":
        return SessionCard(**card, action=Action.ENDED, message="This session has ended.")
    if badge != "live" and not reservable(session, now):
        return SessionCard(**card, action=Action.NOT_STARTED, message=_not_open_yet(session))
    if not session.ticket_ids:
        return SessionCard(
            **card,
            action=Action.NO_TICKET,
            message=NO_TICKET_MESSAGE,
            reason=RefusalReason.NOT_REGISTERED_FOR_EVENT,
        )
    if session.is_full:
        return SessionCard(
            **card, action=Action.FULL, message=FULL_MESSAGE, reason=RefusalReason.CAPACITY_FULL
        )
    if refusal and _still_applies(refusal, session):
        return SessionCard(
            **card, action=Action.REFUSED, message=refusal["message"], reason=refusal["reason"]
        )
    return SessionCard(**card, action=Action.JOIN if badge == "live" else Action.RESERVE)


def _not_open_yet(session: Session) -> str:
    hours = settings.PORTAL_RESERVE_AHEAD_HOURS
    if settings.PORTAL_RESERVE_AHEAD and hours is not None:
        return ngettext(
            "Seats can be reserved from %(hours)d hour before the start.",
            "Seats can be reserved from %(hours)d hours before the start.",
            hours,
        ) % {"hours": hours}
    return "Joining opens at the start."


def _still_applies(refusal: dict, session: Session) -> bool:
    if refusal.get("reason") not in STICKY_REASONS:
        return False
    if refusal["reason"] == RefusalReason.CAPACITY_FULL:
        return session.registered_count >= refusal.get("registered_count", 0)
    return True
