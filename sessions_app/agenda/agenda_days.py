"""Where the agenda opens: one day per view, and what is on now and next in the whole event.

A view shows one day, so a day is never split across pages and the browser's Find sees all of
it. Without a day in the link the view opens on today, or the nearest day that has sessions
for its tab and filters. "Now" and "Next" are the event's, whatever the view's tab, filters or
day: a view only marks a slot that starts at one of those times.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sessions_app.upstream.domain import Session, SessionFormat

from .filtering import EVERYONE, WayOut, matches, ways_out
from .forms import AgendaQuery


@dataclass(frozen=True)
class DayTab:
    day: date
    is_today: bool
    count: int  # sessions on that day for the view's tab and filters
    query: AgendaQuery


@dataclass(frozen=True)
class OnNow:
    """The event's live sessions (main stage first) and the sessions of its next start."""

    live: tuple[Session, ...] = ()
    now_start: datetime | None = None  # the latest start with a session still live
    next: tuple[Session, ...] = ()
    next_start: datetime | None = None
    next_is_today: bool = True  # else its day is said too


def on_now(sessions, now: datetime, tz) -> OnNow:
    live = [s for s in sessions if s.is_live(now)]
    later = [s for s in sessions if s.has_times and s.start > now]
    next_start = min((s.start for s in later), default=None)
    return OnNow(
        live=tuple(sorted(live, key=lambda s: (s.format != SessionFormat.MAIN_STAGE, s.start))),
        now_start=max((s.start for s in live if s.start <= now), default=None),
        next=tuple(s for s in later if s.start == next_start),
        next_start=next_start,
        next_is_today=next_start is None or next_start.astimezone(tz).date() == today_in(now, tz),
    )


def today_in(now: datetime, tz) -> date:
    return now.astimezone(tz).date()


def day_of(session: Session, tz) -> date:
    return session.start.astimezone(tz).date()


def ordered_days(days, today: date) -> list[date]:
    """Today first, then the days still to come, then the days gone, the latest first."""
    return (
        [d for d in days if d == today]
        + sorted(d for d in days if d > today)
        + sorted((d for d in days if d < today), reverse=True)
    )


def day_tabs(all_days, counts: Counter, query: AgendaQuery, today: date) -> tuple[DayTab, ...]:
    return tuple(
        DayTab(day, day == today, counts[day], query.replace(day=day))
        for day in ordered_days(all_days, today)
    )


def shown_day(counts: Counter, query: AgendaQuery, all_days, today: date) -> date | None:
    """The link's day, else the first day (in tab order) with sessions for this view; the Past
    tab looks back first, so it opens on the latest day that has ended sessions."""
    if query.day is not None:
        return query.day
    order = ordered_days(all_days, today)
    looking = sorted(all_days, reverse=True) if query.tab == "past" else order
    return next((d for d in looking if counts[d]), order[0] if order else None)


@dataclass(frozen=True)
class DayView:
    day: date | None
    tabs: tuple[DayTab, ...]
    sessions: list[Session]  # the view's sessions on that day, in start order


def day_view(sessions, query: AgendaQuery, now: datetime, tz, scope=EVERYONE) -> DayView:
    """Sessions whose times are not announced yet belong to no day: every view of a tab that
    shows them (not Past) lists them last, under "Time to be announced"."""
    any_day = [s for s in sessions if matches(s, query.replace(day=None), now, tz, scope)]
    dated = [s for s in any_day if s.has_times]
    today = today_in(now, tz)
    counts = Counter(d for s in dated for d in days_of(s, now, tz, today))
    all_days = sorted({day_of(s, tz) for s in sessions if s.has_times} | {today} & set(counts))
    day = shown_day(counts, query, all_days, today)
    tabs = day_tabs(all_days, counts, query, today)
    undated = [s for s in any_day if not s.has_times]
    return DayView(day, tabs, [s for s in dated if day in days_of(s, now, tz, today)] + undated)


def days_of(session: Session, now: datetime, tz, today: date) -> set[date]:
    """The days whose view lists `session`: the day it starts, and today while it is live (a
    session live since before midnight is what is on now, not only yesterday's)."""
    return {day_of(session, tz), today} if session.is_live(now) else {day_of(session, tz)}


def ways_out_of(
    sessions, query: AgendaQuery, now: datetime, tz, scope=EVERYONE
) -> tuple[WayOut, ...]:
    """Wider views for an empty one, each counted as it will show: one day."""
    shown = lambda wider: len(day_view(sessions, wider, now, tz, scope).sessions)  # noqa: E731
    return ways_out(sessions, query, now, tz, count=shown, scope=scope)
