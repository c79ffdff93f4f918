"""The sandbox's own data: one event, its people, sessions and registrations."""

from datetime import timedelta

from django.db import models


class Event(models.Model):
    url = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    timezone = models.CharField(max_length=64, default="America/New_York")
    timezone_label = models.CharField(max_length=100, default="United States (New York) Time")
    organizer_name = models.CharField(max_length=200, blank=True)
    start = models.DateTimeField()
    end = models.DateTimeField()

    def __str__(self):
        return self.url


class TicketType(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="ticket_types")
    name = models.CharField(max_length=100)
    session_limit = models.PositiveIntegerField(default=0, help_text="0 = unlimited")

    def __str__(self):
        return self.name


class User(models.Model):
    email = models.EmailField(unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    password = models.CharField(max_length=200)
    user_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    user_key_used = models.BooleanField(default=False)
    user_key_expires_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.email


class Ticket(models.Model):
    """One purchased ticket; its id is the upstream's `eventTicketId`."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tickets")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tickets")
    ticket_type = models.ForeignKey(TicketType, on_delete=models.CASCADE, related_name="tickets")

    def __str__(self):
        return f"ticket {self.pk}"


class Token(models.Model):
    key = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tokens")
    expires_at = models.DateTimeField()

    def __str__(self):
        return f"token of {self.user_id}"


class Label(models.Model):
    TRACKS = "TRACKS"
    TAGS = "TAGS"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="labels")
    type = models.CharField(max_length=6, choices=[(TRACKS, TRACKS), (TAGS, TAGS)])
    name = models.CharField(max_length=200)
    color = models.CharField(max_length=7, default="#6B7280")
    description = models.CharField(max_length=500, blank=True)
    position = models.FloatField(default=1000.0)

    def __str__(self):
        return f"{self.type}:{self.name}"


class Speaker(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField()
    title = models.CharField(max_length=200, blank=True)
    pronouns = models.CharField(max_length=30, blank=True)
    company = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True)
    image_url = models.CharField(max_length=500, blank=True)
    linkedin = models.CharField(max_length=300, blank=True)
    twitter = models.CharField(max_length=300, blank=True)
    position = models.FloatField(default=1000.0)
    moderator = models.BooleanField(default=False)

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class Session(models.Model):
    VISIBLE = "VISIBLE"
    HIDDEN = "HIDDEN"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=500)
    description = models.TextField(blank=True)
    format = models.CharField(max_length=20, default="BREAKOUT_SESSION")
    location = models.CharField(max_length=200, blank=True)
    start_time = models.DateTimeField()
    end_time = models.DateTimeField()
    capacity = models.PositiveIntegerField(default=0, help_text="0 = unlimited")
    status = models.CharField(max_length=7, default=VISIBLE)
    position = models.FloatField(default=1000.0)
    tracks = models.ManyToManyField(Label, related_name="track_sessions", blank=True)
    tags = models.ManyToManyField(Label, related_name="tag_sessions", blank=True)
    speakers = models.ManyToManyField(Speaker, related_name="sessions", blank=True)
    allowed_ticket_types = models.ManyToManyField(
        TicketType, related_name="sessions", blank=True, help_text="empty = every ticket type"
    )
    stream_provider = models.CharField(max_length=20, default="ACCELEVENTS")
    sub_stream_provider = models.CharField(max_length=20, default="OPENTOK")
    stream_url = models.CharField(max_length=1000, blank=True)
    stream_key = models.CharField(max_length=200, blank=True)
    rtmp_url = models.CharField(max_length=300, blank=True)
    meeting_password = models.CharField(max_length=100, blank=True)
    playback_restriction_token = models.TextField(blank=True)
    thumbnail_restriction_token = models.TextField(blank=True)
    closed_caption_url = models.CharField(max_length=500, blank=True)
    allowed_minutes_to_join_late = models.PositiveIntegerField(default=0)
    post_session_cta = models.JSONField(null=True, blank=True)
    # What the session offers besides its stream, as the API names it:
    # {"documentKeyValue": [...], "linkKeyValue": [...], "assetList": [...]}
    materials = models.JSONField(default=dict, blank=True)

    def __str__(self):
        return self.title

    def is_live(self, now):
        late = timedelta(minutes=self.allowed_minutes_to_join_late)
        return self.start_time <= now < self.end_time + late


class Registration(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="registrations")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_registration_per_user")
        ]

    def __str__(self):
        return f"{self.user_id} in {self.session_id}"


class SandboxState(models.Model):
    """Singleton row (pk=1): shared by every server thread, so tests can steer a running sandbox."""

    clock_offset_seconds = models.FloatField(default=0.0)
    faults = models.JSONField(default=list)
    dialects = models.JSONField(default=list)  # names from sandbox.dialects.KNOWN
    catalogue_version = models.PositiveBigIntegerField(default=0)  # catalogue.py

    def __str__(self):
        return "sandbox state"

    @classmethod
    def load(cls):
        state, _ = cls.objects.get_or_create(pk=1)
        return state
