"""Which of the sessions the platform returned an attendee may see, beyond the hidden ones the
upstream room drops: a private session only by those the organizer added to it (it is in their
registered list), whatever list it also came in."""

from dataclasses import replace

from sessions_app.upstream.domain import Session, SessionPage


def may_see(session: Session, registered_ids) -> bool:
    return not session.private or session.id in registered_ids


def shown_to(page: SessionPage, registered_ids) -> SessionPage:
    """`page` without the private sessions the attendee was not added to (counted as hidden,
    so they are not reported as sessions the portal failed to read)."""
    kept = tuple(s for s in page.sessions if may_see(s, registered_ids))
    if len(kept) == len(page.sessions):
        return page
    return replace(page, sessions=kept, hidden=page.hidden + len(page.sessions) - len(kept))


def dated(page: SessionPage) -> list[Session]:
    """The sessions with times (those without are under "Time to be announced")."""
    return [s for s in page.sessions if s.has_times]
