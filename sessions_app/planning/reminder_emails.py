"""Reminder e-mails: PORTAL_REMINDER_MINUTES before each session an attendee holds (a local
registration) or starred, for attendees who turned them on, sent by the background worker;
none at all where the portal has no mail server (PORTAL_REMINDER_EMAILS off).

Each reminder goes out at most once: a worker first writes its ReminderSent row (unique per
attendee, session and start), and only the worker whose insert succeeds sends. Until the send,
the claim is re-checked against what the attendee wants now (still subscribed, still in or
starring the session). A send that fails, or that reaches nobody, gives its claim back, so the
worker's next look tries again until the session starts; a worker that dies between claim and
send loses that reminder (never a second copy). The e-mail itself: `reminder_message.py`.
"""

import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import get_connection
from django.db import IntegrityError, transaction

from sessions_app.models import (
    Attendee,
    AttendeeChoices,
    Favourite,
    Registration,
    ReminderSent,
    SessionSnapshot,
)
from sessions_app.upstream.clock import upstream_now
from sessions_app.upstream.digits import ascii_int

from .reminder_message import UNSUBSCRIBE_SALT, Due, event_name_and_zone, message, unsubscribe_token

__all__ = ["Due", "send_due_reminders", "set_reminders", "unsubscribe_token"]
log = logging.getLogger("sessions_app.planning.reminders")
REGISTERED = Registration.Status.REGISTERED
# One round of the worker sends at most this many, for at most this long (each send may wait
# EMAIL_TIMEOUT on a slow server): the rest go at its next look, the earliest starts first.
ROUND_LIMIT = 100
ROUND_SECONDS = 20.0


# --- the attendee's choice ---------------------------------------------------------------


def reminders_on(attendee_id: int) -> bool:
    return AttendeeChoices.objects.filter(attendee_id=attendee_id, reminder_emails=True).exists()


def choice_for(attendee_id: int) -> dict | None:
    """What My sessions says and offers: whether they are on, and how long before a start;
    None where the portal sends no e-mail (nothing to offer)."""
    if not settings.PORTAL_REMINDER_EMAILS:
        return None
    return {"on": reminders_on(attendee_id), "minutes": settings.PORTAL_REMINDER_MINUTES}


def set_reminders(attendee_id: int, *, on: bool, language: str = "") -> None:
    """Turn reminder e-mails on or off; `language` (when given) is what they are written in."""
    changes = {"reminder_emails": on} | ({"language": language} if language else {})
    AttendeeChoices.objects.update_or_create(attendee_id=attendee_id, defaults=changes)


def attendee_for_unsubscribe(token: str) -> int | None:
    """The id of the attendee the link was made for; None for a tampered or unknown one."""
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT, algorithm="sha256").unsign(token)
    except signing.BadSignature:
        return None
    attendee_id = ascii_int(value)
    if attendee_id is None or not Attendee.objects.filter(pk=attendee_id).exists():
        return None
    return attendee_id


# --- finding and sending -----------------------------------------------------------------


def due_reminders(now: datetime) -> list[Due]:
    """Sessions starting within PORTAL_REMINDER_MINUTES (not yet started) that subscribed
    attendees hold or starred, without a reminder sent for that start yet."""
    window = {
        "session_start__gt": now,
        "session_start__lte": now + timedelta(minutes=settings.PORTAL_REMINDER_MINUTES),
        "attendee__choices__reminder_emails": True,
    }
    fields = ("attendee_id", "session_id", "session_title", "session_start", "session_end")
    held = Registration.objects.filter(status=REGISTERED, **window).values_list(*fields)
    starred = Favourite.objects.filter(**window).values_list(*fields)
    # One per attendee and session; where both say, the registration's times (held last).
    found = {(row[0], row[1]): Due(*row) for row in [*starred, *held]}
    # Not for a session hidden from attendees or no longer listed (reconciliation says which).
    hidden = SessionSnapshot.objects.filter(pk__in={sid for _a, sid in found}, hidden=True)
    gone = set(hidden.values_list("pk", flat=True))
    found = [d for d in found.values() if d.session_id not in gone]
    sent = set(
        ReminderSent.objects.filter(
            attendee_id__in={d.attendee_id for d in found},
            session_start__in={d.start for d in found},
        ).values_list("attendee_id", "session_id", "session_start")
    )
    fresh = (d for d in found if (d.attendee_id, d.session_id, d.start) not in sent)
    return sorted(fresh, key=_order)


def _order(due: Due) -> tuple:
    return (due.start, due.session_id, due.attendee_id)


def send_due_reminders(
    now: datetime | None = None, *, limit: int = ROUND_LIMIT, seconds: float = ROUND_SECONDS
) -> int:
    """Send the reminders that are due (the worker's step), at most `limit` of them and none
    begun after `seconds`: how many went out."""
    if not settings.PORTAL_REMINDER_EMAILS:
        return 0
    due = due_reminders(now or upstream_now())
    attendees = Attendee.objects.in_bulk({d.attendee_id for d in due})
    due = [d for d in due if getattr(attendees.get(d.attendee_id), "email", "")][:limit]
    if not due:
        return 0
    event_name, tz = event_name_and_zone()
    sent, deadline = 0, time.monotonic() + seconds
    try:
        with get_connection() as connection:
            for item in due:
                if time.monotonic() >= deadline:
                    break  # a slow server: the rest at the next look
                sent += _send_one(item, attendees[item.attendee_id], event_name, tz, connection)
    except OSError as exc:  # the mail server is unreachable: nothing was claimed in vain
        log.warning("reminder e-mails not sent: the mail server failed (%s)", type(exc).__name__)
    return sent


def _send_one(due: Due, attendee: Attendee, event_name: str, tz, connection) -> int:
    claim = _claim(due)
    if claim is None:
        return 0  # another worker has it
    if not _still_wanted(due):
        claim.delete()
        return 0
    try:
        delivered = message(due, attendee, event_name, tz, connection).send()
    except Exception as exc:  # any failure to hand it over: give the claim back, retry later
        delivered, reason = 0, type(exc).__name__  # never the message: it may name the address
    else:
        reason = "no recipient"  # the backend took it for nobody
    if not delivered:
        claim.delete()
        log.warning(
            "reminder not sent (%s): attendee %s, session %s; tried again at the next look",
            reason,
            due.attendee_id,
            due.session_id,
        )
        return 0
    log.info("reminder sent: attendee %s, session %s", due.attendee_id, due.session_id)
    return 1


def _claim(due: Due) -> ReminderSent | None:
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(
                attendee_id=due.attendee_id, session_id=due.session_id, session_start=due.start
            )
    except IntegrityError:
        return None


def _still_wanted(due: Due) -> bool:
    """Subscribed, and still holding or starring the session at that start."""
    mine = {"attendee_id": due.attendee_id, "session_id": due.session_id}
    return reminders_on(due.attendee_id) and (
        Registration.objects.filter(status=REGISTERED, session_start=due.start, **mine).exists()
        or Favourite.objects.filter(session_start=due.start, **mine).exists()
    )
