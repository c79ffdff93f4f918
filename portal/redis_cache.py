"""Django's own Redis cache, carrying on from each process's memory when Redis does not answer.

An operation that fails on Redis is answered by `_Local`: one log line when that starts, one
when Redis answers again. Redis is then tried again after `RETRY_SECONDS`, by one thread at a
time, so a hung Redis costs one connect timeout, not one per operation. `_Local` keeps data
`FALLBACK_DATA_SECONDS` at most (copies don't show each other's stale state for long), locks and
counters for their own timeouts (sessions_app/accounts/ratelimit.py halves its limits while
`is_shared()` is False), sessions never: they come from the database (`cached_db`), alike in
every copy.

Before Redis is used again, what this process changed meanwhile is put right there: a key
written or deleted is deleted (a session signed out, a list from before a join), a counter
incremented, a lock released if it still holds its owner's token, and a number that only goes up
(`advance`: an attendee's data generation) raised, never reset.

One `redis.Redis` per server and options in the process: Django builds one per operation (~0.1
ms) and a pool per cache object, which it makes per thread and context (4.5 ms to connect).
"""

import contextlib
import logging
import time

from django.core.cache.backends import redis as django_redis
from redis.exceptions import RedisError

from .redis_fallback import _Local, _lock, _Outage
from .redis_scripts import ADVANCE, DELETE_IF_EQUAL, HAND_OVER, INCR

log = logging.getLogger("portal.cache")

RETRY_SECONDS = 5.0
REDIS_ERRORS = (RedisError, OSError)

# _lock (shared with `_Local`'s two-step operations) guards the two dicts below.
_clients: dict[tuple, object] = {}  # (server, options) -> redis.Redis
_outages: dict[str, "_Outage"] = {}  # servers -> this process's outage


class _Redis(django_redis.RedisCacheClient):
    """Django's client, sharing its `redis.Redis`, with the portal's scripts."""

    def get_client(self, key=None, *, write=False):
        server = self._servers[self._get_connection_pool_index(write)]
        shared = (server, repr(sorted(self._pool_options.items())))
        with _lock:
            if shared not in _clients:
                pool = self._pool_class.from_url(server, **self._pool_options)
                _clients[shared] = self._client(connection_pool=pool)
            return _clients[shared]

    def incr(self, key, delta):
        if (value := self.get_client(write=True).eval(INCR, 1, key, delta)) is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def delete_if_equal(self, key, value) -> bool:
        value = self._serializer.dumps(value)
        return bool(self.get_client(write=True).eval(DELETE_IF_EQUAL, 1, key, value))

    def advance(self, key, floor: int) -> int:
        return int(self.get_client(write=True).eval(ADVANCE, 1, key, floor))

    def hand_over(self, key, value, timeout, lock_key, token) -> bool:
        value, token = self._serializer.dumps(value), self._serializer.dumps(token)
        return bool(
            self.get_client(write=True).eval(HAND_OVER, 2, key, lock_key, value, timeout, token)
        )


def _either_way(name: str, replayed_as: str | None = None):
    """`name` on Redis, or on `_Local`, then `replayed_as` on Redis when it answers again."""

    def operation(client, *args):
        return client._either(name, args, replayed_as)

    return operation


class _Client(_Redis):
    add = _either_way("add")
    get = _either_way("get")
    set = _either_way("set", replayed_as="delete")
    touch = _either_way("touch")
    delete = _either_way("delete", replayed_as="delete")
    get_many = _either_way("get_many")
    has_key = _either_way("has_key")
    incr = _either_way("incr", replayed_as="incr")
    set_many = _either_way("set_many", replayed_as="delete")
    delete_many = _either_way("delete_many", replayed_as="delete")
    delete_if_equal = _either_way("delete_if_equal", replayed_as="delete_if_equal")
    advance = _either_way("advance", replayed_as="advance")
    clear = _either_way("clear")

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        name = ",".join(servers)
        with _lock:
            self._outage = _outages.setdefault(name, _Outage())
        params = {"KEY_FUNCTION": _as_is, "OPTIONS": {"MAX_ENTRIES": 20_000}}
        self._local = _Local(f"portal-redis-fallback:{name}", params)  # one per process

    def _either(self, name: str, args: tuple, replayed_as: str | None):
        if self._redis_in_use():
            try:
                return getattr(super(), name)(*args)
            except REDIS_ERRORS as exc:
                self._went_down(exc)
        answer = getattr(self._local, name)(*args)  # incr's ValueError: nothing to replay
        if replayed_as == "delete":
            self._outage.note("delete", [args[0]] if isinstance(args[0], str) else args[0])
        elif replayed_as:
            self._outage.note(replayed_as, [args[0]], *args[1:])
        return answer

    def hand_over(self, key, value, timeout, lock_key, token) -> bool:
        if self._redis_in_use():
            try:
                return super().hand_over(key, value, timeout, lock_key, token)
            except REDIS_ERRORS as exc:
                self._went_down(exc)
        released = self._local.hand_over(key, value, timeout, lock_key, token)
        self._outage.note("delete", [key])
        self._outage.note("delete_if_equal", [lock_key], token)
        return released

    def _redis_in_use(self) -> bool:
        outage = self._outage
        if not outage.retry_at:
            return True
        with outage.lock:
            if outage.trying or time.monotonic() < outage.retry_at:
                return False
            outage.trying = True
        return self._came_back()

    def _came_back(self) -> bool:
        """Put right on Redis what changed meanwhile (False: it failed again), then use it."""
        replayed, pending = 0, {}
        try:
            while pending := self._outage.take():
                for (kind, key), args in pending.items():
                    with contextlib.suppress(ValueError):  # a counter that ended meanwhile
                        getattr(super(), kind)(key, *args)
                replayed += len(pending)
        except REDIS_ERRORS as exc:
            for (kind, key), args in pending.items():
                self._outage.note(kind, [key], *args)  # for the next try
            self._went_down(exc)
            return False
        self._local.clear()
        log.warning("cache reachable again: %d changes made meanwhile put right there", replayed)
        return True

    def _went_down(self, exc: Exception) -> None:
        with self._outage.lock:
            first = not self._outage.retry_at
            self._outage.retry_at = time.monotonic() + RETRY_SECONDS
            self._outage.trying = False
        if first:  # the error's type only: its text can carry the Redis URL and password
            log.warning(
                "cache unreachable (%s): answering from this process's memory, data straight "
                "from the upstream, sessions from the database; retrying every %ss",
                type(exc).__name__,
                RETRY_SECONDS,
            )


class RedisCache(django_redis.RedisCache):
    """Django's Redis cache on `_Client`, and what the portal asks of it besides."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Client

    def is_shared(self) -> bool:
        """False while this process answers from its own memory."""
        return not self._cache._outage.retry_at

    def delete_if_equal(self, key, value, version=None) -> bool:
        """Delete `key` only while it holds `value`: releasing a lock one still owns."""
        return self._cache.delete_if_equal(self.make_and_validate_key(key, version=version), value)

    def hand_over(self, key, value, timeout: int, lock_key, token, version=None) -> bool:
        """Set `key` to `value` for `timeout` seconds (> 0), then delete `lock_key` only while it
        holds `token`, in one round trip: a single-flight call's result, then its lock."""
        key, lock_key = (self.make_and_validate_key(k, version=version) for k in (key, lock_key))
        return self._cache.hand_over(key, value, int(timeout), lock_key, token)

    def advance(self, key, floor: int, version=None) -> int:
        """Raise the integer at `key` (no expiry) above its value and to at least `floor`."""
        return self._cache.advance(self.make_and_validate_key(key, version=version), floor)


def _as_is(key, key_prefix, version):
    return key  # `_Local` is given the keys Redis has
