"""Who is calling: user access tokens and the organization API key."""

import hmac
import secrets
from datetime import UTC, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db import transaction

from sandbox import clock, dialects
from sandbox.errors import ApiError, not_authorized
from sandbox.models import Token, User

MAGIC_KEY_TTL = 30 * 60
EXPIRY_FORMAT = "%Y/%m/%d %H:%M"  # the API's date-time format; expires-as-date sends UTC


def _split_authorization(request) -> tuple[str, bool]:
    """The credential in the Authorization header, and whether it came as `Bearer <x>`."""
    value = request.headers.get("Authorization", "").strip()
    scheme, _, rest = value.partition(" ")
    if scheme.lower() == "bearer" and rest:
        return rest.strip(), True
    return value, False


def _authorization_value(request) -> str:
    return _split_authorization(request)[0]


def user_for_request(request) -> User:
    """The token's user; `Authorization: <token>` or `Authorization: Bearer <token>` (only the
    latter under the bearer-only dialect)."""
    key, bearer = _split_authorization(request)
    if not key:
        raise not_authorized("Missing access token in the Authorization header")
    if not bearer and dialects.is_on(dialects.BEARER_ONLY):
        raise not_authorized("A Bearer token is required: Authorization: Bearer <token>")
    token = Token.objects.select_related("user").filter(key=key).first()
    if token is None:
        raise not_authorized("Unknown access token")
    if token.expires_at <= clock.now():
        raise not_authorized("Access token expired")
    return token.user


def has_api_key(request) -> bool:
    """The organization API key: `Authorization: <key>` (Bearer optional) or `Key: <key>`."""
    expected = settings.SANDBOX_API_KEY.encode()
    candidates = (_authorization_value(request), request.headers.get("Key", "").strip())
    return any(c and hmac.compare_digest(c.encode(), expected) for c in candidates)


def require_api_key(request) -> None:
    if not has_api_key(request):
        raise not_authorized("Missing or wrong organization API key (Authorization or Key header)")


def require_event_host(request) -> None:
    """Host-only reads (event-admin-only dialect): the API key, never an attendee's token."""
    if not has_api_key(request):
        raise ApiError(403, "4030201", "Not Event Host", "Only the event's hosts may call this")


def issue_token(user: User) -> dict:
    ttl = settings.SANDBOX_TOKEN_TTL
    token = Token.objects.create(
        key=secrets.token_urlsafe(32), user=user, expires_at=clock.now() + timedelta(seconds=ttl)
    )
    expires_in = ttl
    if dialects.is_on(dialects.EXPIRES_AS_DATE):
        expires_in = token.expires_at.astimezone(UTC).strftime(EXPIRY_FORMAT)
    return {
        "access_token": token.key,
        "expires_in": expires_in,
        "userId": user.pk,
        "userRole": "ROLE_USER",
        "redirectUrl": None,
        "showExhibitorMenu": False,
        "whiteLabelURL": None,
    }


def login_with_password(email: str, password: str) -> User:
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ApiError(404, "4040100", "No User could be found")
    if not check_password(password, user.password):
        raise ApiError(401, "4010103", "Wrong password")
    return user


def login_with_user_key(user_key: str) -> User:
    """One-time magic-link login; the key is spent even if the caller never uses the token."""
    with transaction.atomic():
        user = User.objects.select_for_update().filter(user_key=user_key).first()
        if user is None:
            raise ApiError(401, "4010101", "This is not a valid magic link")
        expired = user.user_key_expires_at is not None and user.user_key_expires_at <= clock.now()
        if user.user_key_used or expired:
            raise ApiError(406, "4068006", "This link has expired or has already been used")
        user.user_key_used = True
        user.save(update_fields=["user_key_used"])
    return user


def issue_user_key(user: User, ttl_seconds: int = MAGIC_KEY_TTL) -> str:
    user.user_key = secrets.token_urlsafe(24)
    user.user_key_used = False
    user.user_key_expires_at = clock.now() + timedelta(seconds=ttl_seconds)
    user.save(update_fields=["user_key", "user_key_used", "user_key_expires_at"])
    return user.user_key
