"""The attendee's session lists against the sandbox: the event's list (parsed, with secrets
and hidden sessions left out), its pages and filters, a whole list read page by page, one
session, the attendee's registrations, a mangled list read for what it still has, and a list's
zone that must be a zone."""

from datetime import UTC, datetime, timedelta

import pytest

from sandbox.demo import SESSION_IDS
from sessions_app.upstream.calls.sessions import known_zone
from sessions_app.upstream.domain import SessionFormat, StreamProvider
from sessions_app.upstream.errors import UpstreamNotFound
from tests.upstream.client_helpers import TZ, make_client


def test_sessions_list_parses_and_drops_secrets(api, gina):
    page = api.sessions(gina, tz=TZ)

    assert page.total == page.filtered == len(page.sessions) > 20
    by_id = {s.id: s for s in page.sessions}
    assert SESSION_IDS["green-room"] not in by_id  # hidden
    keynote = by_id[SESSION_IDS["opening-keynote"]]
    assert keynote.format is SessionFormat.MAIN_STAGE
    assert keynote.stream.provider is StreamProvider.ACCELEVENTS
    assert keynote.is_live(datetime.now(UTC))
    assert {s.full_name for s in keynote.speakers} == {"Ethan Brooks", "Maya Chen"}
    assert "<strong>Ethan Brooks</strong>" in keynote.description
    hostile = by_id[SESSION_IDS["securing-data"]]
    assert "script" not in hostile.description and "onclick" not in hostile.description
    roundtable = by_id[SESSION_IDS["procurement-roundtable"]]
    assert "Aurora-8842" not in repr(roundtable)  # meetingPassword
    assert "@" not in repr(page)  # speaker emails


def test_sessions_paging(api, gina):
    first, second = api.sessions(gina, tz=TZ, size=5), api.sessions(gina, tz=TZ, page=1, size=5)

    assert len(first.sessions) == len(second.sessions) == 5
    assert not {s.id for s in first.sessions} & {s.id for s in second.sessions}
    assert first.total == second.total > 10


def test_sessions_filters(api, gina):
    before = datetime.now(UTC)
    workshops = api.sessions(gina, tz=TZ, session_format=SessionFormat.WORKSHOP)
    past = api.sessions(gina, tz=TZ, past=True)
    upcoming = api.sessions(gina, tz=TZ, past=False)
    everything = api.sessions(gina, tz=TZ)
    after = datetime.now(UTC)
    tomorrow = (before.astimezone(TZ) + timedelta(days=1)).date()
    day_two = api.sessions(gina, tz=TZ, filter_date=tomorrow)

    assert {s.format for s in workshops.sessions} == {SessionFormat.WORKSHOP}
    assert workshops.filtered < workshops.total
    assert past.sessions and all(s.end <= after for s in past.sessions)
    assert upcoming.sessions and all(s.end > before for s in upcoming.sessions)
    assert past.filtered + upcoming.filtered == everything.filtered
    assert day_two.sessions and {s.start.astimezone(TZ).date() for s in day_two.sessions} == {
        tomorrow
    }


def test_sessions_filter_by_track_and_tag(api, gina):
    keynote = api.session(gina, SESSION_IDS["opening-keynote"], tz=TZ)
    track = keynote.tracks[0]
    advanced = api.session(gina, SESSION_IDS["securing-data"], tz=TZ).tags[0]

    by_track = api.sessions(gina, tz=TZ, track_ids=[track.id])
    by_tag = api.sessions(gina, tz=TZ, tag_ids=(advanced.id,))

    assert by_track.sessions and all(track in s.tracks for s in by_track.sessions)
    assert by_tag.sessions and all(advanced in s.tags for s in by_tag.sessions)
    assert track.color.startswith("#")


def test_session_detail(api, gina):
    session = api.session(gina, SESSION_IDS["hybrid-data"], tz=TZ)

    assert session.title == "Scaling Hybrid Events with Real-Time Data"
    assert session.stream.url == "guL_-lvkY5o&list=RDMMguL_-lvkY5o&start_radio=1"
    assert session.ticket_ids
    assert session.start.tzinfo == TZ


def test_session_detail_not_found(api, gina):
    for missing in (1, SESSION_IDS["green-room"]):
        with pytest.raises(UpstreamNotFound) as caught:
            api.session(gina, missing, tz=TZ)
        assert (caught.value.status, caught.value.code) == (404, "404800")
        assert caught.value.message == "Session not found!"


def test_registered_sessions(api, gina, victor):
    assert [s.id for s in api.registered_sessions(gina, tz=TZ).sessions] == [
        SESSION_IDS["hybrid-data"]
    ]
    victors = {s.id for s in api.registered_sessions(victor, tz=TZ).sessions}
    assert victors == {SESSION_IDS["opening-keynote"], SESSION_IDS["kickoff"]}


def test_wrong_shape_list_keeps_what_it_can(api, sandbox, gina):
    """Mangled items: 0 loses title/startTime, 1 unknown enums, 2 strings for numbers, 3 a bad
    endTime. Items 0 and 3 (and every 4th after) are skipped; the others parse tolerantly."""
    expected = api.sessions(gina, tz=TZ, size=8).sessions
    sandbox.set_fault(mode="wrong_shape")

    page = api.sessions(gina, tz=TZ, size=8)

    assert [s.id for s in page.sessions] == [expected[i].id for i in (1, 2, 5, 6)]
    assert page.sessions[0].format is SessionFormat.OTHER
    assert page.sessions[0].stream.provider is StreamProvider.OTHER
    assert (page.sessions[1].capacity, page.sessions[1].registered_count) == (0, 0)


def test_a_list_read_with_an_event_for_its_zone_is_refused_not_read_as_utc():
    # A caller passing the Event instead of its zone would show every time in UTC, silently.
    assert known_zone(lambda: UTC) is UTC
    assert known_zone("America/New_York") == "America/New_York"
    with pytest.raises(TypeError):
        known_zone(lambda: object())  # e.g. an Event, not its zone


def test_every_page_of_the_list_is_read_whatever_the_page_size(sandbox, gina):
    one_page = make_client(sandbox.api_url).sessions(gina, tz=TZ)
    small_pages = make_client(sandbox.api_url, page_size=4)

    everything = small_pages.all_sessions(gina, tz=TZ)

    assert one_page.total > 3 * 4  # several pages of 4
    assert [s.id for s in everything.sessions] == [s.id for s in one_page.sessions]


def test_every_page_of_the_ended_sessions_holds_only_ended_ones(sandbox, gina):
    small_pages = make_client(sandbox.api_url, page_size=2)
    ended = make_client(sandbox.api_url).sessions(gina, tz=TZ, past=True)

    read = small_pages.all_sessions(gina, tz=TZ, past=True)

    assert ended.filtered > 2  # more than one page of 2
    assert {s.id for s in read.sessions} == {s.id for s in ended.sessions}


def test_the_attendees_registrations_are_read_over_every_page(sandbox, victor):
    api = make_client(sandbox.api_url, page_size=1)
    first_page = api.registered_page(victor, tz=TZ)

    every = api.registered_sessions(victor, tz=TZ)

    assert len(first_page.sessions) == 1
    assert {s.id for s in every.sessions} == {
        SESSION_IDS["opening-keynote"],
        SESSION_IDS["kickoff"],
    }
