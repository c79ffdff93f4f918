"""The signed-in attendee as the portal's code sees it. The upstream token lives only in the
server-side Django session; pages and cookies never carry it."""

from dataclasses import dataclass, field

SESSION_KEY = "upstream"


@dataclass(frozen=True)
class Viewer:
    upstream_user_id: int
    attendee_id: int
    token: str = field(repr=False)  # a repr ends up in tracebacks and error reports


def viewer_from_request(request) -> Viewer | None:
    data = request.session.get(SESSION_KEY)
    if not data or not request.user.is_authenticated:
        return None
    bound = data.get("bound")  # [Django user pk, attendee pk, upstream user id] at sign-in
    if bound and bound[0] == request.user.pk:
        # Saves the attendee query on every page (docs/benchmarks.md); same check as below.
        return Viewer(bound[2], bound[1], data["token"]) if bound[2] == data["user_id"] else None
    attendee = getattr(request.user, "attendee", None)
    if attendee is None or data.get("user_id") != attendee.upstream_user_id:
        return None
    return Viewer(attendee.upstream_user_id, attendee.pk, data["token"])


def remember_upstream_token(
    request,
    *,
    token: str,
    user_id: int,
    attendee_id: int | None = None,
    refused_at_sign_in: bool = False,
) -> None:
    request.session[SESSION_KEY] = {
        "token": token,
        "user_id": user_id,
        "refused_at_sign_in": refused_at_sign_in,
        "bound": [request.user.pk, attendee_id, user_id] if attendee_id else None,
    }


def token_refused_at_sign_in(request) -> bool:
    """True when the upstream refused the attendee's token on the very first call made with it
    (the profile, at sign-in): a later refusal is then how it is sent, not an expiry."""
    return bool((request.session.get(SESSION_KEY) or {}).get("refused_at_sign_in"))
