"""What the portal writes down about each join or unregister click.

The attempt is written *before* the upstream call, as `unconfirmed`: if the portal's database
does not take it, the call is never made (the attendee gets the database outage page, nothing
happened anywhere), and if the process dies mid-call the row is still there to be settled
(settling.py). After the call the row gets its outcome; the local registration changes only on
the upstream's yes. Snapshots of the session feed the organizers' per-session summary.
"""

import logging
from datetime import timedelta

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from sessions_app import cache as portal_cache
from sessions_app.identity import Viewer
from sessions_app.models import JoinAttempt, Registration, SessionSnapshot, registered_values
from sessions_app.upstream.domain import Session
from sessions_app.upstream.errors import UpstreamAuthError, UpstreamError, UpstreamNotFound

from . import attempt_sql

log = logging.getLogger("sessions_app.joining.services")
Outcome = JoinAttempt.Outcome
SNAPSHOT_EVERY_SECONDS = 10


def open_attempt(viewer: Viewer, session: Session, action: str) -> JoinAttempt:
    """The click on record before anything is sent. Raises the database's error: then no
    upstream write may be made, since its outcome could not be recorded."""
    attempt = JoinAttempt(
        attendee_id=viewer.attendee_id,
        session_id=session.id,
        session_title=session.title[:500],
        action=action,
        outcome=Outcome.UNCONFIRMED,
    )
    if connection.vendor != "postgresql":
        attempt.save(force_insert=True)
        return attempt
    attempt.created_at = timezone.now()  # as `auto_now_add` would
    fields = {f.name: getattr(attempt, f.attname) for f in JoinAttempt._meta.concrete_fields}
    attempt.pk = attempt_sql.insert_attempt({k: v for k, v in fields.items() if k != "id"})
    return attempt


def close_attempt(attempt: JoinAttempt, session: Session, outcome: str, info) -> bool:
    """The outcome of the call (`info`: its CallInfo or UpstreamError). Only an attempt still
    unconfirmed is changed: a settle step may have got there first. False when the database
    did not take it."""
    _snapshot(session, info.request_id)
    try:
        with transaction.atomic():  # a savepoint inside the caller's: a failure here spoils nothing
            _update_attempt(attempt, outcome, info)
    except DatabaseError:
        log.exception(
            "could not record the outcome of %s attempt %s (request %s); it stays unconfirmed "
            "until settled",
            attempt.action,
            attempt.pk,
            info.request_id,
        )
        return False
    return True


def _attempt_fields(outcome: str, info) -> dict:
    return {
        "outcome": outcome,
        "http_status": info.status,
        "error_code": getattr(info, "code", "") or "",
        "error_message": getattr(info, "message", "") or "",
        "latency_ms": info.latency_ms,
        "request_id": info.request_id or "",
    }


def _update_attempt(attempt: JoinAttempt, outcome: str, info) -> None:
    fields = _attempt_fields(outcome, info)
    JoinAttempt.objects.filter(pk=attempt.pk, outcome=Outcome.UNCONFIRMED).update(**fields)


def settle_attempt_row(attempt_id: int, outcome: str) -> bool:
    """Give an unconfirmed attempt its final outcome; False when another settler already did."""
    return bool(
        JoinAttempt.objects.filter(pk=attempt_id, outcome=Outcome.UNCONFIRMED).update(
            outcome=outcome, settled_at=timezone.now()
        )
    )


def close_with_registration(
    attempt: JoinAttempt, session: Session, outcome: str, info, viewer: Viewer, ticket_id, now
) -> bool:
    """The upstream's yes: the attempt's outcome and the local registration together, so one
    commit: on PostgreSQL one statement (attempt_sql.py), elsewhere one transaction, the
    registration in a savepoint (a failure keeps the outcome; reconciliation closes the gap).
    False when the database refused the outcome: both stay for settling."""
    _snapshot(session, info.request_id)
    try:
        if connection.vendor == "postgresql" and attempt.action != JoinAttempt.Action.UNREGISTER:
            _close_in_one_statement(attempt, outcome, info, viewer, ticket_id, now, session)
            return True
        with transaction.atomic():
            _update_attempt(attempt, outcome, info)
            write_registration(viewer, session, attempt.action, ticket_id, now)
    except DatabaseError:
        log.exception("could not record the upstream's yes for attempt %s", attempt.pk)
        return False
    return True


def _close_in_one_statement(attempt, outcome, info, viewer, ticket_id, now, session) -> None:
    values = _registration_values(session, attempt.action, ticket_id, now)
    args = (attempt.pk, _attempt_fields(outcome, info), viewer.attendee_id, session.id)
    attempt_sql.close_granted(*args, values, now)  # its own transaction (a savepoint in another)


def write_registration(viewer: Viewer, session: Session, action: str, ticket_id, now) -> None:
    """Mirror the upstream's yes locally; a failure here is logged for reconciliation, and the
    attendee still gets what the upstream granted. For an unregister only `session.id` is
    read."""
    try:
        with transaction.atomic():  # a savepoint when the caller is inside a transaction
            _upsert_registration(viewer, session, action, ticket_id, now)
    except DatabaseError:
        log.exception(
            "local registration write failed for attendee %s session %s; reconciliation will "
            "close the gap",
            viewer.attendee_id,
            session.id,
        )


def _upsert_registration(viewer: Viewer, session: Session, action: str, ticket_id, now) -> None:
    if action == JoinAttempt.Action.UNREGISTER:
        Registration.objects.filter(attendee_id=viewer.attendee_id, session_id=session.id).update(
            status=Registration.Status.UNREGISTERED, unregistered_at=now
        )
        return
    # One INSERT .. ON CONFLICT statement: the join is answered after this write.
    # `registered_at` is only inserted, never updated: it stays the first one.
    values = _registration_values(session, action, ticket_id, now)
    first = {"attendee_id": viewer.attendee_id, "registered_at": now}
    Registration.objects.bulk_create(
        [Registration(session_id=session.id, **first, **values)],
        update_conflicts=True,
        unique_fields=["attendee", "session_id"],
        update_fields=list(values),
    )


def _registration_values(session: Session, action: str, ticket_id, now) -> dict:
    values = registered_values(session, ticket_id=ticket_id, now=now)
    values["reserved_ahead"] = action == JoinAttempt.Action.RESERVE
    return values


def _snapshot(session: Session, request_id: str) -> None:
    """Capacity and the like for the organizers' per-session summary. Refreshed by a click at
    most every SNAPSHOT_EVERY_SECONDS per session: when a keynote ends, hundreds of attendees
    join the same session within seconds, and rewriting its one row for each of them was a
    quarter of a join's own time, even as one upsert (docs/benchmarks.md)."""
    if not session.has_times:  # a snapshot needs times: one without waits until it has them
        return
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


def settle_from_records(*, reconciled_since, older_than_seconds: float = 40) -> int:
    """After a complete reconciliation: unconfirmed attempts made `older_than_seconds` before it
    started (as long as settling.py waits before a write's absence is final: the write has
    landed, or never will, by the time the run read the upstream) take the outcome the
    reconciled local registration shows. Returns how many were settled."""
    cutoff = reconciled_since - timedelta(seconds=older_than_seconds)
    stale = JoinAttempt.objects.filter(
        outcome=Outcome.UNCONFIRMED, settled_at__isnull=True, created_at__lt=cutoff
    )
    settled = 0
    for attempt in stale.only("pk", "attendee_id", "session_id", "action"):
        registered = Registration.objects.filter(
            attendee_id=attempt.attendee_id,
            session_id=attempt.session_id,
            status=Registration.Status.REGISTERED,
        ).exists()
        joining = attempt.action != JoinAttempt.Action.UNREGISTER
        if registered == joining:
            outcome = Outcome.JOINED if joining else Outcome.UNREGISTERED
        else:
            outcome = Outcome.UPSTREAM_UNAVAILABLE  # it did not happen
        settled += settle_attempt_row(attempt.pk, outcome)
    return settled
