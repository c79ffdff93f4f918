"""`check_upstream`'s `hub` row: which sessions the platform says have chat, polls or Q&A on
(`enableChat`, `enablePoll`, `enableQuesAndAns`: documented fields), and the hub address the
portal links them to (ASSUMED, ACCELEVENTS_HUB_SESSION_URL). The API cannot tell whether that
page exists, so the row names it for the organizer to open; it never blocks the check."""

from django.conf import settings

from ..hub import hub_session_url
from .findings import UNKNOWN, Finding
from .state import ProbeState

TITLE = "Chat, polls and Q&A links (the event's hub)"
ASSUMED = (
    "sessions say which of chat, polls and Q&A are on; the hub shows a session at "
    "ACCELEVENTS_HUB_SESSION_URL"
)


def check_hub_links(state: ProbeState) -> None:
    listed = state.sessions.sessions if state.sessions is not None else ()
    with_rooms = [s for s in listed if s.hub.any]
    pattern = settings.ACCELEVENTS_HUB_SESSION_URL
    observed = f"{len(with_rooms)} of {len(listed)} listed sessions have chat, polls or Q&A on"
    if not pattern:
        observed += "; ACCELEVENTS_HUB_SESSION_URL is empty, so no links are shown"
    elif with_rooms:
        url = hub_session_url(pattern, state.contract.event_url, with_rooms[0].id)
        observed += f"; open {url} and check it shows that session's chat (the API can't say)"
    state.add(Finding("hub", TITLE, ASSUMED, observed, UNKNOWN, needed=False))
