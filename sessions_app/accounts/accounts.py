"""Who a sign-in names, and starting the attendee's Django session for them: two steps, so a
magic link can name its account and ask before anyone is signed in (magic_views.py).

Who signed in comes from the login answer, where `userId` is documented; the profile only adds
names and the email, and a profile call that fails does not fail the sign-in."""

import logging
from dataclasses import asdict, dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth import login as django_login
from django.db import transaction
from django.utils import timezone

from sessions_app.agenda.zone_choice import saved_zone
from sessions_app.identity import ZONE_KEY, remember_upstream_token
from sessions_app.models import Attendee
from sessions_app.upstream.client import get_client
from sessions_app.upstream.domain import Profile
from sessions_app.upstream.errors import UpstreamAuthError, UpstreamError, UpstreamUnavailable

log = logging.getLogger(__name__)
ATTENDEE_BACKEND = "sessions_app.auth_backend.CachedAttendeeBackend"
# Session keys of a magic link on its way: the key from the e-mail's URL (not used yet), and
# the account it turned out to name (used, not signed in yet). Any sign-in drops both.
MAGIC_KEY = "magic_link"
PENDING_KEY = "magic_pending"


@dataclass(frozen=True)
class UpstreamAccount:
    """A sign-in the upstream accepted, before any Django session is started for it. It holds
    the token: it lives only in the server-side session, never in a page."""

    token: str
    user_id: int
    email: str
    first_name: str
    last_name: str
    refused_at_sign_in: bool = False

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def to_session(self) -> dict:
        return asdict(self)

    @classmethod
    def from_session(cls, data: dict) -> "UpstreamAccount":
        return cls(**data)


def account_from_upstream(*, email: str = "", password: str = "", user_key: str = ""):
    """The account the upstream signs in (password or one-time key), named as well as known.
    Raises SignInRejected / UpstreamUnavailable / UpstreamMisconfigured from the client."""
    client = get_client()
    upstream = client.sign_in_with_key(user_key) if user_key else client.sign_in(email, password)
    profile, refused = _profile_or_none(client, upstream.token)
    user_id = upstream.user_id or (profile.user_id if profile else None)
    if not user_id:
        raise UpstreamUnavailable("The event platform's sign-in answer did not say who you are.")
    names = _names(user_id, profile, email)
    return UpstreamAccount(upstream.token, user_id, refused_at_sign_in=refused, **names)


def start_session(request, account: UpstreamAccount) -> Attendee:
    """Sign `account` in: its local attendee, a new Django session key, its token kept."""
    attendee = _upsert_attendee(account)
    drop_magic_state(request)  # a link opened before this sign-in must not outlive it
    django_login(request, attendee.user, backend=ATTENDEE_BACKEND)  # rotates the session key
    remember_upstream_token(
        request,
        token=account.token,
        user_id=attendee.upstream_user_id,
        attendee_id=attendee.pk,
        refused_at_sign_in=account.refused_at_sign_in,
    )
    request.session[ZONE_KEY] = saved_zone(attendee.pk)  # their choice outlives a sign-out
    return attendee


def drop_magic_state(request) -> None:
    request.session.pop(MAGIC_KEY, None)
    request.session.pop(PENDING_KEY, None)


def _profile_or_none(client, token: str) -> tuple[Profile | None, bool]:
    """The profile, or None; and whether the token itself was refused."""
    try:
        return client.profile(token), False
    except UpstreamError as failure:
        log.warning(
            "profile call failed at sign-in (status %s, request %s); signing in without it",
            failure.status,
            failure.request_id,
        )
        return None, isinstance(failure, UpstreamAuthError)


def _names(user_id: int, profile: Profile | None, email: str) -> dict:
    """Names and email from the profile where it gave them, else what the attendee typed, else
    what the portal already knows (a magic-link sign-in types nothing)."""
    known = Attendee.objects.filter(upstream_user_id=user_id).values(
        "email", "first_name", "last_name"
    )
    names = dict(known.first() or {"email": "", "first_name": "", "last_name": ""})
    if profile is not None:
        given = {"email": profile.email, "first_name": profile.first_name}
        given["last_name"] = profile.last_name
        names.update({key: value for key, value in given.items() if value})
    names["email"] = names["email"] or email
    return {key: value[:150] if key != "email" else value for key, value in names.items()}


@transaction.atomic
def _upsert_attendee(account: UpstreamAccount) -> Attendee:
    names = {"email": account.email, "first_name": account.first_name}
    names["last_name"] = account.last_name
    user, _ = get_user_model().objects.update_or_create(
        username=f"accelevents-{account.user_id}", defaults=names
    )
    attendee, _ = Attendee.objects.update_or_create(
        upstream_user_id=account.user_id,
        defaults={"user": user, "last_seen_at": timezone.now(), **names},
    )
    return attendee
