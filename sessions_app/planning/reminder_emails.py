"""Reminder e-mails: PORTAL_REMINDER_MINUTES before each session an attendee holds (a local
registration) or starred, for attendees who turned them on, sent by the background worker.

Each reminder goes out at most once: a worker first writes its ReminderSent row (unique per
attendee, session and start), and only the worker whose insert succeeds sends. Until the send,
the claim is re-checked against what the attendee wants now (still subscribed, still in or
starring the session). A send that fails gives its claim back, so the worker's next look tries
again until the session starts; a worker that dies between claim and send loses that reminder
(never a second copy). The unsubscribe link carries the attendee's id signed with SECRET_KEY
(salted for this use only): no e-mail address or other data, and it needs no sign-in.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from sessions_app.event_reads import event_for_feed, event_name_for_visitor
from sessions_app.models import (
    Attendee,
    AttendeeChoices,
    Favourite,
    ReconcileRun,
    Registration,
    ReminderSent,
)
from sessions_app.upstream.clock import upstream_now
from sessions_app.upstream.digits import ascii_int
from sessions_app.upstream.domain.zones import iana_zone

log = logging.getLogger("sessions_app.planning.reminders")
UNSUBSCRIBE_SALT = "portal.reminder-emails.unsubscribe"
REGISTERED = Registration.Status.REGISTERED


@dataclass(frozen=True)
class Due:
    """One reminder to send: the session as the attendee's row last knew it."""

    attendee_id: int
    session_id: int
    title: str
    start: datetime
    end: datetime


# --- the attendee's choice ---------------------------------------------------------------


def reminders_on(attendee_id: int) -> bool:
    return AttendeeChoices.objects.filter(attendee_id=attendee_id, reminder_emails=True).exists()


def choice_for(attendee_id: int) -> dict:
    """What My sessions says and offers: whether they are on, and how long before a start."""
    return {"on": reminders_on(attendee_id), "minutes": settings.PORTAL_REMINDER_MINUTES}


def set_reminders(attendee_id: int, *, on: bool, language: str = "") -> None:
    """Turn reminder e-mails on or off; `language` (when given) is what they are written in."""
    changes = {"reminder_emails": on} | ({"language": language} if language else {})
    AttendeeChoices.objects.update_or_create(attendee_id=attendee_id, defaults=changes)


def unsubscribe_token(attendee_id: int) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT, algorithm="sha256").sign(str(attendee_id))


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
    found = {(row[0], row[1]): Due(*row) for row in [*starred, *held]}.values()
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


def send_due_reminders(now: datetime | None = None) -> int:
    """Send every reminder that is due (the worker's step); how many went out."""
    due = due_reminders(now or upstream_now())
    if not due:
        return 0
    attendees = Attendee.objects.in_bulk({d.attendee_id for d in due})
    event_name, tz = _event_name_and_zone()
    sent = 0
    try:
        with get_connection() as connection:
            for item in due:
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
        _message(due, attendee, event_name, tz, connection).send()
    except Exception as exc:  # any failure to hand it over: give the claim back, retry later
        claim.delete()
        log.warning(
            "reminder not sent (%s): attendee %s, session %s; tried again at the next look",
            type(exc).__name__,  # never the message: an SMTP error may name the address
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


def _event_name_and_zone():
    """The event's name (as pages before sign-in get it: one call at most per 5 minutes) and
    zone: as last fetched or configured, else the one the last reconciliation read, else UTC."""
    event = event_for_feed()
    if not event.zone.is_fallback:
        return event_name_for_visitor(), event.tz
    learned = ReconcileRun.objects.exclude(event_zone="").values_list("event_zone", flat=True)
    name = learned.first()
    return event_name_for_visitor(), (name and iana_zone(name)) or event.tz


# --- the e-mail ------------------------------------------------------------------------------


def _message(due: Due, attendee: Attendee, event_name: str, tz, connection):
    unsubscribe = _absolute(reverse("reminder-unsubscribe", args=[unsubscribe_token(attendee.pk)]))
    language = _language(attendee)
    with translation.override(language), timezone.override(tz):
        start = timezone.localtime(due.start)
        zone = start.strftime("%Z")
        context = {
            "language": language,
            "first_name": attendee.first_name,
            "title": due.title,
            "start": due.start,
            "end": due.end,
            "zone": zone,
            "zone_name": getattr(tz, "key", zone),
            "event_name": event_name,
            "session_url": _absolute(reverse("session", args=[due.session_id])),
            "my_sessions_url": _absolute(reverse("my-sessions")),
            "unsubscribe_url": unsubscribe,
        }
        title = " ".join(due.title.split())  # no line break may reach a header
        subject = _("Starting soon: “%(title)s” at %(time)s %(zone)s") % {
            "title": title,
            "time": time_format(start, "TIME_FORMAT"),
            "zone": zone,
        }
        text = render_to_string("sessions_app/email/reminder.txt", context)
        html = render_to_string("sessions_app/email/reminder.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        to=[attendee.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",  # RFC 8058
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _language(attendee: Attendee) -> str:
    choices = AttendeeChoices.objects.filter(attendee=attendee).first()
    known = {code for code, _name in settings.LANGUAGES}
    return choices.language if choices and choices.language in known else settings.LANGUAGE_CODE


def _absolute(path: str) -> str:
    return settings.PORTAL_BASE_URL + path
