"""The large-event dialect's data, and page-cap-50 on lists longer than one capped page."""

import time
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

from sandbox.demo import EVENT_ID, EVENT_TIMEZONE, SESSION_IDS, SESSIONS, TICKET_TYPES
from sandbox.demo_large import (
    CLOSING_SESSION_ID,
    CLOSING_TITLE,
    FIRST_LARGE_ID,
    LARGE_SESSIONS,
    VISIBLE_SESSIONS,
)

API_KEY = "sandbox-organization-key"
LIST = "/events/{event}/session/v2"
REGISTERED = "/events/{event}/user-session/registered"
HOST = "/host/event/{event}/session"
VICTOR_TICKET = 57941


@pytest.fixture
def large(sandbox):
    sandbox.set_dialects("large-event")
    return sandbox


def _page(sandbox, path, token=None, **params):
    if path == HOST:
        params["eventId"] = EVENT_ID
        response = sandbox.rest("GET", path, headers={"Key": API_KEY}, params=params)
    else:
        response = sandbox.rest("GET", path, token, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def _all(sandbox, path, token=None, **params) -> list[dict]:
    items, page = [], 0
    while True:
        body = _page(sandbox, path, token, page=page, size=200, **params)
        items += body["data"]
        if len(items) >= body["recordsFiltered"] or not body["data"]:
            return items
        page += 1


def _ids(items) -> list[int]:
    return [item["sessionId"] for item in items]


def _event_today(sandbox):
    now = datetime.fromisoformat(sandbox.health()["now"])
    return now.astimezone(ZoneInfo(EVENT_TIMEZONE)).date()


def test_large_event_has_300_visible_sessions_over_four_days(large):
    token = large.token()
    items = _all(large, LIST, token)
    today = _event_today(large)

    generated = [i for i in items if i["sessionId"] >= FIRST_LARGE_ID]
    days = Counter(datetime.strptime(i["startTime"][:10], "%Y/%m/%d").date() for i in generated)
    assert len(items) == _page(large, LIST, token)["recordsTotal"] == VISIBLE_SESSIONS
    assert set(days) == {today + timedelta(days=n) for n in range(4)}
    assert min(days.values()) > 60  # spread over the days, not piled on one
    assert len({i["title"] for i in items}) == VISIBLE_SESSIONS
    assert len({i["format"] for i in generated}) == 7
    assert len({t["name"] for i in generated for t in i["tracks"]}) == 4
    assert len({i["startTime"][11:] for i in generated}) > 30
    end_date = large.rest("GET", "/events/{event}").json()["endDate"]
    assert end_date == (today + timedelta(days=3)).strftime("%Y/%m/%d 18:00")


def test_large_event_keeps_every_demo_session_and_account(large):
    hosted = {i["sessionId"]: i for i in _all(large, HOST, expand="registerdHolderUsers")}

    for spec in SESSIONS:
        assert hosted[SESSION_IDS[spec["key"]]]["title"] == spec["title"]
    full = hosted[SESSION_IDS["full-house"]]
    assert (full["capacity"], len(full["registerdHolderUsers"])) == (3, 3)
    vip = hosted[SESSION_IDS["vip-roadmap"]]
    assert vip["ticketTypesThatCanBeRegistered"] == [TICKET_TYPES["vip"]["id"]]
    assert hosted[SESSION_IDS["green-room"]]["status"] == "HIDDEN"
    gina = _all(large, REGISTERED, large.token("general"))
    assert _ids(gina) == [SESSION_IDS["hybrid-data"]]


def test_the_session_that_starts_last_is_the_closing_circle(large):
    items = _all(large, LIST, large.token())
    found = _page(large, HOST, searchString="Closing Circle")["data"]

    assert [(i["sessionId"], i["title"]) for i in found] == [(CLOSING_SESSION_ID, CLOSING_TITLE)]
    assert items[-1]["sessionId"] == CLOSING_SESSION_ID
    assert all(i["startTime"] < items[-1]["startTime"] for i in items[:-1])


@pytest.mark.parametrize("n", [1, 150, len(LARGE_SESSIONS) - 1])
def test_generated_titles_are_found_one_by_one(large, n):
    found = _page(large, HOST, searchString=f"No. {n:03d}")["data"]
    assert _ids(found) == [FIRST_LARGE_ID + n - 1]


def _set(sandbox, *names) -> dict:
    url = f"{sandbox.control_url}/dialect"
    return requests.post(url, json={"dialects": list(names)}, timeout=10).json()


def test_switching_large_event_on_and_off_reseeds(sandbox):
    token = sandbox.token()

    on = _set(sandbox, "large-event")
    gone = sandbox.rest("GET", "/u/myprofile", token)
    kept = _set(sandbox, "large-event", "bearer-only")
    off = _set(sandbox)

    assert (on["reseeded"], kept["reseeded"], off["reseeded"]) == (True, False, True)
    assert gone.status_code == 401  # the re-seed wiped every token
    assert _page(sandbox, LIST, sandbox.token())["recordsTotal"] == len(SESSIONS) - 1


def test_reset_into_the_large_event_stays_fast(sandbox):
    started = time.monotonic()
    answer = sandbox.reset(dialects=["large-event"])
    elapsed = time.monotonic() - started

    assert answer["dialects"] == ["large-event"]
    assert _page(sandbox, LIST, sandbox.token())["recordsTotal"] == VISIBLE_SESSIONS
    assert elapsed < 2.0


def _register_victor_for(sandbox, count: int) -> str:
    """Make `count` generated sessions live and register Victor (VIP, no limit) for each."""
    token = sandbox.token("vip")
    for session_id in range(FIRST_LARGE_ID, FIRST_LARGE_ID + count):
        sandbox.patch_session(session_id, start_offset_minutes=-5, end_offset_minutes=60)
        path = f"/events/{{event}}/session/{session_id}/register/{VICTOR_TICKET}"
        assert sandbox.rest("POST", path, token).status_code == 200
    return token


@pytest.mark.parametrize("path", [LIST, REGISTERED, HOST])
def test_page_cap_50(large, path):
    token = _register_victor_for(large, 60) if path == REGISTERED else large.token()
    everything = _ids(_all(large, path, token))
    uncapped = _page(large, path, token, size=200)
    assert len(everything) > 60 and _ids(uncapped["data"]) == everything[:200]
    assert _ids(_page(large, path, token, page=1, size=60)["data"]) == everything[60:120]

    large.set_dialects("large-event", "page-cap-50")

    capped = _page(large, path, token, size=200)
    assert _ids(capped["data"]) == everything[:50]
    assert (capped["recordsTotal"], capped["recordsFiltered"]) == (
        uncapped["recordsTotal"],
        uncapped["recordsFiltered"],
    )
    assert _ids(_page(large, path, token, page=1, size=60)["data"]) == everything[50:100]
    assert _ids(_page(large, path, token, page=1, size=20)["data"]) == everything[20:40]


def test_page_cap_50_with_one_based_pages(large):
    token = large.token()
    everything = _ids(_all(large, LIST, token))
    large.set_dialects("large-event", "page-cap-50", "one-based-pages")

    pages = [_ids(_page(large, LIST, token, page=n, size=100)["data"]) for n in (1, 2)]

    assert pages == [everything[:50], everything[50:100]]
