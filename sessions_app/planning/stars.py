"""Stars: an attendee's interest in a session without a seat. Kept only in the portal's
database (`Favourite`), never sent to the platform: starring takes no seat and writes nothing
upstream. A star changes what the attendee's rendered pages show (the card's star, the "mine"
filter), so each change bumps their page version (sessions_app.cache)."""

from django.db import IntegrityError, transaction

from sessions_app.cache import bump_page_version
from sessions_app.identity import Viewer
from sessions_app.models import AttendeeChoices, Favourite
from sessions_app.ops.database_outage import OUTAGE_ERRORS
from sessions_app.upstream.domain import Session


def can_star(session: Session) -> bool:
    """A star keeps the session's times (for My sessions, reminders and the feed): a session
    whose times are not announced yet has none to keep."""
    return session.has_times


def starred_ids(attendee_id: int) -> frozenset[int] | None:
    """The sessions the attendee starred, in one query; None when the database is away (the
    pages then show no stars rather than wrong ones)."""
    rows = Favourite.objects.filter(attendee_id=attendee_id).values_list("session_id", flat=True)
    try:
        return frozenset(rows)
    except OUTAGE_ERRORS:
        return None


def star_session(*, viewer: Viewer, session: Session) -> Favourite:
    """Star `session` for the attendee, keeping its title and times as seen now (a second tab's
    star keeps the first)."""
    values = {
        "session_title": session.title[:500],
        "session_start": session.start,
        "session_end": session.end,
    }
    try:
        with transaction.atomic():
            star, made = Favourite.objects.get_or_create(
                attendee_id=viewer.attendee_id, session_id=session.id, defaults=values
            )
    except IntegrityError:  # starred at the same moment elsewhere
        star, made = (
            Favourite.objects.get(attendee_id=viewer.attendee_id, session_id=session.id),
            False,
        )
    if not made and (star.session_title, star.session_start) != (session.title, session.start):
        Favourite.objects.filter(pk=star.pk).update(**values)  # moved or retitled since
    bump_page_version(viewer.upstream_user_id)
    return star


def unstar_session(*, viewer: Viewer, session_id: int) -> str | None:
    """Remove the attendee's star; the title it kept, or None when there was none."""
    rows = Favourite.objects.filter(attendee_id=viewer.attendee_id, session_id=session_id)
    title = rows.values_list("session_title", flat=True).first()
    rows.delete()
    bump_page_version(viewer.upstream_user_id)
    return title


def stars_for(attendee_id: int) -> list[Favourite]:
    """The attendee's stars, in start order, as kept when starred."""
    return list(Favourite.objects.filter(attendee_id=attendee_id).order_by("session_start"))


def stars_in_feed(attendee_id: int) -> bool:
    """Whether the attendee chose to have their starred sessions in their calendar feed."""
    chosen = AttendeeChoices.objects.filter(attendee_id=attendee_id)
    return bool(chosen.values_list("stars_in_feed", flat=True).first())


def choose_stars_in_feed(attendee_id: int, chosen: bool) -> None:
    AttendeeChoices.objects.update_or_create(
        attendee_id=attendee_id, defaults={"stars_in_feed": chosen}
    )
