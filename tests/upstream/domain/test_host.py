"""The organizer's view of a session with its registrants: a registrant that cannot be read is
kept by e-mail (someone is registered; reconciliation must not conclude nobody is), and a
session without times yet is nothing to reconcile."""

from zoneinfo import ZoneInfo

import pytest

from sessions_app.upstream.domain import HostSession, Registrant

TZ = ZoneInfo("America/New_York")
TIMES = {"startTime": "2026/03/05 09:00", "endTime": "2026/03/05 10:00"}


def host_item(session_id=1, holders=(), **fields):
    return {
        "sessionId": session_id,
        "title": "Keynote",
        **TIMES,
        "registerdHolderUsers": list(holders),
        **fields,
    }


def test_registrants_are_read_with_their_ticket():
    host = HostSession.from_api(
        host_item(
            holders=[{"userId": "5001", "firstName": "Gina", "email": "g@x.io", "eventTicketId": 0}]
        ),
        TZ,
    )
    assert host.registrants == (Registrant(5001, "Gina", "", "g@x.io", 0),)
    assert host.unreadable == ()
    assert host.session.start.tzinfo == TZ


def test_an_unreadable_registrant_is_kept_by_lower_case_email():
    host = HostSession.from_api(
        host_item(
            holders=[{"userId": "x", "email": "Victor@X.io"}, {"userId": 0}, "junk", {"userId": 7}]
        ),
        TZ,
    )
    assert [r.user_id for r in host.registrants] == [7]
    assert host.registrants[0].ticket_id is None
    assert host.unreadable == ("victor@x.io", "", "")


def test_a_session_without_times_is_skipped_from_the_page():
    untimed = {"sessionId": 2, "title": "TBA", "registerdHolderUsers": [{"userId": 9}]}
    with pytest.raises(ValueError, match="no times"):
        HostSession.from_api(untimed, TZ)
    sessions, filtered, items = HostSession.page_from_api(
        {"data": [host_item(1), untimed], "recordsTotal": 9, "recordsFiltered": 8}, TZ
    )
    assert ([h.session.id for h in sessions], filtered, items) == ([1], 8, 2)
