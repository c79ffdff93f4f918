"""Turns domain sessions into what a card shows: a status badge and the one action that can
work right now, or why it can't, in our words, with the one next step that can (so no button is
offered that the upstream would refuse, and no refusal is a dead end).

A card's state is decided here; its words are in `card_wording.py` (the badge, "not open yet"),
its next step in `next_steps.py`.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.urls import reverse

from sessions_app.joining.knowledge import STICKY_REASONS, TicketKnowledge
from sessions_app.joining.wording import refusal_sentence
from sessions_app.upstream.domain import Session
from sessions_app.upstream.errors import RefusalReason, session_limit

from .card_wording import (  # noqa: F401 - badge_changes_at: importable from here, as before
    badge_changes_at,
    not_open_yet,
    status_badge,
)
from .next_steps import (
    NEXT_STEPS,
    RECORDED_STEPS,
    STEP_LABELS,
    UPGRADE_LABEL,
    Step,
    step_url,
)


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


@dataclass(frozen=True)
class SessionCard:
    session: Session
    badge: str
    badge_label: str
    action: Action
    message: str = ""  # our sentence
    reason: str = ""  # a RefusalReason when the attendee can't join
    detail: str = ""  # the upstream's own words for a refusal, when it gave them
    step: str = ""  # a Step
    fresh: bool = False  # refused by the click this response answers

    watching: bool = False  # the attendee asked to hear when a seat frees
    # Registered and past the end time: the platform does not cut a session off at `endTime`,
    # so whoever is in keeps the player; only new joins follow the join window.
    running_over: bool = False
    # The attendee's star on it (planning/stars.py); None where the page shows no star (the
    # status poll's blocks, a session without times, the database away).
    starred: bool | None = None

    @property
    def registered(self) -> bool:
        return self.action in (Action.WATCH, Action.RESERVED)

    @property
    def can_watch_for_a_seat(self) -> bool:
        # FULL cards are live or reservable, never ended; a just-refused one is live too.
        full = self.reason == RefusalReason.CAPACITY_FULL
        return self.action == Action.FULL or (full and self.action == Action.REFUSED)

    @property
    def blocked(self) -> bool:
        return self.action in (Action.NO_TICKET, Action.FULL, Action.REFUSED)

    @property
    def ruled_out(self) -> bool:
        """Nothing the attendee can join, as the card already says: ended, full, refused (a
        refusal remembered or what their tickets are known to get) or no ticket."""
        return self.blocked or self.action == Action.ENDED

    @property
    def suggests_my_sessions(self) -> bool:
        return self.step == Step.LEAVE_A_SESSION

    @property
    def step_label(self) -> str:
        if self.step == Step.GET_A_TICKET and self.reason == RefusalReason.TICKET_TYPE:
            return str(UPGRADE_LABEL)
        return str(STEP_LABELS.get(self.step, ""))

    @property
    def step_url(self) -> str:
        if self.step == Step.LEAVE_A_SESSION:  # the swap remembers which session she wanted
            return reverse("swap", args=[self.session.id])
        return step_url(self.step) if self.step else ""

    @property
    def at_the_limit(self) -> bool:
        """Refused for the session limit before any click of hers on it: the page's banner
        says why once, so the card only says so quietly."""
        return self.reason == RefusalReason.SESSION_LIMIT and not self.fresh

    @property
    def records_blocked_step(self) -> bool:
        """Its next step is a click on a session the upstream was never asked about: the
        portal records it as demand (JoinAttempt kind BLOCKED) on the way to the step."""
        return self.blocked and not self.fresh and self.step in RECORDED_STEPS


def refused(
    card: SessionCard, reason: str, *, detail: str = "", fresh: bool = False, limit=None
) -> SessionCard:
    """`card` as one that can't join, for `reason`, in our words with its next step."""
    if reason == RefusalReason.SESSION_LIMIT:
        limit = session_limit(detail) or limit
    return replace(
        card,
        action=Action.REFUSED,
        reason=reason,
        message=refusal_sentence(reason, limit=limit),
        detail=detail,
        step=NEXT_STEPS.get(reason, Step.PICK_ANOTHER),
        fresh=fresh,
    )


def reservable(session: Session, now: datetime) -> bool:
    """Whether a seat may be saved now in a session that is not live yet (organizer settings:
    PORTAL_RESERVE_AHEAD, PORTAL_RESERVE_AHEAD_HOURS)."""
    if not (settings.PORTAL_RESERVE_AHEAD and session.has_times and session.not_started(now)):
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
    known: TicketKnowledge | None = None,
    registrations: Mapping[int, int] | None = None,  # per ticket id (knowledge.py)
    starred: bool | None = None,
) -> SessionCard:
    badge, label = status_badge(session, now)
    starred = starred if session.has_times else None  # a star keeps times: none to keep
    card = SessionCard(session, badge, label, Action.JOIN, watching=watching, starred=starred)
    if registered:
        action = Action.RESERVED if session.not_started(now) else Action.WATCH
        return replace(card, action=action, running_over=now >= session.end)
    if badge == "ended":
        return replace(card, action=Action.ENDED)
    if not session.ticket_ids:
        # Said once, in the page's banner, not on every card.
        reason = RefusalReason.NOT_REGISTERED_FOR_EVENT
        message = refusal_sentence(reason)
        return replace(
            card, action=Action.NO_TICKET, reason=reason, message=message, step=Step.GET_A_TICKET
        )
    if refusal and _still_applies(refusal, session):
        return refused(card, refusal["reason"], detail=refusal.get("message", ""))
    if known and (reason := known.refusal_for(session, registrations=registrations)):
        return refused(card, reason, limit=known.limit)
    if badge not in ("live", "late") and not reservable(session, now):
        return replace(card, action=Action.NOT_STARTED, message=not_open_yet(session))
    if session.is_full:
        return replace(refused(card, RefusalReason.CAPACITY_FULL), action=Action.FULL)
    return card if badge in ("live", "late") else replace(card, action=Action.RESERVE)


def _still_applies(refusal: dict, session: Session) -> bool:
    if refusal.get("reason") not in STICKY_REASONS:
        return False
    if refusal["reason"] == RefusalReason.CAPACITY_FULL:
        return session.registered_count >= refusal.get("registered_count", 0)
    return True
