"""Which sessions one attendee's list may share with every attendee: a public session open to
every ticket type, without the fields that describe the attendee who read it."""

from sessions_app.upstream.domain import Session
from sessions_app.upstream.domain.shared import for_everyone, may_share, nobodys


def session(**fields):
    return Session(id=1, title="Keynote", start=None, end=None, **fields)


def test_a_public_session_open_to_every_ticket_is_for_everyone():
    assert for_everyone(session())
    assert may_share(session())


def test_a_session_for_some_ticket_types_is_shared_but_not_for_everyone():
    restricted = session(allowed_ticket_type_ids=(3,))
    assert not for_everyone(restricted)
    assert may_share(restricted)


def test_a_private_session_stays_with_the_attendees_it_was_read_for():
    private = session(private=True)
    assert not for_everyone(private)
    assert not may_share(private)


def test_the_shared_copy_forgets_the_readers_tickets_and_nothing_else():
    own = session(ticket_ids=(57940,), capacity=30, registered_count=4)
    shared = nobodys(own)
    assert shared.ticket_ids == ()
    assert shared == session(capacity=30, registered_count=4)
    assert own.ticket_ids == (57940,)


def test_a_session_with_nothing_of_the_reader_is_shared_as_it_is():
    plain = session()
    assert nobodys(plain) is plain
