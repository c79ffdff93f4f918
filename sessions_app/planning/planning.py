"""Planning the day: what overlaps, how much of the session allowance is used, which full
sessions the attendee watches, and which of their sessions is about to start. Reads work on
domain sessions already fetched (no upstream call of their own); writes are the attendee's own
records (SeatWatch) and one-shot markers in the shared cache."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction

from sessions_app.cache import bump_page_version
from sessions_app.identity import Viewer
from sessions_app.models import JoinAttempt, SeatWatch
from sessions_app.upstream.domain import Session

LIMIT_TTL = 24 * 3600


@dataclass(frozen=True)
class Overlap:
    session: Session  # the one the attendee already holds
    other: Session  # the one it overlaps


def overlapping(session: Session, held) -> list[Session]:
    """The sessions in `held` whose time intersects `session`'s (touching ends do not); one
    without times overlaps nothing (yet)."""
    if not session.has_times:
        return []
    return [
        other
        for other in held
        if other.id != session.id
        and other.has_times
        and other.start < session.end
        and session.start < other.end
    ]


def overlapping_pairs(sessions) -> dict[int, list[Session]]:
    """For My sessions: each session id → the others it overlaps."""
    ordered = sorted(sessions, key=Session.sort_key)
    return {s.id: overlapping(s, ordered) for s in ordered if overlapping(s, ordered)}


# --- the session allowance -------------------------------------------------------------------


def _limit_key(user_id: int) -> str:
    return f"portal:session-limit:u{user_id}"


def remember_limit(user_id: int, limit: int | None) -> None:
    """The upstream told this attendee their ticket's session limit (in a refusal's words)."""
    if limit:
        cache.set(_limit_key(user_id), limit, LIMIT_TTL)


@dataclass(frozen=True)
class Allowance:
    used: int
    limit: int

    @property
    def exhausted(self) -> bool:
        return self.used >= self.limit


def allowance_for(user_id: int, registered_count: int) -> Allowance | None:
    """Only when the upstream has told us the limit: the portal never guesses it."""
    limit = cache.get(_limit_key(user_id))
    return Allowance(used=registered_count, limit=limit) if limit else None


def after_leave(user_id: int, held, left_id: int | None) -> dict:
    """My sessions right after a leave, from the list as it was minus the session left: the
    cached list may not show the leave yet, and the page must not say "2 of 2" or "Overlaps
    with" the session just left."""
    remaining = sorted((s for s in held if s.id != left_id), key=lambda s: (s.start, s.id))
    return {
        "remaining": remaining,
        "overlaps": overlapping_pairs(remaining),
        "allowance": allowance_for(user_id, len(remaining)),
    }


# --- watching a full session -----------------------------------------------------------------


def watch_session(*, viewer: Viewer, session: Session) -> SeatWatch:
    """Keep the attendee's watch until the session ends; clicking the watch button is demand
    the upstream never saw, so it is recorded as a blocked-before-the-call attempt too."""
    attendee_id = viewer.attendee_id
    bump_page_version(viewer.upstream_user_id)  # rendered agenda pages show the watch
    with transaction.atomic():
        try:
            with transaction.atomic():
                watch = SeatWatch.objects.create(
                    attendee_id=attendee_id,
                    session_id=session.id,
                    session_title=session.title[:500],
                    session_end=session.join_deadline,
                )
        except IntegrityError:  # watching already (a second tab): keep the first
            return SeatWatch.objects.get(attendee_id=attendee_id, session_id=session.id)
        JoinAttempt.objects.create(
            attendee_id=attendee_id,
            session_id=session.id,
            session_title=session.title[:500],
            action=JoinAttempt.Action.JOIN,
            kind=JoinAttempt.Kind.BLOCKED,
            outcome=JoinAttempt.Outcome.CAPACITY_FULL,
        )
    return watch


def stop_watching(*, viewer: Viewer, session_id: int) -> None:
    SeatWatch.objects.filter(attendee_id=viewer.attendee_id, session_id=session_id).delete()
    bump_page_version(viewer.upstream_user_id)


def watches_for(attendee_id: int, now: datetime) -> list[SeatWatch]:
    """The attendee's watches still worth keeping (a watch ends with its session)."""
    SeatWatch.objects.filter(attendee_id=attendee_id, session_end__lte=now).delete()
    return list(SeatWatch.objects.filter(attendee_id=attendee_id))


def freed_seats(attendee_id: int, sessions, now: datetime) -> list[Session]:
    """Watched sessions with a free seat now that the attendee has not been told about yet, once
    per time a seat frees: a session seen full again re-arms its watch."""
    by_id = {s.id: s for s in sessions}
    freed, rearm = [], []
    for watch in watches_for(attendee_id, now):
        session = by_id.get(watch.session_id)
        if session is None:
            continue
        if session.is_full and watch.notified_at is not None:
            rearm.append(watch.pk)
        elif not session.is_full and watch.notified_at is None:
            freed.append(watch)
    SeatWatch.objects.filter(pk__in=rearm).update(notified_at=None)
    SeatWatch.objects.filter(pk__in=[w.pk for w in freed]).update(notified_at=now)
    return [by_id[w.session_id] for w in freed]


# --- reminders -------------------------------------------------------------------------------


def due_reminders(user_id: int, registered, now: datetime) -> list[Session]:
    """Registered (or reserved) sessions starting within PORTAL_REMINDER_MINUTES or live now,
    each returned once per attendee (the first poll that sees it due wins, across tabs and
    copies)."""
    return [s for s in due_now(registered, now) if _first_time(user_id, s, now)]


def due_now(registered, now: datetime) -> list[Session]:
    """Registered sessions starting within PORTAL_REMINDER_MINUTES or live now."""
    soon = now + timedelta(minutes=settings.PORTAL_REMINDER_MINUTES)
    return [s for s in registered if s.has_times and s.start <= soon and not s.has_ended(now)]


def _first_time(user_id: int, session: Session, now: datetime) -> bool:
    seconds = max(int((session.join_deadline - now).total_seconds()), 60)
    return cache.add(f"portal:reminded:u{user_id}:s{session.id}", 1, seconds)
