"""Settling a join or unregister whose outcome the portal could not confirm: the call timed
out, its connection broke after sending, the server or a gateway answered 500, 502, 503 or
504 after it was sent, or a 200 was not the API's.

Such an attempt is recorded `unconfirmed` (recording.py) and settled by re-reading the
attendee's registrations, never by sending the write again: once right away if the request has
time left, then as a short follow-up on the attendee's next request (the attempt ids ride in
their session, so a restart of this process loses nothing: the row and the marker are both
persisted). An attendee who never comes back is settled by reconciliation (`manage.py
portal_worker` runs it, recording.settle_from_records). An outcome this process knew but the
database did not take (attempt_records.py) rides in the session the same way and is written
as it is. What the re-read shows becomes the attempt's outcome, the local registration, and
(through the cache generation) the attendee's next page. A registration is seen as soon as it
lands; its absence is final only once the click is FINAL_AFTER_SECONDS old, so a write still on
its way upstream is not settled as "no".
"""

import logging

from django.db import DatabaseError, transaction
from django.utils import timezone

from sessions_app import cache as portal_cache
from sessions_app.event_reads import known_event
from sessions_app.identity import Viewer, viewer_from_request
from sessions_app.models import JoinAttempt
from sessions_app.upstream import budget
from sessions_app.upstream.client import get_client
from sessions_app.upstream.clock import upstream_time
from sessions_app.upstream.errors import UpstreamAuthError, UpstreamError

from . import recording

log = logging.getLogger(__name__)
Outcome = JoinAttempt.Outcome

FINAL_AFTER_SECONDS = 40
FOLLOW_UP_SECONDS = 1.5
SESSION_KEY = "unconfirmed_attempts"
# settle()'s answer when it met something it cannot settle from (logged once): the attempt stays
# unconfirmed, and reconciliation settles it from the registrations it mirrors.
LEFT = "left_for_reconciliation"


def settle(attempt_id: int, viewer: Viewer, known: str | None = None) -> str | None:
    """The attempt's outcome after re-reading the upstream, or None while it cannot say yet.
    `known`: the outcome this process saw but could not record (no call went out, or it was
    refused): written as it is, since a re-read cannot tell it from another click's join."""
    attempt = JoinAttempt.objects.filter(pk=attempt_id, attendee_id=viewer.attendee_id).first()
    if attempt is None or attempt.outcome != Outcome.UNCONFIRMED:
        return attempt.outcome if attempt else Outcome.NOT_FOUND
    if known is not None:
        recording.settle_attempt_row(attempt.pk, known)
        return known
    event = known_event() or get_client().event_from_settings()
    listed = get_client().registered_sessions(viewer.token, tz=event.tz)
    joining = attempt.action != JoinAttempt.Action.UNREGISTER
    registered = attempt.session_id in listed.ids
    if registered == joining:
        outcome = Outcome.JOINED if joining else Outcome.UNREGISTERED
    elif _absence_is_final(attempt, listed.complete or not joining):
        outcome = Outcome.UPSTREAM_UNAVAILABLE  # it did not happen
    else:
        return None
    session = next((s for s in listed.sessions if s.id == attempt.session_id), None)
    if session is None and registered and joining:  # listed, but its item is unreadable
        log.warning(
            "settling %s attempt %s: session %s is listed but unreadable; left for reconciliation",
            attempt.action,
            attempt.pk,
            attempt.session_id,
        )
        return LEFT
    # One transaction: nobody sees the attempt settled before the registration it settles.
    with transaction.atomic():
        if recording.settle_attempt_row(attempt.pk, outcome) and registered == joining:
            gone = session or _Gone(attempt.session_id)
            clicked = upstream_time(attempt.created_at.timestamp())  # registrations' clock
            recording.write_registration(viewer, gone, attempt.action, None, clicked)
            log.info("settled %s attempt %s: %s", attempt.action, attempt.pk, outcome)
    portal_cache.bump_user_generation(viewer.upstream_user_id)
    return outcome


def _absence_is_final(attempt: JoinAttempt, proven: bool) -> bool:
    age = (timezone.now() - attempt.created_at).total_seconds()
    return proven and age >= FINAL_AFTER_SECONDS


class _Gone:
    """An unregistered session, which the registrations list no longer describes."""

    def __init__(self, session_id: int):
        self.id = session_id


def settle_or_leave(attempt_id: int, viewer: Viewer, known: str | None = None) -> str | None:
    """settle(), where anything but the upstream's or the database's known failures is logged
    once and the attempt left for reconciliation (LEFT): no settle step breaks a page."""
    try:
        return settle(attempt_id, viewer, known)
    except (UpstreamError, DatabaseError):
        raise
    except Exception:
        log.exception("settling attempt %s failed; left for reconciliation", attempt_id)
        return LEFT


# --- on the attendee's next request --------------------------------------------------------


def follow_up_on_next_request(request, pending) -> None:
    """`pending`: (attempt id, outcome known here or None to re-read) pairs (ActionResult's)."""
    if pending:
        marked = [*request.session.get(SESSION_KEY, []), *(list(entry) for entry in pending)]
        request.session[SESSION_KEY] = marked[-10:]


def follow_up(request, viewer: Viewer) -> None:
    """Settle what this attendee left unconfirmed, spending a little of this request's time."""
    pending = request.session.get(SESSION_KEY)
    if not pending:
        return
    left = budget.remaining()
    seconds = FOLLOW_UP_SECONDS if left is None else min(FOLLOW_UP_SECONDS, left / 2)
    still = []
    with budget.upstream_budget(seconds):
        for entry in pending:
            attempt_id, known = entry if isinstance(entry, list) else (entry, None)
            try:
                outcome = settle_or_leave(attempt_id, viewer, known)
            except UpstreamAuthError:
                outcome = "expired"  # the sign-in page comes next; reconcile settles the row
            except (UpstreamError, DatabaseError):
                outcome = None
            if outcome is None:
                still.append(entry)
    if not still:
        del request.session[SESSION_KEY]
    elif still != pending:
        request.session[SESSION_KEY] = still  # the session is written only when this changed


class SettleFollowUpMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.session.get(SESSION_KEY):
            viewer = viewer_from_request(request)
            if viewer is not None:
                self._follow_up(request, viewer)
        return self.get_response(request)

    @staticmethod
    def _follow_up(request, viewer: Viewer) -> None:
        try:
            follow_up(request, viewer)
        except Exception:  # the page matters more than the follow-up; reconciliation settles
            log.exception("settling on the next request failed; left for reconciliation")
            request.session.pop(SESSION_KEY, None)
