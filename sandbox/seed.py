"""Build the demo data of `sandbox.demo` in the database, relative to the sandbox's now."""

import base64
import json
import secrets
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction

from sandbox import auth, clock, demo
from sandbox.models import (
    Event,
    Label,
    Registration,
    Session,
    Speaker,
    Ticket,
    TicketType,
    Token,
    User,
)

WIPE_ORDER = [Registration, Token, Ticket, Session, Speaker, Label, User, TicketType, Event]
SEEDED_KEY_TTL = 24 * 3600
FIRST_TRACK_ID, FIRST_TAG_ID, FIRST_SPEAKER_ID = 301, 401, 5758


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def fake_jwt(playback_id: str, audience: str, expires: datetime) -> str:
    """Shaped like a Mux signed-playback JWT; the signature is random bytes."""
    header = _b64({"kid": "sandboxSigningKey01", "alg": "RS256"})
    payload = _b64({"sub": playback_id, "aud": audience, "exp": int(expires.timestamp())})
    return f"{header}.{payload}.{secrets.token_urlsafe(256)}"


def wipe() -> None:
    for model in WIPE_ORDER:
        model.objects.all().delete()


def _times(when: tuple, base: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    if when[0] == "now":
        return base + timedelta(minutes=when[1]), base + timedelta(minutes=when[2])
    _, day_offset, hh_mm, minutes = when
    day = base.astimezone(tz).date() + timedelta(days=day_offset)
    start = datetime.combine(day, time.fromisoformat(hh_mm), tzinfo=tz)
    return start, start + timedelta(minutes=minutes)


def _people(event: Event, base: datetime) -> dict[str, User]:
    password = make_password(demo.PASSWORD)
    accounts = {**demo.ACCOUNTS, **demo.EXTRA_ACCOUNTS}
    users = {
        key: User.objects.create(
            pk=demo.FIRST_USER_ID + i,
            email=acc["email"],
            first_name=acc["first_name"],
            last_name=acc["last_name"],
            password=password,
        )
        for i, (key, acc) in enumerate(accounts.items())
    }
    types = {
        key: TicketType.objects.create(
            pk=spec["id"], event=event, name=spec["name"], session_limit=spec["session_limit"]
        )
        for key, spec in demo.TICKET_TYPES.items()
    }
    for i, (user_key, type_key) in enumerate(demo.TICKETS.items()):
        Ticket.objects.create(
            pk=demo.FIRST_TICKET_ID + i,
            user=users[user_key],
            event=event,
            ticket_type=types[type_key],
        )
    return users


def _labels(event: Event) -> dict[str, Label]:
    labels = {}
    for first_id, kind, table in (
        (FIRST_TRACK_ID, Label.TRACKS, demo.TRACKS),
        (FIRST_TAG_ID, Label.TAGS, demo.TAGS),
    ):
        for i, (key, (name, color)) in enumerate(table.items()):
            labels[key] = Label.objects.create(
                pk=first_id + i,
                event=event,
                type=kind,
                name=name,
                color=color,
                position=1000.0 * (i + 1),
            )
    return labels


def _speakers(event: Event) -> dict[str, Speaker]:
    speakers = {}
    for i, (key, (first, last, title, company, moderator)) in enumerate(demo.SPEAKERS.items()):
        speakers[key] = Speaker.objects.create(
            pk=FIRST_SPEAKER_ID + i,
            event=event,
            first_name=first,
            last_name=last,
            email=f"{first}.{last}@{company.lower().replace(' ', '')}.example".lower(),
            title=title,
            company=company,
            bio=f"{first} is {title} at {company}.",
            linkedin=f"https://www.linkedin.com/in/{first}-{last}".lower(),
            position=1000.0 * (i + 1),
            moderator=moderator,
        )
    return speakers


def _session(event: Event, spec: dict, base: datetime, position: float) -> Session:
    start, end = _times(spec["when"], base, ZoneInfo(event.timezone))
    provider = spec.get("provider", "ACCELEVENTS")
    mux = spec.get("mux", False)
    return Session.objects.create(
        pk=demo.SESSION_IDS[spec["key"]],
        event=event,
        title=spec["title"],
        description=spec.get("description", f"<p>{spec['title']}.</p>"),
        format=spec["format"],
        location=spec.get("location", ""),
        start_time=start,
        end_time=end,
        capacity=spec.get("capacity", 0),
        status=spec.get("status", Session.VISIBLE),
        position=position,
        stream_provider=provider,
        sub_stream_provider=spec.get("sub_provider", "OPENTOK"),
        stream_url=spec.get("stream_url", ""),
        stream_key=f"sk_live_{secrets.token_urlsafe(24)}",
        rtmp_url="rtmp://live.mux.com/app",
        meeting_password=spec.get("meeting_password", ""),
        playback_restriction_token=fake_jwt(spec["stream_url"], "v", end) if mux else "",
        thumbnail_restriction_token=fake_jwt(spec["stream_url"], "t", end) if mux else "",
        closed_caption_url=spec.get("closed_caption_url", ""),
        allowed_minutes_to_join_late=spec.get("late_minutes", 0),
        post_session_cta=spec.get("cta"),
    )


def _sessions(event, base, users, labels, speakers) -> None:
    types = {key: TicketType.objects.get(pk=spec["id"]) for key, spec in demo.TICKET_TYPES.items()}
    for i, spec in enumerate(demo.SESSIONS):
        session = _session(event, spec, base, position=1000.0 * (i + 1))
        session.tracks.set([labels[k] for k in spec.get("tracks", [])])
        session.tags.set([labels[k] for k in spec.get("tags", [])])
        session.speakers.set([speakers[k] for k in spec.get("speakers", [])])
        session.allowed_ticket_types.set([types[k] for k in spec.get("ticket_types", [])])
        for n, user_key in enumerate(spec.get("registrations", [])):
            user = users[user_key]
            Registration.objects.create(
                session=session,
                user=user,
                ticket=user.tickets.get(event=event),
                created_at=base - timedelta(minutes=15 - n),
            )


def _reset_sequences() -> None:
    models = [Event, TicketType, User, Ticket, Label, Speaker, Session]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


@transaction.atomic
def seed_demo() -> dict:
    """Wipe everything and rebuild the demo event around now; returns fresh magic keys."""
    wipe()
    base = clock.now().replace(second=0, microsecond=0)
    tz = ZoneInfo(demo.EVENT_TIMEZONE)
    event_start, _ = _times(("day", -1, "08:00", 0), base, tz)
    event_end, _ = _times(("day", 2, "18:00", 0), base, tz)
    event = Event.objects.create(
        pk=demo.EVENT_ID,
        url=settings.SANDBOX_EVENT_URL,
        name=demo.EVENT_NAME,
        timezone=demo.EVENT_TIMEZONE,
        organizer_name="Aurora Events Inc.",
        start=event_start,
        end=event_end,
    )
    users = _people(event, base)
    _sessions(event, base, users, _labels(event), _speakers(event))
    _reset_sequences()
    return {
        acc["email"]: auth.issue_user_key(users[key], SEEDED_KEY_TTL)
        for key, acc in demo.ACCOUNTS.items()
    }


@transaction.atomic
def create_attendees(count: int, ticket_type: str | None, password: str) -> list[dict]:
    """Extra ticket holders (load and concurrency tests), each with a ready access token."""
    event = Event.objects.get(url=settings.SANDBOX_EVENT_URL)
    kind = TicketType.objects.get(pk=demo.TICKET_TYPES[ticket_type]["id"]) if ticket_type else None
    encoded = make_password(password)
    created = []
    for _ in range(count):
        suffix = secrets.token_hex(4)
        user = User.objects.create(
            email=f"attendee-{suffix}@example.com",
            first_name="Attendee",
            last_name=suffix.upper(),
            password=encoded,
        )
        ticket = Ticket.objects.create(user=user, event=event, ticket_type=kind) if kind else None
        created.append(
            {
                "email": user.email,
                "password": password,
                "userId": user.pk,
                "eventTicketId": ticket.pk if ticket else None,
                "accessToken": auth.issue_token(user)["access_token"],
            }
        )
    return created
