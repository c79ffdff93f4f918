"""Planning the day's pure parts (sessions_app/planning/planning.py), on sessions built here:
what overlaps what (across midnight too, touching ends not), the allowance only once the
platform has named it, My sessions right after a leave, and which sessions are due to start."""

from datetime import UTC, datetime, timedelta

from sessions_app.planning.planning import (
    after_leave,
    allowance_for,
    due_now,
    due_reminders,
    overlapping,
    overlapping_pairs,
    remember_limit,
)
from sessions_app.upstream.domain import Session

NOW = datetime(2030, 5, 1, 12, tzinfo=UTC)
USER = 4242


def session(session_id: int, start: datetime | None, minutes: int = 60, **fields) -> Session:
    end = start + timedelta(minutes=minutes) if start else None
    return Session(id=session_id, title=f"Session {session_id}", start=start, end=end, **fields)


def test_an_overlap_is_found_across_midnight():
    late_party = session(1, datetime(2030, 5, 1, 23, 0, tzinfo=UTC), minutes=120)  # to 01:00
    night_owls = session(2, datetime(2030, 5, 2, 0, 30, tzinfo=UTC))
    breakfast = session(3, datetime(2030, 5, 2, 8, 0, tzinfo=UTC))
    assert overlapping(night_owls, [late_party, breakfast]) == [late_party]
    assert overlapping(late_party, [night_owls, breakfast]) == [night_owls]


def test_sessions_that_only_touch_do_not_overlap_and_a_session_never_overlaps_itself():
    first = session(1, NOW)
    next_one = session(2, NOW + timedelta(hours=1))  # starts as the first ends
    assert overlapping(first, [first, next_one]) == []
    assert overlapping(next_one, [first, next_one]) == []


def test_a_session_without_times_overlaps_nothing_yet():
    unannounced = session(1, None)
    held = [session(2, NOW), unannounced]
    assert overlapping(unannounced, held) == []
    assert overlapping(session(3, NOW), held) == [held[0]]


def test_my_sessions_name_every_overlap_both_ways_and_only_those():
    a = session(1, NOW)
    b = session(2, NOW + timedelta(minutes=30))
    c = session(3, NOW + timedelta(hours=3))
    pairs = overlapping_pairs([c, b, a])
    assert {k: [s.id for s in v] for k, v in pairs.items()} == {1: [2], 2: [1]}


def test_the_allowance_is_shown_only_once_the_platform_has_named_the_limit():
    assert allowance_for(USER, 2) is None  # never guessed
    remember_limit(USER, 2)
    remember_limit(USER, None)  # a later refusal that names no limit forgets nothing
    assert allowance_for(USER, 1).exhausted is False
    assert allowance_for(USER, 2).exhausted is True
    assert allowance_for(USER + 1, 2) is None, "another attendee's limit is not theirs"


def test_right_after_a_leave_the_session_left_no_longer_counts_nor_overlaps():
    remember_limit(USER, 2)
    a = session(1, NOW)
    b = session(2, NOW + timedelta(minutes=30))
    page = after_leave(USER, [b, a], left_id=2)
    assert [s.id for s in page["remaining"]] == [1]
    assert page["overlaps"] == {}
    assert (page["allowance"].used, page["allowance"].exhausted) == (1, False)


def test_a_session_is_due_from_its_reminder_window_until_it_ends(settings):
    settings.PORTAL_REMINDER_MINUTES = 5
    in_four = session(1, NOW + timedelta(minutes=4))
    in_six = session(2, NOW + timedelta(minutes=6))
    live = session(3, NOW - timedelta(minutes=10))
    ended = session(4, NOW - timedelta(hours=2))
    unannounced = session(5, None)
    registered = [in_four, in_six, live, ended, unannounced]
    assert [s.id for s in due_now(registered, NOW)] == [1, 3]


def test_each_reminder_is_given_once_per_attendee(settings):
    settings.PORTAL_REMINDER_MINUTES = 5
    soon = [session(1, NOW + timedelta(minutes=4))]
    assert [s.id for s in due_reminders(USER, soon, NOW)] == [1]
    assert due_reminders(USER, soon, NOW + timedelta(seconds=20)) == []  # a second tab's poll
    assert [s.id for s in due_reminders(USER + 1, soon, NOW)] == [1]  # someone else's
