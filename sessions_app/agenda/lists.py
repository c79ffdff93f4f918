"""The session lists behind an attendee's pages, each cached (cache.py) with its own key and TTL:
the catalogue of the event's sessions (shared by everyone, `catalogue.py`, PORTAL_CACHE_TTL),
the attendee's own list and registered list (per attendee, PORTAL_ATTENDEE_TTL), and how they
are put together. With ACCELEVENTS_SHARED_CATALOGUE off, the attendee's own list is the whole of
their list again, at PORTAL_CACHE_TTL.

With ACCELEVENTS_PAST_FILTER (set once `check_upstream` confirms `past` works on the real
event), the default list asks for `past=false`, and ended sessions are read only for the Past
tab or an ended session's page (`with_ended`).

`reads.read_together` reads them side by side; each spec here is the key it looks up first.
"""

import hashlib

from django.conf import settings

from sessions_app import cache as portal_cache
from sessions_app.event_reads import event_key
from sessions_app.identity import Viewer
from sessions_app.upstream.client import ZoneLike, get_client
from sessions_app.upstream.domain import Session, SessionPage

from . import catalogue


def past_flag(past: bool) -> bool | None:
    """The `past` query value for this list: None (not sent) without ACCELEVENTS_PAST_FILTER."""
    return past if get_client().contract.past_filter else None


def shared_catalogue() -> bool:
    return get_client().contract.shared_catalogue


def catalogue_spec(flag: bool | None) -> tuple[str, int, catalogue.CatalogueCodec]:
    """The shared catalogue's key (per event, per the settings that shape a list), TTL, codec."""
    contract = get_client().contract
    shaped_by = f"{flag}|{contract.status_filter}|{contract.session_expand}|{event_key()}"
    digest = hashlib.sha256(shaped_by.encode()).hexdigest()[:12]
    key = f"portal:catalogue:{catalogue.SHAPE}:{digest}"
    return key, settings.PORTAL_CACHE_TTL, catalogue.CatalogueCodec(f"{key}:body")


def own_spec(viewer: Viewer, flag: bool | None, generation: int | None) -> tuple:
    """The attendee's own list: all of it (no shared catalogue: fresh as the catalogue would
    be), else only what the catalogue can't say, kept for PORTAL_ATTENDEE_TTL."""
    shared = shared_catalogue()
    name = f"{'own' if shared else 'sessions'}{'-past' * bool(flag)}:{catalogue.SHAPE}"
    key = portal_cache.user_key(viewer.upstream_user_id, name, generation=generation)
    return key, settings.PORTAL_ATTENDEE_TTL if shared else settings.PORTAL_CACHE_TTL, None


def registered_spec(viewer: Viewer, generation: int | None) -> tuple:
    name = f"registered:{catalogue.SHAPE}"
    key = portal_cache.user_key(viewer.upstream_user_id, name, generation=generation)
    return key, settings.PORTAL_ATTENDEE_TTL, None


def catalogue_for(
    viewer: Viewer, tz: ZoneLike, *, past: bool = False, read: SessionPage | None = None
) -> portal_cache.Cached:
    """The event's catalogue (`catalogue.shared_part`), read with this attendee's token when no
    copy of the portal has it fresh (or made from `read`, their own list just read)."""
    flag = past_flag(past)
    key, ttl, codec = catalogue_spec(flag)

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
    flag = past_flag(past)
    key, ttl, _ = own_spec(viewer, flag, generation)
    if not shared_catalogue():
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
    if not shared_catalogue():
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
    key, ttl, _ = registered_spec(viewer, generation)
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
