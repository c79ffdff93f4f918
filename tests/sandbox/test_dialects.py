"""Sandbox dialects over HTTP: each one's answer, next to the default answer it replaces.

Every test starts from the `sandbox` fixture's reset (no dialect), checks the default, then
switches its dialect on through `/__sandbox__/dialect`.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
import requests

from sandbox.demo import ACCOUNTS, EVENT_ID, PASSWORD, SESSION_IDS
from tests.sandbox_control import assert_api_error

GINA = ACCOUNTS["general"]
API_KEY = "sandbox-organization-key"
LIST = "/events/{event}/session/v2"
REGISTERED = "/events/{event}/user-session/registered"
HOST = "/host/event/{event}/session"
DOCUMENTED_PROFILE_KEYS = {
    "email",
    "firstName",
    "lastName",
    "countryCode",
    "phoneNumber",
    "address1",
    "address2",
    "cityOrProvidence",
    "zipcode",
    "state",
    "country",
    "admin",
    "userLabel",
    "userProfilePhoto",
}


def _login(sandbox, password=PASSWORD):
    body = {"email": GINA["email"], "password": password}
    return sandbox.rest("POST", "/u/loginSignUp/{event}", json=body)


def _page(sandbox, path, token, **params):
    """One page of a list endpoint: the host list with the API key and eventId."""
    if path == HOST:
        return sandbox.rest(
            "GET", path, headers={"Key": API_KEY}, params={"eventId": EVENT_ID, **params}
        )
    return sandbox.rest("GET", path, token, params=params)


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.text
    return [item["sessionId"] for item in response.json()["data"]]


def test_profile_without_user_id(sandbox):
    token = sandbox.token()
    assert "userId" in sandbox.rest("GET", "/u/myprofile", token).json()

    sandbox.set_dialects("profile-without-user-id")

    profile = sandbox.rest("GET", "/u/myprofile", token).json()
    assert set(profile) == DOCUMENTED_PROFILE_KEYS
    assert profile["email"] == GINA["email"]
    assert isinstance(_login(sandbox).json()["userId"], int)  # documented on the login answer
    key = sandbox.magic_key(GINA["email"])
    assert "userId" in sandbox.rest("POST", f"/u/loginUserByUserKey/{key}").json()


def test_event_admin_only(sandbox):
    token = sandbox.token()
    assert sandbox.rest("GET", "/events/{event}").status_code == 200
    assert sandbox.rest("GET", "/events/{event}", token).status_code == 200

    sandbox.set_dialects("event-admin-only")

    for response in (
        sandbox.rest("GET", "/events/{event}"),
        sandbox.rest("GET", "/events/{event}", token),
    ):
        assert_api_error(response, 403, "4030201", "Not Event Host")
    for headers in (
        {"Authorization": API_KEY},
        {"Authorization": f"Bearer {API_KEY}"},
        {"Key": API_KEY},
    ):
        response = sandbox.rest("GET", "/events/{event}", headers=headers)
        assert (response.status_code, response.json()["eventId"]) == (200, EVENT_ID)


def test_event_without_zone(sandbox):
    token = sandbox.token()
    event = sandbox.rest("GET", "/events/{event}").json()
    keynote = f"{LIST}/{SESSION_IDS['opening-keynote']}"
    start = sandbox.rest("GET", keynote, token).json()["startTime"]
    assert (event["equivalentTimezone"], event["timezoneId"]) == (
        "America/New_York",
        "United States (New York) Time",
    )

    sandbox.set_dialects("event-without-zone")

    zoneless = sandbox.rest("GET", "/events/{event}").json()
    assert {"equivalentTimezone", "timezoneId"} & set(zoneless) == set()
    assert zoneless["startDate"] == event["startDate"]
    assert sandbox.rest("GET", keynote, token).json()["startTime"] == start  # still New York


def test_bearer_only(sandbox):
    token = sandbox.token()
    assert sandbox.rest("GET", "/u/myprofile", token).status_code == 200

    sandbox.set_dialects("bearer-only")

    raw = sandbox.rest("GET", "/u/myprofile", token)
    assert_api_error(raw, 401, "4010101", "Not authorized")
    assert "Bearer" in raw.json()["developerMessage"]
    bearer = sandbox.rest("GET", "/u/myprofile", headers={"Authorization": f"Bearer {token}"})
    assert bearer.json()["email"] == GINA["email"]
    for headers in ({"Authorization": API_KEY}, {"Key": API_KEY}):  # the API key is unaffected
        host = sandbox.rest("GET", HOST, headers=headers, params={"eventId": EVENT_ID})
        assert host.status_code == 200


@pytest.mark.parametrize("path", [LIST, REGISTERED, HOST])
def test_one_based_pages(sandbox, path):
    token = sandbox.token("vip")  # Victor: two registered sessions
    everything = _ids(_page(sandbox, path, token, size=200))
    zero_based = [_ids(_page(sandbox, path, token, page=n, size=1)) for n in range(2)]
    assert zero_based == [everything[:1], everything[1:2]]

    sandbox.set_dialects("one-based-pages")

    one_based = [_ids(_page(sandbox, path, token, page=n, size=1)) for n in (1, 2)]
    assert one_based == zero_based
    assert _ids(_page(sandbox, path, token, size=1)) == everything[:1]  # absent page = 1
    for page in (0, -1):
        refused = _page(sandbox, path, token, page=page)
        assert_api_error(refused, 400, "4000000", "Bad request")
        assert refused.json()["developerMessage"] == "page must be >= 1"


def _errors(sandbox) -> list[tuple]:
    """(response, status, code, message) of errors from every source: an endpoint's refusal,
    an unknown path, a wrong method, an injected fault and a bad fault header."""
    fault = {"X-Sandbox-Fault": "mode=status;status=503"}
    return [
        (_login(sandbox, "nope"), 401, "4010103", "Wrong password"),
        (sandbox.rest("GET", "/no/such/path"), 404, "404", "Not Found"),
        (sandbox.rest("DELETE", "/events/{event}"), 405, "405", "Method Not Allowed"),
        (sandbox.rest("GET", "/events/{event}", headers=fault), 503, "503", "Service Unavailable"),
        (
            sandbox.rest("GET", "/events/{event}", headers={"X-Sandbox-Fault": "mode=boom"}),
            400,
            "SANDBOX_BAD_FAULT",
            "Bad X-Sandbox-Fault header",
        ),
    ]


def test_default_error_body_is_json_with_error_code(sandbox):
    for response, status, code, message in _errors(sandbox):
        assert response.headers["Content-Type"] == "application/json"
        assert_api_error(response, status, code, message)


def test_error_body_code_message(sandbox):
    sandbox.set_dialects("error-body-code-message")

    for response, status, code, message in _errors(sandbox):
        assert response.status_code == status
        assert response.json() == {"code": code, "message": message}


def test_error_body_text(sandbox):
    sandbox.set_dialects("error-body-text")

    for response, status, _, message in _errors(sandbox):
        assert response.status_code == status
        assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert response.text == message


def test_error_body_text_carries_the_join_refusal(sandbox):
    sandbox.set_dialects("error-body-text")
    full = SESSION_IDS["full-house"]

    response = sandbox.rest(
        "POST", f"/events/{{event}}/session/{full}/register/57941", sandbox.token("vip")
    )

    assert (response.status_code, response.text) == (406, "Max user registration capacity reached")


def test_error_dialects_leave_the_control_endpoints_alone(sandbox):
    sandbox.set_dialects("error-body-text")

    missing = requests.post(f"{sandbox.control_url}/sessions/999999", json={}, timeout=5)
    bad = requests.post(f"{sandbox.control_url}/dialect", json={"dialects": ["x"]}, timeout=5)

    assert (missing.status_code, missing.json()["errorCode"]) == (404, "404800")
    assert (bad.status_code, bad.json()["errorCode"]) == (400, "SANDBOX_BAD_REQUEST")


def _expiry(body) -> datetime:
    return datetime.strptime(body["expires_in"], "%Y/%m/%d %H:%M").replace(tzinfo=UTC)


def test_expires_as_date(sandbox):
    assert _login(sandbox).json()["expires_in"] == 3600

    sandbox.set_dialects("expires-as-date")

    now = datetime.fromisoformat(sandbox.health()["now"])
    key = sandbox.magic_key(GINA["email"])
    plain = {"username": GINA["email"], "password": PASSWORD, "rememberme": False}
    for response in (
        _login(sandbox),
        sandbox.rest("POST", f"/u/loginUserByUserKey/{key}"),
        sandbox.rest("POST", "/u/login", json=plain),
    ):
        assert re.fullmatch(r"\d{4}/\d{2}/\d{2} \d{2}:\d{2}", response.json()["expires_in"])
        expected = now + timedelta(seconds=3600)
        assert abs(_expiry(response.json()) - expected) < timedelta(minutes=2)


def test_lists_hidden(sandbox):
    token, green = sandbox.token(), SESSION_IDS["green-room"]
    assert green not in _ids(_page(sandbox, LIST, token, size=200))
    assert sandbox.rest("GET", f"/events/{{event}}/session/v2/{green}", token).status_code == 404

    sandbox.set_dialects("lists-hidden")

    listed = {i["sessionId"]: i for i in _page(sandbox, LIST, token, size=200).json()["data"]}
    assert listed[green]["status"] == "HIDDEN" and listed[green]["hideSessionFromAttendees"]
    assert green not in _ids(_page(sandbox, LIST, token, size=200, status="VISIBLE"))
    single = sandbox.rest("GET", f"/events/{{event}}/session/v2/{green}", token)
    assert single.status_code == 200 and single.json()["status"] == "HIDDEN"


def test_private_and_tba(sandbox):
    token = sandbox.token()  # Gina, registered for the private session
    private, untimed = SESSION_IDS["hybrid-data"], SESSION_IDS["content-strategy"]
    path = f"/events/{{event}}/session/{private}/register/57940"

    sandbox.set_dialects("private-and-tba")

    items = {i["sessionId"]: i for i in _page(sandbox, LIST, token, size=200).json()["data"]}
    assert items[private]["sessionVisibilityType"] == "PRIVATE"
    assert (items[untimed]["startTime"], items[untimed]["endTime"]) == (None, None)
    assert private in _ids(_page(sandbox, REGISTERED, token, size=200))
    single = sandbox.rest("GET", f"/events/{{event}}/session/v2/{untimed}", token).json()
    assert single["startTime"] is None
    refused = sandbox.rest("DELETE", path, token)
    assert refused.status_code == 403
    assert private in _ids(_page(sandbox, REGISTERED, token, size=200))  # still registered
