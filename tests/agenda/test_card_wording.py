"""A card's words (sessions_app/agenda/card_wording.py): the status badge counts down, says live,
then late entry, then ended; when that badge may next change (so a rendered page is reused only
while it still holds); and the sentence on a session not open yet, in the event's own zone and
the attendee's language."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from sessions_app.agenda.card_wording import (
    badge_changes_at,
    event_time,
    not_open_yet,
    status_badge,
)
from sessions_app.upstream.domain import Session

NOW = datetime(2030, 5, 1, 12, tzinfo=UTC)
TICKET = 501


def session(minutes_from_now: float, **fields) -> Session:
    start = NOW + timedelta(minutes=minutes_from_now)
    values = {"ticket_ids": (TICKET,), "end": start + timedelta(hours=1)}
    return Session(id=1, title="Session", start=start, **(values | fields))


LIVE = session(-10)
TBA = Session(id=2, title="TBA", start=None, end=None)


def test_the_badge_counts_down_then_says_live_then_late_entry_then_ended():
    assert status_badge(session(90), NOW)[0] == "later"
    assert status_badge(session(4.5), NOW) == ("soon", "Starts in 5 min")  # minutes begun count
    assert status_badge(LIVE, NOW)[0] == "live"
    late = session(-65, allowed_minutes_late=15)
    assert status_badge(late, NOW)[0] == "late"
    assert status_badge(session(-90, allowed_minutes_late=15), NOW)[0] == "ended"
    assert status_badge(TBA, NOW)[0] == "tba"


def test_the_badge_is_next_due_to_change_at_the_end_the_late_deadline_or_the_next_minute():
    assert badge_changes_at(LIVE, NOW) == LIVE.end
    late = session(-65, allowed_minutes_late=15)
    assert badge_changes_at(late, NOW) == late.join_deadline
    assert badge_changes_at(session(4.5), NOW) == NOW + timedelta(seconds=30)  # the countdown
    assert badge_changes_at(session(48 * 60), NOW) == NOW + timedelta(hours=24)  # "Upcoming"
    assert badge_changes_at(session(-90), NOW) is None


def test_within_a_day_the_badge_says_hours_and_minutes_and_further_off_only_upcoming():
    assert status_badge(session(2 * 60 + 4.5), NOW) == ("later", "Starts in 2 h 05 min")
    assert status_badge(session(24 * 60 + 1), NOW) == ("later", "Upcoming")


def test_late_entry_names_when_it_ended_and_until_when_one_may_still_join():
    late = session(-65, allowed_minutes_late=15)  # ended at 11:55, the door shuts at 12:10
    assert status_badge(late, NOW) == ("late", "Ended 11:55 AM · late entry until 12:10 PM")


def test_a_session_without_times_never_changes_by_the_clock():
    assert badge_changes_at(TBA, NOW) is None


def test_the_badge_speaks_the_attendees_language():
    with translation.override("de"):
        assert status_badge(session(4.5), NOW) == ("soon", "Beginnt in 5 Min.")
        assert status_badge(session(-90), NOW) == ("ended", "Beendet")


# --- a session not open yet ----------------------------------------------------------------------


@pytest.fixture
def reserve_ahead(settings):
    def set_to(enabled: bool, hours: int | None):
        settings.PORTAL_RESERVE_AHEAD, settings.PORTAL_RESERVE_AHEAD_HOURS = enabled, hours

    return set_to


def test_without_reserving_ahead_the_sentence_names_the_start_in_the_events_zone(reserve_ahead):
    reserve_ahead(False, None)
    new_york = ZoneInfo("America/New_York")
    keynote = Session(
        id=3,
        title="Keynote",
        start=datetime(2030, 5, 1, 9, 30, tzinfo=new_york),
        end=datetime(2030, 5, 1, 10, 30, tzinfo=new_york),
    )
    assert event_time(keynote.start) == "9:30 AM"  # not the portal's UTC (1:30 PM)
    assert not_open_yet(keynote) == "You can join from 9:30 AM."


def test_with_a_reserving_window_the_sentence_says_how_many_hours_ahead(reserve_ahead):
    reserve_ahead(True, 1)
    assert not_open_yet(session(120)) == "Seats can be reserved from 1 hour before the start."
    reserve_ahead(True, 3)
    assert not_open_yet(session(240)) == "Seats can be reserved from 3 hours before the start."


def test_reserving_ahead_without_a_window_falls_back_to_the_start_time(reserve_ahead):
    reserve_ahead(True, None)
    assert not_open_yet(session(120)) == "You can join from 2:00 PM."


def test_a_session_without_times_waits_for_them_to_be_announced(reserve_ahead):
    reserve_ahead(True, 3)
    assert not_open_yet(TBA) == "You can join once its time is announced."


# --- when a card's badge may change --------------------------------------------------------------


def session_at(start, end, late_minutes=0) -> Session:
    """A real domain Session: its own is_live/has_ended/join_deadline, not a copy of them."""
    return Session(id=1, title="Keynote", start=start, end=end, allowed_minutes_late=late_minutes)


THEN = datetime(2026, 11, 24, 12, 0, 30, tzinfo=UTC)


def test_a_live_session_changes_at_its_end_and_when_late_entry_closes():
    live = session_at(THEN - timedelta(minutes=5), THEN + timedelta(minutes=30), late_minutes=10)
    assert badge_changes_at(live, THEN) == THEN + timedelta(minutes=30)  # "late entry until"
    assert badge_changes_at(live, THEN + timedelta(minutes=31)) == THEN + timedelta(minutes=40)


def test_an_ended_session_never_changes_again():
    assert (
        badge_changes_at(session_at(THEN - timedelta(hours=2), THEN - timedelta(hours=1)), THEN)
        is None
    )


@pytest.mark.parametrize("seconds_to_start", [45, 12 * 60 + 7, 5 * 3600 + 59, 24 * 3600 - 1])
def test_a_countdown_holds_until_its_next_tick(seconds_to_start):
    soon = session_at(THEN + timedelta(seconds=seconds_to_start), THEN + timedelta(hours=30))
    changes = badge_changes_at(soon, THEN)
    assert THEN <= changes <= soon.start
    assert status_badge(soon, changes - timedelta(microseconds=1)) == status_badge(soon, THEN)
    assert status_badge(soon, changes + timedelta(milliseconds=1)) != status_badge(soon, THEN)


def test_a_session_days_away_holds_until_a_day_before():
    later = session_at(THEN + timedelta(days=3), THEN + timedelta(days=3, hours=1))
    changes = badge_changes_at(later, THEN)
    assert changes == later.start - timedelta(hours=24)
    assert status_badge(later, changes - timedelta(seconds=1)) == status_badge(later, THEN)
