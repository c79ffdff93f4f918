"""The bench's Redis database read key by key (SCAN), sorted by whom a key belongs to.

The rule, used by figures 7 and 10 (docs/benchmarks.md):
- **per attendee**: a key naming one attendee by upstream user id, `u<id>` between colons or at
  the end (`portal:u12:g1:sessions:…`, `portal:page:u12:…`, `portal:gen:u12`);
- **session**: a Django session of the cached_db engine (`django.contrib.sessions.cached_db…`);
- **lock**: a single-flight lock (`…:lock`), there only while a fetch runs;
- **shared**: everything else (the event, content-addressed blobs, circuit state, counters).
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

import redis

PER_ATTENDEE = re.compile(rb"(?:^|:)u(\d+)(?::|$)")
SESSION_PREFIX = b"django.contrib.sessions.cached_db"


@dataclass
class Usage:
    """MEMORY USAGE in bytes, by owner."""

    per_attendee: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    sessions: dict[str, int] = field(default_factory=dict)  # session key → bytes
    shared: dict[bytes, int] = field(default_factory=dict)
    locks: int = 0


def kind(key: bytes) -> str:
    bare = key.split(b":", 2)[2] if key.startswith(b":") and key.count(b":") >= 2 else key
    if bare.startswith(SESSION_PREFIX):
        return "session"
    if bare.endswith(b":lock"):
        return "lock"
    return "per attendee" if PER_ATTENDEE.search(bare) else "shared"


def usage(url: str) -> Usage:
    client = redis.Redis.from_url(url)
    found = Usage()
    for key in client.scan_iter(count=1000):
        size = client.memory_usage(key, samples=0) or 0
        what = kind(key)
        bare = key.split(b":", 2)[2] if key.startswith(b":") else key
        if what == "session":
            found.sessions[bare.removeprefix(SESSION_PREFIX).decode()] = size
        elif what == "lock":
            found.locks += size
        elif what == "per attendee":
            found.per_attendee[int(PER_ATTENDEE.search(bare)[1])] += size
        else:
            found.shared[bare] = size
    return found


def forget_shared(url: str) -> int:
    """Delete every shared key (the event, shared blobs…): the next view starts them cold."""
    client = redis.Redis.from_url(url)
    shared = [key for key in client.scan_iter(count=1000) if kind(key) == "shared"]
    return client.delete(*shared) if shared else 0
