"""A speaker's page: who they are (photo, title, company, bio) and the sessions of theirs the
attendee may see, each with its card. Speakers come inside the session items (`speakerList`,
with the SPEAKER expand): no call of their own is documented for attendees, so a speaker is
whoever the attendee's own session list names with that id."""

from dataclasses import dataclass
from datetime import datetime

from sessions_app.identity import Viewer
from sessions_app.planning import stars
from sessions_app.upstream.domain import Event, Speaker

from .cards import cards_for_viewer
from .presenters import SessionCard
from .reads import read_together, with_ended
from .timetable import Day, timetable
from .zone_choice import shown_event


@dataclass(frozen=True)
class SpeakerPage:
    event: Event
    speaker: Speaker
    cards: tuple[SessionCard, ...]
    days: tuple[Day, ...] = ()  # the cards by day, as the agenda shows them


def speaker_for_viewer(viewer: Viewer, speaker_id: int, now: datetime) -> SpeakerPage | None:
    """The speaker and their sessions, in start order; None when no session names them."""
    reads = read_together(viewer)
    listed = with_ended(viewer, reads.listed, reads.event.tz)
    theirs = [s for s in listed.value.sessions if any(p.id == speaker_id for p in s.speakers)]
    if speaker_id <= 0 or not theirs:
        return None
    speaker = next(p for p in theirs[-1].speakers if p.id == speaker_id)  # the newest copy
    registered = reads.registered.value.ids
    starred = stars.starred_ids(viewer.attendee_id)
    cards = tuple(
        cards_for_viewer(viewer, theirs, registered, now, reads.generation, starred=starred)
    )
    shown = shown_event(reads.event, viewer)
    days = timetable(cards, tz=shown.tz, now=now, marks=False)
    return SpeakerPage(shown, speaker, cards, days)
