"""Who may see a session, and a session whose times are not announced yet (issue 21, part C).

Hidden sessions (`status: HIDDEN` or `hideSessionFromAttendees: true`) never reach an attendee,
whatever the platform sends; a private one (`sessionVisibilityType` other than PUBLIC) only
those the organizer added to it, who are not offered a Leave the platform refuses; a session
without times is listed under "Time to be announced", never joinable, in no calendar.
Against the sandbox's `lists-hidden` and `private-and-tba` dialects."""

import re
from datetime import UTC, datetime

import pytest
from django.core.cache import cache

from sandbox.demo import SESSION_IDS
from sessions_app.upstream.client import get_client
from sessions_app.upstream.domain import Session, SessionPage
from tests.portal_helpers import sign_in

GREEN_ROOM = SESSION_IDS["green-room"]  # hidden by the organizer (status HIDDEN)
PRIVATE = SESSION_IDS["hybrid-data"]  # private in `private-and-tba`; Gina was added to it
UNTIMED = SESSION_IDS["content-strategy"]  # no times in `private-and-tba`
HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/"}
NOT_AVAILABLE = "This session isn't available"
PRIVATE_SEAT = "The organizer added you to this private session; ask them to remove you."
REGISTER = "POST /events/{eventurl}/session/{session_id}/register/{ticket_id}"
UNREGISTER = "DELETE /events/{eventurl}/session/{session_id}/register/{ticket_id}"


def _item(session_id=1, **overrides):
    item = {
        "sessionId": session_id,
        "title": f"Session {session_id}",
        "startTime": "2030/05/01 09:00",
        "endTime": "2030/05/01 10:00",
        "status": "VISIBLE",
        "hideSessionFromAttendees": False,
        "sessionVisibilityType": "PUBLIC",
    }
    return item | overrides


def _page(*items, filtered=None):
    count = len(items) if filtered is None else filtered
    payload = {"data": list(items), "recordsTotal": count, "recordsFiltered": count}
    return SessionPage.from_api(payload, UTC)


def card_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'id="session-card-(\d+)"', html)]


# --- parsing at the boundary ----------------------------------------------------------------


@pytest.mark.parametrize(
    "hidden", [{"status": "HIDDEN"}, {"hideSessionFromAttendees": True}, {"status": "hidden"}]
)
def test_a_hidden_item_never_becomes_a_session_nor_a_missing_one(hidden):
    page = _page(_item(1), _item(2, **hidden))
    assert [s.id for s in page.sessions] == [1]
    assert 2 not in page.ids and page.missing == 0  # not "a session we could not load"


def test_a_session_without_times_is_kept_with_none_and_unparsable_times_are_not():
    page = _page(_item(1, startTime=None, endTime=None), _item(2, startTime="soon"))
    (untimed,) = page.sessions
    assert (untimed.id, untimed.has_times, untimed.start, untimed.end) == (1, False, None, None)
    now = datetime(2030, 5, 1, 9, 30, tzinfo=UTC)
    assert untimed.not_started(now) and not untimed.is_live(now) and not untimed.has_ended(now)
    assert page.skipped_ids == (2,)


def test_the_visibility_type_marks_a_session_private():
    public, private, unsaid = (
        Session.from_api(_item(n, sessionVisibilityType=kind), UTC)
        for n, kind in ((1, "PUBLIC"), (2, "PRIVATE"), (3, None))
    )
    assert (public.private, private.private, unsaid.private) == (False, True, False)


# --- hidden sessions against the `lists-hidden` dialect -----------------------------------------


@pytest.fixture
def lists_hidden(sandbox, client):
    sandbox.reset(dialects=["lists-hidden"])
    sign_in(client, "vip")
    return sandbox


@pytest.mark.django_db
def test_a_hidden_session_is_not_listed_nor_found_by_search(lists_hidden, client):
    everything = client.get("/", {"format": "all"}).content.decode()
    searched = client.get("/", {"format": "all", "q": "Green Room"}).content.decode()
    assert GREEN_ROOM not in card_ids(everything) and "Speaker Green Room" not in everything
    assert card_ids(searched) == [] and "Speaker Green Room" not in searched


@pytest.mark.django_db
def test_a_hidden_sessions_page_is_a_404_in_our_words(lists_hidden, client):
    page = client.get(f"/sessions/{GREEN_ROOM}/")
    assert page.status_code == 404
    body = page.content.decode()
    assert NOT_AVAILABLE in body and "Speaker Green Room" not in body
    ics = client.get(f"/sessions/{GREEN_ROOM}/calendar.ics")
    assert ics.status_code == 404 and b"Green Room" not in ics.content


@pytest.mark.django_db
def test_the_status_poll_and_a_join_say_nothing_of_a_hidden_session(lists_hidden, client):
    poll = client.get("/agenda/status/", {"ids": str(GREEN_ROOM)}, **HX)
    assert poll.status_code in (200, 304) and b"Green Room" not in poll.content
    joined = client.post(f"/sessions/{GREEN_ROOM}/join/", {"confirm": "overlap"}, **HX)
    assert b"Green Room" not in joined.content
    assert lists_hidden.request_count(REGISTER) == 0


@pytest.mark.django_db
def test_with_the_status_filter_the_platform_sends_no_hidden_session(lists_hidden, settings):
    token = lists_hidden.token("vip")
    without = get_client().all_sessions(token, tz=UTC)
    settings.ACCELEVENTS_STATUS_FILTER = True
    with_filter = get_client().all_sessions(token, tz=UTC)
    assert (without.hidden, with_filter.hidden) == (1, 0)
    assert {s.id for s in without.sessions} == {s.id for s in with_filter.sessions}
    assert without.complete and with_filter.complete


@pytest.mark.django_db
def test_a_session_hidden_after_registering_leaves_my_sessions_and_the_feed(sandbox, client):
    sandbox.reset(dialects=["lists-hidden"])
    sign_in(client, "general")  # registered for PRIVATE ("hybrid-data"), public here
    feed = re.search(r'value="http://testserver(/calendar/[^"]+\.ics)"', _my_sessions(client))
    assert b"Hybrid Events" in client.get(feed.group(1)).content

    sandbox.patch_session(PRIVATE, status="HIDDEN")
    cache.clear()  # the registered list's TTL has run out
    mine = _my_sessions(client)
    assert f'id="my-session-{PRIVATE}"' not in mine and "Hybrid Events" not in mine
    assert b"Hybrid Events" not in client.get(feed.group(1)).content


def _my_sessions(client) -> str:
    response = client.get("/my-sessions/")
    assert response.status_code == 200
    return response.content.decode()


# --- private sessions and sessions without times: `private-and-tba` -----------------------------


@pytest.fixture
def private_and_tba(sandbox):
    sandbox.reset(dialects=["private-and-tba"])
    return sandbox


@pytest.mark.django_db
def test_a_private_session_is_shown_only_to_those_added_to_it(private_and_tba, client):
    sign_in(client, "vip")  # not added to it
    assert PRIVATE not in card_ids(client.get("/", {"format": "all"}).content.decode())
    page = client.get(f"/sessions/{PRIVATE}/")
    assert page.status_code == 404 and NOT_AVAILABLE in page.content.decode()
    poll = client.get("/agenda/status/", {"ids": str(PRIVATE)}, **HX)
    assert b"Hybrid Events" not in poll.content


@pytest.mark.django_db
def test_no_leave_is_offered_from_a_private_session_and_none_is_sent(private_and_tba, client):
    sign_in(client, "general")  # the organizer added her
    agenda = client.get("/", {"format": "all"}).content.decode()
    card = agenda[agenda.index(f'id="session-card-{PRIVATE}"') :][:4000]
    assert PRIVATE_SEAT in card.split("</article>")[0]
    mine = client.get("/my-sessions/").content.decode()
    assert f'id="my-session-{PRIVATE}"' in mine and f'id="unregister-{PRIVATE}"' not in mine
    assert PRIVATE_SEAT in mine
    stream = client.get(f"/sessions/{PRIVATE}/").content.decode()
    assert PRIVATE_SEAT in stream and "Leave this session" not in stream

    left = client.post(f"/sessions/{PRIVATE}/unregister/", **HX)  # a crafted click
    assert left.status_code == 200 and PRIVATE_SEAT in left.content.decode()
    assert private_and_tba.request_count(UNREGISTER) == 0
    assert client.get("/my-sessions/").status_code == 200  # still signed in


@pytest.mark.django_db
def test_a_session_without_times_is_listed_last_under_time_to_be_announced(private_and_tba, client):
    sign_in(client, "vip")
    agenda = client.get("/", {"format": "all", "tab": "upcoming"}).content.decode()
    ids = card_ids(agenda)
    assert ids[-1] == UNTIMED
    tba = agenda[agenda.index('id="day-tba"') :]
    assert "Time to be announced" in tba and f'id="session-card-{UNTIMED}"' in tba
    card = tba[tba.index(f'id="session-card-{UNTIMED}"') :].split("</article>")[0]
    assert f'id="join-{UNTIMED}"' not in card and f'id="reserve-{UNTIMED}"' not in card
    assert "You can join once its time is announced." in card


@pytest.mark.django_db
def test_a_session_without_times_has_its_page_but_no_calendar_file(private_and_tba, client):
    sign_in(client, "vip")
    page = client.get(f"/sessions/{UNTIMED}/")
    assert page.status_code == 200
    assert "Post-Event Content Strategy" in page.content.decode()
    assert "Time to be announced" in page.content.decode()
    assert client.get(f"/sessions/{UNTIMED}/calendar.ics").status_code == 404
    reserve = client.post(f"/sessions/{UNTIMED}/reserve/", **HX)
    assert reserve.status_code == 200 and f'id="reserve-{UNTIMED}"' not in reserve.content.decode()
    assert private_and_tba.request_count(REGISTER) == 0  # no reservation was asked for
    joined = client.post(f"/sessions/{UNTIMED}/join/", {"confirm": "overlap"}, **HX)
    assert joined.status_code == 200  # a crafted click: the platform's refusal, in place
