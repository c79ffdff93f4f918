"""The event behind an attendee's pages: read from the platform once for everyone and cached
(cache.py), from its last good copy during an outage, else from settings; and its name for the
pages before sign-in."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

from sessions_app.upstream.client import get_client
from sessions_app.upstream.domain import Event
from sessions_app.upstream.errors import UpstreamError, UpstreamRateLimited, UpstreamUnavailable

from . import cache as portal_cache
from .identity import Viewer

log = logging.getLogger(__name__)
EVENT_TTL = 300
_warned_fallback_zone: set[str] = set()


def event_key() -> str:
    """Per event and per the settings that shape the Event (so changing them takes effect at
    the next restart, not when the cached copy expires)."""
    shaped_by = f"{settings.PORTAL_EVENT_NAME}|{settings.ACCELEVENTS_EVENT_TIMEZONE}"
    digest = hashlib.sha256(shaped_by.encode()).hexdigest()[:12]
    return f"portal:event:{settings.ACCELEVENTS_EVENT_URL}:{digest}"


def event_for_viewer(viewer: Viewer) -> Event:
    """The event: from the platform (shared by all attendees), from its last good copy during
    an outage, else from settings. Refusals of the call are answered from settings by the
    client, so no page depends on a call the reference documents for admins only."""
    try:
        fetch = lambda: get_client().event(token=viewer.token)  # noqa: E731
        event = portal_cache.cached_fetch(event_key(), fetch, ttl=EVENT_TTL).value
    except (UpstreamUnavailable, UpstreamRateLimited):
        event = get_client().event_from_settings()  # not cached: the platform may be back soon
    return warned_if_utc(event)


def warned_if_utc(event: Event) -> Event:
    """Logged once per process, however the event was read (a copy may only ever find it
    fresh in the cache, put there by another copy)."""
    if event.zone.is_fallback and event.url not in _warned_fallback_zone:
        _warned_fallback_zone.add(event.url)
        log.warning(
            "the event's time zone is unknown (no ACCELEVENTS_EVENT_TIMEZONE, and the event "
            "call gave none): showing and judging times in UTC"
        )
    return event


def known_event() -> Event | None:
    """The event as last fetched, without calling the upstream (for /healthz and the admin)."""
    entry = portal_cache.peek(event_key())
    return entry.value if entry else None


def event_for_feed() -> Event:
    """The event for pages without an attendee (the calendar feed): as last fetched, else from
    settings; never an upstream call."""
    return known_event() or get_client().event_from_settings()


VISITOR_FALLBACK_SECONDS = 30


def event_name_for_visitor(*, may_fetch: bool = True) -> str:
    """The event's name for pages before sign-in: as attendees' pages last fetched it, else from
    one call without a token, kept like the attendees' copy (or, when the platform refuses or
    doesn't answer, the settings' name, kept briefly so an outage doesn't slow every sign-in).
    Without `may_fetch` (answering a sign-in attempt) the upstream is never asked."""
    if (known := known_event()) is not None:
        return known.name
    key = f"{event_key()}:visitor-name"
    if (name := cache.get(key)) is not None:
        return name
    if not may_fetch:
        return get_client().event_from_settings().name
    try:
        event, ttl = get_client().event(), EVENT_TTL
    except UpstreamError:
        event, ttl = get_client().event_from_settings(), VISITOR_FALLBACK_SECONDS
    cache.set(key, event.name, ttl)
    return event.name
