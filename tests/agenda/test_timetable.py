"""The agenda as a timetable (sessions_app/agenda/timetable.py), on cards built here: grouped
by the event zone's day and start time, the current slot marked "now" and the event's next
start "next", sessions without times last; "Jump to now" goes to the slot marked now."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sessions_app.agenda.presenters import card_for
from sessions_app.agenda.timetable import NEXT, NOW, now_anchor, timetable
from sessions_app.upstream.domain import Session

CLOCK = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)


def card(session_id: int, start: datetime | None, minutes: int = 60):
    end = start + timedelta(minutes=minutes) if start else None
    session = Session(id=session_id, title=f"S{session_id}", start=start, end=end, ticket_ids=(1,))
    return card_for(session, now=CLOCK, registered=False)


def at(hour: int, minute: int = 0, day: int = 1) -> datetime:
    return datetime(2030, 5, day, hour, minute, tzinfo=UTC)


def shape(days):
    return [
        (
            d.day,
            [(s.start and s.start.hour, [c.session.id for c in s.cards], s.mark) for s in d.slots],
        )
        for d in days
    ]


def test_cards_are_grouped_by_day_and_start_with_now_next_and_the_unannounced_last():
    cards = [
        card(1, at(9), minutes=30),  # ended
        card(2, at(11), minutes=120),  # live, started earlier
        card(3, at(11, 30)),  # live, started later: the "now" slot
        card(4, at(11, 30)),
        card(5, at(14)),  # the event's next start
        card(6, at(9, day=2)),
        card(7, None),
    ]
    days = timetable(cards, tz=UTC, now=CLOCK, next_start=at(14))
    assert shape(days) == [
        (
            date(2030, 5, 1),
            [(9, [1], ""), (11, [2], ""), (11, [3, 4], NOW), (14, [5], NEXT)],
        ),
        (date(2030, 5, 2), [(9, [6], "")]),
        (None, [(None, [7], "")]),
    ]
    assert [d.is_today for d in days] == [True, False, False]
    assert now_anchor(days) == f"slot-{int(at(11, 30).timestamp())}"
    assert days[-1].anchor == "day-tba"


def test_a_slot_whose_sessions_all_ended_is_not_now():
    cards = [card(1, at(11), minutes=30), card(2, at(14))]  # 11:00-11:30, over at noon
    days = timetable(cards, tz=UTC, now=CLOCK, next_start=at(14))
    assert [s.mark for s in days[0].slots] == ["", NEXT]
    assert now_anchor(days) == ""


def test_next_is_marked_only_where_this_view_shows_the_events_next_start():
    days = timetable([card(1, at(15))], tz=UTC, now=CLOCK, next_start=at(14))
    assert [s.mark for s in days[0].slots] == [""]


def test_days_are_the_event_zones_and_a_view_without_marks_has_none():
    cards = [card(1, at(11, 30)), card(2, at(1, day=2))]  # 07:30 and 21:00 in New York, May 1
    new_york = ZoneInfo("America/New_York")
    days = timetable(cards, tz=new_york, now=CLOCK, marks=False, next_start=at(1, day=2))
    assert [d.day for d in days] == [date(2030, 5, 1)]
    assert all(s.mark == "" for d in days for s in d.slots)
