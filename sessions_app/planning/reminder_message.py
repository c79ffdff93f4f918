"""A reminder e-mail as the attendee reads it: in their language and the event's zone, with
absolute links (PORTAL_BASE_URL) and an unsubscribe link signed with SECRET_KEY (salted for this
use only): no e-mail address or other data in it, and it needs no sign-in."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from sessions_app.event_reads import event_for_feed, event_name_for_visitor
from sessions_app.models import Attendee, AttendeeChoices, ReconcileRun
from sessions_app.upstream.domain.zones import iana_zone

UNSUBSCRIBE_SALT = "portal.reminder-emails.unsubscribe"


@dataclass(frozen=True)
class Due:
    """One reminder to send: the session as the attendee's row last knew it."""

    attendee_id: int
    session_id: int
    title: str
    start: datetime
    end: datetime


def unsubscribe_token(attendee_id: int) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT, algorithm="sha256").sign(str(attendee_id))


def event_name_and_zone():
    """The event's name (as pages before sign-in get it: one call at most per 5 minutes) and
    zone: as last fetched or configured, else the one the last reconciliation read, else UTC."""
    event = event_for_feed()
    if not event.zone.is_fallback:
        return event_name_for_visitor(), event.tz
    learned = ReconcileRun.objects.exclude(event_zone="").values_list("event_zone", flat=True)
    name = learned.first()
    return event_name_for_visitor(), (name and iana_zone(name)) or event.tz


# --- the e-mail ------------------------------------------------------------------------------


def message(due: Due, attendee: Attendee, event_name: str, tz, connection):
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
