"""Write side: signing in, joining and unregistering. Each action calls the upstream once,
records what happened, and only writes a registration after the upstream said yes."""

import logging
import time
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.auth import login as django_login
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import cache as portal_cache
from . import planning
from .identity import Viewer, remember_upstream_token
from .knowledge import learn_from_refusal
from .models import Attendee, JoinAttempt, Registration, SessionSnapshot, registered_values
from .presenters import STICKY_REASONS
from .upstream.client import get_client
from .upstream.domain import CallInfo, Profile, Session
from .upstream.errors import (
    JoinRefused,
    RefusalReason,
    UpstreamAuthError,
    UpstreamError,
    UpstreamMisconfigured,
    UpstreamNotFound,
    UpstreamTimeout,
    UpstreamUnavailable,
)

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
UNAVAILABLE_MESSAGE = gettext_lazy(
    "The event platform isn't answering right now. Please try again in a moment."
)
IN_FLIGHT_SECONDS = 30
# Refusals about the ticket used, not the attendee: another of their tickets may be accepted
# (for an unregister, the registration may have been made with another ticket).
_ABOUT_THE_TICKET = {
    RefusalReason.TICKET_TYPE,
    RefusalReason.SESSION_LIMIT,
    RefusalReason.NOT_REGISTERED_FOR_EVENT,
}
PER_TICKET_REASONS = {
    JoinAttempt.Action.JOIN: _ABOUT_THE_TICKET,
    JoinAttempt.Action.RESERVE: _ABOUT_THE_TICKET,
    JoinAttempt.Action.UNREGISTER: {RefusalReason.NOT_FOUND},
}
# Actions that ask for a seat (a reservation is a join made before the session is live).
GRANTING = {JoinAttempt.Action.JOIN, JoinAttempt.Action.RESERVE}
SNAPSHOT_EVERY_SECONDS = 10
UNCONFIRMED_MESSAGES = {
    JoinAttempt.Action.JOIN: gettext_lazy(
        "The event platform didn't confirm your join in time and doesn't list you as registered "
        "yet. It may still go through: check My sessions in a minute before trying again."
    ),
    JoinAttempt.Action.RESERVE: gettext_lazy(
        "The event platform didn't confirm your reservation in time and doesn't list you as "
        "registered yet. It may still go through: check My sessions in a minute before trying "
        "again."
    ),
    JoinAttempt.Action.UNREGISTER: gettext_lazy(
        "The event platform didn't confirm in time and still lists you as registered. It may "
        "still go through: check My sessions in a minute before trying again."
    ),
}


@dataclass(frozen=True)
class ActionResult:
    outcome: str
    message: str = ""
    reason: str = ""

    @property
    def succeeded(self) -> bool:
        return self.outcome in (Outcome.JOINED, Outcome.UNREGISTERED)


# --- sign in -------------------------------------------------------------------------------


def sign_in_attendee(
    request, *, email: str = "", password: str = "", user_key: str = ""
) -> Attendee:
    """Sign in through the upstream (password or one-time key) and start a Django session.

    Who signed in comes from the login answer, where `userId` is documented; the profile only
    adds names and the email, and a profile call that fails does not fail the sign-in.
    Raises SignInRejected / UpstreamUnavailable / UpstreamMisconfigured from the client.
    """
    client = get_client()
    upstream = client.sign_in_with_key(user_key) if user_key else client.sign_in(email, password)
    profile, refused = _profile_or_none(client, upstream.token)
    user_id = upstream.user_id or (profile.user_id if profile else None)
    if not user_id:
        raise UpstreamUnavailable("The event platform's sign-in answer did not say who you are.")
    attendee = _upsert_attendee(user_id, profile, email)
    django_login(request, attendee.user)  # rotates the session key (no fixation)
    remember_upstream_token(
        request,
        token=upstream.token,
        user_id=attendee.upstream_user_id,
        expires_at=upstream.expires_at,
        attendee_id=attendee.pk,
        refused_at_sign_in=refused,
    )
    return attendee


def _profile_or_none(client, token: str) -> tuple[Profile | None, bool]:
    """The profile, or None; and whether the token itself was refused."""
    try:
        return client.profile(token), False
    except UpstreamError as failure:
        log.warning(
            "profile call failed at sign-in (status %s, request %s); signing in without it",
            failure.status,
            failure.request_id,
        )
        return None, isinstance(failure, UpstreamAuthError)


def _names(user_id: int, profile: Profile | None, email: str) -> dict:
    """Names and email from the profile where it gave them, else what the attendee typed, else
    what the portal already knows (a magic-link sign-in types nothing)."""
    known = Attendee.objects.filter(upstream_user_id=user_id).values(
        "email", "first_name", "last_name"
    )
    names = dict(known.first() or {"email": "", "first_name": "", "last_name": ""})
    if profile is not None:
        given = {"email": profile.email, "first_name": profile.first_name}
        given["last_name"] = profile.last_name
        names.update({key: value for key, value in given.items() if value})
    names["email"] = names["email"] or email
    return {key: value[:150] if key != "email" else value for key, value in names.items()}


@transaction.atomic
def _upsert_attendee(user_id: int, profile: Profile | None, email: str) -> Attendee:
    names = _names(user_id, profile, email)
    user, _ = get_user_model().objects.update_or_create(
        username=f"accelevents-{user_id}", defaults=names
    )
    attendee, _ = Attendee.objects.update_or_create(
        upstream_user_id=user_id,
        defaults={"user": user, "last_seen_at": timezone.now(), **names},
    )
    return attendee


def forget_attendee_data(viewer: Viewer | None) -> None:
    if viewer is not None:
        portal_cache.bump_user_generation(viewer.upstream_user_id)


# --- join / unregister ----------------------------------------------------------------------


def join_session(
    *, viewer: Viewer, session: Session, now: datetime, ahead: bool = False
) -> ActionResult:
    """Register the viewer for a live session, or with `ahead` reserve a seat in one not live
    yet. A double click or a second tab waits for the first call's answer instead of making a
    second upstream join."""
    lock = f"portal:inflight:u{viewer.upstream_user_id}:join:{session.id}"
    result_key = f"{lock}:result"
    if not cache.add(lock, 1, IN_FLIGHT_SECONDS):
        return _await_result(result_key) or ActionResult(
            Outcome.UPSTREAM_UNAVAILABLE,
            _("Your join is still being processed. Please wait a moment."),
        )
    try:
        action = JoinAttempt.Action.RESERVE if ahead else JoinAttempt.Action.JOIN
        result = _call_and_record(viewer, session, action, now)
        cache.set(result_key, result, 10)
        return result
    finally:
        cache.delete(lock)


def unregister_session(*, viewer: Viewer, session: Session, now: datetime) -> ActionResult:
    return _call_and_record(viewer, session, JoinAttempt.Action.UNREGISTER, now)


def _await_result(result_key: str) -> ActionResult | None:
    deadline = time.monotonic() + IN_FLIGHT_SECONDS
    while time.monotonic() < deadline:
        result = cache.get(result_key)
        if result is not None:
            return result
        time.sleep(0.05)
    return None


def _tickets_to_try(viewer, session, action) -> list[int]:
    """The attendee's event tickets, in the order to try them: for an unregister, the one the
    registration was made with first."""
    tickets = list(session.ticket_ids) or [0]
    if action == JoinAttempt.Action.UNREGISTER:
        used = (
            Registration.objects.filter(attendee_id=viewer.attendee_id, session_id=session.id)
            .values_list("ticket_id", flat=True)
            .first()
        )
        if used in tickets:
            tickets.remove(used)
            tickets.insert(0, used)
    return tickets


@dataclass
class _Tried:
    ticket_id: int = 0  # the ticket of the call made last


def _call_with_each_ticket(viewer, session, action, tried: _Tried) -> CallInfo:
    """Call with the first ticket; on a refusal that is about that ticket, with the next one
    (each a distinct call, never the same one twice). Returns what the call that worked said;
    raises the last refusal when every ticket was refused. `tried` names the ticket used."""
    client = get_client()
    if action in GRANTING:
        ahead = action == JoinAttempt.Action.RESERVE
        call = partial(client.join, ahead=ahead)
    else:
        call = client.unregister
    tickets = _tickets_to_try(viewer, session, action)
    for position, ticket_id in enumerate(tickets):
        tried.ticket_id = ticket_id
        try:
            return call(viewer.token, session.id, ticket_id)
        except JoinRefused as refused:
            if position == len(tickets) - 1 or refused.reason not in PER_TICKET_REASONS[action]:
                raise
            log.info(
                "%s of session %s refused for one of the attendee's tickets (%s, request %s); "
                "trying the next one",
                action,
                session.id,
                refused.reason,
                refused.request_id,
            )
    raise AssertionError("unreachable: the loop returns or raises")


def _call_and_record(viewer, session, action, now) -> ActionResult:
    success = Outcome.JOINED if action in GRANTING else Outcome.UNREGISTERED
    tried = _Tried()
    try:
        info = _call_with_each_ticket(viewer, session, action, tried)
    except JoinRefused as refused:
        _record(viewer, session, action, REASON_OUTCOMES[refused.reason], refused)
        if refused.reason == RefusalReason.SESSION_LIMIT:
            planning.remember_limit(viewer.upstream_user_id, refused.limit)
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
            learn_from_refusal(viewer.upstream_user_id, session, refused.reason, refused.message)
        return ActionResult(REASON_OUTCOMES[refused.reason], refused.message, refused.reason.value)
    except UpstreamAuthError as expired:
        _record(viewer, session, action, Outcome.TOKEN_EXPIRED, expired)
        raise
    except UpstreamTimeout as timeout:
        return _settle_unknown_outcome(viewer, session, action, tried.ticket_id, timeout, now)
    except UpstreamMisconfigured as misconfigured:
        _record(viewer, session, action, Outcome.UPSTREAM_UNAVAILABLE, misconfigured)
        raise
    except UpstreamError as failure:
        _record(viewer, session, action, Outcome.UPSTREAM_UNAVAILABLE, failure)
        return ActionResult(Outcome.UPSTREAM_UNAVAILABLE, str(UNAVAILABLE_MESSAGE))
    portal_cache.bump_user_generation(viewer.upstream_user_id)
    _record(viewer, session, action, success, info)
    _write_registration(viewer, session, action, tried.ticket_id, now)
    return ActionResult(success)


def _settle_unknown_outcome(viewer, session, action, ticket_id, timeout, now) -> ActionResult:
    """The call timed out: it may or may not have taken effect. Ask the upstream, never retry."""
    portal_cache.bump_user_generation(viewer.upstream_user_id)
    try:
        listed = get_client().registered_sessions(viewer.token, tz=session.start.tzinfo)
    except UpstreamError:
        _record(viewer, session, action, Outcome.UPSTREAM_UNAVAILABLE, timeout)
        return ActionResult(
            Outcome.UPSTREAM_UNAVAILABLE,
            _(
                "The event platform took too long to answer and we couldn't confirm your "
                "request. Please check My sessions before trying again."
            ),
        )
    is_registered = session.id in listed.ids
    took_effect = is_registered == (action in GRANTING)
    if not took_effect or (not is_registered and not listed.complete):
        # A list the portal could not read to the end proves no absence.
        # The request may still be on its way: say what we know, not "it failed".
        _record(viewer, session, action, Outcome.UPSTREAM_UNAVAILABLE, timeout)
        return ActionResult(Outcome.UPSTREAM_UNAVAILABLE, str(UNCONFIRMED_MESSAGES[action]))
    success = Outcome.JOINED if action in GRANTING else Outcome.UNREGISTERED
    _record(viewer, session, action, success, timeout)
    _write_registration(viewer, session, action, ticket_id, now)
    return ActionResult(success)


def _record(viewer, session, action, outcome, info: CallInfo | UpstreamError) -> None:
    _snapshot(session, info.request_id)
    try:
        JoinAttempt.objects.create(
            attendee_id=viewer.attendee_id,
            session_id=session.id,
            session_title=session.title[:500],
            action=action,
            outcome=outcome,
            http_status=info.status,
            error_code=getattr(info, "code", "") or "",
            error_message=getattr(info, "message", "") or "",
            latency_ms=info.latency_ms,
            request_id=info.request_id or "",
        )
    except DatabaseError:
        log.exception("could not record %s attempt (request %s)", action, info.request_id)


def _snapshot(session: Session, request_id: str) -> None:
    """Capacity and the like for the organizers' per-session summary. Refreshed by a click at
    most every SNAPSHOT_EVERY_SECONDS per session: when a keynote ends, hundreds of attendees
    join the same session within seconds, and rewriting its one row for each of them was a
    quarter of a join's own time, even as one upsert (docs/benchmarks.md)."""
    if not portal_cache.session_snapshot_due(session.id, SNAPSHOT_EVERY_SECONDS):
        return
    try:
        with transaction.atomic():  # the upsert's own transaction; a savepoint inside another
            SessionSnapshot.objects.remember(session)
    except DatabaseError:
        portal_cache.snapshot_failed(session.id)  # the next click tries again
        log.exception("could not snapshot session %s (request %s)", session.id, request_id)


def record_failed_lookup(*, viewer: Viewer, session_id: int, failure: UpstreamError) -> None:
    """A join click that failed before the join call (the session lookup): recorded too, so
    organizers see every click."""
    if isinstance(failure, UpstreamNotFound):
        outcome = Outcome.NOT_FOUND
    elif isinstance(failure, UpstreamAuthError):
        outcome = Outcome.TOKEN_EXPIRED
    else:
        outcome = Outcome.UPSTREAM_UNAVAILABLE
    try:
        JoinAttempt.objects.create(
            attendee_id=viewer.attendee_id,
            session_id=session_id,
            action=JoinAttempt.Action.JOIN,
            outcome=outcome,
            http_status=failure.status,
            error_code=failure.code or "",
            error_message=failure.message or "",
            latency_ms=failure.latency_ms,
            request_id=failure.request_id or "",
        )
    except DatabaseError:
        log.exception("could not record failed join lookup (request %s)", failure.request_id)


def _write_registration(viewer, session, action, ticket_id, now) -> None:
    """Mirror the upstream's yes locally; a failure here is logged for reconciliation, and the
    attendee still gets what the upstream granted."""
    try:
        with transaction.atomic():  # a savepoint when the caller is inside a transaction
            if action in GRANTING:
                # One INSERT .. ON CONFLICT statement: the join is answered after this write.
                values = registered_values(session, ticket_id=ticket_id, now=now)
                values["reserved_ahead"] = action == JoinAttempt.Action.RESERVE
                Registration.objects.bulk_create(
                    [Registration(attendee_id=viewer.attendee_id, session_id=session.id, **values)],
                    update_conflicts=True,
                    unique_fields=["attendee", "session_id"],
                    update_fields=list(values),
                )
            else:
                Registration.objects.filter(
                    attendee_id=viewer.attendee_id, session_id=session.id
                ).update(status=Registration.Status.UNREGISTERED, unregistered_at=now)
    except DatabaseError:
        log.exception(
            "local registration write failed for attendee %s session %s; reconciliation will "
            "close the gap",
            viewer.attendee_id,
            session.id,
        )


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
