"""The demo's sessions (and the large event's extra ones) as a handful of bulk inserts.

Specs come from `sandbox.demo` / `sandbox.demo_large`; labels, speakers and ticket types are
referred to by key and already exist with the fixed ids of `sandbox.seed`. Bulk inserts keep a
300-session reset well under a second on SQLite, which every test that resets pays for.
"""

import base64
import json
import secrets
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sandbox import demo
from sandbox.demo_large import LARGE_SESSIONS
from sandbox.models import Event, Registration, Session


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def fake_jwt(playback_id: str, audience: str, expires: datetime) -> str:
    """Shaped like a Mux signed-playback JWT; the signature is random bytes."""
    header = _b64({"kid": "sandboxSigningKey01", "alg": "RS256"})
    payload = _b64({"sub": playback_id, "aud": audience, "exp": int(expires.timestamp())})
    return f"{header}.{payload}.{secrets.token_urlsafe(256)}"


def times(when: tuple, base: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """`("now", start_min, end_min)` or `("day", offset, "HH:MM", minutes)` → start, end."""
    if when[0] == "now":
        return base + timedelta(minutes=when[1]), base + timedelta(minutes=when[2])
    _, day_offset, hh_mm, minutes = when
    day = base.astimezone(tz).date() + timedelta(days=day_offset)
    start = datetime.combine(day, time.fromisoformat(hh_mm), tzinfo=tz)
    return start, start + timedelta(minutes=minutes)


def _row(event: Event, pk: int, spec: dict, base: datetime, position: float) -> Session:
    start, end = times(spec["when"], base, ZoneInfo(event.timezone))
    url, mux = spec.get("stream_url", ""), spec.get("mux", False)
    return Session(
        pk=pk,
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
        stream_provider=spec.get("provider", "ACCELEVENTS"),
        sub_stream_provider=spec.get("sub_provider", "OPENTOK"),
        stream_url=url,
        stream_key=f"sk_live_{secrets.token_urlsafe(24)}",
        rtmp_url="rtmp://live.mux.com/app",
        meeting_password=spec.get("meeting_password", ""),
        playback_restriction_token=fake_jwt(url, "v", end) if mux else "",
        thumbnail_restriction_token=fake_jwt(url, "t", end) if mux else "",
        closed_caption_url=spec.get("closed_caption_url", ""),
        allowed_minutes_to_join_late=spec.get("late_minutes", 0),
        post_session_cta=spec.get("cta"),
        materials=spec.get("materials", {}),
    )


def _links(relation, target: str, pairs) -> None:
    through = relation.through
    through.objects.bulk_create(
        [through(session_id=s, **{f"{target}_id": t}) for s, t in pairs], batch_size=500
    )


def create_sessions(event: Event, specs: list[tuple[int, dict]], base: datetime, ids: dict):
    """`specs`: (session id, spec) in position order. `ids` maps keys to the row ids of
    `labels`, `speakers`, `ticket_types` and (account key) `tickets`."""
    rows = [_row(event, pk, spec, base, 1000.0 * (i + 1)) for i, (pk, spec) in enumerate(specs)]
    Session.objects.bulk_create(rows, batch_size=500)
    for relation, target, field, table in (
        (Session.tracks, "label", "tracks", "labels"),
        (Session.tags, "label", "tags", "labels"),
        (Session.speakers, "speaker", "speakers", "speakers"),
        (Session.allowed_ticket_types, "tickettype", "ticket_types", "ticket_types"),
    ):
        pairs = [(pk, ids[table][key]) for pk, spec in specs for key in spec.get(field, [])]
        _links(relation, target, pairs)
    Registration.objects.bulk_create(
        Registration(
            session_id=pk,
            user_id=ids["users"][who],
            ticket_id=ids["tickets"][who],
            created_at=base - timedelta(minutes=15 - n),
        )
        for pk, spec in specs
        for n, who in enumerate(spec.get("registrations", []))
    )


def demo_specs(*, large: bool) -> list[tuple[int, dict]]:
    specs = [(demo.SESSION_IDS[spec["key"]], spec) for spec in demo.SESSIONS]
    if large:
        specs += [(spec["id"], spec) for spec in LARGE_SESSIONS]
    return specs
