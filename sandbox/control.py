"""`/__sandbox__/...`: test controls. JSON in and out, no auth; they exist only in the sandbox."""

import json
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import JsonResponse

from sandbox import auth, clock, dialects, faults, faultspec, seed, stats
from sandbox.endpoint import endpoint, json_body
from sandbox.errors import ApiError
from sandbox.errors import bad_control_request as _bad
from sandbox.models import SandboxState, Token, User


def _clock_body() -> dict:
    return {"now": clock.now().isoformat(), "offsetSeconds": clock.offset_seconds()}


def _dialects_in(body: dict) -> list[str]:
    """`{"dialects": [...]}` → the validated names (the body's only key)."""
    if set(body) != {"dialects"}:
        raise _bad('send {"dialects": [dialect names]}')
    try:
        return dialects.validate(body["dialects"])
    except dialects.DialectError as exc:
        raise _bad(str(exc)) from None


@endpoint("GET")
def health(request):
    return JsonResponse(
        {
            "status": "ok",
            "eventUrl": settings.SANDBOX_EVENT_URL,
            "dialects": dialects.stored(),
            **_clock_body(),
        }
    )


@endpoint("POST")
def reset(request):
    """A fresh run: the body's dialects (default SANDBOX_DIALECT), then data seeded to match."""
    body = json_body(request)
    names = _dialects_in(body) if body else dialects.default()
    with transaction.atomic():
        SandboxState.load()
        SandboxState.objects.filter(pk=1).update(
            clock_offset_seconds=0.0, faults=[], dialects=names
        )
        magic_keys = seed.seed_demo(large=dialects.LARGE_EVENT in names)
    stats.reset()
    return JsonResponse(
        {"status": "ok", "magicKeys": magic_keys, "dialects": names, **_clock_body()}
    )


@endpoint("GET", "POST")
def dialect_view(request):
    """Replace the active dialects. Data follows large-event: switching it on or off re-seeds
    (tokens and registrations made before are gone); faults and the clock stay."""
    reseeded = False
    if request.method == "POST":
        names = _dialects_in(json_body(request))
        with transaction.atomic():
            was_large = dialects.LARGE_EVENT in dialects.stored()
            dialects.store(names)
            if (dialects.LARGE_EVENT in names) != was_large:
                seed.seed_demo(large=not was_large)
                reseeded = True
    body = {"dialects": dialects.stored(), "known": list(dialects.KNOWN), "reseeded": reseeded}
    return JsonResponse(body)


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
    body = {"requests": stats.snapshot(), "bytes": stats.bytes_snapshot()}
    return JsonResponse({**body, "peak_in_flight": stats.peak_in_flight()})


@endpoint("POST")
def stats_reset(request):
    stats.reset()
    return JsonResponse({"requests": {}, "bytes": {}})


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
