"""Cache of upstream reads: the event's, shared by everyone, and each attendee's own.

Keys carry the attendee's upstream user id (taken from the signed-in session, never from the
request) and a per-attendee generation number: bumping the generation after a join or an
unregister retires every cached list of that attendee at once. One lock per key in the cache
itself (``cache.add`` is atomic on local memory and Redis) makes concurrent misses cost a single
upstream call; the last good value is kept up to the staleness limit and served, marked with its
age, when the upstream fails. A `Codec` (``sessions_app.agenda.catalogue`` for the event's
catalogue) keeps most of a value outside its entry; an entry whose parts are gone reads as no
entry at all, so the same single-flight fetch replaces it.
"""

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache

from sessions_app.upstream import budget
from sessions_app.upstream.errors import UpstreamRateLimited, UpstreamUnavailable

from .locks import CacheLock

WAIT_STEP_SECONDS = 0.02


@dataclass(frozen=True)
class Cached:
    value: Any
    fetched_at: float
    failed_refresh: bool = False
    refreshing: bool = False  # past its TTL while another caller fetches the new value

    @property
    def age_seconds(self) -> float:
        return max(0.0, time.time() - self.fetched_at)


def _generation_key(user_id: int) -> str:
    return f"portal:gen:u{user_id}"


def _clock() -> int:
    return time.time_ns() // 1000


def user_generation(user_id: int) -> int:
    # From the clock, not from 1: a key that was lost (eviction, flush, a Redis outage) starts
    # again above every value handed out before, so no entry cached under one comes back.
    return cache.get_or_set(_generation_key(user_id), _clock, timeout=None)


def bump_user_generation(user_id: int) -> None:
    _advance(_generation_key(user_id))


def _advance(key: str) -> None:
    """Raise the number at `key` above its value and the clock: it never takes a value twice."""
    advance = getattr(cache, "advance", None)  # atomic on Redis (portal/redis_cache.py)
    if advance is not None:
        advance(key, _clock())
        return
    current = cache.get(key)
    cache.set(key, max(_clock(), (current if isinstance(current, int) else 0) + 1), timeout=None)


def user_key(
    user_id: int, name: str, params: dict | None = None, *, generation: int | None = None
) -> str:
    digest = ""
    if params:
        canonical = "&".join(f"{k}={params[k]}" for k in sorted(params))
        digest = hashlib.sha256(canonical.encode()).hexdigest()[:24]
    generation = user_generation(user_id) if generation is None else generation
    return f"portal:u{user_id}:g{generation}:{name}:{digest}"


def _lock_timeout() -> float:
    per_call = settings.UPSTREAM_CONNECT_TIMEOUT + settings.UPSTREAM_READ_TIMEOUT
    return per_call * (settings.UPSTREAM_GET_RETRIES + 1) + 1


class Codec(Protocol):
    """How a value is kept in its entry (``sessions_app.agenda.catalogue``): `encode` may store
    parts of it elsewhere for `keep_for` seconds; `decode` gives None when such a part is gone."""

    def encode(self, value: Any, *, keep_for: int) -> Any: ...

    def decode(self, stored: Any) -> Any | None: ...


def _load(key: str, codec: Codec | None, *, newer_than: float | None = None):
    """The entry as (fetched_at, value); None when absent, not newer than `newer_than`, or when
    its codec finds a part of it gone (the same as absent: fetch it again)."""
    entry = cache.get(key)
    if entry is None or (newer_than is not None and entry[0] <= newer_than):
        return None
    return _decoded(entry, codec)


def _decoded(entry: tuple, codec: Codec | None) -> tuple | None:
    """(fetched_at, value) from a stored entry; None when its codec finds a part of it gone."""
    if codec is None:
        return entry
    value = codec.decode(entry[1])
    return None if value is None else (entry[0], value)


def cached_fetch(
    key: str, fetch: Callable[[], Any], *, ttl: int | None = None, codec: Codec | None = None
) -> Cached:
    """Return the cached value for ``key``, calling ``fetch`` at most once across all callers."""
    ttl = settings.PORTAL_CACHE_TTL if ttl is None else ttl
    stale_limit = max(settings.PORTAL_STALE_LIMIT, ttl)
    entry = _load(key, codec)
    started = time.time()
    if entry is not None and started - entry[0] < ttl:
        return Cached(entry[1], entry[0])
    lock_key = f"{key}:lock"
    lock = CacheLock(lock_key, int(_lock_timeout()) + 1)
    if lock.acquire():
        try:
            latest = _load(key, codec)  # another caller may have refreshed it since we looked
            if latest is not None and time.time() - latest[0] < ttl:
                return Cached(latest[1], latest[0])
            value = fetch()
            stored = value if codec is None else codec.encode(value, keep_for=stale_limit)
            cache.set(key, (started, stored), timeout=stale_limit)
        except (UpstreamUnavailable, UpstreamRateLimited):
            if entry is not None and started - entry[0] < stale_limit:
                return Cached(entry[1], entry[0], failed_refresh=True)
            raise
        finally:
            lock.release()  # only after the value is in place, so waiters find it
        return Cached(value, started)
    if entry is not None and started - entry[0] < stale_limit:
        return Cached(entry[1], entry[0], refreshing=True)
    return _wait_for_refresh(key, lock_key, codec, previous_at=entry[0] if entry else None)


def _wait_for_refresh(
    key: str, lock_key: str, codec: Codec | None, *, previous_at: float | None
) -> Cached:
    deadline = time.time() + budget.clip(_lock_timeout())  # never past the request's budget
    while time.time() < deadline:
        time.sleep(WAIT_STEP_SECONDS)
        # The lock first: its holder stores the value before releasing it, so a value it
        # stored is always seen by the read after.
        released = cache.get(lock_key) is None
        entry = _load(key, codec, newer_than=previous_at)
        if entry is not None:
            return Cached(entry[1], entry[0])
        if released:
            break  # the caller that held the lock failed; don't pile onto the upstream
    raise UpstreamUnavailable(message="The event platform did not answer in time.")


def peek(key: str, *, codec: Codec | None = None) -> Cached | None:
    """The stored entry for `key`, however old, without fetching."""
    entry = _load(key, codec)
    return None if entry is None else Cached(entry[1], entry[0])


def fresh(key: str, *, ttl: int | None = None, codec: Codec | None = None) -> Cached | None:
    """The stored entry for `key` if still within its TTL (what `cached_fetch` would return
    without fetching), else None."""
    ttl = settings.PORTAL_CACHE_TTL if ttl is None else ttl
    return fresh_many({key: (key, ttl, codec)})[key]


def fresh_many(wanted: dict[str, tuple[str, int, Codec | None]]) -> dict[str, Cached | None]:
    """`fresh` for several entries (name -> key, TTL, codec) in one round trip to the cache."""
    entries = cache.get_many([key for key, _, _ in wanted.values()])
    now, found = time.time(), {}
    for name, (key, ttl, codec) in wanted.items():
        entry = entries.get(key)
        fresh_entry = entry is not None and now - entry[0] < ttl
        entry = _decoded(entry, codec) if fresh_entry else None
        found[name] = None if entry is None else Cached(entry[1], entry[0])
    return found


def forget(key: str) -> None:
    cache.delete(key)


def remember_refusal(user_id: int, session_id: int, refusal: dict) -> None:
    """Keep an upstream refusal until this attendee's data changes (join/unregister bump)."""
    cache.set(user_key(user_id, f"refusal:{session_id}"), refusal, settings.PORTAL_STALE_LIMIT)
    bump_page_version(user_id)  # rendered pages don't show it yet


def page_stamp_keys(user_id: int) -> tuple[str, str]:
    """The keys whose values a rendered page of this attendee depends on
    (sessions_app.agenda.rendered): the data generation, and a page version for changes that keep
    the data (a refusal)."""
    return _generation_key(user_id), f"portal:pagever:u{user_id}"


def bump_page_version(user_id: int) -> None:
    _advance(page_stamp_keys(user_id)[1])


def recalled_refusal(user_id: int, session_id: int) -> dict | None:
    return cache.get(user_key(user_id, f"refusal:{session_id}"))


def refusal_keys(user_id: int, session_ids, generation: int | None = None) -> dict[str, int]:
    """key -> session id, where the refusals remembered for these sessions are kept."""
    if generation is None:
        generation = user_generation(user_id)  # one round trip, not one per card
    return {user_key(user_id, f"refusal:{sid}", generation=generation): sid for sid in session_ids}


def _snapshot_due_key(session_id: int) -> str:
    return f"portal:snapshot-due:{session_id}"


# Per process: when this process next asks the shared cache whether a session's snapshot is due
# (a keynote's joins ask it hundreds of times a second, nearly always to hear "not yet").
_SNAPSHOT_ASK_AFTER: dict[int, float] = {}
SNAPSHOT_ASK_EVERY_SECONDS = 1.0


def session_snapshot_due(session_id: int, every_seconds: int) -> bool:
    """True at most once per `every_seconds` per session, across all workers and copies; each
    process asks the shared cache at most once a second per session."""
    now = time.monotonic()
    if now < _SNAPSHOT_ASK_AFTER.get(session_id, 0.0):
        return False
    due = cache.add(_snapshot_due_key(session_id), 1, every_seconds)
    if len(_SNAPSHOT_ASK_AFTER) > 5_000:  # sessions of events long gone
        _SNAPSHOT_ASK_AFTER.clear()
    _SNAPSHOT_ASK_AFTER[session_id] = now + min(every_seconds, SNAPSHOT_ASK_EVERY_SECONDS)
    return due


def snapshot_failed(session_id: int) -> None:
    _SNAPSHOT_ASK_AFTER.pop(session_id, None)
    cache.delete(_snapshot_due_key(session_id))
