"""One catalogue for the whole event, and what each attendee's own list adds to it.

The session list the platform gives an attendee is mostly the event's: every public session
open to every ticket type, listed alike to everyone (the assumption in
`upstream/domain/shared.py`, confirmed by `check_upstream`). So it is read once per
PORTAL_CACHE_TTL for the whole event, with the token of whichever attendee asks first (single
flight across all copies, `cache.cached_fetch`), and kept without what it told about that
attendee (`nobodys`) and without private sessions, whose data stays with those it was read for.

Each attendee's own list is still read, with their token, and kept per attendee for
PORTAL_ATTENDEE_TTL (their joins and leaves retire it at once): of it the portal keeps only what
the catalogue can't say (`Own`): which sessions it names, the attendee's tickets, and its
sessions that are not for everyone (private ones, public ones open to some ticket types). The
list an attendee sees (`merged`) is the catalogue's copy of each session their own list names,
their own copy where the catalogue has none, and every session for everyone the catalogue has
gained since. Seats, live status and public edits therefore come from the catalogue; a session
only some attendees may see reaches no one whose own list does not name it.

The catalogue is one object for every attendee, so each process keeps the last ones it decoded
(`CatalogueCodec`): a page view costs one small cache read, not unpickling the whole event.
"""

import hashlib
import logging
import pickle
import threading
from dataclasses import dataclass, fields

from django.core.cache import cache

from sessions_app.upstream.domain import Session, SessionPage, for_everyone, may_share, nobodys

log = logging.getLogger(__name__)
# Entries pickled by a release whose Session had other fields, or whose Own lived in another
# module (a pickle names its class's module), are never read back.
_SHAPED_BY = repr([__name__, *(f.name for f in fields(Session))])
SHAPE = hashlib.sha256(_SHAPED_BY.encode()).hexdigest()[:10]
MEMO_CATALOGUES = 4  # the list and the ended sessions, each while its next copy comes in


def shared_part(page: SessionPage, *, source: str = "") -> SessionPage:
    """What of one attendee's list may be kept for every attendee: its public sessions, without
    the attendee's own fields. A private session dropped here counts as hidden, not missing.
    Logged once per catalogue: a read of its own, or (`source`) taken from another read."""
    kept = tuple(nobodys(s) for s in page.sessions if may_share(s))
    everyone = sum(for_everyone(s) for s in kept)
    log.info(
        "shared catalogue %s: %d sessions for everyone, %d open to some tickets only",
        f"taken from {source}" if source else "read",
        everyone,
        len(kept) - everyone,
    )
    return SessionPage(
        kept,
        total=page.total,
        filtered=page.filtered,
        skipped=page.skipped,
        skipped_ids=page.skipped_ids,
        complete=page.complete,
        hidden=page.hidden + len(page.sessions) - len(kept),
    )


@dataclass(frozen=True)
class Own:
    """What an attendee's own list says that the catalogue can't."""

    ids: frozenset[int]  # every session it names, readable or not
    sessions: tuple[Session, ...]  # those not for everyone, as the attendee was told them
    ticket_ids: tuple[int, ...]  # the attendee's tickets (`currentUserRegisteredEventTicketId`)
    total: int = 0
    missing: int = 0  # sessions it counted that could not be read
    hidden: int = 0
    skipped_ids: tuple[int, ...] = ()
    complete: bool = True


def own_part(page: SessionPage) -> Own:
    return Own(
        ids=page.ids,
        sessions=tuple(s for s in page.sessions if not for_everyone(s)),
        ticket_ids=page.sessions[0].ticket_ids if page.sessions else (),
        total=page.total,
        missing=page.missing,
        hidden=page.hidden,
        skipped_ids=page.skipped_ids,
        complete=page.complete,
    )


def merged(catalogue: SessionPage, own: Own) -> SessionPage:
    """The list this attendee sees: see the module's docstring."""
    shown = [
        with_tickets(s, own.ticket_ids)
        for s in catalogue.sessions
        if s.id in own.ids or for_everyone(s)
    ]
    in_catalogue = {s.id for s in catalogue.sessions}
    only_mine = [s for s in own.sessions if s.id not in in_catalogue]
    if only_mine:
        shown = sorted((*shown, *only_mine), key=Session.sort_key)
    return SessionPage(
        tuple(shown),
        total=max(catalogue.total, own.total),
        filtered=len(shown) + own.missing + own.hidden,
        skipped=len(own.skipped_ids),
        skipped_ids=own.skipped_ids,
        complete=catalogue.complete and own.complete,
        hidden=own.hidden,
    )


def fresher(registered: SessionPage, catalogue: SessionPage) -> SessionPage:
    """The attendee's registrations with the catalogue's copy of each public one (its seats and
    times as fresh as the agenda's), their own tickets kept."""
    latest = {s.id: s for s in catalogue.sessions}
    sessions = tuple(
        with_tickets(latest[s.id], s.ticket_ids) if s.id in latest else s
        for s in registered.sessions
    )
    return SessionPage(
        sessions,
        total=registered.total,
        filtered=registered.filtered,
        skipped=registered.skipped,
        skipped_ids=registered.skipped_ids,
        complete=registered.complete,
        hidden=registered.hidden,
    )


def with_tickets(session: Session, ticket_ids: tuple[int, ...]) -> Session:
    """`session` as told to an attendee holding `ticket_ids`. Filling a fresh object's __dict__
    is ~9x cheaper than dataclasses.replace, which counts at 1,000 sessions on every view."""
    if session.ticket_ids == ticket_ids:
        return session
    copy = object.__new__(Session)
    copy.__dict__.update(session.__dict__)
    copy.__dict__["ticket_ids"] = ticket_ids
    return copy


class CatalogueCodec:
    """A `cache.Codec` for the catalogue: its body is kept in one key beside the entry (each new
    copy replaces the last, so a large event's catalogue is stored once, not once per refresh)
    with its content hash, and the entry holds only the hash; every copy decodes a body once,
    then serves it from memory. An entry whose body was replaced or evicted reads as absent,
    and `cached_fetch` then finds the newer entry, or fetches."""

    def __init__(self, body_key: str):
        self.body_key = body_key

    def encode(self, value: SessionPage, *, keep_for: int) -> str:
        body = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        digest = hashlib.blake2b(body, digest_size=16).hexdigest()
        cache.set(self.body_key, (digest, body), timeout=keep_for)
        _remember(digest, value)
        return digest

    def decode(self, stored: str) -> SessionPage | None:
        with _lock:
            if (known := _decoded.get(stored)) is not None:
                return known
        found = cache.get(self.body_key)
        if not isinstance(found, tuple) or found[0] != stored:
            return None
        value = pickle.loads(found[1])  # noqa: S301 - our own cache, as Django's backends pickle
        _remember(stored, value)
        return value


_decoded: dict[str, SessionPage] = {}  # content hash -> the catalogue, decoded
_lock = threading.Lock()


def _remember(digest: str, value: SessionPage) -> None:
    with _lock:
        _decoded[digest] = value
        while len(_decoded) > MEMO_CATALOGUES:
            _decoded.pop(next(iter(_decoded)))


def forget_decoded() -> None:
    """Drop what this process decoded (for tests that stand for another process)."""
    with _lock:
        _decoded.clear()
