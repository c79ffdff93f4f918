"""Who the attendees are and what each one holds: their registrations (the row a join click
or reconciliation writes once the platform has said yes) and their seat watches."""

from django.conf import settings
from django.db import models

from sessions_app.models.snapshots import session_facts


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
