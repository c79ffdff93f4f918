"""What the portal records locally: who the attendees are, what they registered for, and
every join or unregister click with its outcome. Upstream-derived facts; the upstream stays
the source of truth, so rows are written only after it answered."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Attendee(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendee"
    )
    upstream_user_id = models.BigIntegerField(unique=True)
    email = models.EmailField(db_index=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    ticket_ids = models.JSONField(default=list, blank=True)
    # The private calendar feed's URL is derived from this (an HMAC with SECRET_KEY); bumping
    # it revokes the old URL, 0 turns the feed off. Nothing secret is stored.
    calendar_version = models.PositiveIntegerField(default=1, db_default=1)
    first_seen_at = models.DateTimeField(auto_now_add=True, db_index=True)
    last_seen_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["email"]

    def __str__(self):
        name = f"{self.first_name} {self.last_name}".strip()
        return f"{name} <{self.email}>" if name else self.email


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", "Registered"
        UNREGISTERED = "unregistered", "Unregistered"

    attendee = models.ForeignKey(Attendee, on_delete=models.CASCADE, related_name="registrations")
    session_id = models.BigIntegerField(db_index=True)
    session_title = models.CharField(max_length=500)
    session_format = models.CharField(max_length=40, db_index=True)
    session_start = models.DateTimeField(db_index=True)
    session_end = models.DateTimeField()
    session_track = models.CharField(max_length=200, blank=True, db_index=True)
    ticket_id = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, db_index=True)
    registered_at = models.DateTimeField(db_index=True, help_text="The first registration.")
    last_registered_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The latest registration: the first one's time until a re-join moves it.",
    )
    reserved_ahead = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Registered before the session was live (a reserved seat).",
    )
    unregistered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["attendee", "session_id"], name="one_registration_per_attendee_session"
            )
        ]
        indexes = [
            # The per-session summary: registered-now counts, first and last registration.
            models.Index(fields=["session_id", "status"], name="registration_session_status"),
            models.Index(fields=["session_id", "registered_at"], name="registration_session_time"),
            # Filtered lists keep their default order (newest first) off the index.
            models.Index(fields=["status", "registered_at"], name="registration_status_time"),
            models.Index(fields=["attendee", "registered_at"], name="registration_attendee_time"),
        ]
        ordering = ["-registered_at"]
        permissions = [("export_registration", "Can export registrations as CSV")]

    def __str__(self):
        return f"{self.attendee} → {self.session_title}"


class JoinAttempt(models.Model):
    class Action(models.TextChoices):
        JOIN = "join", "Join"
        RESERVE = "reserve", "Reserve a seat"
        UNREGISTER = "unregister", "Unregister"

    class Kind(models.TextChoices):
        CALL = "call", "Asked the platform"
        BLOCKED = "blocked", "Blocked before the call"

    class Outcome(models.TextChoices):
        JOINED = "joined", "Joined"
        UNREGISTERED = "unregistered", "Unregistered"
        CAPACITY_FULL = "capacity_full", "Capacity full"
        TICKET_TYPE = "ticket_type", "Ticket type not permitted"
        SESSION_LIMIT = "session_limit", "Session limit reached"
        EXPIRED = "expired", "Not live (time limit)"
        NOT_FOUND = "not_found", "Not found"
        NOT_REGISTERED_FOR_EVENT = "not_registered_for_event", "Not registered for the event"
        REFUSED_OTHER = "refused_other", "Refused (other reason)"
        UPSTREAM_UNAVAILABLE = "upstream_unavailable", "Upstream unavailable"
        # Never reached the platform (circuit open, no time left, connection refused).
        NOT_SENT = "not_sent", "Not sent"
        UNCONFIRMED = "unconfirmed", "Unconfirmed (being settled)"
        TOKEN_EXPIRED = "token_expired", "Token expired"

    attendee = models.ForeignKey(Attendee, on_delete=models.CASCADE, related_name="attempts")
    session_id = models.BigIntegerField(db_index=True)
    session_title = models.CharField(max_length=500, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    # BLOCKED: the portal showed the attendee they could not join (full, no ticket, ticket
    # type, limit) and they clicked the card's next step: demand the upstream never saw.
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CALL, db_index=True)
    outcome = models.CharField(max_length=40, choices=Outcome.choices, db_index=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # For an UNCONFIRMED attempt: when re-reading the upstream settled it (outcome then final).
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["session_id", "outcome"], name="attempt_session_outcome"),
            models.Index(fields=["outcome", "created_at"], name="attempt_outcome_time"),
            models.Index(fields=["attendee", "created_at"], name="attempt_attendee_time"),
        ]
        ordering = ["-created_at"]
        permissions = [("export_joinattempt", "Can export join attempts as CSV")]

    def __str__(self):
        return f"{self.attendee} {self.action} {self.session_id}: {self.outcome}"


class SeatWatch(models.Model):
    """ "Tell me when a seat frees" on a full session: the attendee's own, kept until the session
    ends (`session_end`), shown and removable on My sessions, counted as unmet demand."""

    attendee = models.ForeignKey(Attendee, on_delete=models.CASCADE, related_name="seat_watches")
    session_id = models.BigIntegerField(db_index=True)
    session_title = models.CharField(max_length=500)
    session_end = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(
        null=True, blank=True, help_text="When a free seat was last shown to the attendee."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["attendee", "session_id"], name="one_watch_per_attendee_session"
            )
        ]
        ordering = ["session_end", "session_title"]

    def __str__(self):
        return f"{self.attendee} watches {self.session_title}"


class ReconcileRun(models.Model):
    """One reconciliation, queued (on schedule or from the admin), running with its progress,
    or finished with its report; also where the portal keeps what a run learned about the
    event (its zone), so admin pages never have to ask the upstream."""

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "On schedule"
        ADMIN = "admin", "From the admin"

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    requested_by = models.CharField(max_length=150, blank=True)
    session_ids = models.JSONField(default=list, blank=True, help_text="Empty means all.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    task_id = models.CharField(max_length=64, blank=True, db_index=True)
    queued_at = models.DateTimeField(auto_now_add=True, db_index=True)
    run_after = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    sessions_done = models.PositiveIntegerField(default=0)
    sessions_total = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    event_zone = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-queued_at", "-pk"]
        indexes = [models.Index(fields=["state", "queued_at"], name="reconcilerun_state_time")]

    def __str__(self):
        return f"reconciliation {self.pk} ({self.state})"

    @property
    def percent(self) -> int:
        if not self.sessions_total:
            return 100 if self.state == self.State.DONE else 0
        return min(100, round(100 * self.sessions_done / self.sessions_total))


SNAPSHOT_SYNCED = [
    "title",
    "format",
    "start",
    "end",
    "track",
    "capacity",
    "upstream_registered_count",
    "ticket_type_ids",
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

    def remember_many(self, sessions, *, now=None, reconciled=False) -> list["SessionSnapshot"]:
        """`remember` for several sessions in one statement; `reconciled` also stamps
        `reconciled_at` (reconciliation applied their registrant lists as of `now`)."""
        now = now or timezone.now()
        snapshots = [
            self.model(
                id=session.id,
                **session_facts(session),
                capacity=max(session.capacity, 0),
                upstream_registered_count=max(session.registered_count, 0),
                ticket_type_ids=sorted(session.allowed_ticket_type_ids),
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
    ticket_type_ids = models.JSONField(
        default=list, blank=True, help_text="Ticket types allowed to join; empty means all."
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


def registered_values(session, *, ticket_id, now) -> dict:
    """A registration row's fields once the attendee holds a seat in `session` (a domain
    Session): after a join click, or when reconciliation finds them in the upstream's list.
    Written on every (re-)registration; `registered_at`, the first one, is set by the writer
    only when it creates the row, so a re-join never moves it."""
    facts = session_facts(session)
    return {
        "session_title": facts["title"],
        "session_format": facts["format"],
        "session_start": facts["start"],
        "session_end": facts["end"],
        "session_track": facts["track"],
        "ticket_id": ticket_id or None,
        "status": Registration.Status.REGISTERED,
        "last_registered_at": now,
        "unregistered_at": None,
    }
