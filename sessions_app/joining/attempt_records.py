"""What an attempt's record says when its call did not end in the upstream's yes, and what
happens when the database does not take that record at once.

Three kinds of failed call, told apart because they are settled differently: one that never
reached the platform (the circuit was open, too little of the request's time was left, the
connection was never made) is `not_sent` and final: nothing happened anywhere, and no re-read
may credit it with a registration another click made meanwhile. One that was sent and answered
with something other than a refusal is `upstream_unavailable`. One sent without a known
outcome (a timeout, a broken connection, a 5xx on a write) stays `unconfirmed` for settling.py.

Every record is written before the attendee's answer. One the database refused (PostgreSQL gone
mid-join) leaves the attempt `unconfirmed`, and is handed back as pending: the attendee's next
request settles it (settling.py), with the outcome this process saw when it knew it (not sent,
refused), else by re-reading the upstream (the yes, whose local registration has to be written
too). Reconciliation settles what no next request did.
"""

from sessions_app.identity import Viewer
from sessions_app.models import JoinAttempt
from sessions_app.upstream.circuit import CircuitOpen
from sessions_app.upstream.errors import CallNotSent, UpstreamError

from . import recording

Outcome = JoinAttempt.Outcome
NEVER_SENT = (CallNotSent, CircuitOpen)
Pending = tuple[tuple[int, str | None], ...]


def failed_outcome(failure: UpstreamError) -> str:
    return Outcome.NOT_SENT if isinstance(failure, NEVER_SENT) else Outcome.UPSTREAM_UNAVAILABLE


def close_known(attempt: JoinAttempt, session, outcome: str, info) -> Pending:
    """Record an outcome this process knows; () when written, else what the next request
    writes."""
    if recording.close_attempt(attempt, session, outcome, info):
        return ()
    return ((attempt.pk, outcome),)


def close_granted(attempt: JoinAttempt, session, outcome: str, info, viewer: Viewer, tried, now):
    """Record the upstream's yes and the local registration, in one transaction; () when
    written, else what the next request settles by re-reading (which writes both)."""
    written = recording.close_with_registration(
        attempt, session, outcome, info, viewer, tried.ticket_id, now
    )
    return () if written else ((attempt.pk, None),)
