"""An attendee's cards for a list of sessions: each card's state (presenters.py) with what the
portal remembers for them, the refusals and ticket knowledge (one cache round trip), their
registrations per ticket and, only when a card offers it, their seat watches."""

from dataclasses import replace

from django.core.cache import cache

from sessions_app import cache as portal_cache
from sessions_app.identity import Viewer
from sessions_app.joining.knowledge import knowledge_from, knowledge_key
from sessions_app.models import SeatWatch
from sessions_app.ops.database_outage import OUTAGE_ERRORS
from sessions_app.planning import registrations

from .presenters import SessionCard, Step, card_for
from .zone_choice import in_shown_zone


def _watched_ids(viewer: Viewer) -> set[int]:
    rows = SeatWatch.objects.filter(attendee_id=viewer.attendee_id)
    try:
        return set(rows.values_list("session_id", flat=True))
    except OUTAGE_ERRORS:  # the database is away: the cards still show, without the watches
        return set()


def _remembered(viewer: Viewer, sessions, generation: int | None):
    """The refusals remembered for these sessions and what is known of the attendee's tickets,
    in one cache round trip (with `generation` as the lists were read at)."""
    if not sessions:
        return {}, knowledge_from(None)
    user_id = viewer.upstream_user_id
    refusal_keys = portal_cache.refusal_keys(user_id, [s.id for s in sessions], generation)
    ticket_key = knowledge_key(user_id, sessions[0].ticket_ids)
    found = cache.get_many([*refusal_keys, *([ticket_key] if ticket_key else [])])
    refusals = {sid: found[key] for key, sid in refusal_keys.items() if key in found}
    return refusals, knowledge_from(found.get(ticket_key))


def _states(viewer: Viewer, sessions, registered_ids, now, generation, starred):
    refusals, known = _remembered(viewer, sessions, generation)
    held = registrations.RegistrationsByTicket(viewer.attendee_id, registered_ids, sessions)
    return [
        card_for(
            s,
            now=now,
            registered=s.id in registered_ids,
            refusal=refusals.get(s.id),
            known=known,
            registrations=held,
            starred=None if starred is None else s.id in starred,
        )
        for s in sessions
    ]


def ruled_out_ids(viewer: Viewer, sessions, registered_ids, now, generation=None) -> frozenset:
    """The sessions whose card says the attendee can't join them (`SessionCard.ruled_out`): what
    "only sessions I can join" hides, from what the cards know (no call of its own)."""
    cards = _states(viewer, sessions, registered_ids, now, generation, None)
    return frozenset(card.session.id for card in cards if card.ruled_out)


def cards_for_viewer(
    viewer: Viewer, sessions, registered_ids, now, generation=None, *, starred=None
) -> list[SessionCard]:
    """`starred`: the ids the attendee starred (`planning.stars.starred_ids`), for pages that
    show the star; None for those that don't (the status poll)."""
    sessions = in_shown_zone(sessions, viewer)  # a card's words say times in their own zone
    cards = _states(viewer, sessions, registered_ids, now, generation, starred)
    # Only a full session's card offers the seat watch: the database is asked only then.
    if not any(card.step == Step.WATCH_FOR_SEAT for card in cards):
        return cards
    watched = _watched_ids(viewer)
    return [replace(card, watching=card.session.id in watched) for card in cards]
