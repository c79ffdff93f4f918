"""Join and unregister: each one transaction, refusals checked in the contract's order."""

from django.db import IntegrityError, transaction

from sandbox import catalogue, clock, errors
from sandbox.models import Event, Registration, Session, Ticket, User


def _visible_session(event: Event, session_id: int, *, lock: bool) -> Session:
    sessions = Session.objects.select_for_update() if lock else Session.objects
    session = sessions.filter(pk=session_id, event=event, status=Session.VISIBLE).first()
    if session is None:
        raise errors.session_not_found()
    return session


def _callers_ticket(event: Event, user: User, ticket_id: int) -> Ticket:
    ticket = (
        Ticket.objects.select_for_update()
        .select_related("ticket_type")
        .filter(pk=ticket_id, user=user, event=event)
        .first()
    )
    if ticket is None:
        raise errors.no_ticket()
    return ticket


def _check_time(session: Session, now, *, ahead: bool, after: bool) -> None:
    """Live sessions can be joined; before the start only with `joinSession=true` (reserve,
    documented), after the end only with `pastJoinSession=true`, and then not where late joining
    was allowed (its recording is for those who watched live)."""
    if session.is_live(now):
        return
    if now < session.start_time:
        if not ahead:
            raise errors.not_live()
        return
    if not after:
        raise errors.not_live()
    if session.allowed_minutes_to_join_late:
        raise errors.recording_for_live_viewers_only()


def join_session(
    *,
    event: Event,
    user: User,
    session_id: int,
    ticket_id: int,
    ahead: bool = False,
    after: bool = False,
) -> None:
    # The session row lock (a no-op on SQLite, where BEGIN IMMEDIATE already serialises
    # writers) makes the capacity check and the insert one step; the ticket lock does the
    # same for the per-ticket session limit. Lock order is always session, then ticket.
    with transaction.atomic():
        session = _visible_session(event, session_id, lock=True)
        ticket = _callers_ticket(event, user, ticket_id)
        now = clock.now()
        _check_time(session, now, ahead=ahead, after=after)
        allowed = set(session.allowed_ticket_types.values_list("pk", flat=True))
        if allowed and ticket.ticket_type_id not in allowed:
            raise errors.ticket_type_refused()
        if Registration.objects.filter(session=session, user=user).exists():
            return
        limit = ticket.ticket_type.session_limit
        if limit and Registration.objects.filter(ticket=ticket).count() >= limit:
            raise errors.session_limit_reached(limit)
        if session.capacity and session.registrations.count() >= session.capacity:
            raise errors.capacity_reached()
        try:
            with transaction.atomic():
                Registration.objects.create(
                    session=session, ticket=ticket, user=user, created_at=now
                )
                catalogue.bump()  # its registered count
        except IntegrityError:
            return  # a concurrent duplicate join by the same user: already registered


def unregister_session(*, event: Event, user: User, session_id: int, ticket_id: int) -> None:
    with transaction.atomic():
        session = _visible_session(event, session_id, lock=True)
        _callers_ticket(event, user, ticket_id)
        deleted, _ = Registration.objects.filter(session=session, user=user).delete()
        if not deleted:
            raise errors.not_registered()
        catalogue.bump()
