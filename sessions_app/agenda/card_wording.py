"""A card's words: its status badge (and when the badge next changes), the sentence for a session
not open yet, all in the event's zone and the attendee's language."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sessions_app.upstream.domain import Session


def event_time(moment: datetime) -> str:
    """A time in the event's zone (the zone the session's times were parsed in)."""
    return formats.time_format(moment, "TIME_FORMAT")


def status_badge(session: Session, now: datetime) -> tuple[str, str]:
    if not session.has_times:
        return "tba", _("Time to be announced")
    if session.has_ended(now):
        return "ended", _("Ended")
    if session.is_live(now) and now >= session.end:
        return "late", _("Ended %(end)s · late entry until %(until)s") % {
            "end": event_time(session.end),
            "until": event_time(session.join_deadline),
        }
    if session.is_live(now):
        return "live", _("Live now")
    minutes = int((session.start - now).total_seconds() // 60) + 1
    if minutes < 60:
        return "soon", ngettext(
            "Starts in %(minutes)s min", "Starts in %(minutes)s min", minutes
        ) % {"minutes": minutes}
    if minutes < 24 * 60:
        return "later", _("Starts in %(hours)s h %(minutes)02d min") % {
            "hours": minutes // 60,
            "minutes": minutes % 60,
        }
    return "later", _("Upcoming")


def badge_changes_at(session: Session, now: datetime) -> datetime | None:
    """When `status_badge` (and so the card's action) may next change; None once ended (or
    while its times are not announced: a new list, not the clock, changes that)."""
    if session.has_ended(now) or not session.has_times:
        return None
    if session.is_live(now):
        return session.end if now < session.end else session.join_deadline
    until_start = (session.start - now).total_seconds()
    if until_start >= 24 * 3600:
        return session.start - timedelta(hours=24)
    return now + timedelta(seconds=until_start % 60)  # the minutes countdown ticks


def not_open_yet(session: Session) -> str:
    if not session.has_times:  # only live sessions can be joined (the reference's guides)
        return _("You can join once its time is announced.")
    hours = settings.PORTAL_RESERVE_AHEAD_HOURS
    if settings.PORTAL_RESERVE_AHEAD and hours is not None:
        return ngettext(
            "Seats can be reserved from %(hours)d hour before the start.",
            "Seats can be reserved from %(hours)d hours before the start.",
            hours,
        ) % {"hours": hours}
    return _("You can join from %(start)s.") % {"start": event_time(session.start)}
