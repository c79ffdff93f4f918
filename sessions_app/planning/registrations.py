"""One attendee's local registrations brought in line with the upstream's list of them.

My sessions reads that list anyway; what it shows and what the portal records (and serves in
the calendar feed) then agree at once for registrations made elsewhere (the hub, the app, the
demo's seed), instead of only at the next reconciliation. A row changed after the list was
fetched (a join or unregister racing this page) is newer than the list, so it is left alone;
rows are only marked unregistered from a list that was read to the end.
"""

from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from functools import cached_property

from django.db import DatabaseError, transaction

from sessions_app.models import Registration, registered_values
from sessions_app.ops.database_outage import OUTAGE_ERRORS
from sessions_app.upstream.domain import SessionPage

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


class RegistrationsByTicket(Mapping):
    """Per ticket id, how many of the sessions the upstream lists the attendee in were made
    with that ticket (a session limit counts per ticket): with one ticket, all of them; with
    several, those the portal recorded with it. A registration whose ticket the portal doesn't
    know counts for none, so a count is never more than the truth. Read from the database only
    when first asked (a card needs it only when a ticket's limit is known)."""

    def __init__(self, attendee_id: int, registered_ids, sessions):
        self.attendee_id, self.registered_ids = attendee_id, registered_ids
        # Every session item carries the same array of the caller's tickets.
        self.ticket_ids = tuple(sessions[0].ticket_ids) if sessions else ()

    @cached_property
    def _counts(self) -> dict[int, int]:
        if len(self.ticket_ids) == 1:
            return {self.ticket_ids[0]: len(self.registered_ids)}
        rows = Registration.objects.filter(
            attendee_id=self.attendee_id,
            status=Status.REGISTERED,
            session_id__in=list(self.registered_ids),
            ticket_id__isnull=False,
        )
        try:
            return dict(Counter(rows.values_list("ticket_id", flat=True)))
        except OUTAGE_ERRORS:  # no counts, no claims: the click finds out
            return {}

    def __getitem__(self, ticket_id: int) -> int:
        return self._counts[ticket_id]

    def __iter__(self):
        return iter(self._counts)

    def __len__(self) -> int:
        return len(self._counts)
