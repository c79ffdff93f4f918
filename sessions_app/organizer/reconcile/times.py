"""Stars and registrations keep a session's title and times as they were seen (for My sessions,
the feed and reminder e-mails). When the organizer moves or renames a session, reconciliation
brings every row of it in line with the list it read, whatever the row's status, so a reminder
goes out at the new start (its ReminderSent is per start: the new one earns one) and names it.
Two reads and at most two batched writes per page, however many rows."""

from sessions_app.models import Favourite, Registration
from sessions_app.models.snapshots import session_facts

FIELDS = ["session_title", "session_start", "session_end"]


def align_times(sessions) -> int:
    """Bring the rows of these sessions (domain Sessions) to their title and times; how many
    rows changed."""
    facts = {s.id: _facts(s) for s in sessions}
    changed = 0
    for model in (Favourite, Registration):
        rows = model.objects.filter(session_id__in=facts).only("pk", "session_id", *FIELDS)
        stale = [row for row in rows if _row(row) != facts[row.session_id]]
        for row in stale:
            for name, value in zip(FIELDS, facts[row.session_id], strict=True):
                setattr(row, name, value)
        model.objects.bulk_update(stale, FIELDS, batch_size=500)
        changed += len(stale)
    return changed


def _facts(session) -> tuple:
    facts = session_facts(session)
    return (facts["title"], facts["start"], facts["end"])


def _row(row) -> tuple:
    return (row.session_title, row.session_start, row.session_end)
