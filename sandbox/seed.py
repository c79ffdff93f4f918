"""Build the demo data of `sandbox.demo` in the database, relative to the sandbox's now."""

import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction

from sandbox import auth, catalogue, clock, demo, seed_sessions
from sandbox.avatars import AVATAR_PREFIX
from sandbox.demo_large import DAYS
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


def wipe() -> None:
    for model in WIPE_ORDER:
        model.objects.all().delete()


def _people(event: Event) -> dict[str, dict]:
    """Accounts, ticket types and tickets; returns their row ids by demo key."""
    password = make_password(demo.PASSWORD)
    accounts = {**demo.ACCOUNTS, **demo.EXTRA_ACCOUNTS}
    users = {key: demo.FIRST_USER_ID + i for i, key in enumerate(accounts)}
    User.objects.bulk_create(
        User(
            pk=users[key],
            email=acc["email"],
            first_name=acc["first_name"],
            last_name=acc["last_name"],
            password=password,
        )
        for key, acc in accounts.items()
    )
    types = {key: spec["id"] for key, spec in demo.TICKET_TYPES.items()}
    TicketType.objects.bulk_create(
        TicketType(
            pk=spec["id"], event=event, name=spec["name"], session_limit=spec["session_limit"]
        )
        for spec in demo.TICKET_TYPES.values()
    )
    Ticket.objects.bulk_create(
        Ticket(
            pk=demo.FIRST_TICKET_ID + i, user_id=users[who], event=event, ticket_type_id=types[t]
        )
        for i, (who, t) in enumerate(demo.TICKETS)
    )
    # the demo's registrations use each holder's first ticket
    tickets = {who: ids[0] for who, ids in demo.TICKET_IDS.items()}
    return {"users": users, "ticket_types": types, "tickets": tickets}


def _labels(event: Event) -> dict[str, int]:
    labels, rows = {}, []
    for first_id, kind, table in (
        (FIRST_TRACK_ID, Label.TRACKS, demo.TRACKS),
        (FIRST_TAG_ID, Label.TAGS, demo.TAGS),
    ):
        for i, (key, (name, color)) in enumerate(table.items()):
            labels[key] = first_id + i
            rows.append(
                Label(
                    pk=first_id + i,
                    event=event,
                    type=kind,
                    name=name,
                    color=color,
                    position=1000.0 * (i + 1),
                )
            )
    Label.objects.bulk_create(rows)
    return labels


def _speakers(event: Event) -> dict[str, int]:
    speakers, rows = {}, []
    for i, (key, (first, last, title, company, moderator)) in enumerate(demo.SPEAKERS.items()):
        speakers[key] = FIRST_SPEAKER_ID + i
        rows.append(
            Speaker(
                pk=FIRST_SPEAKER_ID + i,
                event=event,
                first_name=first,
                last_name=last,
                email=f"{first}.{last}@{company.lower().replace(' ', '')}.example".lower(),
                title=title,
                company=company,
                bio=demo.SPEAKER_BIOS.get(key, f"{first} is {title} at {company}."),
                image_url=f"{AVATAR_PREFIX}{key}",
                linkedin=f"https://www.linkedin.com/in/{first}-{last}".lower(),
                position=1000.0 * (i + 1),
                moderator=moderator,
            )
        )
    Speaker.objects.bulk_create(rows)
    return speakers


def _reset_sequences() -> None:
    models = [Event, TicketType, User, Ticket, Label, Speaker, Session]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def _event(base, *, large: bool) -> Event:
    tz = ZoneInfo(demo.EVENT_TIMEZONE)
    last_day = DAYS - 1 if large else 2  # the large event's extra sessions run to day 3
    start, _ = seed_sessions.times(("day", -1, "08:00", 0), base, tz)
    end, _ = seed_sessions.times(("day", last_day, "18:00", 0), base, tz)
    return Event.objects.create(
        pk=demo.EVENT_ID,
        url=settings.SANDBOX_EVENT_URL,
        name=demo.EVENT_NAME,
        timezone=demo.EVENT_TIMEZONE,
        organizer_name="Aurora Events Inc.",
        start=start,
        end=end,
    )


@transaction.atomic
def seed_demo(*, large: bool = False) -> dict:
    """Wipe everything and rebuild the demo event around now (with the large-event dialect's
    extra sessions if `large`); returns fresh magic keys."""
    wipe()
    base = clock.now().replace(second=0, microsecond=0)
    event = _event(base, large=large)
    ids = {**_people(event), "labels": _labels(event), "speakers": _speakers(event)}
    specs = seed_sessions.demo_specs(large=large)
    seed_sessions.create_sessions(event, specs, base, ids)
    _reset_sequences()
    catalogue.bump()  # the same session ids may now name other sessions
    accounts = User.objects.filter(pk__in=[ids["users"][key] for key in demo.ACCOUNTS])
    return {user.email: auth.issue_user_key(user, SEEDED_KEY_TTL) for user in accounts}


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


@transaction.atomic
def add_registrants(session_id: int, count: int, ticket_type: str) -> list[int]:
    """`count` new ticket holders registered for the session in a few statements, as if added
    in the hub by an organizer (capacity and limits are not checked); returns their user ids."""
    event = Event.objects.get(url=settings.SANDBOX_EVENT_URL)
    session = Session.objects.get(pk=session_id, event=event)
    kind = TicketType.objects.get(pk=demo.TICKET_TYPES[ticket_type]["id"])
    batch = secrets.token_hex(4)
    encoded = make_password(demo.PASSWORD)
    users = User.objects.bulk_create(
        User(
            email=f"registrant-{batch}-{n}@example.com",
            first_name="Registrant",
            last_name=f"{batch.upper()}-{n}",
            password=encoded,
        )
        for n in range(count)
    )
    tickets = Ticket.objects.bulk_create(
        Ticket(user=user, event=event, ticket_type=kind) for user in users
    )
    now = clock.now()
    Registration.objects.bulk_create(
        Registration(session=session, ticket=ticket, user_id=ticket.user_id, created_at=now)
        for ticket in tickets
    )
    catalogue.bump()
    return [user.pk for user in users]
