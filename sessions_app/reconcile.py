"""Reconciliation: bring local registrations in line with the upstream's registrant lists.

Reads every session with its registrants through the organization API key, then, one session
per transaction: creates attendees (and their non-staff Django users) not seen yet, creates
missing registrations (made in the Accelevents hub or the mobile app), restores ones that are
back, and marks the ones gone upstream as unregistered.

Live traffic wins over the fetched list: a session whose attendee clicked join or unregister
after the list was fetched keeps its local state for that attendee (the next run settles it),
and a session already reconciled from a newer fetch is skipped. An interruption loses at most
the session in progress, whose transaction rolls back.
"""

import logging
from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction
from django.utils import timezone

from .models import Attendee, JoinAttempt, Registration, SessionSnapshot, registered_values
from .upstream.client import get_client
from .upstream.clock import upstream_now
from .upstream.domain import HostSession, Registrant

log = logging.getLogger(__name__)
Status = Registration.Status


@dataclass
class ReconcileReport:
    sessions_seen: int = 0
    sessions_skipped: int = 0  # a newer fetch was already applied
    sessions_failed: int = 0  # a local write failed; that session rolled back
    attendees_created: int = 0
    registrations_created: int = 0
    registrations_restored: int = 0
    registrations_removed: int = 0
    complete: bool = False  # every upstream session was read and applied

    @property
    def changes(self) -> int:
        return (
            self.attendees_created
            + self.registrations_created
            + self.registrations_restored
            + self.registrations_removed
        )

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def __str__(self) -> str:
        text = (
            f"{self.sessions_seen} sessions read: {self.attendees_created} attendees added, "
            f"{self.registrations_created} registrations added, "
            f"{self.registrations_restored} restored, {self.registrations_removed} removed"
        )
        if self.sessions_skipped:
            text += f"; {self.sessions_skipped} skipped (newer data already applied)"
        if self.sessions_failed:
            text += f"; {self.sessions_failed} failed (see the log), run again to retry"
        return text


def reconcile_registrations(
    *, only_session_ids: Collection[int] | None = None, page_size: int | None = None
) -> ReconcileReport:
    """Page through the upstream's sessions and apply each; `only_session_ids` limits the
    writes to those sessions. Raises UpstreamError if the upstream cannot be read; what was
    applied before that stays applied."""
    client = get_client()
    started_at = upstream_now()
    event = client.event(api_key=True)
    event_id = client.contract.event_id or event.id
    if event_id is None:
        log.warning("reconciliation: no event id known; set ACCELEVENTS_EVENT_ID")
    report, seen, total, page = ReconcileReport(), set(), 0, 0
    while page < client.contract.max_pages:
        fetched_at = timezone.now()
        hosts, total, items = client.host_sessions(
            tz=event.tz, event_id=event_id, page=page, size=page_size
        )
        fresh = [host for host in hosts if host.session.id not in seen]
        for host in fresh:
            seen.add(host.session.id)
            if only_session_ids is None or host.session.id in only_session_ids:
                _apply_safely(host, fetched_at, report)
        report.sessions_seen = len(seen)
        page += 1
        # Counted, not computed from page * size: an upstream may cap the page size (a short
        # page is not the last), skip an unreadable item, or ignore `page` (nothing fresh).
        if not items or (hosts and not fresh) or len(seen) >= total:
            break
    # Sessions deleted upstream: only after a full, clean read (a skipped item is not a delete).
    if only_session_ids is None and seen and len(seen) >= total and not report.sessions_failed:
        report.registrations_removed += _remove_from_vanished_sessions(seen, started_at)
        report.complete = True
    log.info("reconciliation: %s", report)
    return report


def _apply_safely(host: HostSession, fetched_at: datetime, report: ReconcileReport) -> None:
    try:
        _apply_session(host, fetched_at, report)
    except DatabaseError:
        report.sessions_failed += 1
        log.exception("reconciliation of session %s failed and rolled back", host.session.id)


def _apply_session(host: HostSession, fetched_at: datetime, report: ReconcileReport) -> None:
    delta = ReconcileReport()
    with transaction.atomic():
        session = host.session
        previous = SessionSnapshot.objects.select_for_update().filter(pk=session.id).first()
        if previous and previous.reconciled_at and previous.reconciled_at > fetched_at:
            report.sessions_skipped += 1
            return
        snapshot = SessionSnapshot.objects.remember(session, now=fetched_at)
        snapshot.reconciled_at = fetched_at
        snapshot.save(update_fields=["reconciled_at"])
        attendees = _attendees_for(host.registrants, fetched_at, delta)
        _align_registrations(host, attendees, fetched_at, delta)
    # Counted only once the transaction committed.
    report.attendees_created += delta.attendees_created
    report.registrations_created += delta.registrations_created
    report.registrations_restored += delta.registrations_restored
    report.registrations_removed += delta.registrations_removed


def _attendees_for(registrants, seen_at: datetime, delta: ReconcileReport) -> dict[int, Attendee]:
    by_user = {r.user_id: r for r in registrants if r.user_id > 0}
    attendees = {
        a.upstream_user_id: a for a in Attendee.objects.filter(upstream_user_id__in=by_user)
    }
    for user_id, registrant in by_user.items():
        attendee = attendees.get(user_id)
        if attendee is None:
            attendee, created = _create_attendee(registrant, seen_at)
            delta.attendees_created += created
            attendees[user_id] = attendee
        if registrant.ticket_id and registrant.ticket_id not in attendee.ticket_ids:
            attendee.ticket_ids = sorted({*attendee.ticket_ids, registrant.ticket_id})
            attendee.save(update_fields=["ticket_ids"])
    return attendees


def _create_attendee(registrant: Registrant, seen_at: datetime) -> tuple[Attendee, bool]:
    names = {
        "email": registrant.email,
        "first_name": registrant.first_name[:150],
        "last_name": registrant.last_name[:150],
    }
    # Same username as a sign-in creates, so a later sign-in finds this user. Never staff.
    user, created = get_user_model().objects.get_or_create(
        username=f"accelevents-{registrant.user_id}", defaults=names
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return Attendee.objects.get_or_create(
        upstream_user_id=registrant.user_id,
        defaults={"user": user, "last_seen_at": seen_at, **names},
    )


def _align_registrations(host, attendees, fetched_at, delta: ReconcileReport) -> None:
    session = host.session
    local = {
        r.attendee_id: r
        for r in Registration.objects.select_for_update().filter(session_id=session.id)
    }
    # Attendees who clicked join/unregister on this session since the fetch: their local
    # state is newer than the list, so leave it.
    busy = set(
        JoinAttempt.objects.filter(session_id=session.id, created_at__gte=fetched_at).values_list(
            "attendee_id", flat=True
        )
    )
    upstream = {attendees[r.user_id].pk: r for r in host.registrants if r.user_id in attendees}
    now = upstream_now()
    for attendee_id, registrant in upstream.items():
        existing = local.get(attendee_id)
        if attendee_id in busy or (existing and existing.status == Status.REGISTERED):
            continue
        values = _registration_values(session, registrant, now)
        _, created = Registration.objects.update_or_create(
            attendee_id=attendee_id, session_id=session.id, defaults=values
        )
        if created:
            delta.registrations_created += 1
        else:
            delta.registrations_restored += 1
    gone = [
        r.pk
        for attendee_id, r in local.items()
        if r.status == Status.REGISTERED and attendee_id not in upstream and attendee_id not in busy
    ]
    if gone:
        delta.registrations_removed += Registration.objects.filter(pk__in=gone).update(
            status=Status.UNREGISTERED, unregistered_at=now
        )


def _registration_values(session, registrant: Registrant, now: datetime) -> dict:
    # The upstream does not say when; registered_at is when the portal learned of it.
    return registered_values(session, ticket_id=registrant.ticket_id, now=now)


def _remove_from_vanished_sessions(seen: set[int], started_at: datetime) -> int:
    """Registrations for sessions the upstream no longer lists at all (a session created and
    joined while the pages were read is not among them)."""
    vanished = Registration.objects.filter(
        status=Status.REGISTERED, registered_at__lt=started_at
    ).exclude(session_id__in=seen)
    return vanished.update(status=Status.UNREGISTERED, unregistered_at=upstream_now())
