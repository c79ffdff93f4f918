"""`/__sandbox__/sessions/{id}`: change one session in place (hostile text, times, capacity …)."""

from datetime import timedelta

from django.db import transaction
from django.http import JsonResponse

from sandbox import catalogue, clock, seed
from sandbox.endpoint import endpoint, json_body
from sandbox.errors import ApiError
from sandbox.errors import bad_control_request as _bad
from sandbox.listing import fetch
from sandbox.models import Label, Session, Speaker, TicketType
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
    "materials": dict,
}
SPEAKER_FIELDS = {
    "speaker_" + f: f
    for f in ("first_name", "last_name", "company", "title", "bio", "email", "image_url")
}
LABEL_FIELDS = {"track_name", "track_color", "tag_name", "tag_color"}
OFFSET_FIELDS = {"start_offset_minutes": "start_time", "end_offset_minutes": "end_time"}
TICKET_TYPES_FIELD = "allowed_ticket_types"  # a list of ticket type names ([] = every type)


@endpoint("POST")
def patch_session(request, session_id):
    body = json_body(request)
    unknown = (
        set(body)
        - set(SESSION_FIELDS)
        - set(SPEAKER_FIELDS)
        - LABEL_FIELDS
        - set(OFFSET_FIELDS)
        - {TICKET_TYPES_FIELD}
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
        catalogue.bump()
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
    if TICKET_TYPES_FIELD in body:
        names = [str(name) for name in body[TICKET_TYPES_FIELD]]
        types = list(TicketType.objects.filter(event=session.event, name__in=names))
        if len(types) != len(set(names)):
            raise ValueError(f"unknown ticket type in {names}")
        session.allowed_ticket_types.set(types)
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


@endpoint("POST")
def add_registrants(request, session_id):
    """`{"count": n, "ticket_type": "vip"}`: n new holders registered for the session at once
    (reconciliation at scale); returns their `userIds`."""
    body = json_body(request)
    count, kind = body.get("count", 1), body.get("ticket_type", "vip")
    if not isinstance(count, int) or not 1 <= count <= 5000:
        raise _bad("count must be an integer from 1 to 5000")
    if kind not in ("general", "vip"):
        raise _bad("ticket_type must be general or vip")
    if not Session.objects.filter(pk=session_id).exists():
        raise ApiError(404, "404800", "Session not found!")
    return JsonResponse({"userIds": seed.add_registrants(session_id, count, kind)})
