"""One page of a session list as an attendee may see it: sessions the organizer hid are dropped
and counted, unreadable items are counted (by id where it can be read) and never fatal, and the
sessions the upstream counted that the portal cannot show are known."""

from zoneinfo import ZoneInfo

from sessions_app.upstream.domain import SessionPage, hidden_from_attendees

TZ = ZoneInfo("Europe/Berlin")


def item(session_id, **fields):
    return {"sessionId": session_id, "title": f"Session {session_id}", **fields}


def test_hidden_sessions_are_dropped_and_counted():
    page = SessionPage.from_api(
        {
            "data": [
                item(1),
                item(2, status="HIDDEN"),
                item(3, hideSessionFromAttendees=True),
                item(4, status="hidden"),
            ],
            "recordsTotal": 4,
            "recordsFiltered": 4,
        },
        TZ,
    )
    assert [s.id for s in page.sessions] == [1]
    assert (page.hidden, page.skipped, page.missing) == (3, 0, 0)


def test_only_true_hides_a_session():
    assert hidden_from_attendees({"hideSessionFromAttendees": True})
    assert not hidden_from_attendees({"hideSessionFromAttendees": "false"})
    assert not hidden_from_attendees({"status": "VISIBLE"})
    assert not hidden_from_attendees(None)


def test_unreadable_items_are_counted_by_id_where_it_can_be_read():
    page = SessionPage.from_api(
        {
            "data": [
                item(1),
                {"sessionId": 2, "title": ""},
                {"title": "no id"},
                item(4, startTime="soon"),
            ],
            "recordsTotal": 6,
            "recordsFiltered": 6,
        },
        TZ,
    )
    assert [s.id for s in page.sessions] == [1]
    assert page.skipped == 3
    assert page.skipped_ids == (2, 4)
    assert page.ids == frozenset({1, 2, 4})
    assert page.missing == 5  # 6 counted, 1 shown


def test_nothing_is_missing_below_zero():
    page = SessionPage.from_api(
        {"data": [item(1), item(2)], "recordsTotal": 1, "recordsFiltered": 1}, TZ
    )
    assert page.missing == 0
