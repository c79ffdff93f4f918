"""The upstream reads behind an attendee's pages, each cached (cache.py) with its own TTL: the
event (`event_reads.py`) and the catalogue of its sessions (shared by everyone, `catalogue.py`),
the attendee's own list and registered list (per attendee, PORTAL_ATTENDEE_TTL). With
ACCELEVENTS_SHARED_CATALOGUE off, the attendee's own list is the whole of their list again, at
PORTAL_CACHE_TTL.

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
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial

from django.conf import settings

from sessions_app import cache as portal_cache
from sessions_app.event_reads import (  # noqa: F401 - the read side's one door
    EVENT_TTL,
    event_for_feed,
    event_for_viewer,
    event_key,
    event_name_for_visitor,
    known_event,
    warned_if_utc,
)
from sessions_app.identity import Viewer
from sessions_app.upstream.client import ZoneLike, get_client
from sessions_app.upstream.concurrency import READS, wait
from sessions_app.upstream.domain import Event, Session, SessionPage

from . import catalogue


def _past_flag(past: bool) -> bool | None:
    """The `past` query value for this list: None (not sent) without ACCELEVENTS_PAST_FILTER."""
    return past if get_client().contract.past_filter else None


def _shared() -> bool:
    return get_client().contract.shared_catalogue


def _catalogue_spec(flag: bool | None) -> tuple[str, int, catalogue.CatalogueCodec]:
    """The shared catalogue's key (per event, per the settings that shape a list), TTL, codec."""
    contract = get_client().contract
    shaped_by = f"{flag}|{contract.status_filter}|{contract.session_expand}|{event_key()}"
    digest = hashlib.sha256(shaped_by.encode()).hexdigest()[:12]
    key = f"portal:catalogue:{catalogue.SHAPE}:{digest}"
    return key, settings.PORTAL_CACHE_TTL, catalogue.CatalogueCodec(f"{key}:body")


def _own_spec(viewer: Viewer, flag: bool | None, generation: int | None) -> tuple:
    """The attendee's own list: all of it (no shared catalogue: fresh as the catalogue would
    be), else only what the catalogue can't say, kept for PORTAL_ATTENDEE_TTL."""
    shared = _shared()
    name = f"{'own' if shared else 'sessions'}{'-past' * bool(flag)}:{catalogue.SHAPE}"
    key = portal_cache.user_key(viewer.upstream_user_id, name, generation=generation)
    return key, settings.PORTAL_ATTENDEE_TTL if shared else settings.PORTAL_CACHE_TTL, None


def _registered_spec(viewer: Viewer, generation: int | None) -> tuple:
    name = f"registered:{catalogue.SHAPE}"
    key = portal_cache.user_key(viewer.upstream_user_id, name, generation=generation)
    return key, settings.PORTAL_ATTENDEE_TTL, None


def catalogue_for(
    viewer: Viewer, tz: ZoneLike, *, past: bool = False, read: SessionPage | None = None
) -> portal_cache.Cached:
    """The event's catalogue (`catalogue.shared_part`), read with this attendee's token when no
    copy of the portal has it fresh (or made from `read`, their own list just read)."""
    flag = _past_flag(past)
    key, ttl, codec = _catalogue_spec(flag)

    def fetch() -> SessionPage:
        page = (
            read if read is not None else get_client().all_sessions(viewer.token, tz=tz, past=flag)
        )
        return catalogue.shared_part(page, source="an attendee's own list" if read else "")

    return portal_cache.cached_fetch(key, fetch, ttl=ttl, codec=codec)


def own_for(
    viewer: Viewer, tz: ZoneLike, *, past: bool = False, generation: int | None = None
) -> portal_cache.Cached:
    """The attendee's own list: a SessionPage without the shared catalogue, else `catalogue.Own`
    (and, when no copy has the catalogue fresh, the list just read is the catalogue too: a cold
    page costs one list call, not two)."""
    flag = _past_flag(past)
    key, ttl, _ = _own_spec(viewer, flag, generation)
    if not _shared():
        fetch = lambda: get_client().all_sessions(viewer.token, tz=tz, past=flag)  # noqa: E731
        return portal_cache.cached_fetch(key, fetch, ttl=ttl)

    def fetch() -> catalogue.Own:
        page = get_client().all_sessions(viewer.token, tz=tz, past=flag)
        catalogue_for(viewer, tz, past=past, read=page)
        return catalogue.own_part(page)

    return portal_cache.cached_fetch(key, fetch, ttl=ttl)


def sessions_for_viewer(
    viewer: Viewer, tz: ZoneLike, *, past: bool = False, generation: int | None = None
) -> portal_cache.Cached:
    """The sessions the attendee may see, as a SessionPage (`complete`, `missing`): all of them,
    or with ACCELEVENTS_PAST_FILTER those not ended (`past` for the ended ones). `generation`:
    the attendee's data generation when the caller has read it already."""
    own = own_for(viewer, tz, past=past, generation=generation)
    if not _shared():
        return own
    return combined(catalogue_for(viewer, tz, past=past), own)


def combined(shared: portal_cache.Cached, own: portal_cache.Cached) -> portal_cache.Cached:
    """The attendee's list from the catalogue and their own part (`catalogue.merged`), told as
    fetched when it stops being good for PORTAL_CACHE_TTL: when the first of the two runs out."""
    fetched_at = min(
        shared.fetched_at,
        own.fetched_at + settings.PORTAL_ATTENDEE_TTL - settings.PORTAL_CACHE_TTL,
    )
    return portal_cache.Cached(
        catalogue.merged(shared.value, own.value),
        fetched_at,
        failed_refresh=shared.failed_refresh or own.failed_refresh,
        refreshing=shared.refreshing or own.refreshing,
    )


def registered_for_viewer(
    viewer: Viewer, tz: ZoneLike, *, generation: int | None = None
) -> portal_cache.Cached:
    """The attendee's registrations, as a SessionPage (`ids` names unreadable ones too). They
    change through the attendee's own joins, which retire this entry at once, so they keep
    as long as the rest of the attendee's own data (PORTAL_ATTENDEE_TTL)."""
    key, ttl, _ = _registered_spec(viewer, generation)
    fetch = lambda: get_client().registered_sessions(viewer.token, tz=tz)  # noqa: E731
    return portal_cache.cached_fetch(key, fetch, ttl=ttl)


def with_fresher_seats(registered: portal_cache.Cached, shared: portal_cache.Cached | None):
    """`registered` with the catalogue's copy of each public session it holds, when the catalogue
    was read after it (the list read right after a join already counts the new seat)."""
    if shared is None or shared.fetched_at <= registered.fetched_at:
        return registered
    page = catalogue.fresher(registered.value, shared.value)
    return portal_cache.Cached(
        page, registered.fetched_at, registered.failed_refresh, registered.refreshing
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
    reads = {name: (read, known[name]) for name, (read, _) in lists.items() if read}
    cold = [name for name, (_, found) in reads.items() if found is None]
    if "own" in cold and "catalogue" in cold:
        cold.remove("catalogue")  # the own list's read fills it: taken from the cache after
    if len(cold) + (event is None) <= 1:  # at most one upstream call: nothing to overlap
        event = _the_event(viewer, event)
        done = {n: k or read(viewer, event.tz) for n, (read, k) in reads.items()}
        return _reads(event, done | _looked_at(known, lists), generation)
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
    read = {
        name: done.get(name) or found or later(viewer, event.tz)
        for name, (later, found) in reads.items()
    }
    return _reads(event, read | _looked_at(known, lists), generation)


def _lists(viewer: Viewer, generation: int, *, listed: bool, registered: bool) -> dict:
    """name -> (its read, (its cache key, TTL, codec)), for the lists wanted. With the shared
    catalogue, a page without the agenda's list (My sessions) still looks the catalogue up, for
    fresher seats, but never reads it."""
    flag, shared = _past_flag(False), _shared()
    wanted = {}  # the own list first: when both are cold, its read fills the catalogue
    if listed:
        own = partial(own_for, generation=generation)
        wanted["own"] = (own, _own_spec(viewer, flag, generation))
    if shared and (listed or registered):
        wanted["catalogue"] = (catalogue_for if listed else None, _catalogue_spec(flag))
    if registered:
        read = partial(registered_for_viewer, generation=generation)
        wanted["registered"] = (read, _registered_spec(viewer, generation))
    return wanted


def _looked_at(known: dict, lists: dict) -> dict:
    """The entries found fresh that no read was asked for (the catalogue, for My sessions)."""
    return {name: known[name] for name, (read, _) in lists.items() if read is None}


def _reads(event: Event, done: dict, generation: int) -> Reads:
    """`Reads` from what was read: the attendee's list put together, registrations with seats
    from the catalogue."""
    shared, own, registered = done.get("catalogue"), done.get("own"), done.get("registered")
    listed = own if shared is None or own is None else combined(shared, own)
    if registered is not None:
        registered = with_fresher_seats(registered, shared)
    return Reads(event, listed=listed, registered=registered, generation=generation)


def _the_event(viewer: Viewer, fresh: portal_cache.Cached | None) -> Event:
    """The event found fresh in the cache, or read as `event_for_viewer` reads it."""
    return warned_if_utc(fresh.value) if fresh else event_for_viewer(viewer)


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
