"""Everything an attendee's page reads from the upstream, started at once: the event
(`event_reads.py`) and the lists (`lists.py`: the shared catalogue, the attendee's own list and
registered list), each cached with its own TTL.

A cold page used to wait for them one after another. `read_together` starts the lists in a
small pool (upstream/concurrency.py) while this thread reads the event, so a cold page costs
about one upstream round trip: a list needs the event's zone only to read its first page's
wall-clock times, and waits for it then. The single-flight locks hold as before (they are in
`cached_fetch`), and every task spends the request's own time budget.

The event's reads and the lists' are importable from here too: the read side's one door.
"""

from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial

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
from sessions_app.upstream.concurrency import READS, wait
from sessions_app.upstream.domain import Event

from .lists import (  # noqa: F401 - the read side's one door
    catalogue_for,
    catalogue_spec,
    combined,
    own_for,
    own_spec,
    past_flag,
    registered_for_viewer,
    registered_spec,
    sessions_for_viewer,
    shared_catalogue,
    with_ended,
    with_fresher_seats,
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
    flag, shared = past_flag(False), shared_catalogue()
    wanted = {}  # the own list first: when both are cold, its read fills the catalogue
    if listed:
        own = partial(own_for, generation=generation)
        wanted["own"] = (own, own_spec(viewer, flag, generation))
    if shared and (listed or registered):
        wanted["catalogue"] = (catalogue_for if listed else None, catalogue_spec(flag))
    if registered:
        read = partial(registered_for_viewer, generation=generation)
        wanted["registered"] = (read, registered_spec(viewer, generation))
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
