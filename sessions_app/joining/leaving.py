"""Leaving a session, where the platform allows it: a seat in a private session the organizer
added the attendee to cannot be given up by the attendee (support article "bookmark or save a
seat"), so that unregister is never sent. Sent, its refusal could also be a 403, which the
portal reads as a token the platform no longer accepts, and would sign the attendee out."""

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from sessions_app.identity import Viewer
from sessions_app.models import JoinAttempt
from sessions_app.upstream.domain import Session

from .services import ActionResult, unregister_session

PRIVATE_SEAT = _("The organizer added you to this private session; ask them to remove you.")


def leave_session(*, viewer: Viewer, session: Session, now: datetime) -> ActionResult:
    if session.private:
        return ActionResult(JoinAttempt.Outcome.REFUSED_OTHER, str(PRIVATE_SEAT))
    return unregister_session(viewer=viewer, session=session, now=now)
