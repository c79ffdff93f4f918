"""What one process changed while Redis was away, and how that is put right when it answers.

Three kinds of change, each replayed its own way (portal/redis_cache.py `_came_back`):

- a key written or deleted here meanwhile is deleted there: Redis would otherwise serve what was
  true before the outage (a session since signed out, a list from before a join);
- a counter incremented here is incremented there too (failed sign-ins keep counting);
- a lock released here is released there if it still holds its owner's token: a lock taken on
  Redis before the outage and released while Redis was away would otherwise stay there for its
  whole timeout, and the owner's next click would wait on it;
- a key that only goes up (an attendee's data generation: `advance`) is raised there above
  every value it had: deleting it would let it start again at a value already handed out, and
  pages cached under that value before the outage would come back.
"""

import threading

MAX_REPLAYED_KEYS = 10_000

# Atomic where Django's client does two round trips (EXISTS, then INCRBY: a key that expires
# in between comes back without a timeout, and a rate limit would never end).
INCR_IF_EXISTS = """
if redis.call('exists', KEYS[1]) == 1 then return redis.call('incrby', KEYS[1], ARGV[1]) end
"""
DELETE_IF_EQUAL = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""
# Integers are stored as plain numbers by Django's serializer; anything else counts as 0. The
# values (microseconds since the epoch) stay below 2^53, exact in Lua's doubles.
ADVANCE = """
local current = tonumber(redis.call('get', KEYS[1]) or '0') or 0
local raised = math.max(current + 1, tonumber(ARGV[1]))
redis.call('set', KEYS[1], string.format('%.0f', raised))
return raised
"""


class Outage:
    """Whether Redis is being skipped, and what this process changed while it was."""

    def __init__(self):
        self.lock = threading.Lock()
        self.retry_at = 0.0  # 0: Redis is in use
        self.trying = False  # one thread tries Redis again; the others stay local meanwhile
        self.written: set[str] = set()
        self.counted: dict[str, int] = {}
        self.released: dict[tuple, object] = {}  # (key, version) -> the owner's token
        self.advanced: set[tuple] = set()  # (key, version)
        self.overflowed = False

    def note(self, keys=(), *, delta: int = 0) -> None:
        with self.lock:
            for key in keys:
                if self._full():
                    self.overflowed = True
                elif delta:
                    self.counted[key] = self.counted.get(key, 0) + delta
                else:
                    self.written.add(key)

    def note_release(self, key, version, token) -> None:
        with self.lock:
            if self._full():
                self.overflowed = True
            else:
                self.released[(key, version)] = token

    def note_advance(self, key, version) -> None:
        with self.lock:
            if self._full():
                self.overflowed = True
            else:
                self.advanced.add((key, version))

    def take(self) -> "tuple[set, dict, dict, set, bool]":
        """What to replay, emptied for the next outage. The caller holds `lock`."""
        taken = (self.written, self.counted, self.released, self.advanced, self.overflowed)
        self.written, self.counted, self.released = set(), {}, {}
        self.advanced, self.overflowed = set(), False
        return taken

    def _full(self) -> bool:
        sizes = (self.written, self.counted, self.released, self.advanced)
        return sum(len(kept) for kept in sizes) >= MAX_REPLAYED_KEYS


# Django makes one cache object per thread; the outage and the fallback store are per process.
_outages: dict[str, Outage] = {}
_outages_lock = threading.Lock()


def outage_for(servers: str) -> Outage:
    with _outages_lock:
        return _outages.setdefault(servers, Outage())
