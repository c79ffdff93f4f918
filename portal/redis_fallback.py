"""What one process keeps while Redis does not answer (portal/redis_cache.py): its own memory
under the keys Redis has, and what to put right on Redis when it answers again."""

import threading

from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSION_KEY_PREFIX
from django.core.cache.backends.locmem import LocMemCache

FALLBACK_DATA_SECONDS = 5
_lock = threading.Lock()  # `_Local`'s two-step operations, and redis_cache.py's shared dicts


class _Outage:
    """Per process: is Redis being skipped, and what to put right there when it answers."""

    def __init__(self):
        self.lock = threading.Lock()
        self.retry_at = 0.0  # 0: Redis is in use
        self.trying = False  # the one thread trying Redis again (and replaying)
        self.pending: dict[tuple, tuple] = {}  # (operation, key) -> its other arguments

    def note(self, kind: str, keys, *args) -> None:
        with self.lock:
            for key in keys:
                if kind == "incr" and (kind, key) in self.pending:  # increments add up
                    args = (self.pending[kind, key][0] + args[0],)
                self.pending[kind, key] = args

    def take(self) -> dict:
        """What to replay, emptied; when nothing is left, Redis is in use again."""
        with self.lock:
            pending, self.pending = self.pending, {}
            if not pending:
                self.retry_at, self.trying = 0.0, False
            return pending


class _Local(LocMemCache):
    """This process's memory, under the keys Redis has: data kept seconds, sessions never."""

    def set(self, key, value, timeout=None, version=None):
        super().set(key, value, _brief(timeout), version)

    def touch(self, key, timeout=None, version=None):
        return super().touch(key, _brief(timeout), version)

    def _set(self, key, value, timeout=None):  # under `set` and `add`
        if SESSION_KEY_PREFIX not in key:
            super()._set(key, value, timeout)

    def delete_if_equal(self, key, value) -> bool:
        with _lock:
            return self.get(key) == value and self.delete(key)

    def hand_over(self, key, value, timeout, lock_key, token) -> bool:
        self.set(key, value, timeout)
        return self.delete_if_equal(lock_key, token)

    def advance(self, key, floor: int) -> int:
        with _lock:
            current = self.get(key)
            raised = max(floor, current + 1 if isinstance(current, int) else 0)
            self.set(key, raised)
            return raised


def _brief(timeout):
    return FALLBACK_DATA_SECONDS if timeout is None else min(timeout, FALLBACK_DATA_SECONDS)
