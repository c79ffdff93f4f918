"""The agenda as a timetable: cards grouped by day and start time in the event's zone, with
the current time slot marked "now" and the first one still to come marked "next"; sessions
whose times are not announced yet last, in a group of their own (a day and slot of None)."""

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from itertools import groupby

from .presenters import SessionCard

NOW, NEXT = "now", "next"


@dataclass(frozen=True)
class Slot:
    start: datetime | None
    cards: tuple[SessionCard, ...]
    mark: str = ""  # NOW, NEXT or ""

    @property
    def anchor(self) -> str:
        return f"slot-{int(self.start.timestamp())}" if self.start else "slot-tba"


@dataclass(frozen=True)
class Day:
    day: date | None
    is_today: bool
    slots: tuple[Slot, ...]

    @property
    def anchor(self) -> str:
        return f"day-{self.day.isoformat()}" if self.day else "day-tba"


def timetable(
    cards,
    *,
    tz: tzinfo,
    now: datetime,
    marks: bool = True,
    next_start: datetime | None = None,
    day: date | None = None,
) -> tuple[Day, ...]:
    """`cards` in the order given (by start; the past tab newest first), grouped; `next_start`
    is the event's next start, whatever these cards are; `day`: the one day a view shows, which
    every dated card is under (today's view also holds a session live since yesterday)."""
    dated = [card for card in cards if card.session.has_times]
    slots = [
        Slot(start, tuple(group))
        for start, group in groupby(dated, key=lambda card: card.session.start)
    ]
    if marks:
        slots = _marked(slots, now, next_start)
    today = now.astimezone(tz).date()
    days = tuple(
        Day(day, day == today, tuple(group))
        for day, group in groupby(slots, key=lambda slot: day or slot.start.astimezone(tz).date())
    )
    if undated := tuple(card for card in cards if not card.session.has_times):
        days += (Day(None, False, (Slot(None, undated),)),)
    return days


def _marked(slots: list[Slot], now: datetime, next_start: datetime | None) -> list[Slot]:
    """ "Now": the latest slot already started with a session still open; "next": the slot at
    the event's next start, if this view shows it (a filter or another day may not)."""
    started = [
        i
        for i, slot in enumerate(slots)
        if slot.start <= now and any(card.session.is_live(now) for card in slot.cards)
    ]
    marks = {i: NEXT for i, slot in enumerate(slots) if slot.start == next_start}
    if started:
        marks[max(started, key=lambda i: slots[i].start)] = NOW
    return [
        Slot(slot.start, slot.cards, marks[i]) if i in marks else slot
        for i, slot in enumerate(slots)
    ]


def now_anchor(days: tuple[Day, ...]) -> str:
    """Where "Jump to now" goes in this view: its slot marked "now", if it shows one."""
    return next((s.anchor for d in days for s in d.slots if s.mark == NOW), "")
