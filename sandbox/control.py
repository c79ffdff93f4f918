"""`/__sandbox__/...`: test controls. JSON in and out, no auth; they exist only in the sandbox."""

import json
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import JsonResponse

from sandbox import auth, clock, faults, faultspec, seed, stats
from sandbox.endpoint import endpoint, json_body
from sandbox.errors import ApiError
from sandbox.listing import fetch
from sandbox.models import Label, SandboxState, Session, Speaker, Token, User
from sandbox.serializers import session_item

SESSION_FIELDS = {
    "title": str,
    "description": str,
    "format": str,
    "location": str,
    "status": str,
    "capacity": int,
    "position": float,
    "stream_provider": str,
    "sub_stream_provider": str,
    "stream_url": str,
    "stream_key": str,
    "rtmp_url": str,
    "meeting_password": str,
    "playback_restriction_token": str,
    "closed_caption_url": str,
    "allowed_minutes_to_join_late": int,
    "post_session_cta": dict,
}
SPEAKER_FIELDS = {
    "speaker_" + f: f
    for f in ("first_name", "last_name", "company", "title", "bio", "email", "image_url")
}
LABEL_FIELDS = {"track_name", "track_color", "tag_name", "tag_color"}
OFFSET_FIELDS = {"start_offset_minutes": "start_time", "end_offset_minutes": "end_time"}


def _bad(message: str) -> ApiError:
    return ApiError(400, "SANDBOX_BAD_REQUEST", message)


def _clock_body() -> dict:
    return {"now": clock.now().isoformat(), "offsetSeconds": clock.offset_seconds()}


@endpoint("GET")
def health(request):
    return JsonResponse({"status": "ok", "eventUrl": settings.SANDBOX_EVENT_URL, **_clock_body()})


@endpoint("POST")
def reset(request):
    SandboxState.load()
    SandboxState.objects.filter(pk=1).update(clock_offset_seconds=0.0, faults=[])
    magic_keys = seed.seed_demo()
    stats.reset()
    return JsonResponse({"status": "ok", "magicKeys": magic_keys, **_clock_body()})


@endpoint("GET", "POST")
def clock_view(request):
    if request.method == "POST":
        body = json_body(request)
        try:
            if "offset_seconds" in body:
                clock.set_offset(float(body["offset_seconds"]))
            elif "advance_seconds" in body:
                clock.advance(float(body["advance_seconds"]))
            else:
                raise _bad("send offset_seconds or advance_seconds")
        except (TypeError, ValueError):
            raise _bad("the clock value must be a number") from None
    return JsonResponse(_clock_body())


@endpoint("GET", "POST", "DELETE")
def faults_view(request):
    if request.method == "POST":
        try:
            faults.set_rules(_fault_rules(request))
        except faultspec.FaultSpecError as exc:
            raise _bad(str(exc)) from None
    elif request.method == "DELETE":
        faults.set_rules([])
    return JsonResponse({"faults": faults.current_rules()})


def _fault_rules(request) -> list[dict]:
    """One rule object, a list of them, or `{"faults": [...]}`; replaces the active rules."""
    try:
        value = json.loads(request.body or b"{}")
    except ValueError:
        raise _bad("body must be JSON") from None
    if isinstance(value, dict):
        value = value.get("faults", [value])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise _bad('send a fault object, a list of them, or {"faults": [...]}')
    return value


@endpoint("GET")
def stats_view(request):
    return JsonResponse({"requests": stats.snapshot()})


@endpoint("POST")
def stats_reset(request):
    stats.reset()
    return JsonResponse({"requests": {}})


@endpoint("POST")
def expire_tokens(request):
    expired = Token.objects.update(expires_at=clock.now() - timedelta(seconds=1))
    return JsonResponse({"expired": expired})


@endpoint("POST")
def magic_key(request, email):
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        raise ApiError(404, "4040100", "No User could be found")
    ttl = json_body(request).get("ttl_seconds", auth.MAGIC_KEY_TTL)
    key = auth.issue_user_key(user, int(ttl))
    return JsonResponse({"userKey": key, "expiresAt": user.user_key_expires_at.isoformat()})


@endpoint("POST")
def attendees(request):
    body = json_body(request)
    count, kind = body.get("count", 1), body.get("ticket_type", "vip")
    if not isinstance(count, int) or not 1 <= count <= 1000:
        raise _bad("count must be an integer from 1 to 1000")
    if kind not in (None, "general", "vip"):
        raise _bad("ticket_type must be general, vip or null")
    created = seed.create_attendees(count, kind, str(body.get("password", "Attendee-2026!")))
    return JsonResponse({"attendees": created})


@endpoint("POST")
def patch_session(request, session_id):
    body = json_body(request)
    unknown = (
        set(body) - set(SESSION_FIELDS) - set(SPEAKER_FIELDS) - LABEL_FIELDS - set(OFFSET_FIELDS)
    )
    if unknown:
        raise _bad(f"unknown field(s): {', '.join(sorted(unknown))}")
    with transaction.atomic():
        session = Session.objects.select_for_update().filter(pk=session_id).first()
        if session is None:
            raise ApiError(404, "404800", "Session not found!")
        try:
            _apply_patch(session, body)
        except (TypeError, ValueError) as exc:
            raise _bad(f"bad field value: {exc}") from None
    session = fetch(Session.objects.filter(pk=session_id))[0]
    return JsonResponse(
        session_item(session, tz=session.event.timezone, ticket_ids=[], holders=None)
    )


def _apply_patch(session: Session, body: dict) -> None:
    now = clock.now().replace(second=0, microsecond=0)
    for field, kind in SESSION_FIELDS.items():
        if field in body:
            setattr(session, field, kind(body[field]) if body[field] is not None else kind())
    for field, attr in OFFSET_FIELDS.items():
        if field in body:
            setattr(session, attr, now + timedelta(minutes=float(body[field])))
    session.save()
    speaker_changes = {attr: body[f] for f, attr in SPEAKER_FIELDS.items() if f in body}
    if speaker_changes:
        speaker = session.speakers.order_by("position", "pk").first()
        if speaker is None:
            speaker = Speaker.objects.create(
                event=session.event,
                first_name="Guest",
                last_name="Speaker",
                email="guest@example.com",
            )
            session.speakers.add(speaker)
        Speaker.objects.filter(pk=speaker.pk).update(**speaker_changes)
    for kind, relation in (("track", session.tracks), ("tag", session.tags)):
        changes = {k: body[f"{kind}_{k}"] for k in ("name", "color") if f"{kind}_{k}" in body}
        if changes:
            label = relation.order_by("position", "pk").first()
            if label is None:
                label_type = Label.TRACKS if kind == "track" else Label.TAGS
                label = Label.objects.create(
                    event=session.event, type=label_type, name=kind.title()
                )
                relation.add(label)
            Label.objects.filter(pk=label.pk).update(**changes)
