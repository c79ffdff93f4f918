"""The upstream's sessions as last seen (by a join click or by reconciliation), the facts every
snapshot stores, and the single-statement upsert that writes them."""

from django.db import models
from django.utils import timezone

SNAPSHOT_SYNCED = [
    "title",
    "format",
    "start",
    "end",
    "track",
    "capacity",
    "upstream_registered_count",
    "upstream_interested_count",
    "ticket_type_ids",
    "hidden",
    "synced_at",
]


def session_facts(session) -> dict:
    """A domain Session's facts as every snapshot stores them (registration or summary)."""
    return {
        "title": session.title[:500],
        "format": session.format.value,
        "start": session.start,
        "end": session.end,
        "track": ", ".join(t.name for t in session.tracks)[:200],
    }


class SessionSnapshotManager(models.Manager):
    def remember(self, session, *, now=None) -> "SessionSnapshot":
        """Upsert what the upstream last said about `session` (a domain Session) in one
        INSERT .. ON CONFLICT statement: join clicks write it while other attendees join the
        same session, and a read-then-write would hold its row locked across two round trips.
        `reconciled_at` is left as it was."""
        return self.remember_many([session], now=now)[0]

    def remember_many(
        self, sessions, *, now=None, reconciled=False, hidden=frozenset()
    ) -> list["SessionSnapshot"]:
        """`remember` for several sessions in one statement; `reconciled` also stamps
        `reconciled_at` (reconciliation applied their registrant lists as of `now`); `hidden`
        the ids of those the organizer hid (an attendee's read never returns one)."""
        now = now or timezone.now()
        snapshots = [
            self.model(
                id=session.id,
                **session_facts(session),
                capacity=max(session.capacity, 0),
                upstream_registered_count=max(session.registered_count, 0),
                upstream_interested_count=session.interested_count,
                ticket_type_ids=sorted(session.allowed_ticket_type_ids),
                hidden=session.id in hidden,
                synced_at=now,
                reconciled_at=now if reconciled else None,
            )
            for session in sessions
        ]
        update = [*SNAPSHOT_SYNCED, "reconciled_at"] if reconciled else SNAPSHOT_SYNCED
        self.bulk_create(
            snapshots, update_conflicts=True, unique_fields=["id"], update_fields=update
        )
        return snapshots


class SessionSnapshot(models.Model):
    """The upstream's session as last seen (by a join click or by reconciliation): what the
    per-session summary needs that no registration row holds, such as capacity."""

    id = models.BigIntegerField(primary_key=True, verbose_name="session id")
    title = models.CharField(max_length=500)
    format = models.CharField(max_length=40, db_index=True)
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    track = models.CharField(max_length=200, blank=True, db_index=True)
    capacity = models.PositiveIntegerField(default=0, help_text="0 means unlimited")
    upstream_registered_count = models.PositiveIntegerField(default=0)
    upstream_interested_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="The platform's interested count; empty when not given."
    )
    ticket_type_ids = models.JSONField(
        default=list, blank=True, help_text="Ticket types allowed to join; empty means all."
    )
    hidden = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Hidden from attendees, or no longer listed: no reminder e-mails for it.",
    )
    synced_at = models.DateTimeField()
    reconciled_at = models.DateTimeField(
        null=True, blank=True, help_text="When the registrant list last fetched was applied."
    )

    objects = SessionSnapshotManager()

    class Meta:
        ordering = ["start", "title"]
        verbose_name = "session"
        verbose_name_plural = "sessions (summary)"
        permissions = [("reconcile_sessionsnapshot", "Can reconcile registrations with upstream")]

    def __str__(self):
        return self.title
