"""Applying one page of the upstream's sessions with their registrants: a fixed number of
statements per page (snapshots, attendees, registrations), whatever the number of registrants,
in one transaction; a page that fails is applied again one session at a time."""

import logging
from collections import defaultdict
from datetime import datetime, timedelta
from typing import NamedTuple

from django.db import DatabaseError, transaction
from django.db.models.functions import Lower

from sessions_app.joining.settling import FINAL_AFTER_SECONDS
from sessions_app.models import (
    Attendee,
    JoinAttempt,
    Registration,
    SessionSnapshot,
    registered_values,
)
from sessions_app.upstream.clock import our_time, upstream_now
from sessions_app.upstream.domain import HostSession

from .attendees import attendees_for
from .times import align_times

log = logging.getLogger("sessions_app.organizer.reconcile")
Status = Registration.Status
EVERYONE = None  # a session whose unreadable registrants could be anyone: no removals
# A join or leave clicked this long before the fetch may still have been on its way upstream
# when the list was read (settling.py waits as long before it takes an absence as final).
IN_FLIGHT = timedelta(seconds=FINAL_AFTER_SECONDS)


def apply_safely(hosts: list[HostSession], fetched_at: datetime, report) -> None:
    if not hosts:
        return
    try:
        _apply(hosts, fetched_at, report)
    except DatabaseError:
        if len(hosts) == 1:
            report.sessions_failed += 1
            log.exception(
                "reconciliation of session %s failed and rolled back", hosts[0].session.id
            )
            return
        log.warning("reconciliation of a page of %d sessions failed; one at a time", len(hosts))
        for host in hosts:
            apply_safely([host], fetched_at, report)


def _apply(hosts: list[HostSession], fetched_at: datetime, report) -> None:
    delta = type(report)()
    with transaction.atomic():
        hosts = _not_applied_since(hosts, fetched_at, delta)
        if hosts:
            sessions = [host.session for host in hosts]
            hidden = {host.session.id for host in hosts if host.hidden}
            SessionSnapshot.objects.remember_many(
                sessions, now=fetched_at, reconciled=True, hidden=hidden
            )
            attendees = attendees_for(hosts, fetched_at, delta)
            _align_registrations(hosts, attendees, fetched_at, delta)
            align_times(sessions)
    report.add(delta)  # counted only once the transaction committed


def _not_applied_since(hosts, fetched_at, delta) -> list[HostSession]:
    """The hosts whose session no run applied from a fetch newer than this one."""
    ids = [host.session.id for host in hosts]
    newer = set(
        SessionSnapshot.objects.select_for_update()
        .filter(pk__in=ids, reconciled_at__gt=fetched_at)
        .values_list("pk", flat=True)
    )
    delta.sessions_skipped += len(newer)
    return [host for host in hosts if host.session.id not in newer]


class Listed(NamedTuple):
    """What a page's lists say, as rows: who each list names (attendee pks by session id), the
    registrations to create and to restore, and the fields a restore writes."""

    names: dict[int, set[int]]
    creates: list[Registration]
    restores: list[Registration]
    fields: list[str]


def _align_registrations(hosts, attendees, fetched_at, delta) -> None:
    """The page's registrations made to match its lists: created or restored for every listed
    registrant, marked unregistered where no list names them any more; never where a click may
    be newer than the list, nor for the attendees unreadable registrants may be."""
    ids = [host.session.id for host in hosts]
    local = {
        (r.session_id, r.attendee_id): r
        for r in Registration.objects.select_for_update().filter(session_id__in=ids)
    }
    leaving, joining = _busy(ids, fetched_at)
    protected = _unreadable_registrants(hosts, delta)
    now = upstream_now()
    listed = _listed_rows(hosts, attendees, local, leaving, fetched_at, now)
    gone = _gone(local, listed.names, joining, protected, fetched_at)
    _write(listed, gone, now, delta)


def _listed_rows(hosts, attendees, local, leaving, fetched_at, now) -> Listed:
    """The rows each listed registrant needs: created where missing, restored where the row says
    otherwise, left alone where a leave may be newer or the row is registered or written since."""
    names, creates, restores, fields = defaultdict(set), [], [], []
    for host in hosts:
        sid = host.session.id
        values = registered_values(host.session, ticket_id=None, now=now)
        fields = list(values)
        for registrant in host.registrants:
            attendee = attendees.get(registrant.user_id)
            if attendee is None:
                continue
            names[sid].add(attendee.pk)
            existing = local.get((sid, attendee.pk))
            if (sid, attendee.pk) in leaving or (existing and _leave_alone(existing, fetched_at)):
                continue
            row = {**values, "ticket_id": registrant.ticket_id}
            if existing is None:
                creates.append(
                    Registration(attendee=attendee, session_id=sid, registered_at=now, **row)
                )
            else:
                for name, value in row.items():
                    setattr(existing, name, value)
                restores.append(existing)
    return Listed(names, creates, restores, fields)


def _gone(local, names, joining, protected, fetched_at) -> list[int]:
    """The registered rows no list names any more, but for a join that may be newer than the
    list, a row written since it was fetched, and attendees an unreadable registrant may be."""
    return [
        r.pk
        for (sid, attendee_id), r in local.items()
        if r.status == Status.REGISTERED
        and attendee_id not in names[sid]
        and (sid, attendee_id) not in joining
        and not _changed_since(r, fetched_at)
        and protected.get(sid, set()) is not EVERYONE
        and attendee_id not in protected.get(sid, set())
    ]


def _write(listed: Listed, gone: list[int], now: datetime, delta) -> None:
    """A fixed number of statements whatever the number of rows, each counted in `delta`."""
    if listed.creates:  # a join just made it: the ignored conflict
        Registration.objects.bulk_create(listed.creates, ignore_conflicts=True)
        delta.registrations_created += len(listed.creates)
    if listed.restores:
        Registration.objects.bulk_update(listed.restores, listed.fields)
        delta.registrations_restored += len(listed.restores)
    if gone:
        delta.registrations_removed += Registration.objects.filter(pk__in=gone).update(
            status=Status.UNREGISTERED, unregistered_at=now
        )


def _busy(ids, fetched_at: datetime) -> tuple[set, set]:
    """(session, attendee) pairs whose local state may be newer than the list: not to be marked
    registered (leaving), not to be marked unregistered (joining). A click after the fetch
    counts both ways; one shortly before it only its own way, as it may have landed after the
    fetch. Attempts are stamped by Django, on our clock."""
    fetched = our_time(fetched_at)
    rows = JoinAttempt.objects.filter(
        session_id__in=ids, created_at__gte=fetched - IN_FLIGHT, kind=JoinAttempt.Kind.CALL
    ).values_list("session_id", "attendee_id", "action", "created_at")
    leaving, joining = set(), set()
    for session_id, attendee_id, action, created_at in rows:
        leave = action == JoinAttempt.Action.UNREGISTER
        if created_at >= fetched or leave:
            leaving.add((session_id, attendee_id))
        if created_at >= fetched or not leave:
            joining.add((session_id, attendee_id))
    return leaving, joining


def _changed_since(row: Registration, fetched_at: datetime) -> bool:
    """The row was written after the list was fetched (by My sessions, or a click's yes):
    registrations are stamped on the upstream's clock, as `fetched_at` is."""
    stamps = (row.registered_at, row.last_registered_at, row.unregistered_at)
    return any(stamp and stamp >= fetched_at for stamp in stamps)


def _leave_alone(row: Registration, fetched_at: datetime) -> bool:
    return row.status == Status.REGISTERED or _changed_since(row, fetched_at)


def _unreadable_registrants(hosts, delta) -> dict[int, set[int] | None]:
    """Per session with unreadable registrants, the attendees they are (by e-mail), or EVERYONE
    when one of them matches no single attendee: none of those may be marked unregistered."""
    emails = {email for host in hosts for email in host.unreadable if email}
    by_email: dict[str, list[int]] = defaultdict(list)
    if emails:
        rows = Attendee.objects.alias(lower=Lower("email")).filter(lower__in=emails)
        for pk, email in rows.values_list("pk", "email"):
            by_email[email.casefold()].append(pk)
    protected: dict[int, set[int] | None] = {}
    for host in hosts:
        if not host.unreadable:
            continue
        delta.registrants_unreadable += len(host.unreadable)
        matches = [by_email.get(email, []) for email in host.unreadable]
        if all(len(found) == 1 for found in matches):
            protected[host.session.id] = {found[0] for found in matches}
        else:
            protected[host.session.id] = EVERYONE
        log.warning(
            "reconciliation: session %s has %d unreadable registrant(s); %s",
            host.session.id,
            len(host.unreadable),
            "their registrations are left as they were"
            if protected[host.session.id] is not EVERYONE
            else "no registration of it is marked unregistered this run",
        )
    return protected
