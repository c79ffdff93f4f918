"""The swap at the session limit: leave one of the attendee's sessions and join another in one
step. It is three ordinary calls through the write side (services.py), each on record like any
click: leave X, join Y, and when Y says no, join X again, so a refusal never costs the attendee
the seat she had. What happened is said plainly, the rare case included (X filled meanwhile)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from sessions_app.identity import Viewer
from sessions_app.upstream.domain import Session
from sessions_app.upstream.errors import RefusalReason

from . import services
from .wording import refusal_sentence


class SwapOutcome:
    SWAPPED = "swapped"  # out of X, in Y
    NOT_LEFT = "not_left"  # X could not be left: nothing changed, Y not asked
    RESTORED = "restored"  # Y said no; back in X
    UNSURE = "unsure"  # Y's answer never came: it may still go through
    LOST = "lost"  # Y said no and X could not be joined again


@dataclass(frozen=True)
class SwapResult:
    outcome: str
    message: str = ""
    pending: tuple = ()  # what the next request settles (ActionResult.pending), every call's

    @property
    def succeeded(self) -> bool:
        return self.outcome == SwapOutcome.SWAPPED


def swap_sessions(*, viewer: Viewer, give_up: Session, take: Session, now: datetime) -> SwapResult:
    left = services.unregister_session(viewer=viewer, session=give_up, now=now)
    if left.attempt_id:  # sent, unconfirmed: she may be out of X already; Y is not asked
        return SwapResult(SwapOutcome.UNSURE, left.message, left.pending)
    if not left.succeeded:
        message = left.message if not left.reason else refusal_sentence(left.reason)
        return SwapResult(SwapOutcome.NOT_LEFT, _not_left(give_up, message), left.pending)
    joined = _join(viewer, take, now)
    pending = left.pending + joined.pending
    if joined.succeeded:
        return SwapResult(SwapOutcome.SWAPPED, pending=pending)
    if not joined.reason:  # no answer, or not sent: the seat in Y may still come
        message = _("You left “%(left)s”. %(why)s") % {"left": give_up.title, "why": joined.message}
        return SwapResult(SwapOutcome.UNSURE, message, pending)
    why = refusal_sentence(joined.reason)
    back = _join(viewer, give_up, now)
    if back.succeeded:
        return SwapResult(SwapOutcome.RESTORED, _restored(give_up, why), pending + back.pending)
    lost = _lost(give_up, why, back.reason)
    return SwapResult(SwapOutcome.LOST, lost, pending + back.pending)


def _join(viewer: Viewer, session: Session, now: datetime) -> services.ActionResult:
    ahead = session.not_started(now)  # a seat saved ahead, as the card's Reserve would
    return services.join_session(viewer=viewer, session=session, now=now, ahead=ahead)


def _not_left(give_up: Session, why: str) -> str:
    return _("We couldn't take you out of “%(title)s”, so nothing changed. %(why)s") % {
        "title": give_up.title,
        "why": why,
    }


def _restored(give_up: Session, why: str) -> str:
    return _("%(why)s You're still in “%(title)s”: we put your seat back.") % {
        "why": why,
        "title": give_up.title,
    }


def _lost(give_up: Session, why: str, reason: str) -> str:
    if not reason:  # the way back is sent but not confirmed: settled like any join
        return _(
            "%(why)s We're putting you back in “%(title)s”, but the event platform hasn't "
            "confirmed it yet. My sessions shows the result."
        ) % {"why": why, "title": give_up.title}
    if reason == RefusalReason.CAPACITY_FULL:
        return _(
            "%(why)s We tried to put you back in “%(title)s”, but it filled up in the meantime, "
            "so you're no longer in it."
        ) % {"why": why, "title": give_up.title}
    return _(
        "%(why)s We tried to put you back in “%(title)s”, but the event platform didn't take "
        "you back. My sessions shows where you are."
    ) % {"why": why, "title": give_up.title}
