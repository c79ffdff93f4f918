"""Write side: joining and unregistering (signing in is accounts.py). Each action is on record
before it calls the upstream (recording.py), calls it once (single_flight.py), and writes its
outcome, with the registration after the upstream said yes, before the attendee's answer; an
answer that got lost is settled by re-reading, never by calling again (settling.py)."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import DatabaseError
from django.utils.translation import gettext_lazy as _

from sessions_app import cache as portal_cache
from sessions_app.identity import Viewer
from sessions_app.models import JoinAttempt
from sessions_app.planning import planning
from sessions_app.upstream.domain import Session
from sessions_app.upstream.errors import (
    CallNotSent,
    JoinRefused,
    RefusalReason,
    UpstreamAuthError,
    UpstreamError,
    UpstreamMisconfigured,
    UpstreamTimeout,
)

from . import attempt_records, recording, settling
from .knowledge import STICKY_REASONS
from .single_flight import one_call_at_a_time
from .tickets import GRANTING, Tried, call_with_each_ticket, learn_from_tickets
from .wording import ALREADY_LEFT

log = logging.getLogger(__name__)
Outcome = JoinAttempt.Outcome

REASON_OUTCOMES = {
    RefusalReason.NOT_FOUND: Outcome.NOT_FOUND,
    RefusalReason.CAPACITY_FULL: Outcome.CAPACITY_FULL,
    RefusalReason.TICKET_TYPE: Outcome.TICKET_TYPE,
    RefusalReason.SESSION_LIMIT: Outcome.SESSION_LIMIT,
    RefusalReason.EXPIRED: Outcome.EXPIRED,
    RefusalReason.NOT_REGISTERED_FOR_EVENT: Outcome.NOT_REGISTERED_FOR_EVENT,
    RefusalReason.OTHER: Outcome.REFUSED_OTHER,
}
UNAVAILABLE_MESSAGE = _(
    "The event platform isn't answering right now. Please try again in a moment."
)
UNCONFIRMED_MESSAGES = {
    JoinAttempt.Action.JOIN: _(
        "The event platform didn't confirm your join in time and doesn't list you as registered "
        "yet. It may still go through: the portal checks again within seconds, and My sessions "
        "shows the result. No need to click again."
    ),
    JoinAttempt.Action.RESERVE: _(
        "The event platform didn't confirm your reservation in time and doesn't list you as "
        "registered yet. It may still go through: the portal checks again within seconds, and "
        "My sessions shows the result. No need to click again."
    ),
    JoinAttempt.Action.UNREGISTER: _(
        "The event platform didn't confirm in time and still lists you as registered. It may "
        "still go through: the portal checks again within seconds, and My sessions shows the "
        "result. No need to click again."
    ),
}
NOT_SENT_MESSAGES = {
    JoinAttempt.Action.JOIN: _(
        "The event platform is answering slowly, so your join was not sent. Please try again."
    ),
    JoinAttempt.Action.RESERVE: _(
        "The event platform is answering slowly, so your reservation was not sent. Please try "
        "again."
    ),
    JoinAttempt.Action.UNREGISTER: _(
        "The event platform is answering slowly, so your request was not sent. Please try again."
    ),
}


@dataclass(frozen=True)
class ActionResult:
    outcome: str
    message: str = ""
    reason: str = ""
    attempt_id: int | None = None  # for an unconfirmed one: what settling.py settles
    # What the attendee's next request settles (settling.py): (attempt id, outcome known here or
    # None to re-read), for an unconfirmed call or an outcome the database did not take.
    pending: tuple[tuple[int, str | None], ...] = ()

    @property
    def succeeded(self) -> bool:
        return self.outcome in (Outcome.JOINED, Outcome.UNREGISTERED)


def forget_attendee_data(viewer: Viewer | None) -> None:
    if viewer is not None:
        portal_cache.bump_user_generation(viewer.upstream_user_id)


# --- join / unregister ----------------------------------------------------------------------


def join_session(
    *, viewer: Viewer, session: Session, now: datetime, ahead: bool = False
) -> ActionResult:
    """Register the viewer for a live session, or with `ahead` reserve a seat in one not live
    yet."""
    action = JoinAttempt.Action.RESERVE if ahead else JoinAttempt.Action.JOIN
    return _one_call_at_a_time(viewer, session, action, now)


def unregister_session(*, viewer: Viewer, session: Session, now: datetime) -> ActionResult:
    return _one_call_at_a_time(viewer, session, JoinAttempt.Action.UNREGISTER, now)


def _one_call_at_a_time(viewer, session, action, now) -> ActionResult:
    failed = ActionResult(Outcome.UPSTREAM_UNAVAILABLE, UNAVAILABLE_MESSAGE)
    call = lambda: _call_and_record(viewer, session, action, now)  # noqa: E731
    return one_call_at_a_time(viewer, session.id, action, call, failed)


def _call_and_record(viewer, session, action, now) -> ActionResult:
    attempt = recording.open_attempt(viewer, session, action)  # no record, no call
    success = Outcome.JOINED if action in GRANTING else Outcome.UNREGISTERED
    tried = Tried()
    try:
        info = call_with_each_ticket(viewer, session, action, tried)
    except JoinRefused as refused:
        if not _left_already(action, refused):
            return _refused(viewer, session, action, attempt, refused, tried)
        info = refused  # no ticket of theirs is in it: they left elsewhere, so it is done
    except UpstreamAuthError as expired:
        attempt_records.close_known(attempt, session, Outcome.TOKEN_EXPIRED, expired)
        raise  # not written: reconciliation settles it (the sign-in page comes next)
    except UpstreamTimeout as timeout:  # sent, outcome unknown (a 5xx on a write too)
        return _unconfirmed(viewer, session, action, attempt, timeout)
    except UpstreamError as failure:
        outcome = attempt_records.failed_outcome(failure)
        pending = attempt_records.close_known(attempt, session, outcome, failure)
        if isinstance(failure, UpstreamMisconfigured):
            raise
        message = NOT_SENT_MESSAGES[action] if type(failure) is CallNotSent else UNAVAILABLE_MESSAGE
        return ActionResult(Outcome.UPSTREAM_UNAVAILABLE, message, pending=pending)
    portal_cache.bump_user_generation(viewer.upstream_user_id)  # before: the next page re-reads
    learn_from_tickets(viewer, session, action, tried)  # the tickets refused before this one
    pending = attempt_records.close_granted(attempt, session, success, info, viewer, tried, now)
    reason = ALREADY_LEFT if isinstance(info, JoinRefused) else ""
    return ActionResult(success, reason=reason, pending=pending)


def _left_already(action: str, refused: JoinRefused) -> bool:
    """An unregister that every ticket got "not registered" (404) for (tickets.py tries each)."""
    return action == JoinAttempt.Action.UNREGISTER and refused.reason == RefusalReason.NOT_FOUND


def _refused(viewer, session, action, attempt, refused: JoinRefused, tried) -> ActionResult:
    outcome = REASON_OUTCOMES[refused.reason]
    pending = attempt_records.close_known(attempt, session, outcome, refused)
    _remember_sticky_refusal(viewer, session, action, refused, tried)
    return ActionResult(outcome, refused.message, refused.reason.value, pending=pending)


def _remember_sticky_refusal(viewer, session, action, refused: JoinRefused, tried) -> None:
    if refused.reason == RefusalReason.SESSION_LIMIT:
        planning.remember_limit(viewer.upstream_user_id, refused.limit)
    learn_from_tickets(viewer, session, action, tried)
    if action in GRANTING and refused.reason in STICKY_REASONS:
        portal_cache.remember_refusal(
            viewer.upstream_user_id,
            session.id,
            {
                "reason": refused.reason.value,
                "message": refused.message,
                "registered_count": session.registered_count,
            },
        )


def _unconfirmed(viewer, session, action, attempt, timeout: UpstreamTimeout) -> ActionResult:
    """The call went out and no answer came back: it may or may not have taken effect. Never
    sent again: recorded unconfirmed, re-read now if there is time, then settled on the
    attendee's next request or by reconciliation (settling.py)."""
    portal_cache.bump_user_generation(viewer.upstream_user_id)
    recording.close_attempt(attempt, session, Outcome.UNCONFIRMED, timeout)
    try:
        outcome = settling.settle_or_leave(attempt.pk, viewer)
    except (UpstreamError, DatabaseError):  # the call went out: say so, settle it later
        outcome = None
    if outcome in (Outcome.JOINED, Outcome.UNREGISTERED):
        return ActionResult(outcome)
    if outcome == settling.LEFT:  # reconciliation's now
        return ActionResult(Outcome.UNCONFIRMED, UNCONFIRMED_MESSAGES[action])
    message, pending = UNCONFIRMED_MESSAGES[action], ((attempt.pk, None),)
    return ActionResult(Outcome.UNCONFIRMED, message, attempt_id=attempt.pk, pending=pending)


def record_blocked_attempt(*, viewer: Viewer, session: Session, reason: str) -> None:
    """The attendee clicked the next step of a card that showed they can't join (full, no
    ticket, ticket type, limit reached): demand the upstream never saw, recorded as such.
    A failed write is logged and the attendee still gets to the step."""
    try:
        JoinAttempt.objects.create(
            attendee_id=viewer.attendee_id,
            session_id=session.id,
            session_title=session.title[:500],
            kind=JoinAttempt.Kind.BLOCKED,
            action=JoinAttempt.Action.JOIN,
            outcome=REASON_OUTCOMES[RefusalReason(reason)],
        )
    except DatabaseError:
        log.exception("could not record a blocked join of session %s", session.id)
