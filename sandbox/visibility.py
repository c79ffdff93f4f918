"""Dialects of who may see a session, and of a session without times.

`lists-hidden`: the attendee lists and the single read also return sessions the organizer hid
(`status: HIDDEN`, `hideSessionFromAttendees: true`), as the reference does not say they are
left out; the documented `status=VISIBLE` filter still leaves them out.

`private-and-tba`: "Scaling Hybrid Events" (the general attendee was added to it) is a private
session (`sessionVisibilityType: PRIVATE`) listed to everyone, whose seats cannot be given up by
the attendee (support article "bookmark or save a seat"): its unregister is refused with a 403.
"Post-Event Content Strategy" has no times yet (`startTime`/`endTime` null, as the guide's
sample allows).
"""

from sandbox import dialects
from sandbox.demo import SESSION_IDS
from sandbox.errors import ApiError
from sandbox.models import Session

PRIVATE_ID = SESSION_IDS["hybrid-data"]
UNTIMED_ID = SESSION_IDS["content-strategy"]


def attendee_sessions(sessions):
    """The sessions an attendee call may return: with `lists-hidden`, hidden ones too."""
    if dialects.is_on(dialects.LISTS_HIDDEN):
        return sessions
    return sessions.filter(status=Session.VISIBLE)


def shaped(item: dict) -> dict:
    """A list item or single read as the active dialect sends it (a copy when it changes)."""
    if not dialects.is_on(dialects.PRIVATE_AND_TBA):
        return item
    if item.get("sessionId") == PRIVATE_ID:
        return {**item, "sessionVisibilityType": "PRIVATE"}
    if item.get("sessionId") == UNTIMED_ID:
        return {**item, "startTime": None, "endTime": None}
    return item


def check_unregister(session_id: int) -> None:
    if dialects.is_on(dialects.PRIVATE_AND_TBA) and session_id == PRIVATE_ID:
        raise ApiError(403, "4030105", "Private session registrations cannot be removed")
