"""Dialects of who may see a session, and of a session without times.

`lists-hidden`: the attendee lists and the single read also return sessions the organizer hid
(`status: HIDDEN`, `hideSessionFromAttendees: true`), as the reference does not say they are
left out; the documented `status=VISIBLE` filter still leaves them out.

`private-and-tba`: "Scaling Hybrid Events" (the general attendee was added to it) is a private
session (`sessionVisibilityType: PRIVATE`) listed to everyone, whose seats cannot be given up by
the attendee (support article "bookmark or save a seat"): its unregister is refused with a 403.
"Post-Event Content Strategy" has no times yet (`startTime`/`endTime` null, as the guide's
sample allows).

`lists-differ`: attendees' lists differ, as the platform may make them differ (and as the
portal's one catalogue assumes they may: sessions_app/upstream/domain/shared.py). A session open
to some ticket types only (`ticketTypesThatCanBeRegistered`: the demo's VIP lounge) is listed
only to attendees holding a ticket of one of those types; "Scaling Hybrid Events" is private,
as in `private-and-tba`, and listed only to the attendees registered in it (Gina), its
unregister refused alike. To everyone else such a session does not exist: it is missing from
`session/v2` and `user-session/registered`, its single read is 404 `404800` as for an unknown
id, and so is joining the private one. Public sessions open to every ticket type are listed
alike to everyone; the host list shows every session, the private one as `PRIVATE`.
The two dialects exclude each other (is the private session listed to everyone or not?).
"""

from sandbox import dialects
from sandbox.demo import SESSION_IDS
from sandbox.errors import ApiError, session_not_found
from sandbox.models import Registration, Session, Ticket

PRIVATE_ID = SESSION_IDS["hybrid-data"]
UNTIMED_ID = SESSION_IDS["content-strategy"]


def _private_on() -> bool:
    return dialects.is_on(dialects.PRIVATE_AND_TBA) or dialects.is_on(dialects.LISTS_DIFFER)


def attendee_sessions(sessions, user=None):
    """The sessions an attendee call may return: with `lists-hidden`, hidden ones too; with
    `lists-differ`, only those listed to `user`."""
    if not dialects.is_on(dialects.LISTS_HIDDEN):
        sessions = sessions.filter(status=Session.VISIBLE)
    if user is not None and dialects.is_on(dialects.LISTS_DIFFER):
        sessions = _listed_to(sessions, user)
    return sessions


def _listed_to(sessions, user):
    """Without the sessions restricted to ticket types `user` holds none of, and without the
    private one unless `user` is registered in it."""
    links = Session.allowed_ticket_types.through.objects
    held = Ticket.objects.filter(user=user).values("ticket_type_id")
    allowed = links.filter(tickettype_id__in=held).values("session_id")
    sessions = sessions.exclude(pk__in=links.exclude(session_id__in=allowed).values("session_id"))
    if not _registered(user, PRIVATE_ID):
        sessions = sessions.exclude(pk=PRIVATE_ID)
    return sessions


def _registered(user, session_id: int) -> bool:
    return Registration.objects.filter(user=user, session_id=session_id).exists()


def shaped(item: dict) -> dict:
    """A list item or single read as the active dialect sends it (a copy when it changes)."""
    if item.get("sessionId") == PRIVATE_ID and _private_on():
        return {**item, "sessionVisibilityType": "PRIVATE"}
    if item.get("sessionId") == UNTIMED_ID and dialects.is_on(dialects.PRIVATE_AND_TBA):
        return {**item, "startTime": None, "endTime": None}
    return item


def check_join(session_id: int, user) -> None:
    """`lists-differ`: the private session does not exist for those not registered in it."""
    on = session_id == PRIVATE_ID and dialects.is_on(dialects.LISTS_DIFFER)
    if on and not _registered(user, PRIVATE_ID):
        raise session_not_found()


def check_unregister(session_id: int, user) -> None:
    check_join(session_id, user)
    if session_id == PRIVATE_ID and _private_on():
        raise ApiError(403, "4030105", "Private session registrations cannot be removed")
