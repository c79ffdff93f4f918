"""The address of a session's page in the event's hub, where the platform runs its chat, polls
and Q&A (no API reaches them). ASSUMED (docs/upstream-contract.md): the reference documents no
hub address, so it is the setting ACCELEVENTS_HUB_SESSION_URL, `{event_url}` and `{session_id}`
filled in; empty means none. `check_upstream` names the address for one session to open."""

from urllib.parse import quote, urlsplit

from django.core.exceptions import ImproperlyConfigured


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


def hub_session_url(pattern: str, event_url: str, session_id: int) -> str:
    """The session's page in the event's hub, or "" when `pattern` is empty."""
    if not pattern:
        return ""
    return pattern.format(event_url=quote(event_url, safe=""), session_id=int(session_id))
