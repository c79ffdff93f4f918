"""What the portal records locally: who the attendees are, what they registered for, and
every join or unregister click with its outcome. Upstream-derived facts; the upstream stays
the source of truth, so rows are written only after it answered.

One module per thing kept: `attendees.py` (attendees, their registrations and seat watches),
`attempts.py` (join and unregister clicks), `snapshots.py` (the upstream's sessions as last
seen), `preferences.py` (stars, an attendee's own choices, reminders sent),
`reconcile_runs.py` (reconciliations and what they learned). Every model and helper is
importable from here, as before.
"""

from sessions_app.models.attempts import JoinAttempt
from sessions_app.models.attendees import Attendee, Registration, SeatWatch, registered_values
from sessions_app.models.preferences import AttendeeChoices, Favourite, ReminderSent
from sessions_app.models.reconcile_runs import ReconcileRun
from sessions_app.models.snapshots import (
    SNAPSHOT_SYNCED,
    SessionSnapshot,
    SessionSnapshotManager,
    session_facts,
)

__all__ = [
    "SNAPSHOT_SYNCED",
    "Attendee",
    "AttendeeChoices",
    "Favourite",
    "JoinAttempt",
    "ReconcileRun",
    "Registration",
    "ReminderSent",
    "SeatWatch",
    "SessionSnapshot",
    "SessionSnapshotManager",
    "registered_values",
    "session_facts",
]
