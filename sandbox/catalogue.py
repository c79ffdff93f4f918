"""The session items of list answers, kept in memory between writes.

A list call used to run about 13 queries and serialise every session on its page (19 ms of
CPU for the demo's 34 sessions, in one Python process): under a benchmark's burst the sandbox,
not the portal, ran out of CPU. Now a call asks the database only which sessions are on the
page, in order, and takes their items from here. Every write that changes what an item says
(a registration, a patched session, a new seed) bumps `SandboxState.catalogue_version` in the
same transaction, and each request reads the version with the rest of the shared state
(middleware.py), so an item is never older than the request's own view of the database.
What differs per caller (the caller's ticket ids, a host call's holders) is added per answer.
"""

import threading

from django.db.models import F

from sandbox import dialects
from sandbox.listing import fetch
from sandbox.models import SandboxState, Session
from sandbox.serializers import session_item

_lock = threading.Lock()
_items: dict[int, dict] = {}  # session id -> its item, for `_shaped_by`
_shaped_by: tuple | None = None  # (version, time zone, dialects) of `_items`


def bump() -> None:
    """Call inside the write's transaction (or after it committed), never before it."""
    SandboxState.load()
    SandboxState.objects.filter(pk=1).update(catalogue_version=F("catalogue_version") + 1)


def items(
    ids: list[int], *, version: int | None, tz: str, ticket_ids: list, holders=None
) -> list[dict]:
    """The items of the sessions `ids` names, in that order (host calls: with `holders`, a
    list per id). `version` None (a request that did not read the shared state) always reads
    the database."""
    known = _known(version, tz)
    missing = [pk for pk in ids if pk not in known]
    if missing:
        for row in fetch(Session.objects.filter(pk__in=missing)):
            known[row.pk] = session_item(row, tz=tz, ticket_ids=[], holders=None)
    answer = [
        {**known[pk], "currentUserRegisteredEventTicketId": list(ticket_ids)}
        for pk in ids
        if pk in known
    ]
    if holders is not None:
        for item in answer:
            item["registerdHolderUsers"] = holders.get(item["sessionId"], [])
    return answer


def _known(version: int | None, tz: str) -> dict[int, dict]:
    global _items, _shaped_by
    if version is None:
        return {}
    shape = (version, tz, dialects.active())
    with _lock:
        if shape != _shaped_by:
            _items, _shaped_by = {}, shape
        return _items
