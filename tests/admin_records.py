"""Local records for admin tests: attendees, session snapshots, registrations and join
attempts, made directly (what the portal would have recorded), plus signed-in admin clients."""

from datetime import UTC, datetime, timedelta
from itertools import count

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from sessions_app.management.commands.seed_organizer import create_demo_organizer
from sessions_app.models import Attendee, JoinAttempt, Registration, SessionSnapshot

START = datetime(2026, 5, 12, 14, 0, tzinfo=UTC)
_ids = count(1)


def make_attendee(email: str | None = None, **fields) -> Attendee:
    n = next(_ids)
    upstream_id = fields.pop("upstream_user_id", 900_000 + n)
    user = get_user_model().objects.create(username=f"accelevents-{upstream_id}")
    return Attendee.objects.create(
        user=user,
        upstream_user_id=upstream_id,
        email=email or f"attendee{n}@example.com",
        first_name=fields.pop("first_name", f"First{n}"),
        last_name=fields.pop("last_name", f"Last{n}"),
        last_seen_at=fields.pop("last_seen_at", timezone.now()),
        **fields,
    )


def make_session(session_id: int, **fields) -> SessionSnapshot:
    start = fields.pop("start", START)
    defaults = {
        "title": f"Session {session_id}",
        "format": "BREAKOUT_SESSION",
        "start": start,
        "end": start + timedelta(hours=1),
        "track": "Product",
        "capacity": 0,
        "synced_at": timezone.now(),
    }
    return SessionSnapshot.objects.create(id=session_id, **{**defaults, **fields})


def registration(attendee, session: SessionSnapshot, **fields) -> Registration:
    return Registration(
        attendee=attendee,
        session_id=session.id,
        session_title=session.title,
        session_format=session.format,
        session_start=session.start,
        session_end=session.end,
        session_track=session.track,
        ticket_id=fields.pop("ticket_id", 57940),
        status=fields.pop("status", Registration.Status.REGISTERED),
        registered_at=fields.pop("registered_at", START - timedelta(minutes=5)),
        **fields,
    )


def make_registration(attendee, session, **fields) -> Registration:
    reg = registration(attendee, session, **fields)
    reg.save()
    return reg


def make_attempt(attendee, session, outcome="joined", **fields) -> JoinAttempt:
    created_at = fields.pop("created_at", None)
    attempt = JoinAttempt.objects.create(
        attendee=attendee,
        session_id=session.id,
        session_title=session.title,
        action=fields.pop("action", JoinAttempt.Action.JOIN),
        outcome=outcome,
        http_status=fields.pop("http_status", 200 if outcome == "joined" else 406),
        request_id=fields.pop("request_id", f"req{next(_ids):08d}"),
        latency_ms=fields.pop("latency_ms", 42),
        **fields,
    )
    if created_at is not None:  # auto_now_add ignores a value given to create()
        JoinAttempt.objects.filter(pk=attempt.pk).update(created_at=created_at)
        attempt.created_at = created_at
    return attempt


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def organizer_client() -> Client:
    return admin_client(create_demo_organizer())


def superuser_client() -> Client:
    user = get_user_model().objects.create_superuser("root", "root@example.com", "Root-2026!x")
    return admin_client(user)
