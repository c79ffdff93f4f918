"""Sandbox reads over HTTP: event, session list and its filters, one session, host list."""

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sandbox.demo import EVENT_ID, EVENT_TIMEZONE, SESSION_IDS, SESSIONS, TICKET_TYPES
from tests.sandbox_control import assert_api_error

SAMPLE = json.loads(
    (Path(__file__).parents[1] / "fixtures/guide_session_list_sample.json").read_text()
)
SAMPLE_ITEM_KEYS = set(SAMPLE["data"][0])
SAMPLE_SPEAKER_KEYS = set(SAMPLE["data"][2]["speakerList"][0])
TIME = re.compile(r"^\d{4}/\d{2}/\d{2} \d{2}:\d{2}$")
VISIBLE = [s for s in SESSIONS if s.get("status") != "HIDDEN"]
PROVIDERS = {"ACCELEVENTS", "WISTIA", "YOUTUBE", "VIMEO", "FACEBOOK", "ZOOM", "DIRECT_UPLOAD"}


def _list(sandbox, token, path="/events/{event}/session/v2", **params):
    response = sandbox.rest("GET", path, token, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _all(sandbox, token, **params):
    return _list(sandbox, token, size=200, **params)["data"]


def _local(value: str) -> datetime:
    return datetime.strptime(value, "%Y/%m/%d %H:%M").replace(tzinfo=ZoneInfo(EVENT_TIMEZONE))


def _sandbox_now(sandbox) -> datetime:
    return datetime.fromisoformat(sandbox.health()["now"])


def test_event_carries_its_timezone(sandbox):
    event = sandbox.rest("GET", "/events/{event}").json()

    assert event["name"] == "Aurora Product Summit"
    assert event["equivalentTimezone"] == "America/New_York"
    assert TIME.match(event["startDate"]) and TIME.match(event["endDate"])


def test_unknown_event_is_404(sandbox):
    response = sandbox.rest("GET", "/events/nope")
    assert_api_error(response, 404, "4040200", "No Event could be found")


def test_list_needs_a_token(sandbox):
    response = sandbox.rest("GET", "/events/{event}/session/v2")
    assert_api_error(response, 401, "4010101", "Not authorized")


def test_every_item_has_every_key_of_the_guide_sample(sandbox):
    page = _list(sandbox, sandbox.token(), size=200)

    assert set(page) == set(SAMPLE)
    assert page["recordsTotal"] == page["recordsFiltered"] == len(VISIBLE) >= 30
    for item in page["data"]:
        assert set(item) >= SAMPLE_ITEM_KEYS, SAMPLE_ITEM_KEYS - set(item)
        assert item["registerdHolderUsers"] is None
        assert TIME.match(item["startTime"]) and TIME.match(item["endTime"])
        for speaker in item["speakerList"] or []:
            assert set(speaker) >= SAMPLE_SPEAKER_KEYS
            assert speaker["email"]


def test_items_carry_the_secrets_the_portal_must_strip(sandbox):
    items = _all(sandbox, sandbox.token())

    assert all(i["streamKey"].startswith("sk_live_") for i in items)
    assert all(i["rtmpUrl"] == "rtmp://live.mux.com/app" for i in items)
    keynote = next(i for i in items if i["sessionId"] == SESSION_IDS["opening-keynote"])
    assert keynote["playBackRestrictionToken"].count(".") == 2
    assert keynote["closedCaptionUrl"].endswith(".vtt")


def test_list_is_ordered_by_start_time(sandbox):
    starts = [_local(i["startTime"]) for i in _all(sandbox, sandbox.token())]
    assert starts == sorted(starts)


def test_default_page_size_is_10_and_pages_are_0_based(sandbox):
    token = sandbox.token()
    everything = [i["sessionId"] for i in _all(sandbox, token)]

    first = _list(sandbox, token)
    pages = [_list(sandbox, token, page=n, size=7)["data"] for n in range(5)]

    assert [i["sessionId"] for i in first["data"]] == everything[:10]
    assert [i["sessionId"] for page in pages for i in page] == everything
    assert _list(sandbox, token, page=99)["data"] == []


def test_size_is_capped_at_200(sandbox):
    assert len(_list(sandbox, sandbox.token(), size=5000)["data"]) == len(VISIBLE)


def test_bad_paging_is_400(sandbox):
    response = sandbox.rest(
        "GET", "/events/{event}/session/v2", sandbox.token(), params={"page": -1}
    )
    assert response.status_code == 400


def test_filter_by_session_format(sandbox):
    token = sandbox.token()
    page = _list(sandbox, token, sessionFormat="WORKSHOP", size=200)

    assert page["data"] and {i["format"] for i in page["data"]} == {"WORKSHOP"}
    assert page["recordsFiltered"] == len(page["data"]) < page["recordsTotal"]


def test_filter_past(sandbox):
    token = sandbox.token()
    now = _sandbox_now(sandbox)

    ended = _all(sandbox, token, past="true")
    not_ended = _all(sandbox, token, past="false")

    assert ended and all(_local(i["endTime"]) <= now for i in ended)
    assert not_ended and all(_local(i["endTime"]) > now for i in not_ended)
    assert len(ended) + len(not_ended) == len(VISIBLE)


@pytest.mark.parametrize("param", ["trackIds", "tagIds"])
def test_filter_by_track_and_tag_ids(sandbox, param):
    token = sandbox.token()
    items = _all(sandbox, token)
    key = "tracks" if param == "trackIds" else "tags"
    first, second = sorted({label["id"] for i in items for label in i[key]})[:2]

    filtered = _all(sandbox, token, **{param: f"{first},{second}"})

    expected = [i["sessionId"] for i in items if {first, second} & {x["id"] for x in i[key]}]
    assert filtered and [i["sessionId"] for i in filtered] == expected


def test_labels_have_names_and_colours(sandbox):
    items = _all(sandbox, sandbox.token())
    tracks = {t["name"]: t for i in items for t in i["tracks"]}
    tags = {t["name"]: t for i in items for t in i["tags"]}

    assert len(tracks) == len(tags) == 4
    assert all(
        re.match(r"^#[0-9A-F]{6}$", label["color"]) for label in [*tracks.values(), *tags.values()]
    )


def test_filter_by_event_local_date(sandbox):
    token = sandbox.token()
    tomorrow = _sandbox_now(sandbox).astimezone(ZoneInfo(EVENT_TIMEZONE)) + timedelta(days=1)
    day = tomorrow.strftime("%Y/%m/%d")

    filtered = _all(sandbox, token, filterDate=day)

    expected = [i["sessionId"] for i in _all(sandbox, token) if i["startTime"].startswith(day)]
    assert len(filtered) >= 7
    assert [i["sessionId"] for i in filtered] == expected


def test_attendees_never_see_hidden_sessions(sandbox):
    token = sandbox.token()
    hidden_id = SESSION_IDS["green-room"]

    assert hidden_id not in {i["sessionId"] for i in _all(sandbox, token)}
    assert _list(sandbox, token, status="HIDDEN")["data"] == []
    assert len(_all(sandbox, token, status="VISIBLE")) == len(VISIBLE)
    detail = sandbox.rest("GET", f"/events/{{event}}/session/v2/{hidden_id}", token)
    assert_api_error(detail, 404, "404800", "Session not found!")


def test_one_session(sandbox):
    session_id = SESSION_IDS["opening-keynote"]

    item = sandbox.rest("GET", f"/events/{{event}}/session/v2/{session_id}", sandbox.token()).json()

    assert item["sessionId"] == session_id
    assert set(item) >= SAMPLE_ITEM_KEYS
    assert "<strong>" in item["description"]


def test_unknown_session_is_404(sandbox):
    response = sandbox.rest("GET", "/events/{event}/session/v2/999999", sandbox.token())
    assert_api_error(response, 404, "404800", "Session not found!")


def test_current_user_ticket_ids(sandbox):
    gina = _list(sandbox, sandbox.token("general"))["data"][0]
    nora = _list(sandbox, sandbox.token("noticket"))["data"][0]

    assert gina["currentUserRegisteredEventTicketId"] == [57940]
    assert nora["currentUserRegisteredEventTicketId"] == []


def test_live_sessions_cover_every_stream_provider(sandbox):
    now = _sandbox_now(sandbox)
    live = [
        i
        for i in _all(sandbox, sandbox.token())
        if _local(i["startTime"]) <= now < _local(i["endTime"])
    ]

    assert {i["streamProvider"] for i in live} == PROVIDERS
    assert len(live) >= 10
    urls = {i["streamUrl"] for i in live}
    assert "guL_-lvkY5o&list=RDMMguL_-lvkY5o&start_radio=1" in urls
    assert "https://vimeo.com/76979871" in urls


def test_demo_restrictions_are_visible_on_items(sandbox):
    items = {i["sessionId"]: i for i in _all(sandbox, sandbox.token())}

    full = items[SESSION_IDS["full-house"]]
    vip = items[SESSION_IDS["vip-roadmap"]]
    seats = items[SESSION_IDS["last-five-seats"]]
    assert (full["capacity"], full["sessionStats"]["registeredUserCount"]) == (3, 3)
    assert vip["ticketTypesThatCanBeRegistered"] == [TICKET_TYPES["vip"]["id"]]
    assert (seats["capacity"], seats["sessionStats"]["registeredUserCount"]) == (5, 0)
    ended_cta = items[SESSION_IDS["lessons-1000"]]["postSessionCallToActionJson"]
    assert ended_cta["enablePostSessionCallToAction"] is True


def test_registered_lists_only_the_callers_sessions(sandbox):
    gina = _list(sandbox, sandbox.token("general"), "/events/{event}/user-session/registered")
    nora = _list(sandbox, sandbox.token("noticket"), "/events/{event}/user-session/registered")

    assert [i["sessionId"] for i in gina["data"]] == [SESSION_IDS["hybrid-data"]]
    assert gina["recordsTotal"] == 1
    assert nora["data"] == []


def test_host_list_needs_the_api_key(sandbox):
    response = sandbox.rest(
        "GET", "/host/event/{event}/session", sandbox.token(), params={"eventId": EVENT_ID}
    )
    assert_api_error(response, 401, "4010101", "Not authorized")


@pytest.mark.parametrize("header", ["Authorization", "Key"])
def test_host_list_shows_hidden_sessions_and_holders(sandbox, header):
    response = sandbox.rest(
        "GET",
        "/host/event/{event}/session",
        headers={header: "sandbox-organization-key"},
        params={"eventId": EVENT_ID, "expand": "registerdHolderUsers", "size": 200},
    )

    items = {i["sessionId"]: i for i in response.json()["data"]}
    assert len(items) == len(SESSIONS)
    holders = items[SESSION_IDS["full-house"]]["registerdHolderUsers"]
    assert [h["email"] for h in holders] == [
        "fiona@example.com",
        "felix@example.com",
        "farah@example.com",
    ]
    assert set(holders[0]) == {"userId", "firstName", "lastName", "email", "eventTicketId"}


def test_host_list_without_expand_has_no_holders(sandbox):
    response = sandbox.rest(
        "GET",
        "/host/event/{event}/session",
        headers={"Key": "sandbox-organization-key"},
        params={"eventId": EVENT_ID},
    )
    assert all(i["registerdHolderUsers"] is None for i in response.json()["data"])


def _host_list(sandbox, **params):
    headers = {"Key": "sandbox-organization-key"}
    return sandbox.rest("GET", "/host/event/{event}/session", headers=headers, params=params)


def test_host_list_requires_the_event_id(sandbox):
    response = _host_list(sandbox)

    assert_api_error(response, 400, "4000000", "Bad request")
    assert response.json()["developerMessage"] == "eventId is required"


@pytest.mark.parametrize("event_id", [EVENT_ID + 1, 0])
def test_host_list_with_another_events_id_is_404(sandbox, event_id):
    response = _host_list(sandbox, eventId=event_id)
    assert_api_error(response, 404, "4040200", "No Event could be found")


def test_host_list_with_a_non_numeric_event_id_is_400(sandbox):
    assert_api_error(_host_list(sandbox, eventId="aurora"), 400, "4000000", "Bad request")
