"""What an attendee keeps for themselves, apart from seats: the sessions they starred, their
choices (reminder e-mails, stars in the calendar feed, the zone times are shown in), and the
reminder e-mails already sent, so each goes out at most once."""

from django.db import models

from sessions_app.models.attendees import Attendee


class Favourite(models.Model):
    """A star: interest in a session without a seat. Never sent to the platform; the session's
    title and times are kept as seen when starred, for My sessions, reminders and the admin."""

    attendee = models.ForeignKey(Attendee, on_delete=models.CASCADE, related_name="favourites")
    session_id = models.BigIntegerField(db_index=True)
    session_title = models.CharField(max_length=500)
    session_start = models.DateTimeField(db_index=True)
    session_end = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["attendee", "session_id"], name="one_star_per_attendee_session"
            )
        ]
        ordering = ["session_start", "session_title"]

    def __str__(self):
        return f"{self.attendee} starred {self.session_title}"


class AttendeeChoices(models.Model):
    """The attendee's own settings, one row each, made on first change (defaults otherwise)."""

    class Zone(models.TextChoices):
        EVENT = "event", "The event's time"
        VIEWER = "viewer", "My own time"

    attendee = models.OneToOneField(Attendee, on_delete=models.CASCADE, related_name="choices")
    reminder_emails = models.BooleanField(default=False, db_default=False)
    stars_in_feed = models.BooleanField(default=False, db_default=False)
    zone = models.CharField(max_length=10, choices=Zone.choices, default=Zone.EVENT)
    # The viewer's own IANA zone, as their browser last named it ("" until it has).
    viewer_zone = models.CharField(max_length=64, blank=True, default="")
    # The language the attendee used when they last changed a choice ("" until then): what
    # their reminder e-mails are written in (the portal's default while it is unknown).
    language = models.CharField(max_length=10, blank=True, default="", db_default="")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.attendee}'s choices"


class ReminderSent(models.Model):
    """One reminder e-mail sent: for this attendee, session and start time (a session moved
    to a new time earns one more), so no reminder is sent twice."""

    attendee = models.ForeignKey(Attendee, on_delete=models.CASCADE, related_name="reminders")
    session_id = models.BigIntegerField()
    session_start = models.DateTimeField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["attendee", "session_id", "session_start"], name="one_reminder_per_start"
            )
        ]

    def __str__(self):
        return f"reminder to {self.attendee} for session {self.session_id}"
