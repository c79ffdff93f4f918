"""Where the agenda opens (sessions_app/agenda/agenda_days.py), on sessions built here: one day
per view, today first; a session live since before midnight is on today's view too; the Past
tab opens on the latest day that has ended sessions; "now" and "next" are the whole event's."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sessions_app.agenda.agenda_days import day_view, on_now, ordered_days, ways_out_of
from sessions_app.agenda.forms import AgendaQuery
from sessions_app.upstream.domain import Session, SessionFormat

NOW = datetime(2030, 5, 2, 0, 30, tzinfo=UTC)  # 00:30 on May 2
TODAY, YESTERDAY, TOMORROW = date(2030, 5, 2), date(2030, 5, 1), date(2030, 5, 3)


def session(session_id: int, start: datetime | None, minutes: int = 60, **fields) -> Session:
    end = start + timedelta(minutes=minutes) if start else None
    return Session(id=session_id, title=f"Session {session_id}", start=start, end=end, **fields)


def query(**fields) -> AgendaQuery:
    return AgendaQuery(**{"format": "all", **fields})


NIGHT = session(1, datetime(2030, 5, 1, 23, 0, tzinfo=UTC), minutes=120)  # live over midnight
EARLIER = session(2, datetime(2030, 5, 1, 9, 0, tzinfo=UTC))  # ended yesterday
BREAKFAST = session(3, datetime(2030, 5, 2, 8, 0, tzinfo=UTC), format=SessionFormat.MAIN_STAGE)
WORKSHOP = session(4, datetime(2030, 5, 2, 8, 0, tzinfo=UTC), format=SessionFormat.WORKSHOP)
TOMORROWS = session(5, datetime(2030, 5, 3, 10, 0, tzinfo=UTC))
UNANNOUNCED = session(6, None)
LATE_SHOW = session(7, datetime(2030, 5, 2, 2, 0, tzinfo=UTC))  # 22:00 on May 1 in New York
EVENT = (EARLIER, NIGHT, LATE_SHOW, WORKSHOP, BREAKFAST, TOMORROWS, UNANNOUNCED)


def ids(sessions) -> list[int]:
    return [s.id for s in sessions]


def test_days_run_today_first_then_to_come_then_gone_latest_first():
    days = [date(2030, 4, 30), YESTERDAY, TOMORROW, TODAY, date(2030, 5, 4)]
    assert ordered_days(days, TODAY) == [
        TODAY,
        TOMORROW,
        date(2030, 5, 4),
        YESTERDAY,
        date(2030, 4, 30),
    ]


def test_the_agenda_opens_on_today_with_a_session_live_since_before_midnight():
    view = day_view(EVENT, query(), NOW, UTC)
    assert view.day == TODAY
    assert ids(view.sessions) == [1, 7, 4, 3, 6]  # with no times yet: last, every day
    assert [(t.day, t.count) for t in view.tabs] == [(TODAY, 4), (TOMORROW, 1), (YESTERDAY, 1)]
    assert [t.is_today for t in view.tabs] == [True, False, False]


def test_a_day_in_the_link_shows_that_day_only():
    view = day_view(EVENT, query(day=TOMORROW), NOW, UTC)
    assert ids(view.sessions) == [5, 6]


def test_the_past_tab_opens_on_the_latest_day_with_ended_sessions():
    view = day_view(EVENT, query(tab="past"), NOW, UTC)
    assert view.day == YESTERDAY
    assert ids(view.sessions) == [2]  # not the night session: still live


def test_days_are_the_events_days():
    new_york = ZoneInfo("America/New_York")  # NOW is 20:30 on May 1 there
    view = day_view(EVENT, query(), NOW, new_york)
    assert view.day == YESTERDAY
    assert ids(view.sessions) == [1, 7, 6]  # 19:00 in New York: still live; 05:00 ended


def test_now_and_next_are_the_events_main_stage_first():
    on = on_now(EVENT, NOW, UTC)
    assert ids(on.live) == [1] and on.now_start == NIGHT.start
    assert ids(on.next) == [7] and on.next_start == LATE_SHOW.start and on.next_is_today
    later = on_now(EVENT, datetime(2030, 5, 2, 8, 10, tzinfo=UTC), UTC)
    assert ids(later.live) == [3, 4]  # main stage first
    assert ids(later.next) == [5] and not later.next_is_today


def test_an_empty_view_counts_its_ways_out_as_one_day_shows_them():
    empty = query(tab="live", format=SessionFormat.WORKSHOP.value)
    ways = {str(w.label): w.count for w in ways_out_of(EVENT, empty, NOW, UTC)}
    assert ways["Clear the filters"] == 1  # the night session, live today
    assert ways["Show live and upcoming sessions"] == 1  # today's workshop
    # today's view: 1, 7, 4, 3 and the unannounced one; tomorrow's is on another day
    assert ways["Show every live and upcoming session"] == 5
