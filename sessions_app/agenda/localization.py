"""Formats the portal defines per language beyond Django's own (portal/formats/<lang>/)."""

from datetime import date, datetime

from django.utils import formats
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy

from sessions_app.upstream.domain import SessionFormat

# Each format as one session is named on a card and a session page (the agenda's filter names
# them in the plural: forms.FORMAT_CHOICES); OTHER is not named.
FORMAT_LABELS = {
    SessionFormat.MAIN_STAGE: gettext_lazy("Main stage"),
    SessionFormat.BREAKOUT_SESSION: gettext_lazy("Regular session"),
    SessionFormat.WORKSHOP: gettext_lazy("Workshop"),
    SessionFormat.MEET_UP: gettext_lazy("Meet-up"),
    SessionFormat.EXPO: pgettext_lazy("session format, one", "Expo"),
    SessionFormat.BREAK: gettext_lazy("Break"),
}


def local_format(name: str, default: str) -> str:
    """`name` from the active language's format module, else `default`."""
    for module in formats.get_format_modules(get_language()):
        if hasattr(module, name):
            return getattr(module, name)
    return default


def day_heading(day: date | datetime) -> str:
    """A timetable day: "Tuesday, March 3", "Dienstag, 3. März"…"""
    return date_format(day, local_format("DAY_HEADING_FORMAT", "l j F"))
