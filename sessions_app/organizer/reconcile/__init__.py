"""Reconciliation: bring local registrations in line with the upstream's registrant lists.

Reads every session with its registrants through the organization API key, page by page, and
applies each page as one batch (`apply.py`; its attendees in `attendees.py`): a fixed number
of statements per page however many registrants it holds. It creates attendees (and their
non-staff Django users) not seen yet, creates missing registrations (made in the Accelevents
hub or the mobile app), restores ones that are back, and marks the ones gone upstream as
unregistered.

Live traffic wins over the fetched list: an attendee who clicked join or unregister on a
session after the list was fetched, or shortly before (the call may have landed after), keeps
their local state there, as does a registration written after the fetch (the next run settles
it), and a session already reconciled from a newer fetch is skipped. Every time compared is on
the upstream's clock (upstream/clock.py), as registrations are stamped. A registrant the
portal cannot read is logged and nobody it could be is marked unregistered. A page whose write
fails is applied again session by session, so one bad session rolls back alone.
"""

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, fields
from datetime import datetime

from django.db.models import F
from django.db.models.functions import Coalesce

from sessions_app.models import Registration, SessionSnapshot
from sessions_app.upstream.client import get_client
from sessions_app.upstream.clock import upstream_now

from .apply import apply_safely

log = logging.getLogger(__name__)
Status = Registration.Status


@dataclass
class ReconcileReport:
    sessions_seen: int = 0
    sessions_total: int = 0  # what the upstream counted (recordsFiltered)
    sessions_skipped: int = 0  # a newer fetch was already applied
    sessions_failed: int = 0  # a local write failed; that session rolled back
    attendees_created: int = 0
    registrations_created: int = 0
    registrations_restored: int = 0
    registrations_removed: int = 0
    registrants_unreadable: int = 0  # logged; nobody they could be was marked unregistered
    complete: bool = False  # every upstream session was read and applied
    event_zone: str = ""  # the event's IANA zone as this run read it
    event_zone_source: str = ""

    @property
    def changes(self) -> int:
        return (
            self.attendees_created
            + self.registrations_created
            + self.registrations_restored
            + self.registrations_removed
        )

    def add(self, delta: "ReconcileReport") -> None:
        for name in (
            "sessions_skipped",
            "attendees_created",
            "registrations_created",
            "registrations_restored",
            "registrations_removed",
            "registrants_unreadable",
        ):
            setattr(self, name, getattr(self, name) + getattr(delta, name))

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
        if self.registrants_unreadable:
            text += (
                f"; {self.registrants_unreadable} registrants unreadable (see the log), "
                "their sessions' registrations left as they were"
            )
        if self.sessions_failed:
            text += f"; {self.sessions_failed} failed (see the log), run again to retry"
        return text


Progress = Callable[[ReconcileReport], None]


def reconcile_registrations(
    *,
    only_session_ids: Collection[int] | None = None,
    page_size: int | None = None,
    progress: Progress | None = None,
) -> ReconcileReport:
    """Page through the upstream's sessions and apply each page; `only_session_ids` limits the
    writes to those sessions; `progress` is called with the report after every page. Raises
    UpstreamError if the upstream cannot be read; what was applied before that stays applied."""
    client = get_client()
    started_at = upstream_now()
    event = client.event(api_key=True)
    report = ReconcileReport(event_zone=event.tz_name, event_zone_source=event.zone.source)
    event_id = client.contract.event_id or event.id
    if event_id is None:
        log.warning("reconciliation: no event id known; set ACCELEVENTS_EVENT_ID")
    seen: set[int] = set()
    for page in range(client.contract.max_pages):
        fetched_at = upstream_now()  # the clock registrations are stamped with
        hosts, total, items = client.host_sessions(
            tz=event.tz, event_id=event_id, page=page, size=page_size
        )
        fresh = [host for host in hosts if host.session.id not in seen]
        seen.update(host.session.id for host in fresh)
        chosen = [h for h in fresh if only_session_ids is None or h.session.id in only_session_ids]
        apply_safely(chosen, fetched_at, report)
        report.sessions_seen, report.sessions_total = len(seen), total
        if progress is not None:
            progress(report)
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


def _remove_from_vanished_sessions(seen: set[int], started_at: datetime) -> int:
    """Registrations for sessions the upstream no longer lists at all (a session created and
    joined while the pages were read is not among them); those sessions count as hidden (no
    reminder e-mails for their stars)."""
    SessionSnapshot.objects.filter(synced_at__lt=started_at).exclude(pk__in=seen).update(
        hidden=True
    )
    latest = Coalesce(F("last_registered_at"), F("registered_at"))
    vanished = (
        Registration.objects.filter(status=Status.REGISTERED)
        .alias(latest=latest)
        .filter(latest__lt=started_at)
        .exclude(session_id__in=seen)
    )
    return vanished.update(status=Status.UNREGISTERED, unregistered_at=upstream_now())
