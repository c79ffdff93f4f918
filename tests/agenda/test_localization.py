"""Formats per language beyond Django's own (sessions_app/agenda/localization.py): a timetable
day reads the way each language writes a date, and a format not defined falls back."""

from datetime import date

import pytest
from django.utils import translation

from sessions_app.agenda.localization import FORMAT_LABELS, day_heading, local_format
from sessions_app.upstream.domain import SessionFormat

TUESDAY = date(2030, 3, 5)


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Tuesday, March 5"), ("de", "Dienstag, 5. März")],
)
def test_a_day_heading_reads_as_each_language_writes_a_date(language, heading):
    with translation.override(language):
        assert day_heading(TUESDAY) == heading


def test_a_format_no_language_defines_falls_back_to_the_default():
    with translation.override("de"):
        assert local_format("NO_SUCH_FORMAT", "fallback") == "fallback"
        assert local_format("DAY_HEADING_FORMAT", "l j F") == "l, j. F"


def test_every_format_but_other_is_named_on_a_card():
    assert set(FORMAT_LABELS) == set(SessionFormat) - {SessionFormat.OTHER}
    with translation.override("en"):
        assert str(FORMAT_LABELS[SessionFormat.BREAKOUT_SESSION]) == "Regular session"
