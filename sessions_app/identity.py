"""The signed-in attendee as the portal's code sees it. The upstream token lives only in the
server-side Django session; pages and cookies never carry it."""

from dataclasses import dataclass

SESSION_KEY = "upstream"


@dataclass(frozen=True)
class Viewer:
    upstream_user_id: int
    attendee_id: int
    token: str


def viewer_from_request(request) -> Viewer | None:
    data = request.session.get(SESSION_KEY)
    attendee = getattr(request.user, "attendee", None) if request.user.is_authenticated else None
    if not data or attendee is None or data.get("user_id") != attendee.upstream_user_id:
        return None
    return Viewer(attendee.upstream_user_id, attendee.pk, data["token"])


def remember_upstream_token(request, *, token: str, user_id: int, expires_at) -> None:
    request.session[SESSION_KEY] = {
        "token": token,
        "user_id": user_id,
        "expires_at": expires_at.isoformat() if expires_at else None,
    }
