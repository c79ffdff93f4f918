"""One attendee's local registrations brought in line with the upstream's list of them.

My sessions reads that list anyway; what it shows and what the portal records (and serves in
the calendar feed) then agree at once for registrations made elsewhere (the hub, the app, the
demo's seed), instead of only at the next reconciliation. A row changed after the list was
fetched (a join or unregister racing this page) is newer than the list, so it is left alone;
rows are only marked unregistered from a list that was read to the end.
"""

from datetime import datetime

from django.db import DatabaseError, transaction

from .models import Registration, registered_values
from .upstream.domain import SessionPage

Status = Registration.Status


def mirror_registrations(
    *, attendee_id: int, registered: SessionPage, fetched_at: datetime, now: datetime
) -> None:
    local = {r.session_id: r for r in Registration.objects.filter(attendee_id=attendee_id)}
    missing = [
        s
        for s in registered.sessions
        if s.has_times  # the record needs times; one without waits until they are announced
        and (s.id not in local or _older(local[s.id], fetched_at, Status.UNREGISTERED))
    ]
    gone = [
        r.pk
        for sid, r in local.items()
        if registered.complete
        and sid not in registered.ids
        and _older(r, fetched_at, Status.REGISTERED)
    ]
    if not missing and not gone:
        return
    try:
        with transaction.atomic():
            _restore(attendee_id, missing, local, now)
            Registration.objects.filter(pk__in=gone).update(
                status=Status.UNREGISTERED, unregistered_at=now
            )
    except DatabaseError:  # a page must not fail for its bookkeeping; reconcile catches up
        return


def _older(row: Registration, fetched_at: datetime, status: str) -> bool:
    """The row has `status` and last changed before the list was fetched."""
    changed = max(t for t in (row.registered_at, row.last_registered_at, row.unregistered_at) if t)
    return row.status == status and changed < fetched_at


def _restore(attendee_id: int, sessions, local: dict, now: datetime) -> None:
    for session in sessions:
        values = registered_values(session, ticket_id=None, now=now)
        known = local.get(session.id)
        if known is not None:  # the first registration stays the first
            values["ticket_id"] = known.ticket_id
        Registration.objects.update_or_create(
            attendee_id=attendee_id,
            session_id=session.id,
            defaults=values,
            create_defaults={**values, "registered_at": now},
        )
