"""The signed-in attendee as the portal's code sees it. The upstream token lives only in the
server-side Django session; pages and cookies never carry it."""

from dataclasses import dataclass, field, replace

SESSION_KEY = "upstream"
# The zone the attendee chose to see times in (an IANA name), "" for the event's own; kept
# with the sign-in (copied there from their saved choice), so no page asks the database.
ZONE_KEY = "shown_zone"


@dataclass(frozen=True)
class Viewer:
    upstream_user_id: int
    attendee_id: int
    token: str = field(repr=False)  # a repr ends up in tracebacks and error reports
    zone: str = ""  # the IANA zone they chose to see times in; "" = the event's

    def in_event_zone(self) -> "Viewer":
        """The same attendee with times in the event's zone (calendar files carry that zone)."""
        return replace(self, zone="")


def viewer_from_request(request) -> Viewer | None:
    data = request.session.get(SESSION_KEY)
    if not data or not request.user.is_authenticated:
        return None
    bound = data.get("bound")  # [Django user pk, attendee pk, upstream user id] at sign-in
    zone = str(request.session.get(ZONE_KEY) or "")
    if bound and bound[0] == request.user.pk:
        # Saves the attendee query on every page (docs/benchmarks.md); same check as below.
        if bound[2] != data["user_id"]:
            return None
        return Viewer(bound[2], bound[1], data["token"], zone)
    attendee = getattr(request.user, "attendee", None)
    if attendee is None or data.get("user_id") != attendee.upstream_user_id:
        return None
    return Viewer(attendee.upstream_user_id, attendee.pk, data["token"], zone)


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
