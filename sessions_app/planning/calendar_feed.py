"""Calendar files: one session as an .ics download, and each attendee's private feed of the
sessions they registered for or reserved (and, when they choose, those they starred: marked
TENTATIVE, "Starred" and with a ☆ before the title, and free time rather than busy).

The feed is served from the portal's own records (Registration rows, kept in line with the
upstream by joins, unregisters and reconciliation), never with a stored upstream token: a
calendar app has no browser session. Its URL carries `<attendee id>-<mac>`, where the MAC is an
HMAC of the attendee id and their `calendar_version` under SECRET_KEY: nothing secret is stored,
rotating bumps the version (the old URL then answers 404), version 0 turns the feed off, and a
wrong guess learns nothing (every failure is the same 404). Times are written in the event's
zone with its VTIMEZONE; no stream URL, key or other attendee's data goes in.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from sessions_app.models import Attendee, Registration
from sessions_app.upstream.digits import ascii_int

from . import stars

PRODID = "-//Accelevents attendee portal//calendar//EN"
MAC_LENGTH = 32


@dataclass(frozen=True)
class Entry:
    uid: str
    title: str
    start: datetime
    end: datetime
    url: str
    starred: bool = False  # starred without a seat: tentative, and it blocks no time


def _mac(attendee_id: int, version: int) -> str:
    value = f"{attendee_id}:{version}"
    return salted_hmac("portal.calendar-feed", value, algorithm="sha256").hexdigest()[:MAC_LENGTH]


def feed_token(attendee: Attendee) -> str | None:
    """The token of the attendee's current feed URL, or None when the feed is off."""
    if not attendee.calendar_version:
        return None
    return f"{attendee.pk}-{_mac(attendee.pk, attendee.calendar_version)}"


def attendee_for_token(token: str) -> Attendee | None:
    """The attendee whose current feed this is; None for anything else, alike."""
    head, _, mac = token.partition("-")
    attendee_id = ascii_int(head)
    if attendee_id is None or len(mac) != MAC_LENGTH:
        return None
    attendee = Attendee.objects.filter(pk=attendee_id).first()
    if attendee is None or not attendee.calendar_version:
        return None
    expected = _mac(attendee.pk, attendee.calendar_version)
    return attendee if constant_time_compare(mac, expected) else None


def rotate_feed(attendee: Attendee) -> None:
    Attendee.objects.filter(pk=attendee.pk).update(calendar_version=attendee.calendar_version + 1)
    attendee.refresh_from_db(fields=["calendar_version"])


def feed_entries(attendee: Attendee, url_for) -> list[Entry]:
    """The attendee's registered and reserved sessions, as the portal last knew them, and when
    they chose so (`AttendeeChoices.stars_in_feed`) the sessions they starred but hold no seat
    in. A starred entry keeps the session's UID: taking a seat later updates the same event."""
    rows = Registration.objects.filter(
        attendee=attendee, status=Registration.Status.REGISTERED
    ).order_by("session_start")
    entries = [
        Entry(
            uid=f"session-{row.session_id}",
            title=row.session_title,
            start=row.session_start,
            end=row.session_end,
            url=url_for(row.session_id),
        )
        for row in rows
    ]
    if not stars.stars_in_feed(attendee.pk):
        return entries
    held = {entry.uid for entry in entries}
    starred = [
        Entry(
            f"session-{star.session_id}",
            star.session_title,
            star.session_start,
            star.session_end,
            url_for(star.session_id),
            starred=True,
        )
        for star in stars.stars_for(attendee.pk)
        if f"session-{star.session_id}" not in held
    ]
    return sorted(entries + starred, key=lambda entry: entry.start)


def build_calendar(entries, *, name: str, tz: tzinfo, stamp: datetime, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.uid}@{host}")
        event.add("dtstamp", stamp)
        event.add("summary", f"☆ {entry.title}" if entry.starred else entry.title)
        if entry.starred:  # calendar apps show it as maybe, and it blocks no time
            event.add("status", "TENTATIVE")
            event.add("transp", "TRANSPARENT")
            event.add("categories", [_("Starred")])
        event.add("dtstart", entry.start.astimezone(tz))
        event.add("dtend", entry.end.astimezone(tz))
        event.add("url", entry.url)
        event.add("description", entry.url)
        event.add_component(_reminder(entry))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _reminder(entry: Entry) -> Alarm:
    """The calendar app reminds the attendee even with no portal tab open, as the page's own
    reminder would (PORTAL_REMINDER_MINUTES before the start)."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(minutes=-settings.PORTAL_REMINDER_MINUTES))
    alarm.add("description", entry.title)
    return alarm
