"""Where a session's chat, polls and Q&A are: the platform runs them in the event's own hub,
not through the API, so the session's page and its stream page link there, one link per room
the platform has on for the session (`Session.hub`).

The address is ACCELEVENTS_HUB_SESSION_URL with `{event_url}` and `{session_id}` filled in
(ASSUMED in docs/upstream-contract.md: the reference documents no hub address); empty hides
the links. All three rooms are parts of the session's one hub page."""

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from sessions_app.upstream.domain import Session

CHAT, POLLS, QUESTIONS = "chat", "polls", "questions"


@dataclass(frozen=True)
class HubLink:
    kind: str  # CHAT, POLLS or QUESTIONS: the template says which
    url: str


def check_hub_url(pattern: str) -> None:
    """At start-up: an http(s) URL whose only placeholders are `{event_url}`, `{session_id}`."""
    if not pattern:
        return
    try:
        parts = urlsplit(pattern.format(event_url="e", session_id=1))
    except (KeyError, IndexError, ValueError) as bad:
        raise ImproperlyConfigured(
            "ACCELEVENTS_HUB_SESSION_URL may hold only {event_url} and {session_id}"
        ) from bad
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured("ACCELEVENTS_HUB_SESSION_URL must be an http(s) URL")


def hub_session_url(session_id: int) -> str:
    """The session's page in the event's hub, or "" when the setting is empty."""
    pattern = settings.ACCELEVENTS_HUB_SESSION_URL
    if not pattern:
        return ""
    event_url = quote(settings.ACCELEVENTS_EVENT_URL, safe="")
    return pattern.format(event_url=event_url, session_id=int(session_id))


def hub_links(session: Session) -> tuple[HubLink, ...]:
    """A link for each of the session's chat, polls and Q&A that the platform has on."""
    if not session.hub.any or not (url := hub_session_url(session.id)):
        return ()
    rooms = ((CHAT, session.hub.chat), (POLLS, session.hub.polls))
    rooms += ((QUESTIONS, session.hub.questions),)
    return tuple(HubLink(kind, url) for kind, on in rooms if on)
