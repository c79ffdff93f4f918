"""What the portal records locally: who the attendees are, what they registered for, and
every join or unregister click with its outcome. Upstream-derived facts; the upstream stays
the source of truth, so rows are written only after it answered."""

from django.conf import settings
from django.db import models


class Attendee(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendee"
    )
    upstream_user_id = models.BigIntegerField(unique=True)
    email = models.EmailField(db_index=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    ticket_ids = models.JSONField(default=list, blank=True)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField()

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
    registered_at = models.DateTimeField(db_index=True)
    unregistered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["attendee", "session_id"], name="one_registration_per_attendee_session"
            )
        ]
        ordering = ["-registered_at"]

    def __str__(self):
        return f"{self.attendee} → {self.session_title}"


class JoinAttempt(models.Model):
    class Action(models.TextChoices):
        JOIN = "join", "Join"
        UNREGISTER = "unregister", "Unregister"

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
        TOKEN_EXPIRED = "token_expired", "Token expired"

    attendee = models.ForeignKey(Attendee, on_delete=models.CASCADE, related_name="attempts")
    session_id = models.BigIntegerField(db_index=True)
    session_title = models.CharField(max_length=500, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    outcome = models.CharField(max_length=40, choices=Outcome.choices, db_index=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.attendee} {self.action} {self.session_id}: {self.outcome}"
