"""Django's built-in Redis cache, keeping one client object per connection pool, and carrying on
without Redis when it does not answer.

One client per pool, one pool per process: the built-in `RedisCacheClient.get_client()` builds
a new `redis.Redis` for every cache operation, and redis-py fills a table of ~170 response
callbacks in each constructor: about 0.1 ms per call, a third of a local GET (profiled in
docs/benchmarks.md). A `redis.Redis` is thread-safe and only borrows connections from its
pool, so one per pool is enough; and a pool is thread-safe too (`_shared`). Serializer and
options are Django's own.

Redis down: the portal must not answer 500 because its cache is gone. Every operation that
fails on Redis is answered by a per-process local-memory cache instead (one log line when that
starts, one when Redis answers again), and for `RETRY_SECONDS` after a failure Redis is not even
tried, so a Redis that hangs costs one connect timeout, not one per operation. What that means:

- data (lists, rendered pages) is kept at most `FALLBACK_DATA_SECONDS` locally: mostly misses,
  served straight from the upstream, without one copy showing another's stale state for long;
- locks, counters and rate limits (`add`, `incr`) work per process, with their own timeouts:
  stricter than shared ones in effect (sessions_app/ratelimit.py also halves its limits while
  `is_shared()` is False), never absent;
- sessions (`SESSION_ENGINE = cached_db`) are never held locally: they come from the database,
  so a sign-out in one copy is a sign-out in all;
- when Redis answers again, every key this process wrote or deleted meanwhile is deleted there
  (Redis would otherwise serve what was true before the outage: a session since signed out, a
  list from before a join), and what else changed is put right there (portal/redis_outage.py).
"""

import contextlib
import logging
import threading
import time

from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSION_KEY_PREFIX
from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import RedisError

from .redis_outage import ADVANCE, DELETE_IF_EQUAL, INCR_IF_EXISTS, outage_for

log = logging.getLogger("portal.cache")

RETRY_SECONDS = 5.0
FALLBACK_DATA_SECONDS = 5
FALLBACK_MAX_ENTRIES = 20_000
REDIS_ERRORS = (RedisError, OSError)


# One pool, and one client, per server and options in each process, not per cache object:
# Django makes a cache object per thread and per context, and the upstream reads run in copies
# of the request's context (sessions_app/upstream/concurrency.py), so each read built a pool of
# its own and opened a new connection to Redis: 4.5 ms before its first cache call (measured).
_shared: dict[tuple, tuple] = {}  # (server, options) -> (pool, client)
_shared_lock = threading.Lock()


class RedisCacheClient(django_redis.RedisCacheClient):
    def _get_connection_pool(self, write):
        return self._shared(write)[0]

    def get_client(self, key=None, *, write=False):
        return self._shared(write)[1]

    def _shared(self, write) -> tuple:
        server = self._servers[self._get_connection_pool_index(write)]
        key = (server, repr(sorted(self._pool_options.items())))
        if (found := _shared.get(key)) is None:
            with _shared_lock:
                if (found := _shared.get(key)) is None:
                    pool = self._pool_class.from_url(server, **self._pool_options)
                    found = _shared[key] = (pool, self._client(connection_pool=pool))
        return found

    def incr(self, key, delta):
        value = self.get_client(key, write=True).eval(INCR_IF_EXISTS, 1, key, delta)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def delete_if_equal(self, key, value) -> bool:
        client = self.get_client(key, write=True)
        return bool(client.eval(DELETE_IF_EQUAL, 1, key, self._serializer.dumps(value)))

    def advance(self, key, floor: int) -> int:
        return int(self.get_client(key, write=True).eval(ADVANCE, 1, key, floor))

    def ping(self) -> bool:
        return bool(self.get_client(write=True).ping())


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        servers = ",".join(self._servers)
        self._outage = outage_for(servers)
        self._local = LocMemCache(
            f"portal-redis-fallback:{servers}",  # one store per process, shared by its threads
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": self.key_prefix,
                "VERSION": self.version,
                "KEY_FUNCTION": self.key_func,
                "OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES},
            },
        )

    # --- what the portal asks of it -------------------------------------------------------

    def is_shared(self) -> bool:
        """False while this process answers from its local fallback."""
        return self._outage.retry_at == 0.0

    def probe(self) -> bool:
        """Does Redis itself answer (a PING, past the fallback)? For /healthz."""
        return self._on_redis(lambda: self._cache.ping(), lambda: False, force=True)

    def delete_if_equal(self, key, value, version=None) -> bool:
        """Delete `key` only while it still holds `value`: releasing a lock one still owns."""
        made = self.make_and_validate_key(key, version=version)
        return self._on_redis(
            lambda: self._cache.delete_if_equal(made, value),
            lambda: self._local_delete_if_equal(key, value, version),
        )

    def advance(self, key, floor: int, version=None) -> int:
        """Raise the integer at `key` (no expiry) to at least `floor` and above its value: a
        value that only goes up, whatever happened to Redis meanwhile."""
        made = self.make_and_validate_key(key, version=version)

        def local():
            self._outage.note_advance(key, version)
            current = self._local.get(key, version=version)
            raised = max(floor, (current if isinstance(current, int) else 0) + 1)
            self._local.set(key, raised, self._data_timeout(None), version)
            return raised

        return self._on_redis(lambda: self._cache.advance(made, floor), local)

    # --- Django's cache API, each with its local answer -----------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        base = super()
        return self._on_redis(
            lambda: base.add(key, value, timeout, version),
            lambda: not _is_session(key) and self._local.add(key, value, timeout, version),
        )

    def get(self, key, default=None, version=None):
        base = super()
        return self._on_redis(
            lambda: base.get(key, default, version),
            lambda: default if _is_session(key) else self._local.get(key, default, version),
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        base = super()

        def local():
            self._outage.note([key])
            if not _is_session(key):
                self._local.set(key, value, self._data_timeout(timeout), version)

        return self._on_redis(lambda: base.set(key, value, timeout, version), local)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        base = super()
        return self._on_redis(
            lambda: base.touch(key, timeout, version),
            lambda: self._local.touch(key, self._data_timeout(timeout), version),
        )

    def delete(self, key, version=None):
        base = super()

        def local():
            self._outage.note([key])
            return self._local.delete(key, version)

        return self._on_redis(lambda: base.delete(key, version), local)

    def get_many(self, keys, version=None):
        base = super()
        keys = list(keys)
        local_keys = [key for key in keys if not _is_session(key)]
        return self._on_redis(
            lambda: base.get_many(keys, version),
            lambda: self._local.get_many(local_keys, version),
        )

    def has_key(self, key, version=None):
        base = super()
        return self._on_redis(
            lambda: base.has_key(key, version),
            lambda: not _is_session(key) and self._local.has_key(key, version),
        )

    def incr(self, key, delta=1, version=None):
        base = super()

        def local():
            value = self._local.incr(key, delta, version)  # ValueError when missing, as Redis
            self._outage.note([key], delta=delta)
            return value

        return self._on_redis(lambda: base.incr(key, delta, version), local)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        base = super()

        def local():
            self._outage.note(data)
            kept = {key: value for key, value in data.items() if not _is_session(key)}
            return self._local.set_many(kept, self._data_timeout(timeout), version)

        return self._on_redis(lambda: base.set_many(data, timeout, version), local)

    def delete_many(self, keys, version=None):
        base = super()
        keys = list(keys)

        def local():
            self._outage.note(keys)
            self._local.delete_many(keys, version)

        return self._on_redis(lambda: base.delete_many(keys, version), local)

    def clear(self):
        base = super()
        self._local.clear()
        return self._on_redis(lambda: base.clear(), lambda: True)

    # --- the switch ------------------------------------------------------------------------

    def _on_redis(self, on_redis, local, *, force: bool = False):
        if not force and not self._may_try_redis():
            return local()
        try:
            result = on_redis()
        except REDIS_ERRORS as exc:
            self._went_down(exc)
            return local()
        if self._outage.retry_at:
            self._came_back()
        return result

    def _may_try_redis(self) -> bool:
        outage = self._outage
        if outage.retry_at == 0.0:
            return True
        with outage.lock:
            if outage.trying or time.monotonic() < outage.retry_at:
                return False
            outage.trying = True
            return True

    def _went_down(self, exc: Exception) -> None:
        outage = self._outage
        with outage.lock:
            first = outage.retry_at == 0.0
            outage.retry_at = time.monotonic() + RETRY_SECONDS
            outage.trying = False
        if first:
            # The type only: a Redis error's text can carry its URL and password.
            log.warning(
                "cache unreachable (%s): answering from this process's memory, data straight "
                "from the upstream, sessions from the database; retrying every %ss",
                type(exc).__name__,
                RETRY_SECONDS,
            )

    def _came_back(self) -> None:
        outage = self._outage
        with outage.lock:
            if not outage.retry_at:
                return
            taken = outage.take()
            outage.retry_at, outage.trying = 0.0, False
        self._local.clear()
        try:
            self._replay(*taken[:4])
        except REDIS_ERRORS as exc:
            self._went_down(exc)
            return
        log.warning(
            "cache reachable again: %d keys written during the outage retired there%s",
            sum(len(kept) for kept in taken[:4]),
            " (more were written than could be remembered)" if taken[4] else "",
        )

    def _replay(self, written: set, counted: dict, released: dict, advanced: set) -> None:
        floor = time.time_ns() // 1000  # above whatever any copy handed out meanwhile
        for key, version in advanced:
            self._cache.advance(self.make_and_validate_key(key, version=version), floor)
        written -= {key for key, _ in advanced}
        if written:
            super().delete_many(list(written))
        for key, delta in counted.items():
            with contextlib.suppress(ValueError):  # gone meanwhile: nothing to add to
                super().incr(key, delta)
        for (key, version), token in released.items():
            self._cache.delete_if_equal(self.make_and_validate_key(key, version=version), token)

    def _data_timeout(self, timeout):
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        return FALLBACK_DATA_SECONDS if timeout is None else min(timeout, FALLBACK_DATA_SECONDS)

    def _local_delete_if_equal(self, key, value, version) -> bool:
        # The lock may have been taken on Redis before it went away: released there on return.
        self._outage.note_release(key, version, value)
        # Two steps, within one process: the gap is a few bytecodes, not a network round trip.
        return self._local.get(key, version=version) == value and self._local.delete(key, version)


def _is_session(key: str) -> bool:
    return isinstance(key, str) and key.startswith(SESSION_KEY_PREFIX)
