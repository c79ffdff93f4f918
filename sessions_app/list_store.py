"""Attendees' session lists in the shared cache: each session stored once, each entry a few bytes.

A 300-session list pickled whole is ~160 kB, and 20,000 attendees would each keep a copy of
nearly the same catalogue. So a list is stored content-addressed: each session (without the
fields that belong to the attendee, `ATTENDEES_OWN`) as a blob under the BLAKE2b-256 hash of its
pickled bytes, the list's order and metadata as an index blob under its own hash, and the
attendee's entry (``cache.cached_fetch``, keyed per attendee and generation) holds only the
index's hash and the attendee's own fields. Attendees shown the same catalogue share the index
and the sessions; a session that differs (another count, a hidden one) is another hash, so
another blob. A blob is only ever found through an attendee's own entry, and a hash names one
content: no attendee can be served what the upstream told another.

Blobs outlive the entries pointing at them: each is written with twice the entry's lifetime and
written again by a store once less than one lifetime is left (as far as this process knows, so
a catalogue is not rewritten on every refresh of every attendee). A blob gone anyway (evicted)
makes the entry a miss, and the normal single-flight refetch writes it back. Blobs never change,
so each process keeps the decoded ones it last used (`MEMO_SESSIONS`): a cached page view then
costs one cache read and no unpickling. How a blob's bytes are compressed: `packing`.
"""

import hashlib
import pickle
import threading
import time
from collections import OrderedDict
from dataclasses import fields

from django.core.cache import cache

from . import packing
from .upstream.domain import Session, SessionPage

ATTENDEES_OWN = ("ticket_ids",)  # Session fields that depend on who asked: kept in the entry
DIGEST_BYTES = 32
MEMO_SESSIONS = 4096
MEMO_INDEXES = 256
MEMO_WRITTEN = 16_384
_UNOWNED = tuple(f.default for f in fields(Session) if f.name in ATTENDEES_OWN)
_PAGE_FIELDS = tuple(f.name for f in fields(SessionPage) if f.name != "sessions")


class _Memo:
    """A bounded map, least recently used out first, shared by the threads of a process."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get_many(self, keys) -> dict:
        with self.lock:
            found = {key: self.items[key] for key in keys if key in self.items}
            for key in found:
                self.items.move_to_end(key)
        return found

    def get(self, key):
        return self.get_many([key]).get(key)

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def pop(self, key) -> None:
        with self.lock:
            self.items.pop(key, None)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


_sessions = _Memo(MEMO_SESSIONS)  # hash → Session without the attendee's fields
_indexes = _Memo(MEMO_INDEXES)  # hash → (session hashes, page metadata)
_written = _Memo(MEMO_WRITTEN)  # hash → until when this process knows the blob is there


def blob_key(digest: bytes) -> str:
    return f"portal:blob:{digest.hex()}"


def encode(page: SessionPage, *, keep_for: int) -> bytes:
    """Store the page's blobs (those not known to last `keep_for` more seconds) and return the
    attendee's part, for their own entry."""
    bodies: dict[bytes, bytes] = {}
    digests = []
    for session in page.sessions:
        shared = _with_fields(session, _UNOWNED)
        body = pickle.dumps(shared, pickle.HIGHEST_PROTOCOL)
        digest = _digest(body)
        bodies[digest] = body
        digests.append(digest)
        _sessions.put(digest, shared)
    index = (tuple(digests), tuple(getattr(page, name) for name in _PAGE_FIELDS))
    index_body = pickle.dumps(index, pickle.HIGHEST_PROTOCOL)
    index_digest = _digest(index_body)
    bodies[index_digest] = index_body
    _indexes.put(index_digest, index)
    _write(bodies, set(digests), keep_for)
    owned = [tuple(getattr(s, name) for name in ATTENDEES_OWN) for s in page.sessions]
    if len(set(owned)) == 1:
        owned = owned[:1]  # the usual case: the same tickets on every session, kept once
    return packing.pack(pickle.dumps((index_digest, tuple(owned)), pickle.HIGHEST_PROTOCOL))


def decode(stored) -> SessionPage | None:
    """The page an entry's part names, or None when a blob is gone (a miss: fetch again)."""
    body = packing.unpack(stored)
    if body is None:
        return None
    index_digest, owned = pickle.loads(body)  # noqa: S301 - our own cache, as Django's pickles
    index = _indexes.get(index_digest)
    if index is None:
        found = _read([index_digest])
        if found is None:
            return None
        index = pickle.loads(found[index_digest])  # noqa: S301
        _indexes.put(index_digest, index)
    digests, metadata = index
    if len(metadata) != len(_PAGE_FIELDS):  # stored before SessionPage gained a field: a miss
        return None
    sessions = _sessions_for(digests)
    if sessions is None:
        return None
    if len(owned) == 1:
        owned = owned * len(sessions)
    if len(owned) != len(sessions):
        return None
    if any(values != _UNOWNED for values in owned):
        sessions = [_with_fields(s, values) for s, values in zip(sessions, owned, strict=True)]
    return SessionPage(tuple(sessions), **dict(zip(_PAGE_FIELDS, metadata, strict=True)))


def blob_keys(stored) -> list[str]:
    """The shared keys an entry's part reaches: its index's, then its sessions' in list order
    (none of those when the index is gone)."""
    index_digest = pickle.loads(packing.unpack(stored))[0]  # noqa: S301
    found = _read([index_digest])
    if found is None:
        return []
    digests = pickle.loads(found[index_digest])[0]  # noqa: S301
    return [blob_key(d) for d in (index_digest, *digests)]


def forget_memos() -> None:
    """Drop what this process remembers (for tests that stand for another process)."""
    for memo in (_sessions, _indexes, _written):
        memo.clear()


def _sessions_for(digests) -> list[Session] | None:
    known = _sessions.get_many(digests)
    wanted = [d for d in dict.fromkeys(digests) if d not in known]
    if wanted:
        found = _read(wanted)
        if found is None:
            return None
        for digest, body in found.items():
            known[digest] = pickle.loads(body)  # noqa: S301
            _sessions.put(digest, known[digest])
    return [known[d] for d in digests]


def _read(digests) -> dict[bytes, bytes] | None:
    """The blobs' bodies, each checked against its hash; None if any is gone."""
    keys = {blob_key(d): d for d in digests}
    found = cache.get_many(list(keys))
    bodies = {}
    for key, digest in keys.items():
        body = packing.unpack(found.get(key))
        if body is None or _digest(body) != digest:
            _written.pop(digest)  # so the refetch that follows writes it again
            continue
        bodies[digest] = body
    return bodies if len(bodies) == len(keys) else None


def _write(bodies: dict[bytes, bytes], sessions: set[bytes], keep_for: int) -> None:
    now = time.time()
    known = _written.get_many(bodies)
    due = {d: body for d, body in bodies.items() if known.get(d, 0.0) - now < keep_for}
    if not due:
        return
    lifetime = 2 * keep_for
    packed = {blob_key(d): packing.pack(body, dictionary=d in sessions) for d, body in due.items()}
    cache.set_many(packed, timeout=lifetime)
    for digest in due:
        _written.put(digest, now + lifetime)


def _with_fields(session: Session, values: tuple) -> Session:
    # A copy with the attendee's fields set: filling a fresh object's __dict__ is ~6x cheaper
    # than dataclasses.replace, which matters at 300 sessions on every cached page view.
    copy = object.__new__(Session)
    copy.__dict__.update(session.__dict__)
    copy.__dict__.update(zip(ATTENDEES_OWN, values, strict=True))
    return copy


def _digest(body: bytes) -> bytes:
    return hashlib.blake2b(body, digest_size=DIGEST_BYTES).digest()
