"""The upstream reads behind an attendee's pages: the event (shared by everyone), the session
list and the registered list (per attendee), each cached (cache.py) with its own TTL; and the
event's name for the pages before sign-in.

A cold page used to wait for them one after another. `read_together` starts the lists in a
small pool (upstream/concurrency.py) while this thread reads the event, so a cold page costs
about one upstream round trip: a list needs the event's zone only to read its first page's
wall-clock times, and waits for it then. The single-flight locks hold as before (they are in
`cached_fetch`), and every task spends the request's own time budget.

With ACCELEVENTS_PAST_FILTER (set once `check_upstream` confirms `past` works on the real
event), the default list asks for `past=false`, and ended sessions are read only for the Past
tab or an ended session's page.
"""

import hashlib
import logging
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.cache import cache

from . import cache as portal_cache
from . import list_store
from .identity import Viewer
from .upstream.client import ZoneLike, get_client
from .upstream.concurrency import READS, wait
from .upstream.domain import Event, Session, SessionPage
from .upstream.errors import UpstreamError, UpstreamRateLimited, UpstreamUnavailable

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
    return _warned_if_utc(event)


def _warned_if_utc(event: Event) -> Event:
    """Logged once per process, however the event was read (a copy may only ever find it
    fresh in the cache, put there by another copy)."""
    if event.zone.is_fallback and event.url not in _warned_fallback_zone:
        _warned_fallback_zone.add(event.url)
        log.warning(
            "the event's time zone is unknown (no ACCELEVENTS_EVENT_TIMEZONE, and the event "
            "call gave none): showing and judging times in UTC"
        )
    return event


def _past_flag(past: bool) -> bool | None:
    """The `past` query value for this list: None (not sent) without ACCELEVENTS_PAST_FILTER."""
    return past if get_client().contract.past_filter else None


def _sessions_key(viewer: Viewer, flag: bool | None, generation: int | None = None) -> str:
    name = f"sessions{'-past' * bool(flag)}-index"
    return portal_cache.user_key(viewer.upstream_user_id, name, generation=generation)


def _registered_key(viewer: Viewer, generation: int | None = None) -> str:
    return portal_cache.user_key(viewer.upstream_user_id, "registered-index", generation=generation)


def sessions_for_viewer(
    viewer: Viewer, tz: ZoneLike, *, past: bool = False, generation: int | None = None
) -> portal_cache.Cached:
    """The sessions the attendee may see, as a SessionPage (`complete`, `missing`): all of them,
    or with ACCELEVENTS_PAST_FILTER those not ended (`past` for the ended ones). `generation`:
    the attendee's data generation when the caller has read it already."""
    flag = _past_flag(past)
    return portal_cache.cached_fetch(
        _sessions_key(viewer, flag, generation),
        lambda: get_client().all_sessions(viewer.token, tz=tz, past=flag),
        codec=list_store,
    )


def registered_for_viewer(
    viewer: Viewer, tz: ZoneLike, *, generation: int | None = None
) -> portal_cache.Cached:
    """The attendee's registrations, as a SessionPage (`ids` names unreadable ones too). They
    change through the attendee's own joins, which retire this entry at once, so they keep
    longer than the session list (PORTAL_ATTENDEE_TTL)."""
    return portal_cache.cached_fetch(
        _registered_key(viewer, generation),
        lambda: get_client().registered_sessions(viewer.token, tz=tz),
        ttl=settings.PORTAL_ATTENDEE_TTL,
        codec=list_store,
    )


@dataclass(frozen=True)
class Reads:
    event: Event
    listed: portal_cache.Cached | None = None
    registered: portal_cache.Cached | None = None
    generation: int | None = None  # the attendee's data generation the lists were read at


def read_together(viewer: Viewer, *, listed: bool = True, registered: bool = True) -> Reads:
    """The event and the lists a page needs; those not fresh in the cache all started at once.
    Raises as the reads would. Fresh ones are taken as they are: handing a cached read to
    another thread costs more than the read. The cache is asked twice before any upstream call:
    the attendee's data generation (the lists' keys hold it), then every entry at once."""
    generation = portal_cache.user_generation(viewer.upstream_user_id)
    lists = _lists(viewer, generation, listed=listed, registered=registered)
    known = portal_cache.fresh_many(
        {"event": (event_key(), EVENT_TTL, None)} | {n: spec for n, (_, spec) in lists.items()}
    )
    event = known.pop("event")
    reads = {name: (read, known[name]) for name, (read, _) in lists.items()}
    cold = [name for name, (_, found) in reads.items() if found is None]
    if len(cold) + (event is None) <= 1:  # at most one upstream call: nothing to overlap
        event = _the_event(viewer, event)
        done = {n: k or read(viewer, event.tz) for n, (read, k) in reads.items()}
        return Reads(event, **done, generation=generation)
    zone_ready: Future = Future()
    tz = lambda: wait(zone_ready)  # noqa: E731 - asked for by a list once its first page is in
    started = {name: READS.start(partial(reads[name][0], viewer, tz)) for name in cold}
    try:
        event = _the_event(viewer, event)
    except BaseException as failure:
        zone_ready.set_exception(failure)  # the lists stop at their first page
        raise
    zone_ready.set_result(event.tz)
    done = {name: wait(task) for name, task in started.items()}
    lists = {name: done.get(name) or known for name, (_, known) in reads.items()}
    return Reads(event, **lists, generation=generation)


def _lists(viewer: Viewer, generation: int, *, listed: bool, registered: bool) -> dict:
    """name -> (its read, (its cache key, TTL, codec)), for the lists wanted."""
    return {
        name: (partial(read, generation=generation), (key, ttl, list_store))
        for name, read, key, ttl, wanted in (
            ("listed", sessions_for_viewer, _sessions_key(viewer, _past_flag(False), generation),
             settings.PORTAL_CACHE_TTL, listed),
            ("registered", registered_for_viewer, _registered_key(viewer, generation),
             settings.PORTAL_ATTENDEE_TTL, registered),
        )
        if wanted
    }  # fmt: skip


def _the_event(viewer: Viewer, fresh: portal_cache.Cached | None) -> Event:
    """The event found fresh in the cache, or read as `event_for_viewer` reads it."""
    return _warned_if_utc(fresh.value) if fresh else event_for_viewer(viewer)


def known_event() -> Event | None:
    """The event as last fetched, without calling the upstream (for /healthz and the admin)."""
    entry = portal_cache.peek(event_key())
    return entry.value if entry else None


def event_for_feed() -> Event:
    """The event for pages without an attendee (the calendar feed): as last fetched, else from
    settings; never an upstream call."""
    return known_event() or get_client().event_from_settings()


def with_ended(viewer: Viewer, listed: portal_cache.Cached, tz: ZoneLike) -> portal_cache.Cached:
    """`listed` with the ended sessions too (the Past tab, an ended session's page): as it is
    without ACCELEVENTS_PAST_FILTER, else together with the `past=true` list, in start order."""
    if not get_client().contract.past_filter:
        return listed
    ended = sessions_for_viewer(viewer, tz, past=True)
    now, then = listed.value, ended.value
    merged = {s.id: s for s in (*then.sessions, *now.sessions)}  # the fresher list's copy wins
    page = SessionPage(
        tuple(sorted(merged.values(), key=Session.sort_key)),
        total=max(now.total, then.total),
        filtered=len(merged) + now.missing + then.missing + now.hidden + then.hidden,
        skipped=now.skipped + then.skipped,
        skipped_ids=(*now.skipped_ids, *then.skipped_ids),
        complete=now.complete and then.complete,
        hidden=now.hidden + then.hidden,
    )
    return portal_cache.Cached(
        page,
        min(listed.fetched_at, ended.fetched_at),
        failed_refresh=listed.failed_refresh or ended.failed_refresh,
        refreshing=listed.refreshing or ended.refreshing,
    )


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
