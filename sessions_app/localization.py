"""Formats the portal defines per language beyond Django's own (portal/formats/<lang>/)."""

from datetime import date, datetime

from django.utils import formats
from django.utils.dateformat import format as date_format
from django.utils.translation import get_language


def local_format(name: str, default: str) -> str:
    """`name` from the active language's format module, else `default`."""
    for module in formats.get_format_modules(get_language()):
        if hasattr(module, name):
            return getattr(module, name)
    return default


def day_heading(day: date | datetime) -> str:
    """A timetable day: "Tuesday, March 3", "Dienstag, 3. März"…"""
    return date_format(day, local_format("DAY_HEADING_FORMAT", "l j F"))
