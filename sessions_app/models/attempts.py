"""Every join, reserve or unregister click with its outcome, including the clicks the portal
blocked before asking the platform (demand the upstream never saw)."""

from django.db import models

from sessions_app.models.attendees import Attendee


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
