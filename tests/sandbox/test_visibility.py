"""The sandbox's `lists-differ` dialect over HTTP: each demo attendee's list, single reads and
joins, next to the default where every attendee is listed the same sessions; and the `unlisted`
fault, which makes a session open to everyone go missing from the attendee lists only."""

import requests

from sandbox.demo import EVENT_ID, SESSION_IDS
from tests.sandbox_control import assert_api_error

API_KEY = "sandbox-organization-key"
LIST = "/events/{event}/session/v2"
REGISTERED = "/events/{event}/user-session/registered"
VIP_ONLY = SESSION_IDS["vip-roadmap"]  # public, VIP All-Access tickets only
PRIVATE = SESSION_IDS["hybrid-data"]  # private in `lists-differ`; Gina was added to it
OPEN = SESSION_IDS["sponsor-stories"]  # public, open to every ticket type
UNKNOWN = 999_999
# demo account → (sees the VIP-only session, sees the private one)
WHO_SEES = {
    "general": (False, True),  # Gina: General Admission, registered in the private session
    "vip": (True, False),  # Victor: VIP
    "tessa": (True, False),  # Tessa: both ticket types
    "noticket": (False, False),  # Nora: no ticket
}


def _items(sandbox, path, token) -> dict[int, dict]:
    response = sandbox.rest("GET", path, token, params={"size": 200})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["recordsTotal"] == body["recordsFiltered"] == len(body["data"])
    return {item["sessionId"]: item for item in body["data"]}


def _single(sandbox, session_id, token):
    return sandbox.rest("GET", f"/events/{{event}}/session/v2/{session_id}", token)


def _host(sandbox) -> dict[int, dict]:
    params = {"size": 200, "eventId": EVENT_ID}
    body = sandbox.rest(
        "GET", "/host/event/{event}/session", headers={"Key": API_KEY}, params=params
    )
    return {item["sessionId"]: item for item in body.json()["data"]}


def _not_there(response) -> None:
    assert_api_error(response, 404, "404800", "Session not found!")


def test_by_default_every_attendee_is_listed_the_same_sessions(sandbox):
    lists = {who: _items(sandbox, LIST, sandbox.token(who)) for who in WHO_SEES}
    assert len({frozenset(items) for items in lists.values()}) == 1
    assert {VIP_ONLY, PRIVATE} <= set(lists["noticket"])
    assert _single(sandbox, VIP_ONLY, sandbox.token("noticket")).status_code == 200


def test_each_attendee_is_listed_what_their_tickets_and_registrations_open(sandbox):
    sandbox.set_dialects("lists-differ")
    lists = {}
    for who, (vip_only, private) in WHO_SEES.items():
        token = sandbox.token(who)
        lists[who] = items = _items(sandbox, LIST, token)
        assert (VIP_ONLY in items, PRIVATE in items) == (vip_only, private), who
        for session_id, seen in ((VIP_ONLY, vip_only), (PRIVATE, private)):
            single = _single(sandbox, session_id, token)
            if seen:
                assert single.status_code == 200, who
            else:
                _not_there(single)  # as for an id that does not exist
        _not_there(_single(sandbox, UNKNOWN, token))
    assert lists["general"][PRIVATE]["sessionVisibilityType"] == "PRIVATE"
    assert lists["vip"][VIP_ONLY]["ticketTypesThatCanBeRegistered"] == [10798]
    alike = {who: set(items) - {VIP_ONLY, PRIVATE} for who, items in lists.items()}
    assert len({frozenset(ids) for ids in alike.values()}) == 1, "the rest is everyone's"
    assert OPEN in alike["noticket"]


def test_the_host_list_still_names_every_session(sandbox):
    sandbox.set_dialects("lists-differ")
    host = _host(sandbox)
    assert host[PRIVATE]["sessionVisibilityType"] == "PRIVATE"
    assert host[VIP_ONLY]["sessionVisibilityType"] == "PUBLIC"


def test_the_private_session_is_kept_by_its_attendee_and_unknown_to_the_others(sandbox):
    sandbox.set_dialects("lists-differ")
    gina, victor = sandbox.token("general"), sandbox.token("vip")
    path = f"/events/{{event}}/session/{PRIVATE}/register/"

    assert PRIVATE in _items(sandbox, REGISTERED, gina)
    assert sandbox.rest("DELETE", f"{path}57940", gina).status_code == 403
    assert PRIVATE in _items(sandbox, REGISTERED, gina), "still registered"
    _not_there(sandbox.rest("POST", f"{path}57941", victor))
    _not_there(sandbox.rest("DELETE", f"{path}57941", victor))
    assert PRIVATE not in _items(sandbox, REGISTERED, victor)


def test_lists_differ_and_private_and_tba_exclude_each_other(sandbox):
    body = {"dialects": ["lists-differ", "private-and-tba"]}
    answer = requests.post(f"{sandbox.control_url}/dialect", json=body, timeout=5)
    assert answer.status_code == 400 and "exclude each other" in answer.json()["errorMessage"]


def test_the_unlisted_fault_leaves_a_session_out_of_attendee_calls_only(sandbox):
    token = sandbox.token("vip")
    before = _items(sandbox, LIST, token)
    sandbox.set_fault(mode="unlisted", session_id=OPEN, path_contains="/session/v2")

    after = _items(sandbox, LIST, token)  # the counts match the items left
    assert set(before) - set(after) == {OPEN}
    _not_there(_single(sandbox, OPEN, token))
    assert _single(sandbox, VIP_ONLY, token).status_code == 200
    assert OPEN in _host(sandbox)
