"""Where a session's chat, polls and Q&A are: the platform runs them in the event's own hub,
not through the API, so the session's page and its stream page link there, one link per room
the platform has on for the session (`Session.hub`).

The address is ACCELEVENTS_HUB_SESSION_URL with `{event_url}` and `{session_id}` filled in
(`upstream/hub.py`, ASSUMED: the reference documents no hub address); empty hides the links.
All three rooms are parts of the session's one hub page."""

from dataclasses import dataclass

from django.conf import settings

from sessions_app.upstream import hub
from sessions_app.upstream.domain import Session

CHAT, POLLS, QUESTIONS = "chat", "polls", "questions"


@dataclass(frozen=True)
class HubLink:
    kind: str  # CHAT, POLLS or QUESTIONS: the template says which
    url: str


def hub_session_url(session_id: int) -> str:
    """The session's page in the event's hub, or "" when the setting is empty."""
    pattern, event_url = settings.ACCELEVENTS_HUB_SESSION_URL, settings.ACCELEVENTS_EVENT_URL
    return hub.hub_session_url(pattern, event_url, session_id)


def hub_links(session: Session) -> tuple[HubLink, ...]:
    """A link for each of the session's chat, polls and Q&A that the platform has on."""
    if not session.hub.any or not (url := hub_session_url(session.id)):
        return ()
    rooms = ((CHAT, session.hub.chat), (POLLS, session.hub.polls))
    rooms += ((QUESTIONS, session.hub.questions),)
    return tuple(HubLink(kind, url) for kind, on in rooms if on)
